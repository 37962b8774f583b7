import type * as maplibregl from 'maplibre-gl';
import type { GeoJSONSource } from 'maplibre-gl';
import type { Geometry } from '@placeboard/board';
import { OVERLAY_LAYER_PREFIX } from './board-map-layers';

const SOURCE_ID = `${OVERLAY_LAYER_PREFIX}keyboard-shape`;
const COLOUR = '#212b32';

/** A longitude and latitude. */
export type Position = [number, number];

/** The tools whose shapes are drawn point by point. */
export type ShapeTool = 'linestring' | 'polygon';

/** Points a shape needs before it can be finished: two for a line, three corners for an area. */
export const POINTS_NEEDED: Record<ShapeTool, number> = { linestring: 2, polygon: 3 };

/** True for a tool whose shape is drawn point by point. */
export function isShapeTool(tool: string): tool is ShapeTool {
  return tool === 'linestring' || tool === 'polygon';
}

/** The geometry of a finished shape: a line through the points, or an area closed back at its first corner. */
export function shapeGeometry(tool: ShapeTool, points: readonly Position[]): Geometry {
  if (points.length < POINTS_NEEDED[tool]) throw new Error(`A ${tool === 'linestring' ? 'line' : 'area'} needs ${POINTS_NEEDED[tool]} points`);
  return tool === 'linestring'
    ? { type: 'LineString', coordinates: points.map(([lng, lat]) => [lng, lat]) }
    : { type: 'Polygon', coordinates: [[...points, points[0]!].map(([lng, lat]) => [lng, lat])] };
}

/**
 * The line or area being drawn from the keyboard (a point at the map's centre each time Enter is pressed), shown on
 * the map before it is finished: its points, and the line through them. terra-draw draws what the pointer draws;
 * this is a small overlay of its own, above the board layers.
 */
export class ShapePreview {
  constructor(private readonly map: maplibregl.Map) {
    map.addSource(SOURCE_ID, { type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
    map.addLayer({
      id: `${SOURCE_ID}-line`,
      type: 'line',
      source: SOURCE_ID,
      filter: ['==', ['geometry-type'], 'LineString'],
      paint: { 'line-color': COLOUR, 'line-width': 3, 'line-dasharray': [2, 1] },
    });
    map.addLayer({
      id: `${SOURCE_ID}-circle`,
      type: 'circle',
      source: SOURCE_ID,
      filter: ['==', ['geometry-type'], 'Point'],
      paint: { 'circle-radius': 5, 'circle-color': '#ffffff', 'circle-stroke-width': 2, 'circle-stroke-color': COLOUR },
    });
  }

  /** Shows the points of a shape being drawn (an area's outline closed back to its first corner), or nothing. */
  show(tool: ShapeTool | null, points: readonly Position[]): void {
    const features: GeoJSON.Feature[] = [];
    if (tool) {
      const path = tool === 'polygon' && points.length >= 3 ? [...points, points[0]!] : points;
      if (path.length >= 2) features.push({ type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates: path.map((p) => [...p]) } });
      for (const point of points) features.push({ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [...point] } });
    }
    this.map.getSource<GeoJSONSource>(SOURCE_ID)?.setData({ type: 'FeatureCollection', features });
  }

  destroy(): void {
    try {
      for (const id of [`${SOURCE_ID}-line`, `${SOURCE_ID}-circle`]) if (this.map.getLayer(id)) this.map.removeLayer(id);
      if (this.map.getSource(SOURCE_ID)) this.map.removeSource(SOURCE_ID);
    } catch {
      // The map is gone.
    }
  }
}

/** A line, an area's outline or hole, or a point, whose points can be changed one by one. */
export interface EditableShape {
  kind: 'point' | ShapeTool;
  /** Its points in order; a ring's without the repeat of its first corner that closes it. */
  points: Position[];
}

/**
 * Where a part sits in its geometry's coordinates: [] for a Point or a LineString (the whole of it), [ring] in a
 * Polygon (0 its outline, then its holes), [part] in a MultiPoint or MultiLineString, and [part, ring] in a
 * MultiPolygon.
 */
export type PartPath = readonly number[];

/** One part of a geometry whose points can be changed one by one (see {@link editableParts}). */
export interface EditablePart {
  path: PartPath;
  /**
   * What the part is called among the others ("Outline", "Hole 1", "Part 2", "Part 2, hole 1", "Line 3",
   * "Point 4"), or null when the geometry is this one part.
   */
  label: string | null;
  shape: EditableShape;
  /** True for a hole in an area. */
  hole: boolean;
}

/** The fewest points each kind of shape keeps. */
export const FEWEST_POINTS: Record<EditableShape['kind'], number> = { point: 1, ...POINTS_NEEDED };

/** Why a point cannot be removed from a shape that has the fewest points it needs. */
export const TOO_FEW: Record<EditableShape['kind'] | 'hole', string> = {
  point: 'A point has one position, which can be moved but not removed',
  linestring: 'A line needs 2 points',
  polygon: 'An area needs 3 corners',
  hole: 'A hole needs 3 corners',
};

/** Why a point cannot be removed from `part` when it has the fewest points it needs. */
export function tooFew(part: Pick<EditablePart, 'shape' | 'hole'>): string {
  return TOO_FEW[part.hole ? 'hole' : part.shape.kind];
}

