import Papa from 'papaparse';
import turfCentroid from '@turf/centroid';
import type { Feature, FeatureCollection } from 'geojson';
import type { Geometry } from '@placeboard/board';

/** A feature to export: board features (with their id) or imported ones. */
export interface ExportFeature {
  id?: string;
  geometry: Geometry;
  properties: Record<string, unknown>;
}

/**
 * Builds an RFC 7946 GeoJSON FeatureCollection (WGS84, no `crs`). A feature's `id` becomes the
 * GeoJSON feature `id`; other fields on the input objects are not exported.
 */
export function toFeatureCollection(features: readonly ExportFeature[]): FeatureCollection<Geometry> {
  return {
    type: 'FeatureCollection',
    features: features.map((feature): Feature<Geometry> => ({
      type: 'Feature',
      ...(feature.id === undefined ? {} : { id: feature.id }),
      geometry: feature.geometry,
      properties: { ...feature.properties },
    })),
  };
}

/**
 * The `[lon, lat]` a feature is listed at in tables and CSV: a point's own coordinates, otherwise the
 * centroid of its vertices (@turf/centroid, the mean of the positions, which may lie outside a
 * concave polygon).
 */
export function representativePoint(geometry: Geometry): [number, number] {
  if (geometry.type === 'Point') return [geometry.coordinates[0], geometry.coordinates[1]];
  const [lon, lat] = turfCentroid(geometry).geometry.coordinates;
  return [lon as number, lat as number];
}

function cell(value: unknown): string | number | boolean {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return JSON.stringify(value);
}

/**
 * Writes features as CSV with papaparse `unparse`: `lon,lat` first, then the union of property names in
 * first-seen order. Points use their coordinates; lines and polygons use their centroid (see
 * {@link representativePoint}), so the CSV loses their shape. Properties named lon/lat (any case) are
 * left out because the geometry is the truth. Objects are written as JSON, missing values as empty
 * cells, and text starting with `= + - @` is prefixed with `'` so spreadsheets do not run it as a formula.
 */
export function toCsv(features: readonly ExportFeature[]): string {
  const names: string[] = [];
  const seen = new Set<string>();
  for (const feature of features) {
    for (const key of Object.keys(feature.properties)) {
      const lower = key.toLowerCase();
      if (lower === 'lon' || lower === 'lat' || seen.has(key)) continue;
      seen.add(key);
      names.push(key);
    }
  }
  const data = features.map((feature) => {
    const [lon, lat] = representativePoint(feature.geometry);
    return [lon, lat, ...names.map((name) => cell(feature.properties[name]))];
  });
  return Papa.unparse({ fields: ['lon', 'lat', ...names], data }, { escapeFormulae: true, newline: '\n' });
}

/**
 * Writes plain rows (not features) as CSV with papaparse `unparse`: the given `columns` in order, or else the
 * union of the rows' keys in first-seen order. Objects are written as JSON, missing values as empty cells,
 * cells with commas, quotes or newlines are quoted, and text starting with `= + - @` (or a tab or carriage
 * return) is prefixed with `'` so spreadsheets do not run it as a formula.
 */
export function rowsToCsv(rows: readonly Record<string, unknown>[], columns?: readonly string[]): string {
  let fields: string[];
  if (columns) fields = [...columns];
  else {
    const seen = new Set<string>();
    fields = [];
    for (const row of rows) for (const key of Object.keys(row)) if (!seen.has(key)) seen.add(key) && fields.push(key);
  }
  const data = rows.map((row) => fields.map((name) => cell(row[name])));
  return Papa.unparse({ fields, data }, { escapeFormulae: true, newline: '\n' });
}
