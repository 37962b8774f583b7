import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import { getProperty, ImportError, parseImport, type ImportErrorCode, type ParsedImport } from './index.js';

/** The shared open data, read in place: /work/shared/data here, a sibling copy of shared/ in CI. */
const DATA = path.resolve(fileURLToPath(new URL('.', import.meta.url)), '../../../../shared/data');

async function importFile(relative: string): Promise<ParsedImport> {
  return parseImport({ fileName: path.basename(relative), bytes: readFileSync(path.join(DATA, relative)) });
}

async function importError(relative: string): Promise<ImportError> {
  const error = await importFile(relative).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ImportError);
  return error as ImportError;
}

type Expectation =
  | { imported: number; skipped?: number; kind: string; format?: string }
  | { error: ImportErrorCode };

/** Every file in shared/data and what importing it must give (counts from each SOURCE.txt). */
const EXPECTED: Record<string, Expectation> = {
  'README.md': { error: 'unknown_type' },
  'basemap-natural-earth/SOURCE.txt': { error: 'unknown_type' },
  // World layers: what overlaps the UK box imports, the rest is skipped as outside_uk.
  'basemap-natural-earth/ne10m_countries_british_isles.geojson': { imported: 7, skipped: 2, kind: 'boundary' },
  'basemap-natural-earth/ne_boundaries.geojson': { imported: 1, kind: 'drawing' },
  'basemap-natural-earth/ne_graticule.geojson': { imported: 3, kind: 'drawing' },
  'basemap-natural-earth/ne_lakes.geojson': { imported: 1, skipped: 274, kind: 'boundary' },
  'basemap-natural-earth/ne_land.geojson': { imported: 1, kind: 'areas' },
  'basemap-natural-earth/ne_rivers.geojson': { imported: 6, skipped: 1611, kind: 'drawing' },
  'basemap-natural-earth/style.json': { error: 'invalid_geojson' },
  'basemap-trafford-context/SOURCE.txt': { error: 'unknown_type' },
  'basemap-trafford-context/built_up_areas.geojson': { imported: 15, kind: 'boundary' },
  'basemap-trafford-context/gm_local_authorities2023.geojson': { imported: 10, kind: 'boundary' },
  'basemap-trafford-context/greenspace.geojson': { imported: 427, kind: 'areas' },
  'basemap-trafford-context/metrolink_lines_osm.geojson': { imported: 75, kind: 'drawing' },
  'basemap-trafford-context/metrolink_stops.geojson': { imported: 18, kind: 'assets' },
  'basemap-trafford-context/rail_stations.geojson': { imported: 9, kind: 'assets' },
  'basemap-trafford-context/style.json': { error: 'invalid_geojson' },
  'basemap-trafford-context/watercourses.geojson': { imported: 78, kind: 'drawing' },
  'imd2019-lsoa/SOURCE.txt': { error: 'unknown_type' },
  'imd2019-lsoa/imd2019_lsoa_england.csv': { error: 'no_coordinate_columns' },
  'imd2019-lsoa/imd2019_lsoa_trafford.csv': { error: 'no_coordinate_columns' },
  'pmtiles-sample/SOURCE.txt': { error: 'unknown_type' },
  'pmtiles-sample/stamen_toner_z0-3.pmtiles': { error: 'unknown_type' },
  'trafford-assets/SOURCE.txt': { error: 'unknown_type' },
  'trafford-assets/assets_all.csv': { imported: 277, kind: 'assets', format: 'csv' },
  'trafford-assets/assets_all.geojson': { imported: 277, kind: 'assets' },
  'trafford-assets/care_homes.geojson': { imported: 56, kind: 'assets' },
  'trafford-assets/childrens_centres.geojson': { imported: 2, kind: 'assets' },
  'trafford-assets/dentists.geojson': { imported: 53, kind: 'assets' },
  'trafford-assets/food_banks.geojson': { imported: 7, kind: 'assets' },
  'trafford-assets/gp_patient_registrations.csv': { error: 'no_coordinate_columns' },
  'trafford-assets/gp_practices.geojson': { imported: 26, kind: 'assets' },
  'trafford-assets/hospital_footprints.geojson': { imported: 20, kind: 'areas' },
  'trafford-assets/hospitals.geojson': { imported: 3, kind: 'assets' },
  'trafford-assets/libraries.geojson': { imported: 13, kind: 'assets' },
  'trafford-assets/mental_health_services.geojson': { imported: 60, kind: 'assets' },
  'trafford-assets/pharmacies.geojson': { imported: 57, kind: 'assets' },
  'trafford-boundaries/SOURCE.txt': { error: 'unknown_type' },
  'trafford-boundaries/trafford_lad2023.geojson': { imported: 1, kind: 'boundary' },
  'trafford-boundaries/trafford_localities2023.geojson': { imported: 4, kind: 'boundary' },
  'trafford-boundaries/trafford_lsoa2011.geojson': { imported: 138, kind: 'boundary' },
  'trafford-boundaries/trafford_lsoa2021.geojson': { imported: 139, kind: 'boundary' },
  'trafford-boundaries/trafford_lsoa2021_to_ward_bestfit.csv': { error: 'no_coordinate_columns' },
  'trafford-boundaries/trafford_msoa2021.geojson': { imported: 28, kind: 'boundary' },
  'trafford-boundaries/trafford_wards2023.geojson': { imported: 21, kind: 'boundary' },
};

