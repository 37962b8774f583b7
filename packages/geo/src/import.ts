import { ImportError, type ParsedImport } from './types.js';
import { detectFormat } from './detect-format.js';
import { decodeText, looksBinary } from './text.js';
import { parseGeoJson } from './geojson.js';
import { parseCsv } from './csv.js';
import { parseKml } from './kml.js';
import { parseShapefile } from './shapefile.js';

/** The largest upload `parseImport` accepts unless told otherwise: 50 MB. */
export const DEFAULT_IMPORT_MAX_BYTES = 50 * 1024 * 1024;

/**
 * The most features one import may add unless told otherwise. Every browser on the board holds and applies each
 * feature (about 350 bytes and 9 Yjs structs apiece), and the server applies an import in one transaction, during
 * which its other boards wait: 20,000 points hold a 2-core server up for about a second (`pnpm bench map`),
 * 100,000 for five to seven. A neighbourhood's address points fit; a county's do not.
 */
export const DEFAULT_IMPORT_MAX_FEATURES = 20_000;

/** What to import: the file's name (for its extension) and its bytes. */
export interface ImportInput {
  fileName: string;
  bytes: Uint8Array;
  /** @default DEFAULT_IMPORT_MAX_BYTES (50 MB) */
  maxBytes?: number;
  /** @default DEFAULT_IMPORT_MAX_FEATURES (20,000) */
  maxFeatures?: number;
}

/** "50 MB", "1.5 MB", "900 KB": sizes as people read them (binary units), in the importer's messages and the app. */
export function describeBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${+(bytes / (1024 * 1024)).toFixed(1)} MB`;
  if (bytes >= 1024) return `${+(bytes / 1024).toFixed(1)} KB`;
  return `${bytes} bytes`;
}

/**
 * Parses an uploaded file into features for one layer and a report of what it did. It only parses:
 * nothing is written, so the caller can add every feature in one transaction or none (all or nothing).
 * Runs in Node and the browser.
 * @throws ImportError with a stable `code` and a message for the person importing.
 */
export async function parseImport(input: ImportInput): Promise<ParsedImport> {
  const parsed = await parseFile(input);
  checkFeatureCount(parsed.features.length, input.maxFeatures ?? DEFAULT_IMPORT_MAX_FEATURES);
  return parsed;
}

/**
 * Refuses an import that would add more than `maxFeatures` features (`within`: the name of the area they were kept
 * within, see keepWithin), with ImportError `too_many_features`.
 */
export function checkFeatureCount(count: number, maxFeatures: number, within?: string): void {
  if (count <= maxFeatures) return;
  const where = within === undefined ? '' : ` within ${within}`;
  throw new ImportError(
    'too_many_features',
    `This file would add ${count.toLocaleString('en-GB')} features${where}; one import can add at most ${maxFeatures.toLocaleString('en-GB')}, ` +
      'so that everyone can still open the board. Keep only the part you need (what falls within your ' +
      "neighbourhood's areas, say), or split the file and import it in parts.",
  );
}

/** The file parsed by its format, within the size limit. */
async function parseFile(input: ImportInput): Promise<ParsedImport> {
  const maxBytes = input.maxBytes ?? DEFAULT_IMPORT_MAX_BYTES;
  if (input.bytes.byteLength > maxBytes) {
    throw new ImportError(
      'too_large',
      `This file is ${describeBytes(input.bytes.byteLength)}; the largest file you can import is ${describeBytes(maxBytes)}.`,
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
