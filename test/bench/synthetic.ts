import * as prng from 'lib0/prng';

/** Seeded synthetic map data for benchmarks: points and polygons scattered over Trafford. */

/** A seeded random number source (lib0's PRNG), so every run imports the same data. */
export function seededRandom(seed: number): () => number {
  const generator = prng.create(seed);
  return () => prng.real53(generator);
}

const WEST = -2.48;
const EAST = -2.25;
const SOUTH = 53.36;
const NORTH = 53.48;
const CATEGORIES = ['gp_practice', 'pharmacy', 'care_home', 'library', 'food_bank'];

const round6 = (value: number) => Math.round(value * 1e6) / 1e6;

/** `count` points with a name, a category and a number, as a GeoJSON FeatureCollection. */
export function syntheticPoints(count: number, seed = 1): object {
  const random = seededRandom(seed);
  return {
    type: 'FeatureCollection',
    features: Array.from({ length: count }, (_, i) => ({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [round6(WEST + random() * (EAST - WEST)), round6(SOUTH + random() * (NORTH - SOUTH))] },
      properties: { name: `Asset ${i}`, category: CATEGORIES[i % CATEGORIES.length], patients: Math.floor(random() * 12_000) },
    })),
  };
}

/** `count` small closed polygons of 8 to 16 vertices, as a GeoJSON FeatureCollection. */
export function syntheticPolygons(count: number, seed = 2): object {
  const random = seededRandom(seed);
  return {
    type: 'FeatureCollection',
    features: Array.from({ length: count }, (_, i) => {
      const cx = WEST + random() * (EAST - WEST);
      const cy = SOUTH + random() * (NORTH - SOUTH);
      const vertices = 8 + Math.floor(random() * 9);
      const ring = Array.from({ length: vertices }, (_, v) => {
        const angle = (v / vertices) * 2 * Math.PI;
        const r = 0.002 + random() * 0.002;
        return [round6(cx + r * Math.cos(angle) * 1.6), round6(cy + r * Math.sin(angle))];
      });
      ring.push(ring[0]!);
      return {
        type: 'Feature',
        geometry: { type: 'Polygon', coordinates: [ring] },
        properties: { name: `Area ${i}`, code: `E0${String(1_000_000 + i)}` },
      };
    }),
  };
}
