/**
 * The cold-load board in Placeboard's web client, in headless Chromium (the references have no browser client):
 * - open: a fresh browser profile opens the board (nothing in IndexedDB);
 * - warm reload: the same page is reloaded once the board is in the browser's IndexedDB copy
 *   (web/src/lib/sync/local-copy.ts).
 * Each is timed from the start of the navigation until the page's doc (`window.__placeboard.doc`) holds every
 * feature, canvas item and character, checked every 5 ms by a script added to the page. The board opens on its
 * Purpose pane, so that drawing 10,000 features on the map does not hold up the check. The same script notes when the
 * pane first shows purpose text in an editor: what a person waits for, after the doc is ready.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, openPage } from '../../../helpers/browser.js';
import { REPO_ROOT } from '../../../helpers/server.js';
import { COPY_MARKS } from '../../../../web/src/lib/sync/local-copy.js';
import { percentile } from '../../stats.js';
import type { BoardFixture } from '../board-fixture.js';
import { launchServer } from '../servers.js';
import type { StoredBoard } from './cold-load.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Longest a page may take to hold the board. */
const PAGE_TIMEOUT_MS = 120_000;
/** Time given to the web client to write the board to IndexedDB after the first open. */
const SETTLE_MS = 3_000;

/** One browser trial. */
export interface BrowserLoadTrial {
  /** Navigation start → board present, fresh profile. */
  openMs: number;
  /** Navigation start → board present, reload with the board in IndexedDB. */
  warmReloadMs: number;
  /** Navigation start → the Purpose pane shows text in an editor, on the warm reload. */
  warmShownMs: number;
  /**
   * Navigation start → the Map pane (where a board opens by default) has every layer's features loaded, on a warm
   * reload made on that pane. Chromium here draws WebGL in software (`--disable-gpu`).
   */
  warmMapMs: number;
  /** The web client's own marks on the warm reload: its IndexedDB copy loaded, first sync with the server done. */
  loadedFromCacheMs: number | null;
  syncedWithServerMs: number | null;
  /**
   * The web client's User Timing marks of its copy's load on the warm reload ({@link COPY_MARKS}), ms since
   * navigation start: IndexedDB being opened (the app's code is running), the copy read,
   * the copy applied to the doc. Null when the page set none.
   */
  copyMarks: { opening: number; read: number; applied: number } | null;
}

/** Browser loads of the board, or why they could not be measured. */
export type BrowserLoadResult =
  | {
      available: true;
      trials: BrowserLoadTrial[];
      medianOpenMs: number;
      medianWarmReloadMs: number;
      medianWarmShownMs: number;
      medianWarmMapMs: number;
    }
  | { available: false; reason: string };

/** Whether the web client can be measured here, and why not. */
export function browserLoadAvailability(): { available: boolean; reason: string } {
  // The copy is kept by the web client's own module (it was y-indexeddb before).
  if (!fs.existsSync(path.join(REPO_ROOT, 'web/src/lib/sync/local-copy.ts'))) {
    return { available: false, reason: 'not available: the web client keeps no IndexedDB copy of a board (no web/src/lib/sync/local-copy.ts)' };
  }
  if (!fs.existsSync(path.join(REPO_ROOT, 'web/dist/index.html'))) return { available: false, reason: 'not available: the web app is not built (pnpm build)' };
  if (!fs.existsSync(CHROMIUM)) return { available: false, reason: `not available: no Chromium at ${CHROMIUM} (set CHROMIUM_PATH)` };
  return { available: true, reason: '' };
}

/**
 * Added to every page: once `window.__placeboard.doc` holds `expected`, records the time (ms since navigation
 * start) in `window.__benchPresentAt`, and once an editor of the Purpose pane shows text, in `window.__benchShownAt`.
 * A string, not a function: the TypeScript loader would add helpers the page lacks.
 */
function presenceScript(expected: BoardFixture['counts']): string {
  return `(() => {
    const shown = setInterval(() => {
      const editor = document.querySelector('[data-testid="purpose-pane"] .ProseMirror');
      if (!editor || editor.textContent.trim() === '') return;
      window.__benchShownAt = performance.now();
      clearInterval(shown);
    }, 5);
    const expected = ${JSON.stringify(expected)};
    const timer = setInterval(() => {
      const doc = window.__placeboard && window.__placeboard.doc;
      if (!doc) return;
      if (doc.getMap('features').size < expected.features || doc.getMap('canvas').size < expected.canvasItems) return;
      let characters = 0;
      for (const record of doc.getMap('purposes').values()) {
        const content = record.get('content');
        if (content) characters += content.toString().replace(/<[^>]*>/g, '').length;
      }
      if (characters < expected.characters) return;
      window.__benchPresentAt = performance.now();
      clearInterval(timer);
    }, 5);
  })();`;
}

