import { describe, expect, it } from 'vitest';
import { parseImport } from './index.js';

const KML = `<?xml version="1.0" encoding="UTF-8"?>
<kml xmlns="http://www.opengis.net/kml/2.2"><Document>
  <Placemark><name>Sale Waterside</name><ExtendedData><Data name="ward"><value>Sale Central</value></Data></ExtendedData>
    <Point><coordinates>-2.3196,53.4246,0</coordinates></Point></Placemark>
  <Placemark><name>Footprint</name><Polygon><outerBoundaryIs><LinearRing><coordinates>
    -2.33,53.44 -2.32,53.44 -2.32,53.45 -2.33,53.44</coordinates></LinearRing></outerBoundaryIs></Polygon></Placemark>
  <Placemark><name>Nowhere</name></Placemark>
</Document></kml>`;

describe('KML import', () => {
  it('reads placemarks with togeojson, reporting the one without a geometry', async () => {
    const { features, report } = await parseImport({ fileName: 'sites.kml', bytes: new TextEncoder().encode(KML) });
    expect(report.format).toBe('kml');
    expect(features.map((f) => f.geometry.type)).toEqual(['Point', 'Polygon']);
    expect(features[0]!.geometry.coordinates).toEqual([-2.3196, 53.4246, 0]);
    expect(features[0]!.properties).toMatchObject({ name: 'Sale Waterside', ward: 'Sale Central' });
    expect(report.skipped).toEqual([{ index: 2, reason: 'no_coordinates', detail: 'the feature has no geometry' }]);
    expect(report.suggestedKind).toBe('drawing');
  });
});
