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
