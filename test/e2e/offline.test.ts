import fs from 'node:fs/promises';
import { listPartners, validateBoardDocument, type BoardId } from '@placeboard/board';
import { SESSION_COOKIE } from '@placeboard/server';
import type { Browser, Page, WebSocketRoute } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { violationsOn } from '../helpers/axe.js';
import { launchChromium, openBoardPage, openPage } from '../helpers/browser.js';
import { addMember, createBoardViaApi, createShareLink, ownerFetch, startTestServer, type TestServer } from '../helpers/server.js';
import { holdStoreCalls } from '../helpers/stored.js';
import { waitUntil } from '../helpers/wait.js';
import * as Y from 'yjs';

/**
 * A page whose sync socket (`/sync/…`) can be cut and blocked while the rest of the site still answers: the way a
 * flaky network or a proxy that drops WebSockets looks to the app. (The server itself must stay up: it serves the
 * page and the session, and there is no service worker.) `context.setOffline` does not close an open WebSocket,
 * so the socket is routed through Playwright instead.
 */
interface SwitchablePage {
  page: Page;
  /** Closes the open sync socket (both ends, as a dropped connection) and refuses new ones until `connect()`. */
  disconnect(): Promise<void>;
  /** Lets sync sockets through again; the provider's own retry reconnects. */
  connect(): void;
}

async function openSwitchableBoardPage(browser: Browser, server: TestServer, boardId: string, name: string, role: 'editor' | 'viewer'): Promise<SwitchablePage> {
  const auth = await addMember(server, boardId, name, role);
  const page = await openPage(browser, { url: server.url, auth });
  const { disconnect, connect } = await routeSyncSockets(page);
  await page.goto(`${server.url}/b/${boardId}`);
  await page.locator('[data-testid="board-view"][data-synced="true"]').waitFor();
  return { page, disconnect, connect };
}

/** Routes the page's sync sockets through Playwright, so that they can be cut (see {@link SwitchablePage}). */
async function routeSyncSockets(page: Page): Promise<Omit<SwitchablePage, 'page'>> {
  let blocked = false;
  const open = new Set<WebSocketRoute>();
  await page.context().routeWebSocket(/\/sync\//, (ws) => {
    if (blocked) {
      void ws.close({ code: 4500, reason: 'offline (test)' });
      return;
    }
    ws.connectToServer();
    open.add(ws);
    ws.onClose(() => open.delete(ws));
  });
  return {
    async disconnect() {
      blocked = true;
      for (const ws of [...open]) await ws.close({ code: 4500, reason: 'offline (test)' });
      open.clear();
    },
    connect() {
      blocked = false;
    },
  };
}

/** The part of the web app's test handle (`window.__placeboard`, web/src/hooks/use-board-doc.ts) read here. */
type TestWindow = {
  __placeboard?: { doc: import('yjs').Doc; provider: import('y-websocket').WebsocketProvider; loadedFromCache?: number };
};

/** Names of the IndexedDB databases of this page's origin that hold board copies. */
function boardCopies(page: Page): Promise<string[]> {
  return page.evaluate(async () => (await indexedDB.databases()).flatMap((db) => (db.name?.startsWith('placeboard:') ? [db.name] : [])));
}

/** How many updates (rows) the board's copy in this page's browser holds (-1: no copy). */
function copyRows(page: Page, boardId: string): Promise<number> {
  return page.evaluate(
    (name) =>
      new Promise<number>((resolve) => {
        const request = indexedDB.open(name);
        request.onupgradeneeded = () => request.transaction?.abort();
        request.onerror = () => resolve(-1);
        request.onsuccess = () => {
          const db = request.result;
          const count = db.transaction('updates').objectStore('updates').count();
          count.onsuccess = () => {
            db.close();
            resolve(count.result);
          };
        };
      }),
    `placeboard:${boardId}`,
  );
}

