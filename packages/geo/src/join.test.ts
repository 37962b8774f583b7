import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { joinTable, parseImport, parseTable } from './index.js';

const DATA = path.resolve(fileURLToPath(new URL('.', import.meta.url)), '../../../../shared/data');
const table = (relative: string) => parseTable(readFileSync(path.join(DATA, relative), 'utf8'));
const layer = (relative: string) =>
  parseImport({ fileName: path.basename(relative), bytes: readFileSync(path.join(DATA, relative)) });

describe('joinTable', () => {
  it('joins IMD 2019 for Trafford onto the 2011 LSOAs: 138 matched, none unmatched', async () => {
    const lsoas = await layer('trafford-boundaries/trafford_lsoa2011.geojson');
    const before = structuredClone(lsoas.features);
    const imd = table('imd2019-lsoa/imd2019_lsoa_trafford.csv');
    const result = joinTable(lsoas.features, imd.rows, { featureKey: 'area_code', rowKey: 'lsoa11cd' });
    expect(result.matched).toBe(138);
    expect(result.unmatchedRowKeys).toEqual([]);
    expect(result.featuresWithoutMatch).toBe(0);
    expect(lsoas.features).toEqual(before);
    const first = result.features.find((f) => f.properties.area_code === 'E01006074');
    expect(first?.properties).toMatchObject({ imd_rank: 14785, imd_decile: 5, lsoa11nm: 'Trafford 025A', lad19cd: 'E08000009' });
    expect(first?.geometry).toBe(lsoas.features.find((f) => f.properties.area_code === 'E01006074')?.geometry);
    const histogram: Record<number, number> = {};
    for (const f of result.features) histogram[f.properties.imd_decile as number] = (histogram[f.properties.imd_decile as number] ?? 0) + 1;
    expect(histogram).toEqual({ 1: 7, 2: 5, 3: 12, 4: 10, 5: 13, 6: 8, 7: 14, 8: 21, 9: 17, 10: 31 });
  });

  it('joins the England file onto Trafford: 138 matched and 32,706 unmatched row keys', async () => {
    const lsoas = await layer('trafford-boundaries/trafford_lsoa2011.geojson');
    const result = joinTable(lsoas.features, table('imd2019-lsoa/imd2019_lsoa_england.csv').rows, {
      featureKey: 'AREA_CODE',
      rowKey: 'LSOA11CD',
      columns: ['IMD_Decile'],
    });
    expect(result.matched).toBe(138);
    expect(result.unmatchedRowKeys).toHaveLength(32_706);
    expect(result.unmatchedRowKeys[0]).toBe('E01000001');
    expect(Object.keys(result.features[0]!.properties)).toEqual(['area_code', 'area_name', 'imd_decile']);
  });

  it('does not join 2021 LSOAs to 2011 IMD codes fully, and says which features missed', async () => {
    const lsoas = await layer('trafford-boundaries/trafford_lsoa2021.geojson');
    const result = joinTable(lsoas.features, table('imd2019-lsoa/imd2019_lsoa_trafford.csv').rows, {
      featureKey: 'area_code',
      rowKey: 'lsoa11cd',
    });
    expect(result.featuresWithoutMatch).toBe(139 - result.matched);
    expect(result.featuresWithoutMatch).toBeGreaterThan(0);
  });

  it('compares keys trimmed and case-insensitively (GP registrations by practice name)', async () => {
    const gps = await layer('trafford-assets/gp_practices.geojson');
    const rows = table('trafford-assets/gp_patient_registrations.csv').rows.map((row) => ({
      ...row,
      practice_name: ` ${row.practice_name!.toUpperCase()} `,
    }));
    const result = joinTable(gps.features, rows, { featureKey: 'Name', rowKey: 'practice_name', columns: ['registered_patients', 'locality', 'practice_code'] });
    expect(result.matched).toBe(26);
    const total = result.features.reduce((sum, f) => sum + (f.properties.registered_patients as number), 0);
    expect(total).toBe(248_911);
    expect(result.features[0]?.properties.practice_code).toBe('P91003');
  });
});
