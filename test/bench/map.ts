import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { listFeatures, listLayers, setFeatureGeometry, setFeatureProperty } from '@placeboard/board';
import { DEFAULT_IMPORT_MAX_FEATURES, parseImport } from '@placeboard/geo';
import * as Y from 'yjs';
import { launchChromium, openPage } from '../helpers/browser.js';
import { connectClient } from '../helpers/clients.js';
import { addMember, createBoardViaApi, ownerFetch, startTestServer, type ServerTarget } from '../helpers/server.js';
import { waitUntil } from '../helpers/wait.js';
import type { Benchmark } from './run.js';
import { percentile, round2 } from './stats.js';
import { syntheticPoints, syntheticPolygons } from './synthetic.js';

const POINTS = Number(process.env.BENCH_POINTS ?? 10_000);
const POLYGONS = Number(process.env.BENCH_POLYGONS ?? 2_000);
const EDITS = Number(process.env.BENCH_MAP_EDITS ?? 100);
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Imports a collection through the API of an in-process server: the time to the answer, and the longest the
 * server's event loop was held up meanwhile (every other board of the process waits that long).
 */
async function importViaApi(target: ServerTarget, boardId: string, name: string, collection: object): Promise<{ ms: number; stallMs: number }> {
  const form = new FormData();
  form.set('file', new Blob([JSON.stringify(collection)], { type: 'application/geo+json' }), `${name}.geojson`);
  form.set('layerName', name);
  const delay = monitorEventLoopDelay({ resolution: 5 });
  delay.enable();
  const t0 = performance.now();
  const response = await ownerFetch(target, `/api/boards/${boardId}/import`, { method: 'POST', body: form });
  const ms = performance.now() - t0;
  delay.disable();
  if (response.status !== 201) throw new Error(`import failed: ${response.status} ${await response.text()}`);
  return { ms, stallMs: delay.max / 1e6 };
}

/** Opens `state` as a new board through "Open a saved copy": the time to the answer and the longest event-loop stall. */
async function openCopyViaApi(target: ServerTarget, state: Uint8Array<ArrayBuffer>): Promise<{ ms: number; stallMs: number }> {
  const form = new FormData();
  form.set('file', new Blob([state], { type: 'application/octet-stream' }), 'board.yjs');
  const delay = monitorEventLoopDelay({ resolution: 5 });
  delay.enable();
  const t0 = performance.now();
  const response = await ownerFetch(target, '/api/boards/from-copy', { method: 'POST', body: form });
  const ms = performance.now() - t0;
  delay.disable();
  if (response.status !== 201) throw new Error(`opening the copy failed: ${response.status} ${await response.text()}`);
  return { ms, stallMs: delay.max / 1e6 };
}

/** Points imported on their own to show what one import costs the server at the default limit and beyond it. */
const STALL_SIZES = [DEFAULT_IMPORT_MAX_FEATURES, 5 * DEFAULT_IMPORT_MAX_FEATURES];

/** Each of STALL_SIZES points imported into a board of its own, on a server whose limits let the largest in. */
async function importStalls(): Promise<Record<string, number>> {
  const most = String(Math.max(...STALL_SIZES));
  const server = await startTestServer({ IMPORT_MAX_FEATURES: most, BOARD_MAX_FEATURES: most });
  const figures: Record<string, number> = {};
  for (const size of STALL_SIZES) {
    const boardId = await createBoardViaApi(server, `stall ${size}`);
    const { ms, stallMs } = await importViaApi(server, boardId, `Points ${size}`, syntheticPoints(size));
    figures[`import of ${size} points: ms`] = round2(ms);
    figures[`import of ${size} points: longest event-loop stall ms`] = round2(stallMs);
  }
  await server.close();
  return figures;
}

