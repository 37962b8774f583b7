import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import {
  DEMO_BOARD_TITLE,
  addCanvasItem,
  addMapView,
  addPartner,
  listLayers,
  listOutcomes,
  type BoardId,
} from '@placeboard/board';
import { createPagePrinter } from '@placeboard/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { violationsOn } from '../helpers/axe.js';
import { launchChromium } from '../helpers/browser.js';
import { connectClient, type SyncClient } from '../helpers/clients.js';
import { ensurePoppler, pdfInfo, pdfOutline, pdfPageCount, pdfPagesToPng, pdfText } from '../helpers/poppler.js';
import { REPO_ROOT, addMember, createBoardViaApi, ownerFetch, startTestServer, tempDir, type TestServer } from '../helpers/server.js';
import { waitUntil } from '../helpers/wait.js';


const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const VIEW_NAME = 'Deprivation and services, North Trafford';
const FRAME_NAME = 'What we will change first';

/** Width and height from a PNG's IHDR chunk, after checking its signature. */
function pngSize(bytes: Uint8Array): { width: number; height: number } {
  expect([...bytes.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
  expect(Buffer.from(bytes.subarray(12, 16)).toString('latin1')).toBe('IHDR');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

/** Runs `pnpm cli <args>` on the store in `dataDir` without blocking this process (the server runs in it). */
function cli(dataDir: string, ...args: string[]) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(REPO_ROOT, 'scripts/cli.mjs'), ...args], {
      cwd: dataDir,
      env: { ...process.env, PLACEBOARD_URL: '', DATA_DIR: dataDir },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('board pack', () => {
  let server: TestServer;
  let boardId: string;
  let client: SyncClient;
  let viewId: string;
  let frameId: string;
  let outcomeTitles: string[];
  let outcomeIds: string[];
  const work = tempDir('placeboard-pack-');

  beforeAll(async () => {
    ensurePoppler();
    server = await startTestServer({ SEED_DEMO: 'true' });
    const boards = (await (await ownerFetch(server, '/api/boards')).json()) as { id: string; title: string }[];
    const demo = boards.find((b) => b.title === DEMO_BOARD_TITLE);
    if (!demo) throw new Error('no demo board');
    boardId = demo.id;

    // Save a map view and frame the outcome cards, as a person on the board would.
    client = await connectClient(server, boardId);
    const author = { name: 'Test Owner' };
    const layerIds = listLayers(client.doc).flatMap((r) => (r.ok ? [r.value.id] : []));
    viewId = addMapView(client.doc, { name: VIEW_NAME, center: [-2.3, 53.45], zoom: 12, visibleLayerIds: layerIds }, author);
    frameId = addCanvasItem(client.doc, { kind: 'frame', x: 20, y: 10, w: 960, h: 400, text: FRAME_NAME }, author);
    outcomeTitles = listOutcomes(client.doc).map((o) => o.title);
    outcomeIds = listOutcomes(client.doc).map((o) => o.id);
    expect(outcomeTitles.length).toBeGreaterThanOrEqual(3);
    const room = await server.rooms.peek(boardId as BoardId);
    await waitUntil(() => Boolean(room?.doc.getMap('canvas').has(frameId)) && Boolean((room?.doc.getMap('meta').get('mapViews') as { has(k: string): boolean } | undefined)?.has(viewId)));
    await room?.idle();
  });

  afterAll(async () => {
    client?.destroy();
    await server?.close();
  });

  it('pack.html is the printable page, with the board title, the map and every outcome', async () => {
    const response = await ownerFetch(server, `/api/boards/${boardId}/pack.html`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await response.text();
    expect(html).toMatch(/^<!DOCTYPE html><html lang="en-GB">/);
    expect(html).toContain(`<h1 id="pack-title">${DEMO_BOARD_TITLE}</h1>`);
    for (const title of outcomeTitles) expect(html, title).toContain(title);
    expect(html).toContain(`<h3>${VIEW_NAME}</h3>`);
    expect(html).toMatch(/<svg [^>]*class="map-svg" role="img"/);
    expect(html).toContain('Not yet put forward for agreement');
    // The demo's published community knowledge is in it; what waits for a moderator is only counted.
    expect(html).toContain('<td>Example: the lunch club at the community centre');
    expect(html).not.toContain('Example: the last bus');
    expect(html).toContain('2 more contributions are waiting for a moderator and are not in this pack.');
  });

  it('pack.html passes the WCAG 2.2 AA checks of axe-core', async () => {
    const html = await (await ownerFetch(server, `/api/boards/${boardId}/pack.html`)).text();
    const browser = await launchChromium(process.env.CHROMIUM_PATH || '/usr/bin/chromium');
    try {
      // The pack's own policy forbids every script: bypass it for the checker only.
      const context = await browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      await page.setContent(html, { waitUntil: 'load' });
      const violations = await violationsOn(page);
      expect(violations).toEqual([]);
    } finally {
      await browser.close();
    }
  });

  it('pack.pdf is an A4 landscape PDF with the board title and every outcome, whose pages render', async () => {
    const response = await ownerFetch(server, `/api/boards/${boardId}/pack.pdf`);
    expect(response.status, await response.clone().text().then((t) => t.slice(0, 200))).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename=".+\.pdf"$/);
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect(Buffer.from(bytes.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
    const file = path.join(work, 'pack.pdf');
    fs.writeFileSync(file, bytes);

    const text = pdfText(file);
    expect(text).toContain(DEMO_BOARD_TITLE);
    for (const title of outcomeTitles) expect(text, title).toContain(title);
    expect(text).toContain(VIEW_NAME);
    expect(text).toMatch(/Page 1 of \d+/);
    // Tagged, for screen readers, and with a bookmark for each section.
    expect(pdfInfo(file).get('Tagged')).toBe('yes');
    const outline = pdfOutline(file);
    expect(outline[0]).toBe(DEMO_BOARD_TITLE);
    const sections = ['Purpose', 'Maps', 'Community knowledge', 'Outcome canvas', 'Outcomes and agreement', 'Partners and accountability', 'Governance'];
    expect(outline.filter((title) => sections.includes(title))).toEqual(sections);
    expect(outline).toContain(VIEW_NAME);

    const pages = pdfPageCount(file);
    expect(pages).toBeGreaterThanOrEqual(8); // cover and seven sections, each on its own page
    const pngs = pdfPagesToPng(file, path.join(work, 'page'), { dpi: 50 });
    expect(pngs).toHaveLength(pages);
    for (const png of pngs) {
      const { width, height } = pngSize(new Uint8Array(fs.readFileSync(png)));
      expect(width).toBeGreaterThan(height); // landscape
      expect(Math.round((width / height) * 100) / 100).toBeCloseTo(297 / 210, 1); // A4
    }
    // Keep the page with the map, small, for people to look at.
    const mapPage = Array.from({ length: pages }, (_, i) => i + 1).find((n) => pdfText(file, { first: n, last: n }).includes(VIEW_NAME));
    expect(mapPage).toBeDefined();
    // Kept for people to look at (test/artifacts is not committed, and does not exist on a fresh clone).
    const artifacts = path.join(REPO_ROOT, 'test/artifacts');
    fs.mkdirSync(artifacts, { recursive: true });
    fs.copyFileSync(pngs[(mapPage as number) - 1] as string, path.join(artifacts, 'board-pack-map.png'));
  });

  it('a saved map view and a canvas frame are PNGs of the expected size', async () => {
    const view = await ownerFetch(server, `/api/boards/${boardId}/views/${viewId}.png`);
    expect(view.status).toBe(200);
    expect(view.headers.get('content-type')).toBe('image/png');
    const viewSize = pngSize(new Uint8Array(await view.arrayBuffer()));
    expect(viewSize.width).toBe(1320); // MAP_PNG_WIDTH: map, key and credits
    expect(viewSize.height).toBeGreaterThan(640); // the 640-pixel map and its caption

    const frame = await ownerFetch(server, `/api/boards/${boardId}/frames/${frameId}.png`);
    expect(frame.status).toBe(200);
    expect(frame.headers.get('content-type')).toBe('image/png');
    expect(pngSize(new Uint8Array(await frame.arrayBuffer()))).toEqual({ width: 960, height: 400 });

    // Unknown ids, another extension, and ids of things that are not a view or a frame.
    for (const missing of ['views/nope.png', 'frames/nope.png', `views/${viewId}.jpg`, `frames/${viewId}.png`, `frames/${outcomeIds[0]}.png`, `views/${frameId}.png`]) {
      expect((await ownerFetch(server, `/api/boards/${boardId}/${missing}`)).status, missing).toBe(404);
    }
  });

  it('a viewer may read and download the pack; anonymous callers may not', async () => {
    const viewer = await addMember(server, boardId, 'Val Viewer', 'viewer');
    const html = await fetch(`${server.url}/api/boards/${boardId}/pack.html`, { headers: viewer.headers });
    expect(html.status).toBe(200);
    const pdf = await fetch(`${server.url}/api/boards/${boardId}/pack.pdf`, { headers: viewer.headers });
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-disposition')).toMatch(/^attachment;/);
    expect(Buffer.from(new Uint8Array(await pdf.arrayBuffer()).subarray(0, 5)).toString('latin1')).toBe('%PDF-');

    for (const route of ['pack.html', 'pack.pdf', `views/${viewId}.png`, `frames/${frameId}.png`]) {
      const anonymous = await fetch(`${server.url}/api/boards/${boardId}/${route}`);
      expect(anonymous.status, route).toBe(401);
      expect(((await anonymous.json()) as { error: { code: string } }).error.code).toBe('unauthenticated');
    }
  });

  it('a version that does not exist is a 404', async () => {
    for (const route of ['pack.html', 'pack.pdf', `views/${viewId}.png`]) {
      const response = await ownerFetch(server, `/api/boards/${boardId}/${route}?version=99`);
      expect(response.status, route).toBe(404);
      expect(await response.json()).toEqual({ error: { code: 'not_found', message: 'No such version' } });
    }
  });

  it('a saved version makes its own pack: the board as saved, with its name and the sign-off table', async () => {
    const organisation = 'Trafford Council adult social care';
    const partnerId = addPartner(client.doc, { organisation, sector: 'local authority' }, { name: 'Test Owner' });
    await waitUntil(async () => (await (await ownerFetch(server, `/api/boards/${boardId}/pack.html`)).text()).includes(organisation));
    const lead = await addMember(server, boardId, 'Pat Partnerlead', 'editor', partnerId);
    const post = (auth: { headers: Record<string, string> }, method: string, route: string, body?: unknown) =>
      fetch(`${server.url}/api/boards/${boardId}${route}`, {
        method,
        headers: { ...auth.headers, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    const saved = await post(server.owner, 'POST', '/versions', { name: 'For the March boards', note: 'as agreed on the day' });
    expect(saved.status).toBe(201);
    const { version } = (await saved.json()) as { version: { number: number } };
    expect((await post(server.owner, 'POST', `/versions/${version.number}/propose`)).status).toBe(200);
    expect((await post(lead, 'PUT', `/versions/${version.number}/signoff`, { state: 'concerns', comment: 'Needs the falls data' })).status).toBe(200);
    // A change after saving is in the current pack, not in the version's.
    const later = 'An outcome added after the version was saved';
    addCanvasItem(client.doc, { kind: 'outcome', x: 0, y: 900, text: later }, { name: 'Test Owner' });
    await waitUntil(async () => (await (await ownerFetch(server, `/api/boards/${boardId}/pack.html`)).text()).includes(later));

    const html = await (await ownerFetch(server, `/api/boards/${boardId}/pack.html?version=${version.number}`)).text();
    expect(html).toContain('For the March boards');
    expect(html).toContain(organisation);
    expect(html).toContain('Needs the falls data');
    expect(html).toContain('Pat Partnerlead');
    expect(html).not.toContain(later);

    const out = path.join(work, 'version-pack.pdf');
    const result = await cli(server.dataDir, 'pack', boardId, out, '--version', String(version.number));
    expect(result.code, result.stderr).toBe(0);
    expect(pdfText(out)).toContain('For the March boards');
  });

  it('pnpm cli pack writes the pack as a PDF from the store', async () => {
    const out = path.join(work, 'cli-pack.pdf');
    const result = await cli(server.dataDir, 'pack', boardId, out);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(`Wrote ${out}`);
    const text = pdfText(out);
    expect(text).toContain(DEMO_BOARD_TITLE);
    expect(text).toContain(VIEW_NAME);
    for (const title of outcomeTitles) expect(text, title).toContain(title);

    const versioned = await cli(server.dataDir, 'pack', boardId, path.join(work, 'v.pdf'), '--version', '3');
    expect(versioned.code).toBe(1);
    expect(versioned.stderr).toContain('No such version');
    expect(fs.existsSync(path.join(work, 'v.pdf'))).toBe(false);
  });
});

describe('board pack without Chromium', () => {
  let server: TestServer;
  let boardId: string;

  beforeAll(async () => {
    server = await startTestServer({ CHROMIUM_PATH: path.join(tempDir('placeboard-no-chromium-'), 'chromium') });
    boardId = await createBoardViaApi(server, 'Sale and Altrincham');
  });

  afterAll(async () => {
    await server?.close();
  });

  it('answers 503 pdf_unavailable for the PDF, still serves the HTML, and stays up', async () => {
    const pdf = await ownerFetch(server, `/api/boards/${boardId}/pack.pdf`);
    expect(pdf.status).toBe(503);
    const body = (await pdf.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('pdf_unavailable');
    expect(body.error.message).toContain('Chromium was not found');
    expect((await ownerFetch(server, `/api/boards/${boardId}/pack.html`)).status).toBe(200);
    expect((await ownerFetch(server, '/api/health')).status).toBe(200);
    expect((await ownerFetch(server, `/api/boards/${boardId}/pack.pdf`)).status).toBe(503);
  });
});

describe('the page printer', () => {
  it('fetches nothing, whatever the page asks for', async () => {
    let requests = 0;
    const target = http.createServer((_req, res) => {
      requests += 1;
      res.end('body { background: red }');
    });
    await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(target.address() as AddressInfo).port}`;
    const printer = createPagePrinter({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium' });
    try {
      // No Content-Security-Policy here: the printer itself must block these.
      const html =
        `<!DOCTYPE html><html lang="en-GB"><head><title>t</title><link rel="stylesheet" href="${base}/a.css">` +
        `<style>@import url("${base}/b.css"); p { background: url("${base}/c.png") }</style></head>` +
        `<body><p>Hello</p><img src="${base}/d.png" alt=""><iframe src="${base}/e.html" title="e"></iframe>` +
        `<script src="${base}/f.js"></script><svg><image href="${base}/g.png" width="10" height="10"/></svg></body></html>`;
      const pdf = await printer.pdf(html);
      expect(Buffer.from(pdf.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
      const png = await printer.png(html, { selector: 'p', width: 400 });
      expect([...png.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
      expect(requests).toBe(0);
    } finally {
      await printer.close();
      await new Promise<void>((resolve) => target.close(() => resolve()));
    }
  });
});
