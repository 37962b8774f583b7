import type { Geometry, LayerKind } from '@placeboard/board';

/** File formats the importer understands. */
export const IMPORT_FORMATS = ['geojson', 'csv', 'kml', 'shapefile'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/** A feature ready to go into a board layer: a valid WGS84 geometry and plain JSON properties. */
export interface ImportedFeature {
  geometry: Geometry;
  properties: Record<string, unknown>;
}

/** Why one row or feature of an import was left out. */
export type SkipReason = 'no_coordinates' | 'outside_uk' | 'invalid_geometry' | 'unsupported_geometry';

/** One left-out row or feature: where it was (1-based CSV data row or 0-based feature index) and why. */
export interface SkippedRow {
  index: number;
  reason: SkipReason;
  detail: string;
}

/** What an import did, shown to the person importing (UI, API and CLI alike). */
export interface ImportReport {
  format: ImportFormat;
  /** Features that will be (or were) added. */
  featuresImported: number;
  /** Rows or features left out, with the reason; at most the first 100 are listed... */
  skipped: SkippedRow[];
  /** ...and this counts them all. */
  skippedCount: number;
  /** Property names found, in first-seen order. */
  properties: string[];
  /** The layer kind the data looks like: points → assets, polygons → areas (or boundary), a numeric join → indicator. */
  suggestedKind: LayerKind;
  /** For CSV: how coordinates were read, e.g. "lat/lon from columns Latitude, Longitude" or "easting/northing (British National Grid) reprojected to WGS84". */
  coordinates?: string;
  /** [west, south, east, north] of what was imported, when anything was. */
  bbox?: [number, number, number, number];
  /** When only what falls within an area layer was kept (see `keepWithin`): that layer's name, and how many features were left out. */
  within?: { area: string; leftOut: number };
}

/** A parsed file: its features and the report. Nothing is written anywhere yet. */
export interface ParsedImport {
  features: ImportedFeature[];
  report: ImportReport;
}

/** Stable codes for a file that cannot be imported at all. */
export type ImportErrorCode =
  | 'too_large'
  | 'too_many_features'
  | 'unknown_type'
  | 'invalid_json'
  | 'invalid_geojson'
  | 'invalid_csv'
  | 'no_coordinate_columns'
  | 'invalid_kml'
  | 'invalid_shapefile'
  | 'no_features';

/** A file that cannot be imported at all; `message` says what is wrong in words a non-specialist understands. */
export class ImportError extends Error {
  constructor(
    readonly code: ImportErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ImportError';
  }
}