function status(page: Page) {
  return page.getByTestId('connection-status');
}

async function addPartner(page: Page, organisation: string): Promise<void> {
  await page.getByTestId('partner-add-organisation').fill(organisation);
  await page.getByTestId('partner-add-submit').click();
  await waitUntil(async () => (await partnerNames(page)).includes(organisation));
}

/**
 * Opens `boardId` through an editor share link in a fresh browser context, as a guest named "Workshop Guest", and
 * waits for the board to sync. `beforeOpen` runs on the page before it goes to the link (to route its sockets, say).
 */
async function openAsGuest(browser: Browser, server: TestServer, boardId: string, beforeOpen?: (page: Page) => Promise<void>): Promise<Page> {
  const link = await createShareLink(server, boardId, { role: 'editor', label: 'Workshop' });
  const page = await openPage(browser, null);
  await beforeOpen?.(page);
  await page.goto(`${server.url}/s/${link.token}`);
  const synced = page.locator('[data-testid="board-view"][data-synced="true"]');
  await page.locator('[data-testid="name-gate"], [data-testid="board-view"][data-synced="true"]').first().waitFor();
  if (await page.getByTestId('name-gate').count()) {
    await page.getByLabel('Your name').fill('Workshop Guest');
    await page.getByRole('button', { name: 'Continue' }).click();
  }
  await synced.waitFor();
  return page;
}

/** Opens the Partners pane, cuts the sync socket, waits for the page to say it is offline, and adds `organisations`. */
async function addPartnersOffline({ page, disconnect }: SwitchablePage, organisations: string[]): Promise<void> {
  await page.getByTestId('tab-partners').click();
  await disconnect();
  await waitUntil(async () => (await status(page).getAttribute('data-status')) === 'offline');
  for (const organisation of organisations) await addPartner(page, organisation);
}

/** The partners of the board as the server's room holds it. */
async function partnersOnServer(server: TestServer, boardId: string): Promise<ReturnType<typeof listPartners>> {
  const room = await server.rooms.acquire(boardId as BoardId);
  try {
    return listPartners(room!.doc);
  } finally {
    server.rooms.release(room!);
  }
}

async function partnerNames(page: Page): Promise<string[]> {
  return page.getByTestId('partner-field-organisation').evaluateAll((els) => els.map((el) => (el as HTMLTextAreaElement).value ?? el.textContent));
}

