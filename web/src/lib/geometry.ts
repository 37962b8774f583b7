import type { Geometry } from '@placeboard/board';

/** [west, south, east, north]. */
export type Bbox = [number, number, number, number];

/** The bounding box of a geometry, or null when it has no positions. */
export function geometryBbox(geometry: Geometry): Bbox | null {
  let west = Infinity;
  let south = Infinity;
  let east = -Infinity;
  let north = -Infinity;
  const visit = (value: unknown): void => {
    if (!Array.isArray(value)) return;
    if (typeof value[0] === 'number' && typeof value[1] === 'number') {
      const [x, y] = value as [number, number];
      if (x < west) west = x;
      if (x > east) east = x;
      if (y < south) south = y;
      if (y > north) north = y;
      return;
    }
    for (const item of value) visit(item);
  };
  visit(geometry.coordinates);
  return west === Infinity ? null : [west, south, east, north];
}

/** True when two boxes overlap (touching counts). */
export function bboxesIntersect(a: Bbox, b: Bbox): boolean {
  return a[0] <= b[2] && a[2] >= b[0] && a[1] <= b[3] && a[3] >= b[1];
}

/** A point to fly to or label a geometry at: the point itself, or the centre of its box. */
export function anchorOf(geometry: Geometry): [number, number] | null {
  if (geometry.type === 'Point') return [geometry.coordinates[0], geometry.coordinates[1]];
  const box = geometryBbox(geometry);
  return box ? [(box[0] + box[2]) / 2, (box[1] + box[3]) / 2] : null;
}

/** A short human name for a geometry type. */
export function geometryLabel(geometry: Geometry): string {
  switch (geometry.type) {
    case 'Point':
    case 'MultiPoint':
      return 'point';
    case 'LineString':
    case 'MultiLineString':
      return 'line';
    case 'Polygon':
    case 'MultiPolygon':
      return 'area';
  }
}
