import { ImportError, type ImportFormat } from './types.js';

/** The file types the importer accepts, as named in error messages. */
export const ACCEPTED_TYPES_TEXT =
  'GeoJSON (.geojson or .json), CSV with coordinates (.csv), KML (.kml) or a zipped Shapefile (.zip)';

const BY_EXTENSION: Record<string, ImportFormat> = {
  geojson: 'geojson',
  json: 'geojson',
  csv: 'csv',
  kml: 'kml',
  zip: 'shapefile',
};

/** Extensions that say nothing about the content, so the bytes decide. */
const GENERIC_EXTENSIONS = new Set(['', 'txt', 'dat', 'bin', 'tmp', 'upload']);

function extensionOf(fileName: string): string {
  const base = fileName.split(/[\\/]/).pop() ?? '';
  const dot = base.lastIndexOf('.');
  return dot <= 0 ? '' : base.slice(dot + 1).toLowerCase();
}

function sniff(bytes: Uint8Array): ImportFormat | undefined {
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) return 'shapefile';
  const head = new TextDecoder('utf-8').decode(bytes.subarray(0, 2048)).replace(/^\uFEFF/, '').trimStart();
  if (head.startsWith('<') && /<kml[\s>]/i.test(head)) return 'kml';
  if (head.startsWith('{')) return 'geojson';
  return undefined;
}

/**
 * Decides the format of an upload: by extension (.geojson/.json, .csv, .kml, .zip), and by sniffing the
 * bytes (zip magic `PK\x03\x04`, `<` + `<kml`, `{`) when the name has no extension or a generic one (.txt).
 * Any other extension (.docx, .png, .xlsx, .kmz...) is refused rather than guessed.
 * @throws ImportError `unknown_type`, naming the accepted types.
 */
export function detectFormat(fileName: string, bytes: Uint8Array): ImportFormat {
  const extension = extensionOf(fileName);
  const byName = BY_EXTENSION[extension];
  if (byName) return byName;
  if (GENERIC_EXTENSIONS.has(extension)) {
    const sniffed = sniff(bytes);
    if (sniffed) return sniffed;
  }
  const what = extension ? `.${extension} files` : 'this file';
  const hint = extension === 'kmz' ? ' For KMZ, unzip it and import the .kml inside.' : '';
  throw new ImportError('unknown_type', `Placeboard cannot import ${what}. Use ${ACCEPTED_TYPES_TEXT}.${hint}`);
}
