import { describe, expect, it } from 'vitest';
import turfDistance from '@turf/distance';
import { fromBritishNationalGrid, parseImport, parseTable, toPropertyValue, getProperty } from './index.js';

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);
const csv = (text: string) => parseImport({ fileName: 'sites.csv', bytes: utf8(text) });

/** OS worked example (Caister water tower); WGS84 as published for the Helmert transformation. */
const CAISTER = { easting: 651409.903, northing: 313177.27, lon: 1.716045, lat: 52.657978 };

describe('CSV import', () => {
  it('reprojects British National Grid easting/northing to within 5 m of the published WGS84', async () => {
    const { features, report } = await csv(`Site,Easting,Northing\nCaister,${CAISTER.easting},${CAISTER.northing}\nTrafford,378000,394000\n`);
    expect(report.coordinates).toBe('easting/northing (British National Grid) from columns Easting, Northing, reprojected to WGS84');
    const at = features[0]!.geometry.coordinates as [number, number];
    expect(turfDistance(at, [CAISTER.lon, CAISTER.lat], { units: 'meters' })).toBeLessThan(5);
    expect(features[1]!.geometry.coordinates[0]).toBeCloseTo(-2.3327, 3);
    expect(features[1]!.geometry.coordinates[1]).toBeCloseTo(53.4423, 3);
    expect(features[0]!.properties).toEqual({ Site: 'Caister' });
  });

  it('uses x/y only when the values are in British National Grid range', async () => {
    const bng = await csv('name,x,y\nA,378000,394000\n');
    expect(bng.report.coordinates).toMatch(/columns x, y, reprojected/);
    expect(fromBritishNationalGrid(378000, 394000)).toEqual(bng.features[0]!.geometry.coordinates);
    await expect(csv('name,x,y\nA,-2.3,53.4\n')).rejects.toMatchObject({ code: 'no_coordinate_columns' });
  });

  it('matches coordinate columns case-insensitively and reads coordinate strings', async () => {
    const { features, report } = await csv('NAME,Latitude,LONGITUDE\nSale," 53.4",-2.3\n');
    expect(report.coordinates).toBe('lat/lon from columns Latitude, LONGITUDE');
    expect(features[0]!.geometry).toEqual({ type: 'Point', coordinates: [-2.3, 53.4] });
    expect(getProperty(features[0]!.properties, 'name')).toBe('Sale');
    for (const header of ['lat,lng', 'y_lat,x_lon', 'Lat,Long', 'lat_wgs84,lon_wgs84']) {
      const [latName, lonName] = header.split(',');
      const parsed = await csv(`${latName},${lonName}\n53.4,-2.3\n`);
      expect(parsed.features[0]!.geometry.coordinates).toEqual([-2.3, 53.4]);
    }
  });

  it('skips rows without usable coordinates, numbering data rows from 1', async () => {
    const { features, report } = await csv('name,lat,lon\nA,53.4,-2.3\nB,,\nC,abc,-2.3\n\nD,40.7,-74\n');
    expect(features).toHaveLength(1);
    expect(report.skipped.map((s) => [s.index, s.reason])).toEqual([
      [2, 'no_coordinates'],
      [3, 'no_coordinates'],
      [4, 'outside_uk'],
    ]);
    expect(report.skipped[1]?.detail).toContain('"abc"');
  });

  it('turns whole numeric cells into numbers but keeps codes and phone numbers as text', async () => {
    const { features, report } = await csv(
      'code,phone,patients,share,postcode,empty,big,lat,lon\n007,0161 912 2000,7855,0.25,M33 7ZF,,12345678901234567,53.4,-2.3\n',
    );
    expect(report.properties).toEqual(['code', 'phone', 'patients', 'share', 'postcode', 'empty', 'big']);
    expect(features[0]!.properties).toEqual({
      code: '007',
      phone: '0161 912 2000',
      patients: 7855,
      share: 0.25,
      postcode: 'M33 7ZF',
      empty: null,
      big: '12345678901234567',
    });
  });

  it('follows the numeric rule cell by cell', () => {
    expect(['12', '-2.5', '0', '0.75', '01234', '1e5', '+4', '1,000', ' 42 ', ''].map(toPropertyValue)).toEqual([
      12, -2.5, 0, 0.75, '01234', '1e5', '+4', '1,000', 42, null,
    ]);
  });

  it('reads tables as strings with parseTable', () => {
    expect(parseTable('a,b\n1,x\n\n2\n')).toEqual({ columns: ['a', 'b'], rows: [{ a: '1', b: 'x' }, { a: '2', b: '' }] });
  });

  it('reads Windows-1252 text and tab-separated files', async () => {
    const latin = new Uint8Array([...utf8('name\tlat\tlon\nCaf'), 0xe9, ...utf8(' \xa3\t53.4\t-2.3\n')].map((b) => b));
    const { features } = await parseImport({ fileName: 'x.csv', bytes: latin });
    expect(features[0]!.properties.name).toMatch(/^Café/);
  });
});