/** `pnpm bench map`: import size and speed, and how fast a remote edit reaches MapLibre in Chromium. */
export const mapBenchmark: Benchmark = {
  name: 'map',
  description: `import ${POINTS} points and ${POLYGONS} polygons through the API; ${EDITS} remote edits of one feature applied to the map in headless Chromium; how long imports of ${STALL_SIZES.join(' and ')} points hold the server up`,
  async run() {
    const points = syntheticPoints(POINTS);
    const polygons = syntheticPolygons(POLYGONS);
    const encoder = new TextEncoder();

    // Reference in the same run: parsing alone, with no board, store or network.
    const p0 = performance.now();
    await parseImport({ fileName: 'points.geojson', bytes: encoder.encode(JSON.stringify(points)) });
    await parseImport({ fileName: 'polygons.geojson', bytes: encoder.encode(JSON.stringify(polygons)) });
    const parseOnly = performance.now() - p0;

    const server = await startTestServer();
    const boardId = await createBoardViaApi(server, 'map bench');
    const { ms: pointsMs, stallMs: pointsStallMs } = await importViaApi(server, boardId, 'Points', points);
    const { ms: polygonsMs, stallMs: polygonsStallMs } = await importViaApi(server, boardId, 'Polygons', polygons);
    const room = await server.rooms.acquire(boardId as never);
    const state = Y.encodeStateAsUpdate(room!.doc);
    const docBytes = state.byteLength;
    server.rooms.release(room!);
    const copyOpened = await openCopyViaApi(server, new Uint8Array(state));

    // A Node client makes the edits; Chromium shows the board's map.
    const editor = await connectClient(server, boardId);
    const layer = listLayers(editor.doc).flatMap((r) => (r.ok && r.value.name === 'Points' ? [r.value] : []))[0]!;
    const feature = listFeatures(editor.doc, layer.id).find((r) => r.ok)!;

    // In Node, what each view beside the map does on every change: list every feature, the first time and again
    // after one feature has changed (only that one is validated again; see readRecordCached).
    const copy = new Y.Doc();
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(editor.doc));
    const l0 = performance.now();
    listFeatures(copy);
    const firstListMs = performance.now() - l0;
    const relistMs: number[] = [];
    for (let i = 0; i < 20; i++) {
      setFeatureProperty(copy, feature.ok ? feature.value.id : '', 'name', `Edit ${i}`, { name: 'bench' });
      const t0 = performance.now();
      listFeatures(copy);
      relistMs.push(performance.now() - t0);
    }
    copy.destroy();
    const browser = await launchChromium(CHROMIUM);
    const page = await openPage(browser, { url: server.url, auth: await addMember(server, boardId, 'Bench', 'editor') }, { width: 1280, height: 800 });
    page.on('crash', () => console.error('the page crashed'));
    page.on('pageerror', (error) => console.error(`page error: ${error.message}`));
    const loadStart = performance.now();
    await page.goto(`${server.url}/b/${boardId}#map`);
    await page.locator('[data-testid="map-canvas"][data-ready="true"]').waitFor();
    await page.waitForFunction((id) => {
      const map = (window as any).__placeboard?.map;
      return Boolean(map?.getSource(`layer-${id}`)) && map.loaded();
    }, layer.id);
    const firstRenderMs = performance.now() - loadStart;

    // In the page: time from the remote update starting to apply to updateData on the layer's source returning,
    // to MapLibre reporting the source reloaded, and to the page's first idle moment after it (every view that lists
    // the board's features has read them again and React has committed).
    await page.evaluate((id) => {
      const w = window as any;
      const { doc, map, provider } = w.__placeboard;
      const source = map.getSource(`layer-${id}`);
      const samples: { updateData: number; sourceLoaded: number | null }[] = [];
      const idle: number[] = [];
      w.__bench = { samples, idle, setDataCalls: 0 };
      let started: number | null = null;
      let current: { updateData: number; sourceLoaded: number | null } | null = null;
      let startedAt = 0;
      let remoteStart = 0;
      doc.on('beforeTransaction', (tr: { origin: unknown }) => {
        if (tr.origin === provider) started = remoteStart = performance.now();
      });
      doc.on('afterTransaction', (tr: { origin: unknown }) => {
        if (tr.origin !== provider) return;
        const from = remoteStart;
        requestIdleCallback(() => idle.push(performance.now() - from));
      });
      const updateData = source.updateData.bind(source);
      source.updateData = (...args: unknown[]) => {
        const result = updateData(...args);
        if (started !== null) {
          current = { updateData: performance.now() - started, sourceLoaded: null };
          startedAt = started;
          samples.push(current);
          started = null;
        }
        return result;
      };
      const setData = source.setData.bind(source);
      source.setData = (...args: unknown[]) => {
        w.__bench.setDataCalls += 1;
        return setData(...args);
      };
      map.on('sourcedata', (e: { sourceId: string; isSourceLoaded: boolean }) => {
        if (current && current.sourceLoaded === null && e.sourceId === `layer-${id}` && e.isSourceLoaded) {
          current.sourceLoaded = performance.now() - startedAt;
        }
      });
    }, layer.id);

    // What the page's main thread spends on the edits, from Chromium's own counters: running script, and every task
    // (script, style, layout, paint). Unlike the idle time above, it does not wait on the GPU process (software here).
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    const mainThread = async () => {
      const { metrics } = await cdp.send('Performance.getMetrics');
      const value = (name: string) => (metrics.find((m) => m.name === name)?.value ?? 0) * 1000;
      return { script: value('ScriptDuration'), task: value('TaskDuration') };
    };
    const before = await mainThread();
    const base = feature.ok ? (feature.value.geometry.coordinates as number[]) : [-2.3, 53.4];
    for (let i = 0; i < EDITS; i++) {
      setFeatureGeometry(editor.doc, feature.ok ? feature.value.id : '', {
        type: 'Point',
        // Every edit moves the point somewhere new (an unchanged geometry is not an edit).
        coordinates: [base[0]! + ((i % 10) + 1) * 1e-4, base[1]! + (Math.floor(i / 10) + 1) * 1e-4],
      }, { name: 'bench' });
      await waitUntil(async () =>
        page.evaluate((n) => {
          const { samples: s, idle: i } = (window as any).__bench;
          return s.length >= n && s[n - 1].sourceLoaded !== null && i.length >= n;
        }, i + 1),
      );
    }
    const after = await mainThread();
    const samples = (await page.evaluate(() => (window as any).__bench.samples)) as { updateData: number; sourceLoaded: number }[];
    const idle = (await page.evaluate(() => (window as any).__bench.idle)) as number[];
    const setDataCalls = (await page.evaluate(() => (window as any).__bench.setDataCalls)) as number;
    await browser.close();
    editor.destroy();
    await server.close();
    const stalls = await importStalls();

    const applied = samples.map((s) => s.updateData);
    const loaded = samples.map((s) => s.sourceLoaded);
    return {
      points: POINTS,
      polygons: POLYGONS,
      'import points via API ms': round2(pointsMs),
      'import polygons via API ms': round2(polygonsMs),
      'import total ms (target < 2000)': round2(pointsMs + polygonsMs),
      'import points: longest event-loop stall ms': round2(pointsStallMs),
      'import polygons: longest event-loop stall ms': round2(polygonsStallMs),
      'reference: parse only ms': round2(parseOnly),
      ...stalls,
      'open a saved copy of the board: ms': round2(copyOpened.ms),
      'open a saved copy of the board: longest event-loop stall ms': round2(copyOpened.stallMs),
      'doc size bytes': docBytes,
      'list every feature in Node, first time ms': round2(firstListMs),
      'list every feature in Node after one edit p50 ms': round2(percentile(relistMs, 50)),
      'first map render in Chromium ms': round2(firstRenderMs),
      edits: samples.length,
      'remote edit → updateData p50 ms': round2(percentile(applied, 50)),
      'remote edit → updateData p95 ms (target < 16)': round2(percentile(applied, 95)),
      'remote edit → source reloaded p50 ms': round2(percentile(loaded, 50)),
      'remote edit → source reloaded p95 ms': round2(percentile(loaded, 95)),
      'remote edit → page idle again p50 ms': round2(percentile(idle, 50)),
      'remote edit → page idle again p95 ms': round2(percentile(idle, 95)),
      'main thread running script per remote edit ms': round2((after.script - before.script) / EDITS),
      'main thread busy per remote edit ms (script, style, layout, paint)': round2((after.task - before.task) / EDITS),
      'full setData calls during edits (want 0)': setDataCalls,
    };
  },
};
