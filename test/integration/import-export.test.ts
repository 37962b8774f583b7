import fs from 'node:fs';
import path from 'node:path';
import { IMD_DECILE_RAMP, LAYER_KINDS, listFeatures, listLayers, type BoardId, type MapLayer } from '@placeboard/board';
import type { ImportReport } from '@placeboard/geo';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { connectClient, snapshotOf, stableStringify, type SyncClient } from '../helpers/clients.js';
import { openRawSocket, parseResponseHead, type RawSocket } from '../helpers/raw-websocket.js';
import { SHARED_DATA, createBoardViaApi, ownerFetch, startTestServer, type TestServer } from '../helpers/server.js';
import { waitUntil } from '../helpers/wait.js';

const ASSETS = path.join(SHARED_DATA, 'trafford-assets');
const BOUNDARIES = path.join(SHARED_DATA, 'trafford-boundaries');
const IMD = path.join(SHARED_DATA, 'imd2019-lsoa');
/** Small enough that tests can go over it cheaply; the body limit is this plus 1 MiB of form overhead. */
const IMPORT_MAX_BYTES = 2_000_000; // room for the England IMD table (1.8 MB)
const IMPORT_MAX_FEATURES = 300; // room for every Trafford asset (277)
const BOARD_MAX_FEATURES = 500; // room for the LSOAs and three joins onto them (4 × 138), not for the assets twice

interface ErrorBody {
  error: { code: string; message: string };
}
interface ImportAnswer {
  layerId: string;
  report: ImportReport;
}
interface JoinAnswer {
  layerId: string;
  matched: number;
  unmatchedRowKeys: string[];
  unmatchedCount: number;
  featuresWithoutMatch: number;
  indicator: string;
  indicatorProperty: string;
}
interface GeoJsonFeature {
  type: 'Feature';
  id?: string;
  geometry: { type: string; coordinates: unknown };
  properties: Record<string, unknown>;
}
interface FeatureCollection {
  type: 'FeatureCollection';
  features: GeoJsonFeature[];
}

/** A file to upload: read from shared/data in place, or made up by the test. */
type Upload = { name: string; bytes: Uint8Array<ArrayBuffer> | string };
const sharedFile = (dir: string, name: string): Upload => ({ name, bytes: new Uint8Array(fs.readFileSync(path.join(dir, name))) });

function form(fields: Record<string, string | Upload>): FormData {
  const body = new FormData();
  for (const [key, value] of Object.entries(fields)) {
    if (typeof value === 'string') body.set(key, value);
    else body.set(key, new Blob([value.bytes]), value.name);
  }
  return body;
}

/** Geometry and properties only, in a stable order: what "the same features" means. */
function comparable(features: { geometry: unknown; properties: Record<string, unknown> }[]): string[] {
  return features.map((f) => stableStringify({ geometry: f.geometry, properties: f.properties })).sort();
}

