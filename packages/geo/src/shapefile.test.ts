import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import turfDistance from '@turf/distance';
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import { parseImport } from './index.js';
import { bngPointShapefileZip } from './testing/shapefile-fixture.js';

const DATA = path.resolve(fileURLToPath(new URL('.', import.meta.url)), '../../../../shared/data');

/**
 * Caister water tower, the worked example of the OS "Guide to coordinate systems in Great Britain":
 * E 651409.903, N 313177.270. Its WGS84 position by the same 7-parameter Helmert transformation is
 * published as 52°39′28.72″N, 1°42′57.79″E (Veness, geodesy osgridref tests; pygeodesy gives
 * 52.657977..52.657979, 1.716038..1.716052), i.e. about 52.657978, 1.716045.
 */
const CAISTER = { easting: 651409.903, northing: 313177.27, lon: 1.716045, lat: 52.657978 };

describe('zipped Shapefile', () => {
  it('reads points and attributes, reprojecting from British National Grid with the .prj', async () => {
    const zip = bngPointShapefileZip([
      { x: CAISTER.easting, y: CAISTER.northing, name: 'Caister water tower', patients: 0 },
      { x: 378000, y: 394000, name: 'Trafford', patients: 7855 },
    ]);
    const { features, report } = await parseImport({ fileName: 'sites.zip', bytes: zip });
    expect(report.format).toBe('shapefile');
    expect(report.featuresImported).toBe(2);
    expect(report.properties).toEqual(['NAME', 'PATIENTS']);
    expect(report.suggestedKind).toBe('assets');
    expect(features[1]?.properties).toEqual({ NAME: 'Trafford', PATIENTS: 7855 });
    const caister = features[0]!.geometry.coordinates as [number, number];
    expect(turfDistance(caister, [CAISTER.lon, CAISTER.lat], { units: 'meters' })).toBeLessThan(5);
    const lad = JSON.parse(readFileSync(path.join(DATA, 'trafford-boundaries/trafford_lad2023.geojson'), 'utf8'));
    expect(booleanPointInPolygon(features[1]!.geometry.coordinates as [number, number], lad.features[0])).toBe(true);
  });

  it('reads a layer inside a folder of the zip', async () => {
    const zip = bngPointShapefileZip([{ x: 378000, y: 394000, name: 'Trafford', patients: 1 }], 'export/layer/');
    const { features } = await parseImport({ fileName: 'export.zip', bytes: zip });
    expect(features).toHaveLength(1);
  });
});
