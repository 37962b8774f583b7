export type {
  ImportFormat,
  ImportedFeature,
  SkipReason,
  SkippedRow,
  ImportReport,
  ParsedImport,
  ImportErrorCode,
} from './types.js';
export { IMPORT_FORMATS, ImportError } from './types.js';
export type { ImportInput } from './import.js';
export { parseImport, checkFeatureCount, describeBytes, DEFAULT_IMPORT_MAX_BYTES, DEFAULT_IMPORT_MAX_FEATURES } from './import.js';
export { detectFormat, ACCEPTED_TYPES_TEXT } from './detect-format.js';
export type { GeometryCheck } from './validate.js';
export { UK_BOUNDS, checkGeometry } from './validate.js';
export { suggestLayerKind, MAX_LISTED_SKIPS } from './report.js';
export type { ParsedTable, CoordinateColumns } from './csv.js';
export { parseTable, findCoordinateColumns } from './csv.js';
export { BRITISH_NATIONAL_GRID, fromBritishNationalGrid } from './projection.js';
export { getProperty, findPropertyKey, toPropertyValue } from './properties.js';
export type { JoinTableOptions, JoinTableResult } from './join.js';
export { joinTable } from './join.js';
export type { ExportFeature } from './export.js';
export { toFeatureCollection, toCsv, rowsToCsv, representativePoint } from './export.js';
export type {
  AnalysisFeature,
  CountByAreaOptions,
  AreaCount,
  SumByAreaOptions,
  AreaSum,
  NearbyFeature,
} from './analysis.js';
export { countByArea, keepWithin, sumByArea, withinDistance, OUTSIDE_AREA } from './analysis.js';