describe('map import, join and export over the API', () => {
  let server: TestServer;
  let boardId: BoardId;
  const clients: SyncClient[] = [];
  const sockets: RawSocket[] = [];

  beforeAll(async () => {
    server = await startTestServer({
      IMPORT_MAX_BYTES: String(IMPORT_MAX_BYTES),
      IMPORT_MAX_FEATURES: String(IMPORT_MAX_FEATURES),
      BOARD_MAX_FEATURES: String(BOARD_MAX_FEATURES),
    });
  });
  afterAll(async () => {
    await server.close();
  });
  beforeEach(async () => {
    boardId = (await createBoardViaApi(server, 'Import board')) as BoardId;
  });
  afterEach(() => {
    for (const client of clients.splice(0)) client.destroy();
    for (const socket of sockets.splice(0)) socket.destroy();
  });

  const post = (route: string, fields: Record<string, string | Upload>, board: string = boardId) =>
    ownerFetch(server, `/api/boards/${board}/${route}`, { method: 'POST', body: form(fields) });
  const importFile = async (fields: Record<string, string | Upload>): Promise<ImportAnswer> => {
    const response = await post('import', fields);
    expect(response.status, await response.clone().text()).toBe(201);
    return (await response.json()) as ImportAnswer;
  };
  const connect = async () => {
    const client = await connectClient(server, boardId);
    clients.push(client);
    return client;
  };
  /** The board as stored: its update count and content. */
  const stored = async () => {
    const room = await server.rooms.peek(boardId);
    await room?.idle();
    const document = (await server.store.loadDocument(boardId))!;
    const doc = new Y.Doc();
    if (document.state) Y.applyUpdate(doc, document.state);
    for (const update of document.updates) Y.applyUpdate(doc, update);
    const snapshot = { updates: document.updates.length, lastSeq: document.lastSeq, content: snapshotOf(doc), doc };
    return snapshot;
  };
  const layersOf = (doc: Y.Doc): MapLayer[] => listLayers(doc).flatMap((r) => (r.ok ? [r.value] : []));
  const featuresOf = (doc: Y.Doc, layerId: string) => listFeatures(doc, layerId).flatMap((r) => (r.ok ? [r.value] : []));
  const exportGeoJson = async (query = '') => {
    const response = await ownerFetch(server, `/api/boards/${boardId}/export.geojson${query}`);
    expect(response.status).toBe(200);
    return { response, body: (await response.json()) as FeatureCollection };
  };

  describe('POST /api/boards/:id/import', () => {
    it('imports the Trafford GP practices as one change that reaches a connected client, with a report', async () => {
      const client = await connect();
      const before = await stored();
      const file = sharedFile(ASSETS, 'gp_practices.geojson');
      const sourceCount = (JSON.parse(Buffer.from(file.bytes).toString('utf8')) as FeatureCollection).features.length;

      const { layerId, report } = await importFile({ file });
      expect(report.format).toBe('geojson');
      expect(report.featuresImported + report.skippedCount).toBe(sourceCount);
      expect(report.featuresImported).toBeGreaterThan(0);
      expect(report.suggestedKind).toBe('assets');
      expect(report.properties.map((p) => p.toLowerCase())).toContain('name');

      // The connected client sees the new layer and every imported feature, like any edit.
      await waitUntil(() => featuresOf(client.doc, layerId).length === report.featuresImported);
      const layer = layersOf(client.doc).find((l) => l.id === layerId)!;
      expect(layer.name).toBe('gp_practices');
      expect(layer.kind).toBe('assets');
      expect(layer.style.colour).toMatch(/^#[0-9a-f]{6}$/);
      expect(layer.source).toMatch(/^Imported from gp_practices\.geojson, \d{1,2} \w{3} \d{4}$/);

      // One transaction: exactly one update stored for the whole import.
      const after = await stored();
      expect(after.updates).toBe(before.updates + 1);
      expect(featuresOf(after.doc, layerId)).toHaveLength(report.featuresImported);
    });

    it('takes layerName, kind and source, and adds to an existing layer with layerId', async () => {
      const first = await importFile({
        file: sharedFile(ASSETS, 'pharmacies.geojson'),
        layerName: 'Community pharmacies',
        kind: 'areas',
        source: 'NHSBSA pharmaceutical list, 2025 Q1',
      });
      const second = await importFile({ file: sharedFile(ASSETS, 'dentists.geojson'), layerId: first.layerId });
      expect(second.layerId).toBe(first.layerId);
      const { doc } = await stored();
      const layers = layersOf(doc);
      expect(layers).toHaveLength(1);
      expect(layers[0]).toMatchObject({ name: 'Community pharmacies', kind: 'areas', source: 'NHSBSA pharmaceutical list, 2025 Q1' });
      expect(featuresOf(doc, first.layerId)).toHaveLength(first.report.featuresImported + second.report.featuresImported);
    });

    it('gives each new layer its own colour', async () => {
      const a = await importFile({ file: sharedFile(ASSETS, 'libraries.geojson') });
      const b = await importFile({ file: sharedFile(ASSETS, 'food_banks.geojson') });
      const { doc } = await stored();
      const colours = layersOf(doc).map((l) => l.style.colour);
      expect(new Set(colours).size).toBe(2);
      expect(layersOf(doc).map((l) => l.id).sort()).toEqual([a.layerId, b.layerId].sort());
    });

    it('imports a CSV with lon/lat columns', async () => {
      const { layerId, report } = await importFile({ file: sharedFile(ASSETS, 'assets_all.csv') });
      expect(report.format).toBe('csv');
      expect(report.featuresImported).toBeGreaterThan(0);
      expect(featuresOf((await stored()).doc, layerId)).toHaveLength(report.featuresImported);
    });

    it('refuses an import that would take the board past BOARD_MAX_FEATURES with 400 board_full, leaving it unchanged', async () => {
      const assets = sharedFile(ASSETS, 'assets_all.geojson');
      await importFile({ file: assets });
      const before = await stored();
      const response = await post('import', { file: assets });
      expect(response.status).toBe(400);
      const body = (await response.json()) as ErrorBody;
      expect(body.error).toEqual({
        code: 'board_full',
        message: expect.stringMatching(/^This board already holds 277 map features; these 277 would take it past 500, the most one board holds\b/),
      });
      const after = await stored();
      expect([after.updates, after.content]).toEqual([before.updates, before.content]);
    });

    describe('within: only what falls within a layer of areas', () => {
      /** `inside` points in Trafford's Central locality and `outside` in London, as one GeoJSON file. */
      const scattered = (inside: number, outside: number): Upload => ({
        name: 'addresses.geojson',
        bytes: JSON.stringify({
          type: 'FeatureCollection',
          features: [
            ...Array.from({ length: inside }, (_, i) => [-2.3209 + (i % 10) / 5000, 53.4222 + Math.floor(i / 10) / 5000]),
            ...Array.from({ length: outside }, (_, i) => [-0.12 + i / 10_000, 51.5]),
          ].map((coordinates, i) => ({ type: 'Feature', properties: { uprn: i }, geometry: { type: 'Point', coordinates } })),
        }),
      });
      const localities = () => importFile({ file: sharedFile(BOUNDARIES, 'trafford_localities2023.geojson'), layerName: 'Trafford localities' });

      it('keeps the Trafford assets within the localities, reporting the 15 outside Trafford, in one change', async () => {
        const areas = await localities();
        const before = await stored();
        const { layerId, report } = await importFile({ file: sharedFile(ASSETS, 'assets_all.geojson'), within: areas.layerId });
        expect(report.within).toEqual({ area: 'Trafford localities', leftOut: 15 });
        expect(report.featuresImported).toBe(277 - 15);
        const after = await stored();
        expect(after.updates).toBe(before.updates + 1);
        expect(featuresOf(after.doc, layerId)).toHaveLength(262);
      });

      it('counts the limit on what is kept, not on the file: 400 points of which 12 are in Trafford import those 12', async () => {
        const areas = await localities();
        expect(400).toBeGreaterThan(IMPORT_MAX_FEATURES);
        const { layerId, report } = await importFile({ file: scattered(12, 388), within: areas.layerId });
        expect([report.featuresImported, report.within]).toEqual([12, { area: 'Trafford localities', leftOut: 388 }]);
        expect(featuresOf((await stored()).doc, layerId)).toHaveLength(12);
      });

      const refusals: [string, (layers: { areas: string; points: string }) => Record<string, string | Upload>, number, string, RegExp][] = [
        ['more than IMPORT_MAX_FEATURES within', ({ areas }) => ({ file: scattered(IMPORT_MAX_FEATURES + 1, 5), within: areas }), 400, 'too_many_features', /would add 301 features within Trafford localities; one import can add at most 300\b/],
        ['nothing within', ({ areas }) => ({ file: scattered(0, 20), within: areas }), 400, 'no_features', /none of the 20 features in this file falls within Trafford localities/],
        ['a layer of points', ({ points }) => ({ file: scattered(3, 3), within: points }), 400, 'validation_failed', /“GP practices” has no areas/],
        ['an unknown layer', () => ({ file: scattered(3, 3), within: 'NoSuchLayer' }), 404, 'not_found', /no layer with id NoSuchLayer/],
      ];
      for (const [name, fields, status, code, message] of refusals) {
        it(`refuses ${name}, and leaves the board unchanged`, async () => {
          const layers = { areas: (await localities()).layerId, points: (await importFile({ file: sharedFile(ASSETS, 'gp_practices.geojson'), layerName: 'GP practices' })).layerId };
          const before = await stored();
          const response = await post('import', fields(layers));
          expect(response.status).toBe(status);
          const body = (await response.json()) as ErrorBody;
          expect([body.error.code, body.error.message]).toEqual([code, expect.stringMatching(message)]);
          const after = await stored();
          expect([after.updates, after.content]).toEqual([before.updates, before.content]);
        });
      }
    });

    describe('bad input: a 4xx with {error}, and the board unchanged', () => {
      const point = (coordinates: unknown) =>
        JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { name: 'x' }, geometry: { type: 'Point', coordinates } }] });
      const points = (count: number) =>
        JSON.stringify({
          type: 'FeatureCollection',
          features: Array.from({ length: count }, (_, i) => ({
            type: 'Feature',
            properties: { name: `Site ${i}` },
            geometry: { type: 'Point', coordinates: [-2.35 + i / 10_000, 53.42] },
          })),
        });
      const cases: [string, () => Record<string, string | Upload>, number, string][] = [
        ['invalid JSON', () => ({ file: { name: 'broken.geojson', bytes: '{"type": "FeatureCollection", "features": [' } }), 400, 'invalid_json'],
        ['a CSV without coordinate columns', () => ({ file: { name: 'people.csv', bytes: 'name,phone\nAde,0161 000 0000\n' } }), 400, 'no_coordinate_columns'],
        ['an unknown file type', () => ({ file: { name: 'minutes.docx', bytes: 'PK\u0003\u0004 not a map' } }), 400, 'unknown_type'],
        ['out-of-range coordinates only', () => ({ file: { name: 'far.geojson', bytes: point([500, 100]) } }), 400, ''],
        ['a file over IMPORT_MAX_BYTES', () => ({ file: { name: 'big.geojson', bytes: ' '.repeat(IMPORT_MAX_BYTES + 1) } }), 413, 'payload_too_large'],
        ['more features than IMPORT_MAX_FEATURES', () => ({ file: { name: 'addresses.geojson', bytes: points(IMPORT_MAX_FEATURES + 1) } }), 400, 'too_many_features'],
        ['no file field', () => ({ layerName: 'Nothing' }), 400, 'validation_failed'],
        ['a text field where the file should be', () => ({ file: 'not a file' }), 400, 'validation_failed'],
        ['an unknown kind', () => ({ file: sharedFile(ASSETS, 'hospitals.geojson'), kind: 'hospitals' }), 400, 'validation_failed'],
        ['layerId and layerName together', () => ({ file: sharedFile(ASSETS, 'hospitals.geojson'), layerId: 'x', layerName: 'y' }), 400, 'validation_failed'],
        ['an unknown layerId', () => ({ file: sharedFile(ASSETS, 'hospitals.geojson'), layerId: 'NoSuchLayer' }), 404, 'not_found'],
      ];
      for (const [name, fields, status, code] of cases) {
        it(name, async () => {
          const client = await connect();
          const before = await stored();
          const response = await post('import', fields());
          expect(response.status).toBe(status);
          const body = (await response.json()) as ErrorBody;
          if (code) expect(body.error.code).toBe(code);
          else expect(body.error.code).toMatch(/^[a-z_]+$/);
          expect(body.error.message.length).toBeGreaterThan(10);
          const after = await stored();
          expect({ updates: after.updates, lastSeq: after.lastSeq, content: after.content }).toEqual({
            updates: before.updates,
            lastSeq: before.lastSeq,
            content: before.content,
          });
          expect(snapshotOf(client.doc)).toBe(before.content);
        });
      }

      it('an unknown board is a 404', async () => {
        const response = await post('import', { file: sharedFile(ASSETS, 'hospitals.geojson') }, 'NoSuchBoard1');
        expect(response.status).toBe(404);
        expect(((await response.json()) as ErrorBody).error.code).toBe('not_found');
      });

      it('a body that is not multipart is a 400', async () => {
        const before = await stored();
        const response = await ownerFetch(server, `/api/boards/${boardId}/import`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: '{"file": "gp_practices.geojson"}',
        });
        expect(response.status).toBe(400);
        expect(((await response.json()) as ErrorBody).error.code).toBe('validation_failed');
        expect((await stored()).content).toBe(before.content);
      });

      it('an upload announced over the limit is refused with 413 before its body is sent', async () => {
        const before = await stored();
        const raw = await openRawSocket(server.port);
        sockets.push(raw);
        // Announce 60 MB but send only the head: the answer must come without the server waiting for the rest.
        raw.write(
          `POST /api/boards/${boardId}/import HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: ${server.owner.headers.authorization}\r\n` +
            `Content-Type: multipart/form-data; boundary=xyz\r\nContent-Length: ${60 * 1024 * 1024}\r\n\r\n--xyz\r\n`,
        );
        await waitUntil(() => {
          const bytes = raw.received();
          const end = bytes.indexOf('\r\n\r\n');
          if (end < 0) return raw.ended;
          return bytes.length - end - 4 >= Number(parseResponseHead(bytes).headers['content-length']);
        });
        const response = parseResponseHead(raw.received());
        expect(response.status).toBe(413);
        expect((JSON.parse(response.rest.toString('utf8')) as ErrorBody).error.code).toBe('payload_too_large');
        expect((await stored()).content).toBe(before.content);
      });
    });
  });

  describe('POST /api/boards/:id/join', () => {
    let lsoaLayer: string;
    beforeEach(async () => {
      ({ layerId: lsoaLayer } = await importFile({ file: sharedFile(BOUNDARIES, 'trafford_lsoa2011.geojson'), kind: 'boundary' }));
    });
    const imd = () => sharedFile(IMD, 'imd2019_lsoa_trafford.csv');

    it('joins IMD 2019 onto the Trafford LSOA 2011 layer: 138 matched, 0 unmatched, a decile indicator layer', async () => {
      const client = await connect();
      const response = await post('join', { file: imd(), layerId: lsoaLayer, featureKey: 'area_code', rowKey: 'lsoa11cd', indicator: 'imd_decile' });
      expect(response.status).toBe(201);
      const answer = (await response.json()) as JoinAnswer;
      expect(answer).toEqual({
        layerId: expect.any(String),
        matched: 138,
        unmatchedRowKeys: [],
        unmatchedCount: 0,
        featuresWithoutMatch: 0,
        indicator: 'imd_decile',
        indicatorProperty: 'imd_decile',
      });
      await waitUntil(() => featuresOf(client.doc, answer.layerId).length === 138);
      const layer = layersOf(client.doc).find((l) => l.id === answer.layerId)!;
      expect(layer.kind).toBe('indicator');
      expect(layer.style.indicatorProperty).toBe('imd_decile');
      expect(layer.style.ramp).toEqual([...IMD_DECILE_RAMP]);
      expect(layer.style.legend).toMatchObject({ lowLabel: 'most deprived 10%', highLabel: 'least deprived 10%' });
      expect(layer.source).toMatch(/^Joined from imd2019_lsoa_trafford\.csv onto trafford_lsoa2011/);
      const features = featuresOf(client.doc, answer.layerId);
      const deciles = features.map((f) => f.properties.imd_decile);
      expect(deciles.every((d) => typeof d === 'number' && d >= 1 && d <= 10)).toBe(true);
      expect(new Set(deciles).size).toBe(10);
      // The boundary layer itself is left as it was.
      expect(featuresOf(client.doc, lsoaLayer).every((f) => !('imd_decile' in f.properties))).toBe(true);
      // Each area is the LSOA with its own row: E01006074 is Trafford 025A, decile 5 in the CSV.
      expect(features.find((f) => f.properties.area_code === 'E01006074')?.properties).toMatchObject({ imd_decile: 5, lsoa11nm: 'Trafford 025A' });
    });

    it('without indicator picks the decile column; a non-decile indicator gets five quintile classes', async () => {
      const auto = (await (await post('join', { file: imd(), layerId: lsoaLayer, featureKey: 'AREA_CODE', rowKey: 'LSOA11CD' })).json()) as JoinAnswer;
      expect(auto.indicator).toBe('imd_decile');
      expect(auto.matched).toBe(138);

      const response = await post('join', {
        file: imd(),
        layerId: lsoaLayer,
        featureKey: 'area_code',
        rowKey: 'lsoa11cd',
        columns: 'imd_rank, lsoa11nm',
        indicator: 'imd_rank',
        layerName: 'IMD rank',
      });
      expect(response.status).toBe(201);
      const ranked = (await response.json()) as JoinAnswer;
      expect(ranked.indicatorProperty).toBe('imd_rank_quintile');
      const { doc } = await stored();
      const layer = layersOf(doc).find((l) => l.id === ranked.layerId)!;
      expect(layer.name).toBe('IMD rank');
      expect(layer.style.ramp).toHaveLength(5);
      const features = featuresOf(doc, ranked.layerId);
      expect(new Set(features.map((f) => f.properties.imd_rank_quintile))).toEqual(new Set([1, 2, 3, 4, 5]));
      expect(features.every((f) => typeof f.properties.imd_rank === 'number' && !('imd_decile' in f.properties))).toBe(true);
      // Higher ranks are never in a lower class.
      const sorted = [...features].sort((a, b) => (a.properties.imd_rank as number) - (b.properties.imd_rank as number));
      const classes = sorted.map((f) => f.properties.imd_rank_quintile as number);
      expect(classes).toEqual([...classes].sort((a, b) => a - b));
    });

    it('reports unmatched row keys: the first 100 and the count (all of England onto Trafford)', async () => {
      const england = sharedFile(IMD, 'imd2019_lsoa_england.csv');
      const rows = Buffer.from(england.bytes).toString('utf8').trim().split('\n').length - 1;
      const answer = (await (
        await post('join', { file: england, layerId: lsoaLayer, featureKey: 'area_code', rowKey: 'lsoa11cd', indicator: 'imd_decile' })
      ).json()) as JoinAnswer;
      expect(answer.matched).toBe(138);
      expect(answer.unmatchedCount).toBe(rows - 138);
      expect(answer.unmatchedRowKeys).toHaveLength(100);
      expect(answer.unmatchedRowKeys.every((key) => /^E01\d{6}$/.test(key))).toBe(true);
    });

    const badJoins: [string, (layer: string) => Record<string, string | Upload>, number, string][] = [
      ['a key column the table lacks', (layer) => ({ file: imd(), layerId: layer, featureKey: 'area_code', rowKey: 'lsoa21cd' }), 400, 'validation_failed'],
      ['keys that match nothing', (layer) => ({ file: imd(), layerId: layer, featureKey: 'area_name', rowKey: 'lsoa11cd' }), 400, 'nothing_matched'],
      ['a feature key no area has', (layer) => ({ file: imd(), layerId: layer, featureKey: 'ward_code', rowKey: 'lsoa11cd' }), 400, 'validation_failed'],
      ['an indicator column the table lacks', (layer) => ({ file: imd(), layerId: layer, featureKey: 'area_code', rowKey: 'lsoa11cd', indicator: 'income' }), 400, 'validation_failed'],
      ['an indicator that is not numeric', (layer) => ({ file: imd(), layerId: layer, featureKey: 'area_code', rowKey: 'lsoa11cd', indicator: 'lad19nm' }), 400, 'validation_failed'],
      ['no featureKey', (layer) => ({ file: imd(), layerId: layer, rowKey: 'lsoa11cd' }), 400, 'validation_failed'],
      ['no file', (layer) => ({ layerId: layer, featureKey: 'area_code', rowKey: 'lsoa11cd' }), 400, 'validation_failed'],
      ['a CSV with unbalanced quotes', (layer) => ({ file: { name: 'bad.csv', bytes: 'lsoa11cd,imd_decile\n"E01006074,5\n' }, layerId: layer, featureKey: 'area_code', rowKey: 'lsoa11cd' }), 400, 'invalid_csv'],
      ['an unknown layer', () => ({ file: imd(), layerId: 'NoSuchLayer', featureKey: 'area_code', rowKey: 'lsoa11cd' }), 404, 'not_found'],
    ];
    for (const [name, fields, status, code] of badJoins) {
      it(`refuses ${name} and leaves the board unchanged`, async () => {
        const before = await stored();
        const response = await post('join', fields(lsoaLayer));
        expect(response.status).toBe(status);
        const body = (await response.json()) as ErrorBody;
        expect(body.error.code).toBe(code);
        expect(body.error.message.length).toBeGreaterThan(10);
        const after = await stored();
        expect([after.updates, after.content]).toEqual([before.updates, before.content]);
      });
    }

    it('refuses a join whose new layer would take the board past BOARD_MAX_FEATURES with 400 board_full', async () => {
      await importFile({ file: sharedFile(ASSETS, 'assets_all.geojson') });
      const before = await stored();
      const response = await post('join', { file: imd(), layerId: lsoaLayer, featureKey: 'area_code', rowKey: 'lsoa11cd' });
      expect(response.status).toBe(400);
      const body = (await response.json()) as ErrorBody;
      expect([body.error.code, body.error.message]).toEqual(['board_full', expect.stringContaining('already holds 415 map features; these 138 would take it past 500')]);
      const after = await stored();
      expect([after.updates, after.content]).toEqual([before.updates, before.content]);
    });

    it('refuses to join onto a layer of points', async () => {
      const { layerId } = await importFile({ file: sharedFile(ASSETS, 'hospitals.geojson') });
      const before = await stored();
      const response = await post('join', { file: imd(), layerId, featureKey: 'name', rowKey: 'lsoa11cd' });
      expect(response.status).toBe(400);
      expect(((await response.json()) as ErrorBody).error.message).toContain('not areas');
      expect((await stored()).content).toBe(before.content);
    });
  });

  describe('GET /api/boards/:id/export.geojson and export.csv', () => {
    it('exports a layer as a GeoJSON download; importing it back gives the same features', async () => {
      const { layerId } = await importFile({ file: sharedFile(ASSETS, 'care_homes.geojson'), layerName: 'Care homes (CQC, Feb 2026)' });
      const { response, body } = await exportGeoJson(`?layer=${layerId}`);
      expect(response.headers.get('content-type')).toMatch(/^application\/geo\+json/);
      expect(response.headers.get('content-disposition')).toBe('attachment; filename="Care-homes-CQC-Feb-2026.geojson"');
      expect(body.type).toBe('FeatureCollection');
      const stored1 = featuresOf((await stored()).doc, layerId);
      expect(comparable(body.features)).toEqual(comparable(stored1));
      expect(body.features.map((f) => f.id).sort()).toEqual(stored1.map((f) => f.id).sort());

      const again = await importFile({ file: { name: 'export.geojson', bytes: JSON.stringify(body) } });
      expect(again.report.skippedCount).toBe(0);
      const reexported = (await exportGeoJson(`?layer=${again.layerId}`)).body;
      expect(comparable(reexported.features)).toEqual(comparable(body.features));
    });

    it('exports a polygon layer and round-trips it too', async () => {
      const { layerId } = await importFile({ file: sharedFile(BOUNDARIES, 'trafford_localities2023.geojson') });
      const { body } = await exportGeoJson(`?layer=${layerId}`);
      const again = await importFile({ file: { name: 'localities.geojson', bytes: JSON.stringify(body) } });
      expect(comparable((await exportGeoJson(`?layer=${again.layerId}`)).body.features)).toEqual(comparable(body.features));
    });

    it('exports the whole board, naming each feature\'s layer, read from the live room', async () => {
      const client = await connect();
      const a = await importFile({ file: sharedFile(ASSETS, 'hospitals.geojson'), layerName: 'Hospitals' });
      const b = await importFile({ file: sharedFile(ASSETS, 'childrens_centres.geojson'), layerName: 'Children\'s centres' });
      await waitUntil(() => featuresOf(client.doc, b.layerId).length === b.report.featuresImported);
      const { response, body } = await exportGeoJson();
      expect(response.headers.get('content-disposition')).toBe('attachment; filename="Import-board.geojson"');
      expect(body.features).toHaveLength(a.report.featuresImported + b.report.featuresImported);
      const byLayer = body.features.map((f) => f.properties.layer);
      expect(byLayer.filter((l) => l === 'Hospitals')).toHaveLength(a.report.featuresImported);
      expect(byLayer.filter((l) => l === "Children's centres")).toHaveLength(b.report.featuresImported);
    });

    it('exports a layer as CSV with lon/lat, which imports back as the same points', async () => {
      const { layerId, report } = await importFile({ file: sharedFile(ASSETS, 'gp_practices.geojson'), layerName: 'GP practices' });
      const response = await ownerFetch(server, `/api/boards/${boardId}/export.csv?layer=${layerId}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
      expect(response.headers.get('content-disposition')).toBe('attachment; filename="GP-practices.csv"');
      const csv = await response.text();
      const lines = csv.trim().split('\n');
      expect(lines[0]!.startsWith('lon,lat,')).toBe(true);
      expect(lines).toHaveLength(report.featuresImported + 1);

      const again = await importFile({ file: { name: 'gp.csv', bytes: csv } });
      expect(again.report.featuresImported).toBe(report.featuresImported);
      const key = (f: { geometry: unknown }) => JSON.stringify(f.geometry);
      const { doc } = await stored();
      expect(featuresOf(doc, again.layerId).map(key).sort()).toEqual(featuresOf(doc, layerId).map(key).sort());
    });

    it('an unknown layer or board is a 404; CSV without a layer is a 400', async () => {
      const missing = await ownerFetch(server, `/api/boards/${boardId}/export.geojson?layer=NoSuchLayer`);
      expect(missing.status).toBe(404);
      expect(((await missing.json()) as ErrorBody).error.code).toBe('not_found');
      const missingCsv = await ownerFetch(server, `/api/boards/${boardId}/export.csv?layer=NoSuchLayer`);
      expect(missingCsv.status).toBe(404);
      const noBoard = await ownerFetch(server, `/api/boards/NoSuchBoard1/export.geojson`);
      expect(noBoard.status).toBe(404);
      expect(((await noBoard.json()) as ErrorBody).error.code).toBe('not_found');
      const noLayer = await ownerFetch(server, `/api/boards/${boardId}/export.csv`);
      expect(noLayer.status).toBe(400);
      expect(((await noLayer.json()) as ErrorBody).error.code).toBe('validation_failed');
    });

    it('exports an empty board as an empty collection', async () => {
      const { body } = await exportGeoJson();
      expect(body).toEqual({ type: 'FeatureCollection', name: 'Import board', features: [] });
    });
  });

  it('LAYER_KINDS are the kinds the import route accepts', async () => {
    for (const kind of LAYER_KINDS) {
      const response = await post('import', { file: sharedFile(ASSETS, 'hospitals.geojson'), kind, layerName: kind });
      expect(response.status).toBe(201);
    }
    expect(layersOf((await stored()).doc).map((l) => l.kind).sort()).toEqual([...LAYER_KINDS].sort());
  });
});
