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

/** A shape whose points can be changed one by one: a point, a line, or an area without holes. */
export interface EditableShape {
  kind: 'point' | ShapeTool;
  /** Its points in order; an area's outline without the repeat of its first corner that closes it. */
  points: Position[];
}

/** The fewest points each kind of shape keeps. */
export const FEWEST_POINTS: Record<EditableShape['kind'], number> = { point: 1, ...POINTS_NEEDED };

/** Why a point cannot be removed from a shape that has the fewest points it needs. */
export const TOO_FEW: Record<EditableShape['kind'], string> = {
  point: 'A point feature has one position, which can be moved but not removed',
  linestring: 'A line needs 2 points',
  polygon: 'An area needs 3 corners',
};

/** A change to one point of a shape (see {@link reshape}). */
export type PointChange = { kind: 'move'; index: number; to: Position } | { kind: 'add'; after: number; at: Position } | { kind: 'remove'; index: number };

/**
 * The points of `geometry` to change one by one, or null for a shape that is not changed so (several parts, an area
 * with holes: those are edited on the map or imported again).
 */
export function editableShape(geometry: Geometry): EditableShape | null {
  const position = (p: readonly number[]): Position => [p[0]!, p[1]!];
  switch (geometry.type) {
    case 'Point':
      return { kind: 'point', points: [position(geometry.coordinates)] };
    case 'LineString':
      return { kind: 'linestring', points: geometry.coordinates.map(position) };
    case 'Polygon': {
      if (geometry.coordinates.length !== 1) return null;
      const ring = geometry.coordinates[0]!.map(position);
      const [first, last] = [ring[0]!, ring.at(-1)!];
      const open = first[0] === last[0] && first[1] === last[1] ? ring.slice(0, -1) : ring;
      return open.length >= FEWEST_POINTS.polygon ? { kind: 'polygon', points: open } : null;
    }
    default:
      return null;
  }
}

/**
 * The geometry of `shape` after `change`: a point moved, added after another, or removed. Throws for a point that is
 * not there, and for a removal that would leave fewer points than the shape needs.
 */
export function reshape(shape: EditableShape, change: PointChange): Geometry {
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
    if (points.length <= FEWEST_POINTS[shape.kind]) throw new Error(TOO_FEW[shape.kind]);
    points.splice(change.index, 1);
  }
  return shape.kind === 'point' ? { type: 'Point', coordinates: [...points[0]!] } : shapeGeometry(shape.kind, points);
}
