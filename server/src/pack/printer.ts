import fs from 'node:fs';
import type { Browser, BrowserContext } from 'playwright-core';
import { errorMessage, type Logger } from '../log.js';
import { escapeHtml } from './html.js';

/** Flags that keep headless Chromium working on a server: no GPU, no sandbox (containers), and no calls home. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Thrown when there is no Chromium to print with (missing, failing to start, or the server is closing). */
export class PrinterUnavailable extends Error {
  override name = 'PrinterUnavailable';
}

/** Renders self-contained HTML pages with Chromium: as a PDF, or one element of them as a PNG. */
export interface PagePrinter {
  /** The page as an A4 landscape PDF with backgrounds, `footer` (plain text) and page numbers at the foot of every page. */
  pdf(html: string, options?: { footer?: string }): Promise<Uint8Array>;
  /** A PNG of the first element matching `selector`, laid out in a window `width` pixels wide. */
  png(html: string, options: { selector: string; width: number; height?: number }): Promise<Uint8Array>;
  /** Closes the browser, if one was started. Later calls throw {@link PrinterUnavailable}. */
  close(): Promise<void>;
}

/** Options of {@link createPagePrinter}. */
export interface PagePrinterOptions {
  /** The Chromium executable (config `CHROMIUM_PATH`). */
  executablePath: string;
  log?: Logger;
  /** Pages rendered at once; more wait their turn. @default 2 */
  concurrency?: number;
  /** Longest one step of a render (load, print, screenshot) may take before it fails. @default 60000 */
  stepTimeoutMs?: number;
}

/** True for the only URLs a pack page may load: its own data: images and about:blank. */
function isLocalUrl(url: string): boolean {
  return url.startsWith('data:') || url.startsWith('about:');
}

/**
 * A {@link PagePrinter} that starts Chromium (through playwright-core, never a downloaded browser) on first use and
 * keeps it for the next request; if it crashes, the next request starts another. Each page gets a fresh context
 * with JavaScript off and the network offline, and every request it makes except data: and about: is aborted, so a
 * pack can never fetch anything.
 */
export function createPagePrinter(options: PagePrinterOptions): PagePrinter {
  const { executablePath, log } = options;
  const stepTimeoutMs = options.stepTimeoutMs ?? 60_000;
  let browser: Promise<Browser> | undefined;
  let closed = false;
  let running = 0;
  const waiting: (() => void)[] = [];

  function launch(): Promise<Browser> {
    if (closed) return Promise.reject(new PrinterUnavailable('The server is shutting down.'));
    if (browser) return browser;
    if (!fs.existsSync(executablePath)) {
      return Promise.reject(new PrinterUnavailable(`Chromium was not found at ${executablePath} (set CHROMIUM_PATH).`));
    }
    // playwright-core is loaded on the first print, not at start: it adds about 60 MiB to every server process.
    const started: Promise<Browser> = import('playwright-core')
      .then(({ chromium }) => chromium.launch({ executablePath, args: CHROMIUM_ARGS, headless: true }))
      .then(
        (b) => {
          b.on('disconnected', () => {
            if (browser === started) browser = undefined;
          });
          return b;
        },
        (error: unknown) => {
          if (browser === started) browser = undefined;
          log?.error('could not start Chromium for printing', { executablePath, error: errorMessage(error) });
          throw new PrinterUnavailable(`Chromium could not be started: ${errorMessage(error).split('\n')[0]}`);
        },
      );
    browser = started;
    return started;
  }

  async function withPage<T>(viewport: { width: number; height: number }, work: (page: Awaited<ReturnType<BrowserContext['newPage']>>) => Promise<T>): Promise<T> {
    if (running >= (options.concurrency ?? 2)) await new Promise<void>((resolve) => waiting.push(resolve));
    running += 1;
    let context: BrowserContext | undefined;
    try {
      const b = await launch();
      context = await b.newContext({ viewport, deviceScaleFactor: 1, javaScriptEnabled: false, offline: true, colorScheme: 'light' });
      const page = await context.newPage();
      page.setDefaultTimeout(stepTimeoutMs);
      let blocked = 0;
      await page.route('**', (route) => {
        if (isLocalUrl(route.request().url())) return route.continue();
        blocked += 1;
        return route.abort('blockedbyclient');
      });
      const result = await work(page);
      if (blocked > 0) log?.warn('blocked network requests from a printed page', { blocked });
      return result;
    } finally {
      await context?.close().catch(() => undefined);
      running -= 1;
      waiting.shift()?.();
    }
  }

  return {
    pdf(html, { footer = '' } = {}) {
      return withPage({ width: 1123, height: 794 }, async (page) => {
        await page.setContent(html, { waitUntil: 'load' });
        const footerTemplate =
          `<div style="width:100%;margin:0 12mm;font-family:Arial,'Liberation Sans',sans-serif;font-size:8pt;color:#4c6272;display:flex;justify-content:space-between">` +
          `<span>${escapeHtml(footer)}</span><span>Page <span class="pageNumber"></span> of <span class="totalPages"></span></span></div>`;
        const pdf = await page.pdf({
          format: 'A4',
          landscape: true,
          printBackground: true,
          displayHeaderFooter: true,
          headerTemplate: '<span></span>',
          footerTemplate,
          margin: { top: '12mm', right: '12mm', bottom: '14mm', left: '12mm' },
          // Tagged, so that a screen reader reads the pack's headings, lists and tables as such (public sector bodies
          // must publish accessible documents), with a bookmark for each heading to move through it.
          tagged: true,
          outline: true,
        });
        return new Uint8Array(pdf);
      });
    },

    png(html, { selector, width, height = 800 }) {
      return withPage({ width, height }, async (page) => {
        await page.setContent(html, { waitUntil: 'load' });
        const png = await page.locator(selector).first().screenshot({ type: 'png', animations: 'disabled' });
        return new Uint8Array(png);
      });
    },

    async close() {
      closed = true;
      const started = browser;
      browser = undefined;
      if (!started) return;
      const b = await started.catch(() => undefined);
      await b?.close().catch(() => undefined);
    },
  };
}