/** The time the presence script noted under `name` (`__benchPresentAt`, `__benchShownAt`), once it has. */
async function notedAt(page: Page, name: '__benchPresentAt' | '__benchShownAt'): Promise<number> {
  await page.waitForFunction((key) => (window as unknown as Record<string, number | undefined>)[key] !== undefined, name, {
    timeout: PAGE_TIMEOUT_MS,
    polling: 50,
  });
  return page.evaluate((key) => (window as unknown as Record<string, number>)[key] as number, name);
}

/**
 * The time (ms since navigation start) at which the page's map first has a source for every layer of the board and
 * reports everything loaded (`map.loaded()`), checked on every animation frame.
 */
async function mapDrawnAt(page: Page): Promise<number> {
  const handle = await page.waitForFunction(
    () => {
      const placeboard = (window as unknown as { __placeboard?: { doc?: any; map?: any } }).__placeboard;
      const map = placeboard?.map;
      const layerIds: string[] = placeboard?.doc ? [...placeboard.doc.getMap('layers').keys()] : [];
      if (!map || layerIds.length === 0 || !layerIds.every((id) => map.getSource(`layer-${id}`)) || !map.loaded()) return false;
      return performance.now();
    },
    undefined,
    { timeout: PAGE_TIMEOUT_MS, polling: 'raf' },
  );
  return (await handle.jsonValue()) as number;
}

/** Opens and warm-reloads the stored board `trials` times, each in a fresh browser profile. */
export async function runBrowserLoad(stored: StoredBoard, board: BoardFixture, trials: number): Promise<BrowserLoadResult> {
  const availability = browserLoadAvailability();
  if (!availability.available) return { available: false, reason: availability.reason };
  const server = await launchServer('placeboard', { dataDir: stored.dataDir });
  let browser: Browser | undefined;
  try {
    if (!server.owner) throw new Error('no owner session');
    browser = await launchChromium(CHROMIUM);
    const results: BrowserLoadTrial[] = [];
    for (let trial = 0; trial < trials; trial++) {
      const page = await openPage(browser, { url: server.url, auth: server.owner });
      try {
        await page.addInitScript(presenceScript(board.counts));
        await page.goto(`${server.url}/b/${stored.room}#purpose`);
        const openMs = await notedAt(page, '__benchPresentAt');
        await page.waitForTimeout(SETTLE_MS);
        await page.reload();
        const warmReloadMs = await notedAt(page, '__benchPresentAt');
        const warmShownMs = await notedAt(page, '__benchShownAt');
        const marks = await page.evaluate((names) => {
          const handle = (window as unknown as { __placeboard?: { loadedFromCache?: number; syncedWithServer?: number } }).__placeboard;
          // No named functions in here: the TypeScript loader would wrap them in a helper the page lacks.
          const [opening, read, applied] = [names.opening, names.read, names.applied].map((name) => performance.getEntriesByName(name, 'mark').at(-1)?.startTime);
          return {
            loadedFromCache: handle?.loadedFromCache ?? null,
            syncedWithServer: handle?.syncedWithServer ?? null,
            copyMarks: opening === undefined || read === undefined || applied === undefined ? null : { opening, read, applied },
          };
        }, COPY_MARKS);
        // The same reload on the Map pane: the hash change switches panes without a reload, then the reload.
        await page.goto(`${server.url}/b/${stored.room}#map`);
        await page.waitForTimeout(SETTLE_MS);
        await page.reload();
        const warmMapMs = await mapDrawnAt(page);
        results.push({
          openMs,
          warmReloadMs,
          warmShownMs,
          warmMapMs,
          loadedFromCacheMs: marks.loadedFromCache,
          syncedWithServerMs: marks.syncedWithServer,
          copyMarks: marks.copyMarks,
        });
      } finally {
        await page.context().close();
      }
    }
    return {
      available: true,
      trials: results,
      medianOpenMs: percentile(results.map((t) => t.openMs), 50),
      medianWarmReloadMs: percentile(results.map((t) => t.warmReloadMs), 50),
      medianWarmShownMs: percentile(results.map((t) => t.warmShownMs), 50),
      medianWarmMapMs: percentile(results.map((t) => t.warmMapMs), 50),
    };
  } finally {
    await browser?.close();
    await server.stop();
  }
}