describe('offline: the board is kept in the browser, survives a reload, and is sent on reconnect', () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startTestServer();
    browser = await launchChromium(inject('chromiumPath'));
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('counts edits made offline, keeps them through a reload, sends them on reconnect, and forgets all on sign-out', async () => {
    const boardId = await createBoardViaApi(server, 'Offline board');
    const alice = await openSwitchableBoardPage(browser, server, boardId, 'Alice Offline', 'editor');
    const bob = await openBoardPage(browser, server, boardId, 'Bob Online');
    const page = alice.page;
    await waitUntil(async () => (await status(page).textContent()) === 'All changes saved');

    await page.getByTestId('tab-partners').click();
    await bob.getByTestId('tab-partners').click();
    await addPartner(page, 'Online Trust');
    await waitUntil(async () => (await partnerNames(bob)).includes('Online Trust'));

    await alice.disconnect();
    await waitUntil(async () => (await status(page).getAttribute('data-status')) === 'offline');
    expect(await status(page).textContent()).toBe('Offline — no changes waiting to be sent');
    await addPartner(page, 'Offline Council');
    await addPartner(page, 'Offline Hospice');
    await waitUntil(async () => ((await status(page).textContent()) ?? '').includes('2 changes not yet sent'));
    expect(await status(page).getAttribute('data-unsent')).toBe('2');

    // Reload while the sync socket is still refused: the board comes from IndexedDB, edits and count included.
    await page.reload();
    await page.locator('[data-testid="board-view"][data-cached="true"]').waitFor();
    expect(await page.getByTestId('board-view').getAttribute('data-synced')).toBe('false');
    expect(await page.getByTestId('board-title').textContent()).toBe('Offline board');
    await waitUntil(async () => (await partnerNames(page)).length === 3);
    expect((await partnerNames(page)).sort()).toEqual(['Offline Council', 'Offline Hospice', 'Online Trust']);
    await waitUntil(async () => (await status(page).getAttribute('data-status')) === 'offline');
    await waitUntil(async () => ((await status(page).textContent()) ?? '').includes('2 changes not yet sent'));
    // The warm-start time for the benchmarks (no timing is asserted here).
    const loadedFromCache = await page.evaluate(() => (window as unknown as TestWindow).__placeboard?.loadedFromCache);
    expect(typeof loadedFromCache).toBe('number');
    expect(await partnerNames(bob)).toEqual(['Online Trust']);

    // Back online: the provider's retry reconnects, the offline edits go, and the other page gets them.
    alice.connect();
    await page.locator('[data-testid="board-view"][data-synced="true"]').waitFor();
    await waitUntil(async () => (await status(page).textContent()) === 'All changes saved');
    await waitUntil(async () => (await partnerNames(bob)).length === 3);
    const room = (await server.rooms.peek(boardId as BoardId))!;
    const stored = listPartners(room.doc).flatMap((r) => (r.ok ? [r.value.organisation] : []));
    expect(stored.sort()).toEqual(['Offline Council', 'Offline Hospice', 'Online Trust']);

    // Signing out deletes every board copy in this browser.
    expect(await boardCopies(page)).toEqual([`placeboard:${boardId}`]);
    await page.getByTestId('sign-out').click();
    await page.waitForURL(/\/signin/);
    await waitUntil(async () => (await boardCopies(page)).length === 0);
    await bob.context().close();
    await page.context().close();
  });

  it('rewrites the copy as one update that still holds everything, and opens a board from it from within the app', async () => {
    const boardId = await createBoardViaApi(server, 'Compact board');
    const cora = await openSwitchableBoardPage(browser, server, boardId, 'Cora Compact', 'editor');
    const page = cora.page;
    await addPartnersOffline(cora, ['First Practice', 'Second Practice']);
    await waitUntil(async () => (await copyRows(page, boardId)) > 1);

    // A reload loads the rows, then rewrites them as one once the page is idle.
    await page.reload();
    await page.locator('[data-testid="board-view"][data-cached="true"]').waitFor();
    await waitUntil(async () => (await copyRows(page, boardId)) === 1);
    await page.reload();
    await page.locator('[data-testid="board-view"][data-cached="true"]').waitFor();
    expect(await page.getByTestId('board-view').getAttribute('data-synced')).toBe('false');
    await waitUntil(async () => (await partnerNames(page)).length === 2);
    expect((await partnerNames(page)).sort()).toEqual(['First Practice', 'Second Practice']);
    await waitUntil(async () => ((await status(page).textContent()) ?? '').includes('2 changes not yet sent'));

    // Opened again from the board list, still offline: the board comes from the copy.
    await page.locator('.app-header__brand').click();
    await page.getByTestId('board-link').filter({ hasText: 'Compact board' }).click();
    await page.locator('[data-testid="board-view"][data-cached="true"]').waitFor();
    expect(await page.getByTestId('board-view').getAttribute('data-synced')).toBe('false');
    expect(await page.getByTestId('board-title').textContent()).toBe('Compact board');
    await page.getByTestId('tab-partners').click();
    await waitUntil(async () => (await partnerNames(page)).length === 2);

    // Back online, the offline edits reach the server.
    cora.connect();
    await page.locator('[data-testid="board-view"][data-synced="true"]').waitFor();
    await waitUntil(async () => (await status(page).textContent()) === 'All changes saved');
    await waitUntil(async () => {
      const room = await server.rooms.peek(boardId as BoardId);
      return room !== undefined && listPartners(room.doc).length === 2;
    });
    await page.context().close();
  });

  it('an edit the server refuses is thrown away with the browser copy, and a reload does not bring it back', async () => {
    const boardId = await createBoardViaApi(server, 'Refusal board');
    const viewer = await openSwitchableBoardPage(browser, server, boardId, 'Vera Viewer', 'viewer');
    const page = viewer.page;
    await page.locator('[data-testid="board-view"][data-cached="false"]').waitFor();
    // The viewer's UI offers no edit; a change made straight to the doc stands for one that slipped through.
    await page.evaluate(() => (window as unknown as TestWindow).__placeboard!.doc.getMap('meta').set('title', 'Refused title'));
    await page.getByTestId('access-notice').waitFor();
    await page.locator('[data-testid="board-view"][data-synced="true"]').waitFor();
    expect(await page.getByTestId('board-title').textContent()).toBe('Refusal board');
    // Give the fresh copy the server's board, then reload with the socket refused: only the copy can answer.
    await waitUntil(async () => (await boardCopies(page)).includes(`placeboard:${boardId}`));
    await viewer.disconnect();
    await page.reload();
    await page.locator('[data-testid="board-view"][data-cached="true"]').waitFor();
    expect(await page.getByTestId('board-title').textContent()).toBe('Refusal board');
    expect(await page.evaluate(() => (window as unknown as TestWindow).__placeboard!.doc.getMap('meta').get('title'))).toBe('Refusal board');
    await page.context().close();
  });

  it('an edit the server cannot apply is thrown away with the browser copy, the person is told, and editing goes on', async () => {
    const boardId = await createBoardViaApi(server, 'Invalid edit board');
    const { page } = await openSwitchableBoardPage(browser, server, boardId, 'Ivan Invalid', 'editor');
    await waitUntil(async () => (await boardCopies(page)).includes(`placeboard:${boardId}`));
    // The app writes only the board's own roots; a change to another stands for a copy that no longer fits the
    // board. The server closes with 4422, after which y-websocket would stay disconnected for good.
    await page.evaluate(() => (window as unknown as TestWindow).__placeboard!.doc.getMap('stray').set('left', 'over'));
    await page.getByTestId('access-notice').getByText(/could not be saved/).waitFor();
    await page.locator('[data-testid="board-view"][data-synced="true"]').waitFor();
    expect(await page.evaluate(() => (window as unknown as TestWindow).__placeboard!.doc.share.has('stray'))).toBe(false);
    // The fresh copy syncs and takes edits again.
    await page.evaluate(() => (window as unknown as TestWindow).__placeboard!.doc.getMap('meta').set('title', 'Renamed after the refusal'));
    await waitUntil(async () => (await server.store.getBoard(boardId as BoardId))?.title === 'Renamed after the refusal');
    await page.reload();
    await page.locator('[data-testid="board-view"][data-synced="true"]').waitFor();
    expect(await page.evaluate(() => (window as unknown as TestWindow).__placeboard!.doc.share.has('stray'))).toBe(false);
    await page.context().close();
  });

  it('edits made offline go with one the server cannot apply, and the person is told how many', async () => {
    const boardId = await createBoardViaApi(server, 'Offline refusal board');
    const olga = await openSwitchableBoardPage(browser, server, boardId, 'Olga Offline', 'editor');
    const { page, connect } = olga;
    await addPartnersOffline(olga, ['Offline Partner One', 'Offline Partner Two']);
    // As in the test above, a change to a root the board does not have stands for one the server cannot apply.
    await page.evaluate(() => (window as unknown as TestWindow).__placeboard!.doc.getMap('stray').set('left', 'over'));
    await waitUntil(async () => (await status(page).getAttribute('data-unsent')) === '3');
    // Back online, the three go to the server in one message, which it refuses whole.
    connect();
    const notice = page.getByTestId('access-notice');
    await notice.getByText(/could not be saved/).waitFor();
    expect(await notice.textContent()).toContain('It was sent with 2 other changes made on this page that had not been saved yet, and all 3 have been undone');
    await page.locator('[data-testid="board-view"][data-synced="true"]').waitFor();
    expect(await partnerNames(page)).toEqual([]);
    expect(await partnersOnServer(server, boardId)).toEqual([]);
    await page.context().close();
  });

  it('edits made offline by someone whose role was lowered meanwhile go, and the page offers them as a file that opens as a board', async () => {
    const boardId = await createBoardViaApi(server, 'Demoted offline board');
    const dora = await openSwitchableBoardPage(browser, server, boardId, 'Dora Demoted', 'editor');
    const { page, connect } = dora;
    await addPartnersOffline(dora, ['Written Offline One', 'Written Offline Two']);
    await waitUntil(async () => (await status(page).getAttribute('data-unsent')) === '2');
    // Meanwhile an owner makes her a viewer: her catch-up is refused whole when she is back.
    const user = (await server.store.getUserByEmail('dora.demoted@example.test'))!;
    const patched = await ownerFetch(server, `/api/boards/${boardId}/members/${user.id}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ role: 'viewer' }),
    });
    expect(patched.status).toBe(200);
    connect();
    const notice = page.getByTestId('access-notice');
    await notice.getByText(/not allowed for your role/).waitFor();
    expect(await notice.textContent()).toContain('all 2 have been undone');
    await page.locator('[data-testid="board-view"][data-synced="true"]').waitFor();
    expect(await partnerNames(page)).toEqual([]);
    // The page reads her access again: it now shows her as a viewer, with no form to add partners.
    await page.locator('[data-testid="board-access"][data-role="viewer"]').getByTestId('view-only-badge').waitFor();
    expect(await page.getByTestId('partner-add-organisation').count()).toBe(0);
    // The page offers what it had as a file: the whole board, with both partners, that import-board takes.
    const link = notice.getByTestId('undone-copy');
    expect(await notice.textContent()).toContain('with the 2 undone changes');
    expect(await violationsOn(page)).toEqual([]);
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    expect(download.suggestedFilename()).toMatch(new RegExp(`^placeboard-${boardId}-undone-\\d{4}-\\d{2}-\\d{2}-\\d{4}\\.yjs$`));
    const saved = new Y.Doc();
    Y.applyUpdate(saved, new Uint8Array(await fs.readFile(await download.path())));
    expect(validateBoardDocument(saved)).toBeUndefined();
    expect(listPartners(saved).flatMap((result) => (result.ok ? [result.value.organisation] : [])).sort()).toEqual(['Written Offline One', 'Written Offline Two']);
    // The server never took them.
    expect(await partnersOnServer(server, boardId)).toEqual([]);
    // Dismissed, the notice and its file go.
    await notice.getByRole('button', { name: 'Dismiss' }).click();
    await waitUntil(async () => (await page.getByTestId('undone-copy').count()) === 0);

    // She opens the file herself, on the Boards page, as a new board of her own: the two partners are on it.
    await page.goto(server.url);
    const openCopy = page.getByTestId('open-copy');
    const upload = { name: download.suggestedFilename(), mimeType: 'application/octet-stream', buffer: await fs.readFile(await download.path()) };
    // A file that is not a board first: she is told, and stays where she is.
    await openCopy.getByTestId('open-copy-file').setInputFiles({ name: 'minutes.yjs', mimeType: 'application/octet-stream', buffer: Buffer.from('minutes of the meeting') });
    await openCopy.getByRole('button', { name: 'Open as a new board' }).click();
    await openCopy.getByRole('alert').getByText('minutes.yjs is not a saved board').waitFor();
    expect(await violationsOn(page)).toEqual([]);
    await openCopy.getByTestId('open-copy-file').setInputFiles(upload);
    await openCopy.getByRole('button', { name: 'Open as a new board' }).click();
    await page.getByTestId('board-title').getByText('Demoted offline board (saved copy)').waitFor();
    const copyId = new URL(page.url()).pathname.split('/').pop()!;
    expect(copyId).not.toBe(boardId);
    await page.locator('[data-testid="board-view"][data-synced="true"]').waitFor();
    await page.locator('[data-testid="board-access"][data-role="owner"]').waitFor();
    await page.getByTestId('tab-partners').click();
    await waitUntil(async () => (await partnerNames(page)).length === 2);
    expect((await partnerNames(page)).sort()).toEqual(['Written Offline One', 'Written Offline Two']);
    // The board they were refused on is as it was.
    expect(await partnersOnServer(server, boardId)).toEqual([]);
    await page.context().close();
  });

  it('an edit larger than the server takes is thrown away, the person is told, and the page does not keep sending it', async () => {
    const boardId = await createBoardViaApi(server, 'Too big board');
    const { page } = await openSwitchableBoardPage(browser, server, boardId, 'Tina Toobig', 'editor');
    // Over MAX_MESSAGE_BYTES (8 MiB): the server closes with 1009, after which y-websocket would send it again and again.
    await page.evaluate(() => (window as unknown as TestWindow).__placeboard!.doc.getMap('meta').set('title', 'x'.repeat(9 * 1024 * 1024)));
    await page.getByTestId('access-notice').getByText(/could not be saved \(larger than the server accepts\)/).waitFor();
    await page.locator('[data-testid="board-view"][data-synced="true"]').waitFor();
    expect(await page.getByTestId('board-title').textContent()).toBe('Too big board');
    await page.evaluate(() => (window as unknown as TestWindow).__placeboard!.doc.getMap('meta').set('title', 'A title that fits'));
    await waitUntil(async () => (await server.store.getBoard(boardId as BoardId))?.title === 'A title that fits');
    await page.context().close();
  });

  it('a socket closed for sending too much at once connects again by itself, and the edits get through', async () => {
    const boardId = await createBoardViaApi(server, 'Burst board');
    // Straight to the server: relayed through Playwright's WebSocket route, the frames could arrive spread out enough
    // for the allowance to refill between them.
    const page = await openBoardPage(browser, server, boardId, 'Bea Burst');
    const codes = await page.evaluateHandle(() => {
      const seen: number[] = [];
      (window as unknown as TestWindow).__placeboard!.provider.on('connection-close', (event: CloseEvent | null) => {
        if (event) seen.push(event.code);
      });
      return seen;
    });
    // Far more separate edits at once than MAX_MESSAGES_PER_SECOND allows (200 a second, bursts of 400): the server
    // closes with 4429.
    await page.evaluate(() => {
      const meta = (window as unknown as TestWindow).__placeboard!.doc.getMap('meta');
      for (let i = 1; i <= 2000; i++) meta.set('title', `Burst ${i}`);
    });
    await waitUntil(async () => (await codes.evaluate((seen) => seen.includes(4429))) === true);
    await page.locator('[data-testid="connection-status"][data-status="connected"][data-unsent="0"]').waitFor();
    await waitUntil(async () => (await server.store.getBoard(boardId as BoardId))?.title === 'Burst 2000');
    await page.context().close();
  });

  it('a member whose access is withdrawn loses the browser copy of the board', async () => {
    const boardId = await createBoardViaApi(server, 'Withdrawn board');
    const rita = await openSwitchableBoardPage(browser, server, boardId, 'Rita Removed', 'editor');
    const page = rita.page;
    await waitUntil(async () => (await boardCopies(page)).includes(`placeboard:${boardId}`));
    const user = (await server.store.getUserByEmail('rita.removed@example.test'))!;
    expect((await ownerFetch(server, `/api/boards/${boardId}/members/${user.id}`, { method: 'DELETE' })).status).toBe(204);
    await page.getByTestId('board-no-access').waitFor();
    await waitUntil(async () => (await boardCopies(page)).length === 0);
    await page.context().close();
  });

  it("when someone else signs in on the same browser, the last account's copies go and its unsent edits are not sent as theirs", async () => {
    const boardId = await createBoardViaApi(server, 'Shared laptop board');
    const otherBoardId = await createBoardViaApi(server, 'Other board');
    const alice = await openSwitchableBoardPage(browser, server, boardId, 'Alice Shared', 'editor');
    const page = alice.page;
    // Alice has kept two boards in this browser, and has an edit on one that the server has not had.
    await addMember(server, otherBoardId, 'Alice Shared', 'editor');
    await page.goto(`${server.url}/b/${otherBoardId}`);
    await page.locator('[data-testid="board-view"][data-synced="true"]').waitFor();
    await page.goto(`${server.url}/b/${boardId}`);
    await page.locator('[data-testid="board-view"][data-synced="true"]').waitFor();
    await waitUntil(async () => (await boardCopies(page)).length === 2);
    await addPartnersOffline(alice, ['Alice Unsent Partner']);
    await waitUntil(async () => (await status(page).getAttribute('data-unsent')) === '1');

    // Her session ends without signing out (it expired, or the laptop was handed on), and Bob signs in here.
    const bob = await addMember(server, boardId, 'Bob Shared', 'editor');
    await page.context().clearCookies();
    await page.context().addCookies([{ name: SESSION_COOKIE, value: bob.token, url: server.url, httpOnly: true, sameSite: 'Lax' }]);
    alice.connect();
    await page.reload();
    await page.locator('[data-testid="board-view"][data-synced="true"]').waitFor();
    await waitUntil(async () => (await status(page).textContent()) === 'All changes saved');

    // Bob's board is the server's, without Alice's edit, which did not reach the server under his name either.
    await page.getByTestId('tab-partners').click();
    expect(await partnerNames(page)).toEqual([]);
    expect(await status(page).getAttribute('data-unsent')).toBe('0');
    const room = (await server.rooms.peek(boardId as BoardId))!;
    expect(listPartners(room.doc)).toEqual([]);
    // Only the board Bob opened is kept now, and it is his copy; Alice's other board is gone from the browser.
    await waitUntil(async () => (await boardCopies(page)).length === 1);
    expect(await boardCopies(page)).toEqual([`placeboard:${boardId}`]);
    await page.context().close();
  });

  it('a share-link visitor, who keeps nothing in the browser, is asked before leaving the page, or the board by a link or by Back, with edits not yet sent', async () => {
    const boardId = await createBoardViaApi(server, 'Workshop board');
    let sockets!: Omit<SwitchablePage, 'page'>;
    const page = await openAsGuest(browser, server, boardId, async (opening) => {
      sockets = await routeSyncSockets(opening);
    });
    await page.getByTestId('tab-partners').click();
    // Leaving while everything is with the server asks nothing: a reload just happens.
    const asked: string[] = [];
    page.on('dialog', (dialog) => {
      asked.push(dialog.type());
      void dialog.dismiss();
    });
    await page.reload();
    await page.locator('[data-testid="board-view"][data-synced="true"]').waitFor();
    expect(asked).toEqual([]);
    // Nor does going to another page of the app and coming back by its link (so Back has a page of the app to go to).
    await page.getByTestId('versions-link').click();
    await page.waitForURL(/\/versions$/);
    await page.getByRole('link', { name: 'Back to the board' }).click();
    await page.locator('[data-testid="board-view"][data-synced="true"]').waitFor();
    await page.getByTestId('tab-partners').click();
    expect(asked).toEqual([]);

    await sockets.disconnect();
    await waitUntil(async () => (await status(page).getAttribute('data-status')) === 'offline');
    await addPartner(page, 'Offline Partner');
    await waitUntil(async () => (await status(page).textContent())?.includes('keep this page open') ?? false);
    // A link to another page of the app asks too (Cancel is chosen here), and the board stays.
    const boardAddress = page.url();
    await page.getByTestId('versions-link').click();
    await waitUntil(() => asked.length === 1);
    expect(asked).toEqual(['confirm']);
    expect(page.url()).toBe(boardAddress);
    expect(await page.getByTestId('board-view').count()).toBe(1);
    // So does the browser's Back button, which would go to the versions page (Cancel again): the board stays, and
    // the address is the board's again.
    await page.evaluate(() => window.history.back());
    await waitUntil(() => asked.length === 2);
    expect(asked).toEqual(['confirm', 'confirm']);
    await waitUntil(() => page.url() === boardAddress);
    expect(await page.getByTestId('board-view').count()).toBe(1);
    expect(await partnerNames(page)).toEqual(['Offline Partner']);
    // The page asks before it goes (Stay is chosen here): the edit is only in this page.
    await page.close({ runBeforeUnload: true });
    await waitUntil(() => asked.length === 3);
    expect(asked).toEqual(['confirm', 'confirm', 'beforeunload']);
    expect(page.isClosed()).toBe(false);

    // Once the edit has reached the server, the page goes without asking.
    sockets.connect();
    await waitUntil(async () => (await status(page).textContent()) === 'All changes saved');
    await page.evaluate(() => window.history.back());
    await page.waitForURL(/\/versions$/);
    await page.close({ runBeforeUnload: true });
    await waitUntil(() => page.isClosed());
    expect(asked).toEqual(['confirm', 'confirm', 'beforeunload']);
    expect((await partnersOnServer(server, boardId)).map((r) => (r.ok ? r.value.organisation : null))).toEqual(['Offline Partner']);
    await page.context().close();
  });

  it('an edit made online reads as sent only once the server has stored it, and until then the page asks before it is closed', async () => {
    const boardId = await createBoardViaApi(server, 'Acknowledged board');
    const page = await openAsGuest(browser, server, boardId);
    await waitUntil(async () => (await status(page).textContent()) === 'All changes saved');
    await page.getByTestId('tab-partners').click();
    // The server's store, with its appends held back until the test lets them through: a slow disk.
    const appends = holdStoreCalls(server.store, 'appendUpdates');
    const asked: string[] = [];
    page.on('dialog', (dialog) => {
      asked.push(dialog.type());
      void dialog.dismiss();
    });
    try {
      await addPartner(page, 'Slow Disk Partner');
      // The status says so once the edit has waited a while (at once, every keystroke would flicker it).
      await waitUntil(async () => (await status(page).textContent()) === 'Connected, sending 1 change…');
      expect(await status(page).getAttribute('data-unsent')).toBe('1');
      // Only this page holds the edit until the server has stored it: closing asks (Stay is chosen here).
      await page.close({ runBeforeUnload: true });
      await waitUntil(() => asked.length === 1);
      expect(asked).toEqual(['beforeunload']);
    } finally {
      appends.release();
    }
    await waitUntil(async () => (await status(page).textContent()) === 'All changes saved');
    expect((await partnersOnServer(server, boardId)).map((r) => (r.ok ? r.value.organisation : null))).toEqual(['Slow Disk Partner']);
    await page.close({ runBeforeUnload: true });
    await waitUntil(() => page.isClosed());
    expect(asked).toEqual(['beforeunload']);
    await page.context().close();
  });

  it('a share-link visitor keeps nothing in the browser', async () => {
    const boardId = await createBoardViaApi(server, 'Link board');
    const page = await openAsGuest(browser, server, boardId);
    await page.getByTestId('tab-partners').click();
    await addPartner(page, 'Link Partner');
    expect(await status(page).textContent()).toBe('All changes saved');
    expect(await boardCopies(page)).toEqual([]);
    await page.context().close();
  });
});
