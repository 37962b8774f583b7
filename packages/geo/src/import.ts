import { ImportError, type ParsedImport } from './types.js';
import { detectFormat } from './detect-format.js';
import { decodeText, looksBinary } from './text.js';
import { parseGeoJson } from './geojson.js';
import { parseCsv } from './csv.js';
import { parseKml } from './kml.js';
import { parseShapefile } from './shapefile.js';

/** The largest upload `parseImport` accepts unless told otherwise: 50 MB. */
export const DEFAULT_IMPORT_MAX_BYTES = 50 * 1024 * 1024;

/** What to import: the file's name (for its extension) and its bytes. */
export interface ImportInput {
  fileName: string;
  bytes: Uint8Array;
  /** @default DEFAULT_IMPORT_MAX_BYTES (50 MB) */
  maxBytes?: number;
}

function megabytes(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  return mb >= 10 ? `${Math.round(mb)} MB` : `${Number(mb.toFixed(1))} MB`;
}

/**
 * Parses an uploaded file into features for one layer and a report of what it did. It only parses:
 * nothing is written, so the caller can add every feature in one transaction or none (all or nothing).
 * Runs in Node and the browser.
 * @throws ImportError with a stable `code` and a message for the person importing.
 */
export async function parseImport(input: ImportInput): Promise<ParsedImport> {
  const maxBytes = input.maxBytes ?? DEFAULT_IMPORT_MAX_BYTES;
  if (input.bytes.byteLength > maxBytes) {
    throw new ImportError(
      'too_large',
      `This file is ${megabytes(input.bytes.byteLength)}; the largest file you can import is ${megabytes(maxBytes)}.`,
    );
  }
  const format = detectFormat(input.fileName, input.bytes);
  if (format === 'shapefile') return parseShapefile(input.bytes);
  if (looksBinary(input.bytes)) {
    const code = format === 'csv' ? 'invalid_csv' : format === 'kml' ? 'invalid_kml' : 'invalid_json';
    throw new ImportError(code, `This file is named like ${format.toUpperCase()} but holds binary data, not text.`);
  }
  const text = decodeText(input.bytes);
  switch (format) {
    case 'geojson':
      return parseGeoJson(text);
    case 'csv':
      return parseCsv(text);
    case 'kml':
      return parseKml(text);
  }
}
