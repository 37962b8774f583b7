import turfDistance from '@turf/distance';
import type * as Y from 'yjs';
import { featuresByLayer, listLayers } from './map.js';

/** A named point on the board's map, that a contribution's place can be described by. */
export interface NamedPlace {
  name: string;
  layerName: string;
  point: [number, number];
}

/** How far away a named place may be and still describe where something is. */
const NEAR_METRES = 1000;

/** The named points of every layer of the board (a feature's `name` property, any case). */
export function readNamedPlaces(doc: Y.Doc): NamedPlace[] {
  const places: NamedPlace[] = [];
  const byLayer = featuresByLayer(doc);
  for (const layer of listLayers(doc)) {
    if (!layer.ok) continue;
    for (const feature of byLayer.get(layer.value.id) ?? []) {
      if (feature.geometry.type !== 'Point') continue;
      const key = Object.keys(feature.properties).find((k) => k.toLowerCase() === 'name');
      const name = key ? feature.properties[key] : undefined;
      if (typeof name !== 'string' || !name.trim()) continue;
      const [lng, lat] = feature.geometry.coordinates;
      places.push({ name: name.trim(), layerName: layer.value.name, point: [lng, lat] });
    }
  }
  return places;
}

/** Distance in metres between two `[lng, lat]` points, along the great circle. */
export function distanceMetres(from: [number, number], to: [number, number]): number {
  return turfDistance(from, to, { units: 'meters' });
}

/**
 * A short note on where a contribution is (the moderation list, the community slide, the board pack and the CSV say
 * it the same way): the nearest named place within a kilometre ("About 120 m from Old Trafford Medical Practice
 * (GP practices)"), else the coordinates.
 */
export function locationNote(point: [number, number] | undefined, places: readonly NamedPlace[]): string {
  if (!point) return 'No place given';
  let nearest: { place: NamedPlace; metres: number } | undefined;
  for (const place of places) {
    const metres = distanceMetres(point, place.point);
    if (metres <= NEAR_METRES && (!nearest || metres < nearest.metres)) nearest = { place, metres };
  }
  if (nearest) {
    const { place, metres } = nearest;
    const where = `${place.name} (${place.layerName})`;
    return metres < 25 ? `At ${where}` : `About ${roundDistance(metres)} from ${where}`;
  }
  const [lng, lat] = point;
  return `At ${Math.abs(lat).toFixed(4)}° ${lat >= 0 ? 'N' : 'S'}, ${Math.abs(lng).toFixed(4)}° ${lng >= 0 ? 'E' : 'W'}`;
}

function roundDistance(metres: number): string {
  return metres < 100 ? `${Math.round(metres / 10) * 10} m` : `${Math.round(metres / 50) * 50} m`;
}
