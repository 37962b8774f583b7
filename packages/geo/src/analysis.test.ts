import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Geometry } from '@placeboard/board';
import { countByArea, ImportError, joinTable, keepWithin, parseImport, parseTable, sumByArea, withinDistance } from './index.js';

const DATA = path.resolve(fileURLToPath(new URL('.', import.meta.url)), '../../../../shared/data');
const layer = (relative: string) =>
  parseImport({ fileName: path.basename(relative), bytes: readFileSync(path.join(DATA, relative)) });

describe('analysis', () => {
  it('keeps the features of an import within some areas: the Trafford assets within the North locality, and what was left out', async () => {
    const assets = await layer('trafford-assets/assets_all.geojson');
    const localities = await layer('trafford-boundaries/trafford_localities2023.geojson');
    const north = localities.features.filter((f) => f.properties.area_name === 'North');
    expect(north).toHaveLength(1);
    const inNorth = countByArea(assets.features, north, { areaLabel: 'area_name' }).find((r) => r.area === 'North')!.count;
    expect(inNorth).toBeGreaterThan(0);
    const kept = keepWithin(assets, north, 'North');
    expect(kept.features).toHaveLength(inNorth);
    expect(kept.report.featuresImported).toBe(inNorth);
    expect(kept.report.within).toEqual({ area: 'North', leftOut: 277 - inNorth });
    // Its bounds are those of what was kept, within Trafford's.
    const [w, s, e, n] = kept.report.bbox!;
    const [sw, ss, se, sn] = (await layer('trafford-boundaries/trafford_localities2023.geojson')).report.bbox!;
    expect([w >= sw, s >= ss, e <= se, n <= sn]).toEqual([true, true, true, true]);
    expect(kept.report.bbox).not.toEqual(assets.report.bbox);
    // What the file said about itself stays.
    expect([kept.report.format, kept.report.skippedCount, kept.report.properties]).toEqual([assets.report.format, assets.report.skippedCount, assets.report.properties]);

    // Nothing within: refused as an import with nothing in it.
    const faraway: Geometry = { type: 'Polygon', coordinates: [[[0, 51], [0.1, 51], [0.1, 51.1], [0, 51.1], [0, 51]]] };
    let refused: unknown;
    try {
      keepWithin(assets, [{ geometry: faraway, properties: {} }], 'Greenwich');
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(ImportError);
    expect((refused as ImportError).code).toBe('no_features');
    expect((refused as ImportError).message).toBe('Nothing could be imported: none of the 277 features in this file falls within Greenwich.');
  });

  it('counts GP practices per locality, listing every locality', async () => {
    const gps = await layer('trafford-assets/gp_practices.geojson');
    const localities = await layer('trafford-boundaries/trafford_localities2023.geojson');
    const rows = countByArea(gps.features, localities.features, { areaLabel: 'AREA_NAME' });
    expect(rows.filter((r) => r.area !== 'Outside').map((r) => r.area)).toEqual(localities.features.map((f) => f.properties.area_name));
    expect(rows.find((r) => r.area === 'Outside')?.count ?? 0).toBe(0);
    expect(rows.reduce((n, r) => n + r.count, 0)).toBe(26);
    expect(rows.every((r) => r.category === null)).toBe(true);
  });

  it('counts assets per category per locality, with the 15 mental-health services outside Trafford under Outside', async () => {
    const assets = await layer('trafford-assets/assets_all.geojson');
    const localities = await layer('trafford-boundaries/trafford_localities2023.geojson');
    const rows = countByArea(assets.features, localities.features, { areaLabel: 'area_name', category: 'category' });
    expect(rows.reduce((n, r) => n + r.count, 0)).toBe(277);
    const outside = rows.filter((r) => r.area === 'Outside');
    expect(outside.find((r) => r.category === 'mental_health_service')?.count).toBe(15);
    expect(rows.at(-1)?.area).toBe('Outside');
    const gpRows = rows.filter((r) => r.category === 'gp_practice');
    expect(gpRows.reduce((n, r) => n + r.count, 0)).toBe(26);
  });

  it('counts each point in the first area (in the order given) that holds it, as testing every area would', () => {
    // A 10 by 10 grid of squares, each named by its place, then a big square over the middle of it listed last and a
    // small one inside cell (2, 2) listed first: where areas overlap, the one listed first wins.
    const square = (w: number, s: number, size: number): Geometry => ({
      type: 'Polygon',
      coordinates: [[[w, s], [w + size, s], [w + size, s + size], [w, s + size], [w, s]]],
    });
    const grid = Array.from({ length: 100 }, (_, i) => ({ geometry: square(i % 10, Math.floor(i / 10), 1), properties: { name: `cell ${i % 10},${Math.floor(i / 10)}` } }));
    const areas = [{ geometry: square(2.25, 2.25, 0.5), properties: { name: 'small' } }, ...grid, { geometry: square(3, 3, 4), properties: { name: 'big' } }];
    let seed = 1;
    const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    const points = Array.from({ length: 2000 }, () => ({ geometry: { type: 'Point', coordinates: [random() * 12 - 1, random() * 12 - 1] } as Geometry, properties: {} }));

    const rows = countByArea(points, areas, { areaLabel: 'name' });

    const expected = new Map<string, number>();
    for (const point of points) {
      const [x, y] = point.geometry.coordinates as [number, number];
      // Points on an edge are left out below: whichever square takes them is no fault of the order.
      const holds = (a: (typeof areas)[number]) => {
        const ring = (a.geometry.coordinates as [number, number][][])[0]!;
        const [w, s] = ring[0]!;
        const [e, n] = ring[2]!;
        return x > w && x < e && y > s && y < n;
      };
      const area = areas.find(holds)?.properties.name ?? 'Outside';
      expected.set(area, (expected.get(area) ?? 0) + 1);
    }
    const counted = new Map(rows.map((r) => [r.area, r.count]));
    for (const [area, count] of expected) expect(counted.get(area), area).toBe(count);
    expect(counted.get('small')).toBeGreaterThan(0);
    expect(counted.get('cell 2,2')).toBeGreaterThan(0);
    expect(counted.get('big')).toBe(0);
    expect(counted.get('Outside')).toBeGreaterThan(0);
    expect(rows.filter((r) => r.area !== 'Outside').map((r) => r.area)).toEqual(['small', ...grid.map((a) => a.properties.name), 'big']);
  });

  it('counts every point as Outside when no area has a polygon', () => {
    const points = [{ geometry: { type: 'Point', coordinates: [0, 0] } as Geometry, properties: {} }];
    const lines = [{ geometry: { type: 'LineString', coordinates: [[0, 0], [1, 1]] } as Geometry, properties: { name: 'a road' } }];
    expect(countByArea(points, lines, { areaLabel: 'name' })).toEqual([{ area: 'Outside', category: null, count: 1 }]);
    expect(sumByArea(points, [], { areaLabel: 'name', value: 'x' })).toEqual([{ area: 'Outside', total: 0, counted: 0 }]);
  });

  it('sums registered patients per locality after joining registrations onto practices', async () => {
    const gps = await layer('trafford-assets/gp_practices.geojson');
    const localities = await layer('trafford-boundaries/trafford_localities2023.geojson');
    const registrations = parseTable(readFileSync(path.join(DATA, 'trafford-assets/gp_patient_registrations.csv'), 'utf8'));
    const joined = joinTable(gps.features, registrations.rows, { featureKey: 'name', rowKey: 'practice_name' });
    const rows = sumByArea(joined.features, localities.features, { areaLabel: 'area_name', value: 'registered_patients' });
    expect(rows.map((r) => r.area)).toEqual(localities.features.map((f) => f.properties.area_name));
    expect(rows.reduce((n, r) => n + r.total, 0)).toBe(248_911);
    expect(rows.reduce((n, r) => n + r.counted, 0)).toBe(26);
    // The registrations name each practice's locality: the point-in-polygon sums must agree with them.
    const expected: Record<string, number> = {};
    for (const row of registrations.rows) expected[row.locality!] = (expected[row.locality!] ?? 0) + Number(row.registered_patients);
    expect(Object.fromEntries(rows.map((r) => [r.area, r.total]))).toEqual(expected);
  });

  it('ignores non-numeric values when summing', () => {
    const square: Geometry = { type: 'Polygon', coordinates: [[[-3, 53], [-2, 53], [-2, 54], [-3, 54], [-3, 53]]] };
    const at: Geometry = { type: 'Point', coordinates: [-2.5, 53.5] };
    const rows = sumByArea(
      [{ geometry: at, properties: { n: 2 } }, { geometry: at, properties: { n: 'x' } }, { geometry: at, properties: { N: '3' } }],
      [{ geometry: square, properties: { name: 'Square' } }],
      { areaLabel: 'name', value: 'n' },
    );
    expect(rows).toEqual([{ area: 'Square', total: 5, counted: 2 }]);
  });

  it('finds features within a distance, nearest first, keeping extra fields', async () => {
    const gps = await layer('trafford-assets/gp_practices.geojson');
    const withIds = gps.features.map((f, i) => ({ ...f, id: `gp${i}` }));
    const centre: [number, number] = [-2.315695, 53.398559]; // Park Medical Practice
    const near = withinDistance(centre, withIds, 2000);
    expect(near[0]?.feature.properties.name).toBe('Park Medical Practice');
    expect(near[0]?.metres).toBeLessThan(1);
    expect(near[0]?.feature.id).toBe('gp0');
    for (let i = 1; i < near.length; i++) expect(near[i]!.metres).toBeGreaterThanOrEqual(near[i - 1]!.metres);
    expect(near.every((n) => n.metres <= 2000)).toBe(true);
    expect(near.length).toBeLessThan(26);
    const footprints = await layer('trafford-assets/hospital_footprints.geojson');
    expect(withinDistance(centre, footprints.features, 100_000)).toHaveLength(20);
  });
});
