import { describe, expect, it } from 'vitest';
import { detectFormat, ImportError, parseImport, type ImportErrorCode } from './index.js';

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

async function failure(fileName: string, bytes: Uint8Array, maxBytes?: number): Promise<ImportError> {
  const result = await parseImport({ fileName, bytes, ...(maxBytes === undefined ? {} : { maxBytes }) }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(result).toBeInstanceOf(ImportError);
  return result as ImportError;
}

function expectCode(error: ImportError, code: ImportErrorCode, message: RegExp): void {
  expect(error.code).toBe(code);
  expect(error.message).toMatch(message);
}

const point = (lon: number, lat: number, name: string) => ({
  type: 'Feature',
  properties: { name },
  geometry: { type: 'Point', coordinates: [lon, lat] },
});

describe('bad input', () => {
  it('refuses invalid JSON', async () => {
    expectCode(await failure('broken.geojson', utf8('{"type": "FeatureCollection", "features": [')), 'invalid_json', /not valid JSON/);
  });

  it('refuses JSON that is not GeoJSON', async () => {
    expectCode(await failure('list.json', utf8('[1, 2, 3]')), 'invalid_geojson', /not GeoJSON/);
    expectCode(await failure('fc.geojson', utf8('{"type":"FeatureCollection"}')), 'invalid_geojson', /no "features"/);
  });

  it('skips out-of-range and outside-UK coordinates with a reason, and keeps the rest', async () => {
    const collection = {
      type: 'FeatureCollection',
      features: [
        point(-2.35, 53.42, 'Sale'),
        point(378000, 394000, 'metres'),
        point(151.2, -33.9, 'Sydney'),
        point(53.42, -2.35, 'swapped'),
        { type: 'Feature', properties: {}, geometry: null },
        { type: 'Feature', properties: {}, geometry: { type: 'GeometryCollection', geometries: [] } },
        { type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [[[-2.3, 53.4], [-2.2, 53.4], [-2.2, 53.5], [-2.3, 53.45]]] } },
      ],
    };
    const { features, report } = await parseImport({ fileName: 'mixed.geojson', bytes: utf8(JSON.stringify(collection)) });
    expect(features).toHaveLength(1);
    expect(features[0]?.properties.name).toBe('Sale');
    expect(report.skippedCount).toBe(6);
    expect(report.skipped.map((s) => [s.index, s.reason])).toEqual([
      [1, 'invalid_geometry'],
      [2, 'outside_uk'],
      [3, 'outside_uk'],
      [4, 'no_coordinates'],
      [5, 'unsupported_geometry'],
      [6, 'invalid_geometry'],
    ]);
    expect(report.skipped[0]?.detail).toMatch(/look like metres/);
    expect(report.skipped[2]?.detail).toMatch(/swapped/);
    expect(report.skipped[5]?.detail).toMatch(/not closed/);
  });

  it('refuses a file whose coordinates are all bad with no_features', async () => {
    const collection = { type: 'FeatureCollection', features: [point(200, 95, 'nowhere'), point(2.35, 48.85, 'Paris')] };
    expectCode(
      await failure('bad.geojson', utf8(JSON.stringify(collection))),
      'no_features',
      /Nothing could be imported: all 2 features were left out/,
    );
  });

  it('refuses a file over the limit', async () => {
    const bytes = utf8(JSON.stringify(point(-2.35, 53.42, 'Sale')));
    expectCode(await failure('big.geojson', bytes, 10), 'too_large', /largest file you can import/);
    await expect(parseImport({ fileName: 'ok.geojson', bytes, maxBytes: bytes.length })).resolves.toBeTruthy();
  });

  it('refuses a file that would add more features than one import may, counting only those it would add', async () => {
    const collection = {
      type: 'FeatureCollection',
      features: [point(-2.35, 53.42, 'Sale'), point(-2.31, 53.45, 'Stretford'), point(-2.29, 53.4, 'Altrincham'), point(200, 95, 'nowhere')],
    };
    const bytes = utf8(JSON.stringify(collection));
    const refused = await parseImport({ fileName: 'sites.geojson', bytes, maxFeatures: 2 }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ImportError);
    expectCode(refused as ImportError, 'too_many_features', /^This file would add 3 features; one import can add at most 2\b.*neighbourhood/);
    // The feature left out for its coordinates does not count against the limit.
    const { report } = await parseImport({ fileName: 'sites.geojson', bytes, maxFeatures: 3 });
    expect(report.featuresImported).toBe(3);
    expect(report.skippedCount).toBe(1);
  });

  it('refuses a CSV without coordinate columns, naming what to add', async () => {
    const error = await failure('places.csv', utf8('name,postcode\nSale,M33 7ZF\n'));
    expect(error.code).toBe('no_coordinate_columns');
    expect(error.message).toContain(
      'This CSV has no coordinate columns. Add lat and lon (or latitude/longitude), or easting and northing in British National Grid.',
    );
  });

  it('refuses a CSV with broken quoting', async () => {
    expectCode(await failure('quotes.csv', utf8('name,lat,lon\n"Sale,53.4,-2.3\n')), 'invalid_csv', /could not be read/);
  });

  it('refuses unknown file types, naming the accepted ones', async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
    const docx = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 20, 0, 0, 0]);
    for (const [name, bytes] of [['map.png', png], ['plan.docx', docx], ['upload', png]] as const) {
      expectCode(await failure(name, bytes), 'unknown_type', /GeoJSON \(\.geojson or \.json\), CSV .*KML .*zipped Shapefile/);
    }
    expect(() => detectFormat('x.kmz', docx)).toThrow(/unzip it/);
  });

  it('sniffs the format when the name does not say', () => {
    expect(detectFormat('upload', new Uint8Array([0x50, 0x4b, 0x03, 0x04]))).toBe('shapefile');
    expect(detectFormat('data.txt', utf8('  <?xml version="1.0"?><kml xmlns="http://www.opengis.net/kml/2.2">'))).toBe('kml');
    expect(detectFormat('blob', utf8('\uFEFF{"type":"Point"}'))).toBe('geojson');
    expect(detectFormat('Sites.GeoJSON', new Uint8Array())).toBe('geojson');
    expect(detectFormat('list.CSV', new Uint8Array())).toBe('csv');
  });

  it('refuses malformed KML', async () => {
    const kml = '<?xml version="1.0"?><kml xmlns="http://www.opengis.net/kml/2.2"><Document><Placemark><name>Sale</Placemark></Document></kml>';
    expectCode(await failure('sites.kml', utf8(kml)), 'invalid_kml', /not well-formed XML/);
    expectCode(await failure('sites.kml', utf8('<?xml version="1.0"?><gpx></gpx>')), 'invalid_kml', /not KML/);
  });

  it('refuses a zip that is not a shapefile', async () => {
    // A valid zip holding one stored readme.txt, built with the same helper as the shapefile fixture.
    const { zipStored } = await import('./testing/shapefile-fixture.js');
    const zip = zipStored([{ name: 'readme.txt', data: utf8('hello'), deflate: false }]);
    expectCode(await failure('layer.zip', zip), 'invalid_shapefile', /could not be read as a Shapefile/);
    expectCode(await failure('layer.zip', utf8('not a zip at all')), 'invalid_shapefile', /could not be read as a Shapefile/);
  });

  it('refuses binary bytes named as text', async () => {
    expectCode(await failure('x.csv', new Uint8Array([1, 0, 2, 0])), 'invalid_csv', /binary/);
  });
});