/** A change to one point of a shape (see {@link reshapePart}). */
export type PointChange = { kind: 'move'; index: number; to: Position } | { kind: 'add'; after: number; at: Position } | { kind: 'remove'; index: number };

const position = (p: readonly number[]): Position => [p[0]!, p[1]!];

/** A ring's corners without the repeat of the first that closes it; null for a ring of fewer than 3 corners. */
function ringShape(ring: readonly (readonly number[])[]): EditableShape | null {
  const points = ring.map(position);
  const [first, last] = [points[0], points.at(-1)];
  const open = first && last && first[0] === last[0] && first[1] === last[1] ? points.slice(0, -1) : points;
  return open.length >= FEWEST_POINTS.polygon ? { kind: 'polygon', points: open } : null;
}

/** An area's rings as parts under `path`: its outline, then its holes, named after `name` (the area's own name, if any). */
function polygonParts(rings: readonly (readonly (readonly number[])[])[], path: PartPath, name: string | null): EditablePart[] {
  return rings.flatMap((ring, index) => {
    const shape = ringShape(ring);
    if (!shape) return [];
    const label = index === 0 ? (name ?? 'Outline') : `${name ? `${name}, hole` : 'Hole'} ${index}`;
    return [{ path: [...path, index], label, shape, hole: index > 0 }];
  });
}

/**
 * The parts of `geometry` whose points can be changed one by one: each line, each area's outline and each of its
 * holes, each point. A ring of fewer than 3 corners is left out (it is changed on the map, or imported again).
 * Null when no part can be changed so.
 */
export function editableParts(geometry: Geometry): EditablePart[] | null {
  let parts: EditablePart[];
  switch (geometry.type) {
    case 'Point':
      parts = [{ path: [], label: null, shape: { kind: 'point', points: [position(geometry.coordinates)] }, hole: false }];
      break;
    case 'LineString':
      parts = [{ path: [], label: null, shape: { kind: 'linestring', points: geometry.coordinates.map(position) }, hole: false }];
      break;
    case 'MultiPoint':
      parts = geometry.coordinates.map((point, index) => ({ path: [index], label: `Point ${index + 1}`, shape: { kind: 'point', points: [position(point)] }, hole: false }));
      break;
    case 'MultiLineString':
      parts = geometry.coordinates.map((line, index) => ({ path: [index], label: `Line ${index + 1}`, shape: { kind: 'linestring', points: line.map(position) }, hole: false }));
      break;
    case 'Polygon': {
      parts = polygonParts(geometry.coordinates, [], null);
      break;
    }
    case 'MultiPolygon': {
      const several = geometry.coordinates.length > 1;
      parts = geometry.coordinates.flatMap((rings, index) => polygonParts(rings, [index], several ? `Part ${index + 1}` : null));
      break;
    }
  }
  if (parts.length === 0) return null;
  // A geometry that is one part, however it is stored (a MultiPolygon of one area without holes, say), is not named.
  return parts.length === 1 ? [{ ...parts[0]!, label: null }] : parts;
}

/** The points of `part` after `change`. Throws for a point that is not there, and for too few points left. */
function changedPoints(part: EditablePart, change: PointChange): Position[] {
  const { shape } = part;
  const points = [...shape.points];
  const check = (index: number): void => {
    if (!Number.isInteger(index) || index < 0 || index >= points.length) throw new Error(`The shape has no point ${index + 1}`);
  };
  if (change.kind === 'move') {
    check(change.index);
    points[change.index] = change.to;
  } else if (change.kind === 'add') {
    if (shape.kind === 'point') throw new Error('A point has only one position');
    check(change.after);
    points.splice(change.after + 1, 0, change.at);
  } else {
    check(change.index);
    if (points.length <= FEWEST_POINTS[shape.kind]) throw new Error(tooFew(part));
    points.splice(change.index, 1);
  }
  return points;
}

/** `coordinates` with the value at `path` (indices, outermost first) replaced by `value`, copied along that path only. */
function replacedAt(coordinates: unknown, path: PartPath, value: unknown): unknown {
  if (path.length === 0) return value;
  const [index, ...rest] = path as [number, ...number[]];
  const copy = [...(coordinates as unknown[])];
  copy[index] = replacedAt(copy[index], rest, value);
  return copy;
}

/**
 * The geometry after `change` to the part of `geometry` at `path`: a point moved, added after another, or removed;
 * the other parts are as they were. Throws when there is no such part (the shape has changed since it was read), for
 * a point that is not there, and for a removal that would leave fewer points than the part needs.
 */
export function reshapePart(geometry: Geometry, path: PartPath, change: PointChange): Geometry {
  const part = editableParts(geometry)?.find((candidate) => candidate.path.length === path.length && candidate.path.every((index, i) => index === path[i]));
  if (!part) throw new Error('The shape has changed');
  const points = changedPoints(part, change).map(([lng, lat]): Position => [lng, lat]);
  const value = part.shape.kind === 'point' ? points[0]! : part.shape.kind === 'polygon' ? [...points, points[0]!] : points;
  return { ...geometry, coordinates: replacedAt(geometry.coordinates, path, value) } as Geometry;
}
