import { performance } from 'node:perf_hooks';
import { addCanvasItem, listCanvasItems, updateCanvasItem, type CanvasItemKind } from '@placeboard/board';
import { launchChromium, openPage } from '../helpers/browser.js';
import { connectClient } from '../helpers/clients.js';
import { addMember, createBoardViaApi, startTestServer } from '../helpers/server.js';
import { waitUntil } from '../helpers/wait.js';
import type { Benchmark } from './run.js';
import { percentile, round2 } from './stats.js';

const ITEMS = Number(process.env.BENCH_CANVAS_ITEMS ?? 2_000);
const MOVES = Number(process.env.BENCH_CANVAS_MOVES ?? 60);
const PAN_STEPS = Number(process.env.BENCH_CANVAS_PAN_STEPS ?? 240);
const PEOPLE = Number(process.env.BENCH_CANVAS_PEOPLE ?? 200);
const PRESENCE_TICKS = 100;
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * `pnpm bench canvas`: a board with 2,000 canvas items open in headless Chromium. Measures frame times while
 * panning (Space + drag, driven by mouse moves), how long a remote move takes from the update starting to apply to
 * the item's element changing in the DOM, and frame times while 200 other people move their pointers.
 */
export const canvasBenchmark: Benchmark = {
  name: 'canvas',
  description: `${ITEMS} canvas items in headless Chromium: frame times while panning (${PAN_STEPS} mouse moves), ${MOVES} remote moves applied to the DOM, ${PEOPLE} people's pointers moving`,
  async run() {
    const server = await startTestServer();
    const boardId = await createBoardViaApi(server, 'canvas bench');
    const editor = await connectClient(server, boardId);
    const kinds: CanvasItemKind[] = ['sticky', 'sticky', 'sticky', 'outcome', 'text'];
    const cols = Math.ceil(Math.sqrt(ITEMS));
    editor.doc.transact(() => {
      for (let i = 0; i < ITEMS; i++) {
        addCanvasItem(
          editor.doc,
          { kind: kinds[i % kinds.length]!, x: (i % cols) * 190, y: Math.floor(i / cols) * 170, text: `Item ${i}` },
          { name: 'bench' },
        );
      }
    });
    const ids = listCanvasItems(editor.doc).flatMap((r) => (r.ok ? [r.value.id] : []));

    const browser = await launchChromium(CHROMIUM);
    const page = await openPage(browser, { url: server.url, auth: await addMember(server, boardId, 'Bench', 'editor') }, { width: 1280, height: 900 });
    page.on('pageerror', (error) => console.error(`page error: ${error.message}`));
    const loadStart = performance.now();
    await page.goto(`${server.url}/b/${boardId}#outcomes`);
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="canvas-item"]').length >= n, ITEMS);
    const firstRenderMs = performance.now() - loadStart;

    // Frame times while panning: rAF intervals, and main-thread work per frame (rAF start → a message posted from
    // it runs, i.e. after style, layout and paint of that frame), plus long tasks.
    // A string, not a function: the TypeScript loader would add helpers (__name) the page does not have.
    await page.evaluate(`(() => {
      const bench = { intervals: [], work: [], longTasks: 0, running: true };
      window.__canvasBench = bench;
      new PerformanceObserver((list) => { bench.longTasks += list.getEntries().length; }).observe({ type: 'longtask' });
      const channel = new MessageChannel();
      let frameStart = 0;
      channel.port1.onmessage = () => bench.work.push(performance.now() - frameStart);
      let last = 0;
      function tick(t) {
        if (!bench.running) return;
        if (last) bench.intervals.push(t - last);
        last = t;
        frameStart = performance.now();
        channel.port2.postMessage(0);
        requestAnimationFrame(tick);
      }
      requestAnimationFrame(tick);
    })()`);
    const viewport = page.getByTestId('outcome-canvas');
    await viewport.focus();
    const box = (await viewport.boundingBox())!;
    await page.keyboard.down(' ');
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    for (let i = 0; i < PAN_STEPS; i++) {
      const angle = (i / PAN_STEPS) * Math.PI * 4;
      await page.mouse.move(box.x + box.width / 2 + Math.cos(angle) * 300 - i, box.y + box.height / 2 + Math.sin(angle) * 200 - i / 2);
    }
    await page.mouse.up();
    await page.keyboard.up(' ');
    const pan = (await page.evaluate(() => {
      const bench = (window as any).__canvasBench;
      bench.running = false;
      return { intervals: bench.intervals.slice(1), work: bench.work.slice(1), longTasks: bench.longTasks };
    })) as { intervals: number[]; work: number[]; longTasks: number };
    const transform = await page.getByTestId('canvas-world').getAttribute('style');

    // Remote moves: a Node client moves one item; time from the update starting to apply in the page to the
    // item's element style changing (React commit), and to the next frame after it.
    await page.evaluate(`(() => {
      const w = window;
      const { doc, provider } = w.__placeboard;
      w.__moves = [];
      w.__moveStart = null;
      doc.on('beforeTransaction', (tr) => {
        if (tr.origin === provider && w.__moveStart === null) w.__moveStart = performance.now();
      });
      w.__watch = (id) => {
        const el = document.querySelector('[data-testid="canvas-item"][data-item-id="' + id + '"]');
        const observer = new MutationObserver(() => {
          if (w.__moveStart === null) return;
          const start = w.__moveStart;
          const dom = performance.now() - start;
          observer.disconnect();
          requestAnimationFrame(() => {
            w.__moves.push({ dom, frame: performance.now() - start });
            w.__moveStart = null;
          });
        });
        observer.observe(el, { attributes: true, attributeFilter: ['style'] });
      };
    })()`);
    for (let i = 0; i < MOVES; i++) {
      const id = ids[(i * 37) % ids.length]!;
      await page.evaluate((itemId) => (window as any).__watch(itemId), id);
      updateCanvasItem(editor.doc, id, { x: 5_000 + i * 3, y: 5_000 + i * 2 }, { name: 'bench' });
      await waitUntil(async () => (await page.evaluate(() => (window as any).__moves.length)) > i);
    }
    const moves = (await page.evaluate(() => (window as any).__moves)) as { dom: number; frame: number }[];

    // Presence: PEOPLE other people on the canvas, every one moving their pointer on every tick of the server's
    // presence batching (one message per 50 ms carrying everyone who moved). Made in the page, as the provider applies
    // such a message (awareness states set, then one 'change' event), so this measures the page, not the network:
    // frame intervals meanwhile.
    const presence = (await page.evaluate(`(async () => {
      const awareness = window.__placeboard.provider.awareness;
      const colours = ['#005eb8', '#007f3b', '#ae2573', '#ed8b00'];
      const ids = Array.from({ length: ${PEOPLE} }, (_, i) => 2000000 + i);
      const intervals = [];
      let last = performance.now();
      let running = true;
      const onFrame = (t) => { intervals.push(t - last); last = t; if (running) requestAnimationFrame(onFrame); };
      requestAnimationFrame(onFrame);
      for (let tick = 0; tick < ${PRESENCE_TICKS}; tick++) {
        const start = performance.now();
        const added = [];
        const updated = [];
        ids.forEach((id, i) => {
          (awareness.states.has(id) ? updated : added).push(id);
          awareness.states.set(id, {
            user: { name: 'Person ' + i, color: colours[i % colours.length] },
            pane: 'outcomes',
            pointer: { x: (i * 37 + tick * 5) % 1200, y: (i * 53 + tick * 3) % 800 },
          });
          awareness.meta.set(id, { clock: tick, lastUpdated: Date.now() });
        });
        awareness.emit('change', [{ added, updated, removed: [] }, 'remote']);
        await new Promise((resolve) => requestAnimationFrame(resolve));
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, 50 - (performance.now() - start))));
      }
      running = false;
      return { intervals: intervals.slice(2), cursors: document.querySelectorAll('[data-testid="remote-cursor"]').length };
    })()`)) as { intervals: number[]; cursors: number };
    await browser.close();
    editor.destroy();
    await server.close();

    const dom = moves.map((m) => m.dom);
    const frame = moves.map((m) => m.frame);
    return {
      items: ITEMS,
      'first render of all items ms': round2(firstRenderMs),
      'pan: frames': pan.intervals.length,
      'pan: frame interval p50 ms': round2(percentile(pan.intervals, 50)),
      'pan: frame interval p95 ms (target < 16; 16.7 = every vsync at 60 Hz)': round2(percentile(pan.intervals, 95)),
      'pan: frame interval max ms': round2(Math.max(...pan.intervals)),
      'pan: main-thread work per frame p50 ms': round2(percentile(pan.work, 50)),
      'pan: main-thread work per frame p95 ms': round2(percentile(pan.work, 95)),
      'pan: long tasks (> 50 ms)': pan.longTasks,
      'pan: view moved': transform?.includes('translate(0px, 0px)') ? 'no' : 'yes',
      'remote moves': moves.length,
      'remote move → DOM p50 ms': round2(percentile(dom, 50)),
      'remote move → DOM p95 ms (target < 16)': round2(percentile(dom, 95)),
      'remote move → next frame p50 ms': round2(percentile(frame, 50)),
      'remote move → next frame p95 ms': round2(percentile(frame, 95)),
      'presence: people moving pointers': PEOPLE,
      'presence: cursors drawn': presence.cursors,
      'presence: frame interval p50 ms': round2(percentile(presence.intervals, 50)),
      'presence: frame interval p95 ms': round2(percentile(presence.intervals, 95)),
    };
  },
};