function listFiles(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? listFiles(path.join(dir, entry.name), `${prefix}${entry.name}/`)
      : [`${prefix}${entry.name}`],
  );
}

describe('shared open data', () => {
  it('is found beside the clone', () => {
    expect(readFileSync(path.join(DATA, 'README.md'), 'utf8')).toContain('Trafford');
  });

  it('has an expectation for every file, so a new dataset cannot slip past', () => {
    expect(listFiles(DATA).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  for (const [file, expected] of Object.entries(EXPECTED)) {
    it(`imports ${file}`, async () => {
      if ('error' in expected) {
        const error = await importError(file);
        expect(error.code).toBe(expected.error);
        expect(error.message.length).toBeGreaterThan(20);
        return;
      }
      const { features, report } = await importFile(file);
      expect(report.format).toBe(expected.format ?? 'geojson');
      expect(features).toHaveLength(expected.imported);
      expect(report.featuresImported).toBe(expected.imported);
      expect(report.skippedCount).toBe(expected.skipped ?? 0);
      expect(report.skipped.length).toBe(Math.min(100, expected.skipped ?? 0));
      expect(report.suggestedKind).toBe(expected.kind);
      expect(report.bbox).toHaveLength(4);
    });
  }
});

describe('quirks of the shared data', () => {
  it('imports all 60 mental-health services, including the 15 outside Trafford but inside the UK', async () => {
    const { features, report } = await importFile('trafford-assets/mental_health_services.geojson');
    expect(report.skippedCount).toBe(0);
    const lad = await importFile('trafford-boundaries/trafford_lad2023.geojson');
    const trafford = lad.features[0]!.geometry as Parameters<typeof booleanPointInPolygon>[1];
    const outside = features.filter(
      (f) => !booleanPointInPolygon(f.geometry.coordinates as [number, number], trafford),
    );
    expect(outside).toHaveLength(15);
  });

  it('finds Capitalised keys case-insensitively (libraries, food banks)', async () => {
    for (const file of ['trafford-assets/libraries.geojson', 'trafford-assets/food_banks.geojson']) {
      const { features, report } = await importFile(file);
      expect(report.properties).toContain('Name');
      for (const feature of features) {
        expect(typeof getProperty(feature.properties, 'name')).toBe('string');
        expect(getProperty(feature.properties, 'NAME')).toBe(feature.properties.Name);
      }
    }
  });

  it('keeps CQC telephone numbers that are floats exactly as they are', async () => {
    const { features } = await importFile('trafford-assets/care_homes.geojson');
    const first = features.find((f) => f.properties.name === '10 Spennithorne Road');
    expect(first?.properties.telephone).toBe(1617486414);
    expect(first?.properties.area_code).toBe('E0800009');
  });

  it('keeps ward lon/lat strings as strings (they are properties, not coordinates, in GeoJSON)', async () => {
    const { features } = await importFile('trafford-boundaries/trafford_wards2023.geojson');
    expect(typeof features[0]?.properties.lon).toBe('string');
  });

  it('reads assets_all.csv lon/lat columns into points, with the per-category counts', async () => {
    const { features, report } = await importFile('trafford-assets/assets_all.csv');
    expect(report.coordinates).toBe('lat/lon from columns lat, lon');
    expect(report.properties).not.toContain('lat');
    const counts: Record<string, number> = {};
    for (const f of features) counts[String(f.properties.category)] = (counts[String(f.properties.category)] ?? 0) + 1;
    expect(counts).toEqual({
      gp_practice: 26,
      pharmacy: 57,
      care_home: 56,
      dentist: 53,
      library: 13,
      mental_health_service: 60,
      childrens_centre: 2,
      food_bank: 7,
      hospital: 3,
    });
    const park = features.find((f) => f.properties.id === 'gp_practice-001');
    expect(park?.geometry).toEqual({ type: 'Point', coordinates: [-2.315695, 53.398559] });
    expect(park?.properties.postcode).toBe('WA15 7XR');
    expect(park?.properties.ref).toBeNull();
  });

  it('gives the CSV and GeoJSON versions of assets_all the same points', async () => {
    const csv = await importFile('trafford-assets/assets_all.csv');
    const geojson = await importFile('trafford-assets/assets_all.geojson');
    expect(csv.features.map((f) => f.geometry)).toEqual(geojson.features.map((f) => f.geometry));
  });

  it('lists the world rivers that miss the UK as outside_uk, with the first 100 in the report', async () => {
    const { report } = await importFile('basemap-natural-earth/ne_rivers.geojson');
    expect(report.skipped).toHaveLength(100);
    expect(report.skipped.every((s) => s.reason === 'outside_uk')).toBe(true);
    expect(report.skipped[0]?.detail).toMatch(/outside the UK/);
  });
});
