import { ImportError, type ParsedImport } from './types.js';
import { assembleImport, type CandidateFeature } from './report.js';

const GEOMETRY_TYPES = new Set([
  'Point',
  'MultiPoint',
  'LineString',
  'MultiLineString',
  'Polygon',
  'MultiPolygon',
  'GeometryCollection',
]);

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function propertiesOf(feature: Record<string, unknown>): Record<string, unknown> {
  return isObject(feature.properties) ? { ...feature.properties } : {};
}

/**
 * Turns parsed GeoJSON (a FeatureCollection, a single Feature or a bare geometry) into candidate
 * features. The legacy `crs` member is ignored (RFC 7946 coordinates are WGS84). Entries of `features`
 * that are not Feature objects become candidates with no geometry, so they are reported, not lost.
 * @throws ImportError `invalid_geojson` when the value is none of the three shapes.
 */
export function geoJsonCandidates(value: unknown): CandidateFeature[] {
  if (!isObject(value) || typeof value.type !== 'string') {
    throw new ImportError(
      'invalid_geojson',
      'This JSON is not GeoJSON: expected a FeatureCollection, a Feature or a geometry with a "type".',
    );
  }
  if (value.type === 'FeatureCollection') {
    if (!Array.isArray(value.features)) {
      throw new ImportError('invalid_geojson', 'This FeatureCollection has no "features" list.');
    }
    return value.features.map((feature: unknown, index: number) =>
      isObject(feature) && feature.type === 'Feature'
        ? { index, geometry: feature.geometry, properties: propertiesOf(feature) }
        : { index, geometry: null, properties: {}, problem: { reason: 'invalid_geometry', detail: 'this entry is not a GeoJSON Feature' } },
    );
  }
  if (value.type === 'Feature') {
    return [{ index: 0, geometry: value.geometry, properties: propertiesOf(value) }];
  }
  if (GEOMETRY_TYPES.has(value.type)) {
    return [{ index: 0, geometry: value, properties: {} }];
  }
  throw new ImportError(
    'invalid_geojson',
    `This JSON is not GeoJSON: its type is "${value.type}", not a FeatureCollection, Feature or geometry.`,
  );
}

/**
 * Imports GeoJSON text: parses it, then checks every geometry (see `checkGeometry`). Properties are
 * kept exactly as they are (numbers stay numbers, e.g. CQC telephone numbers stored as floats).
 * @throws ImportError `invalid_json`, `invalid_geojson` or `no_features`.
 */
export function parseGeoJson(text: string): ParsedImport {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? ` (${error.message})` : '';
    throw new ImportError('invalid_json', `This file is not valid JSON${reason}. Check it was saved as GeoJSON.`);
  }
  return assembleImport(geoJsonCandidates(value), { format: 'geojson' });
}
