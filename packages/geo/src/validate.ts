import { geometrySchema, type Geometry } from '@placeboard/board';
import type { SkipReason } from './types.js';

/**
 * A generous box around the United Kingdom (WGS84 degrees): west, south, east, north. It takes in
 * Northern Ireland, the Scilly Isles and Shetland, and exists to catch data in the wrong place
 * (swapped latitude/longitude, metres read as degrees, another country), not to police borders.
 */
export const UK_BOUNDS = { west: -9, south: 49, east: 3, north: 61 } as const;

/** The outcome of checking one raw geometry: a valid board geometry, or why it was left out. */
export type GeometryCheck =
  | { ok: true; geometry: Geometry }
  | { ok: false; reason: SkipReason; detail: string };

const SUPPORTED = new Set(['Point', 'MultiPoint', 'LineString', 'MultiLineString', 'Polygon', 'MultiPolygon']);

function* positionsOf(coordinates: unknown): Generator<unknown[]> {
  if (!Array.isArray(coordinates)) return;
  if (coordinates.length > 0 && !Array.isArray(coordinates[0])) {
    yield coordinates;
    return;
  }
  for (const item of coordinates) yield* positionsOf(item);
}

function ringsOf(geometry: Geometry): number[][][] {
  if (geometry.type === 'Polygon') return geometry.coordinates;
  if (geometry.type === 'MultiPolygon') return geometry.coordinates.flat();
  return [];
}

function inUk(lon: number, lat: number): boolean {
  return lon >= UK_BOUNDS.west && lon <= UK_BOUNDS.east && lat >= UK_BOUNDS.south && lat <= UK_BOUNDS.north;
}

const UK_BOX_TEXT = `lon ${UK_BOUNDS.west}..${UK_BOUNDS.east}, lat ${UK_BOUNDS.south}..${UK_BOUNDS.north}`;

/**
 * Checks one raw GeoJSON geometry for the board: a supported type, finite numbers, the board's
 * `geometrySchema` (longitude/latitude ranges, enough positions), closed polygon rings, and at least
 * part of it inside {@link UK_BOUNDS}. A point must lie in the box; a line or polygon is kept when its
 * bounding box overlaps the box (so a national layer that crosses the UK imports, a swapped one does not).
 * Foreign members such as `bbox` are dropped from the result.
 */
export function checkGeometry(raw: unknown): GeometryCheck {
  if (raw === null || raw === undefined) {
    return { ok: false, reason: 'no_coordinates', detail: 'the feature has no geometry' };
  }
  if (typeof raw !== 'object' || typeof (raw as { type?: unknown }).type !== 'string') {
    return { ok: false, reason: 'invalid_geometry', detail: 'the geometry has no type' };
  }
  const type = (raw as { type: string }).type;
  if (type === 'GeometryCollection') {
    return {
      ok: false,
      reason: 'unsupported_geometry',
      detail: 'GeometryCollection is not supported; split it into separate features',
    };
  }
  if (!SUPPORTED.has(type)) {
    return { ok: false, reason: 'invalid_geometry', detail: `"${type}" is not a GeoJSON geometry type` };
  }
  const positions = [...positionsOf((raw as { coordinates?: unknown }).coordinates)];
  for (const position of positions) {
    if (position.length < 2 || !position.every((n) => typeof n === 'number' && Number.isFinite(n))) {
      return { ok: false, reason: 'invalid_geometry', detail: `a position is not a pair of numbers: ${JSON.stringify(position)}` };
    }
    const [lon, lat] = position as [number, number];
    if (Math.abs(lon) > 180 || Math.abs(lat) > 90) {
      const metres = Math.abs(lon) > 1000 || Math.abs(lat) > 1000;
      return {
        ok: false,
        reason: 'invalid_geometry',
        detail:
          `coordinates ${lon}, ${lat} are not longitude/latitude in degrees` +
          (metres ? ' (they look like metres, e.g. British National Grid: import them as CSV easting/northing, or a Shapefile with its .prj)' : ''),
      };
    }
  }
  const parsed = geometrySchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? ` at coordinates${issue.path.slice(1).map((p) => `[${String(p)}]`).join('')}` : '';
    return { ok: false, reason: 'invalid_geometry', detail: `invalid ${type}${where}: ${issue?.message ?? 'does not match GeoJSON'}` };
  }
  const geometry = parsed.data;
  for (const [i, ring] of ringsOf(geometry).entries()) {
    const first = ring[0];
    const last = ring[ring.length - 1];
    if (!first || !last || first[0] !== last[0] || first[1] !== last[1]) {
      return { ok: false, reason: 'invalid_geometry', detail: `polygon ring ${i + 1} is not closed (its first and last positions differ)` };
    }
  }
  let west = Infinity;
  let south = Infinity;
  let east = -Infinity;
  let north = -Infinity;
  for (const position of positions) {
    const [lon, lat] = position as [number, number];
    west = Math.min(west, lon);
    east = Math.max(east, lon);
    south = Math.min(south, lat);
    north = Math.max(north, lat);
  }
  if (positions.length === 0) {
    return { ok: false, reason: 'no_coordinates', detail: `the ${type} has no coordinates` };
  }
  const overlaps =
    type === 'Point' || type === 'MultiPoint'
      ? positions.some((p) => inUk(p[0] as number, p[1] as number))
      : west <= UK_BOUNDS.east && east >= UK_BOUNDS.west && south <= UK_BOUNDS.north && north >= UK_BOUNDS.south;
  if (!overlaps) {
    const at = positions.length === 1 ? `${west}, ${south}` : `${west}..${east}, ${south}..${north}`;
    const swapped = inUk(south, west) || inUk(north, east);
    return {
      ok: false,
      reason: 'outside_uk',
      detail:
        `lon/lat ${at} is outside the UK (${UK_BOX_TEXT})` + (swapped ? '; latitude and longitude look swapped' : ''),
    };
  }
  return { ok: true, geometry };
}
