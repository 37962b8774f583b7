import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseImport, toCsv, toFeatureCollection, type ImportedFeature } from './index.js';

const DATA = path.resolve(fileURLToPath(new URL('.', import.meta.url)), '../../../../shared/data');
const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);
const layer = (relative: string) =>
  parseImport({ fileName: path.basename(relative), bytes: readFileSync(path.join(DATA, relative)) });

describe('export', () => {
  it('round-trips GeoJSON: export then import gives the same features', async () => {
    for (const file of ['trafford-boundaries/trafford_wards2023.geojson', 'trafford-assets/care_homes.geojson', 'basemap-trafford-context/watercourses.geojson']) {
      const original = await layer(file);
      const collection = toFeatureCollection(original.features.map((f, i) => ({ ...f, id: `f${i}` })));
      expect(collection.features[3]?.id).toBe('f3');
      const again = await parseImport({ fileName: 'export.geojson', bytes: utf8(JSON.stringify(collection)) });
      expect(again.features).toEqual(original.features);
      expect(again.report.properties).toEqual(original.report.properties);
    }
  });

  it('round-trips points through CSV: lon,lat first, then the properties', async () => {
    const original = await layer('trafford-assets/assets_all.csv');
    const text = toCsv(original.features);
    expect(text.split('\n')[0]).toBe('lon,lat,id,category,name,address,postcode,ref,source_file,in_trafford,computed_lsoa11cd,computed_ward23cd');
    const again = await parseImport({ fileName: 'export.csv', bytes: utf8(text) });
    expect(again.features).toEqual(original.features);
  });

  it('writes lines and polygons at their centroid, objects as JSON, and guards against spreadsheet formulae', () => {
    const features: ImportedFeature[] = [
      { geometry: { type: 'LineString', coordinates: [[-2.3, 53.4], [-2.1, 53.6]] }, properties: { name: 'line', tags: ['a'] } },
      { geometry: { type: 'Point', coordinates: [-2.3, 53.4] }, properties: { note: '=HYPERLINK("x")', lat: 1 } },
    ];
    const [header, line, point] = toCsv(features).split('\n');
    expect(header).toBe('lon,lat,name,tags,note');
    expect(line).toMatch(/^-2\.2,53\.5\d*,line,"\[""a""\]",$/);
    expect(point).toBe(`-2.3,53.4,,,"'=HYPERLINK(""x"")"`);
  });
});
