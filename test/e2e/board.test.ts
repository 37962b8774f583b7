import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium, openPage } from '../helpers/browser.js';
import { connectClient } from '../helpers/clients.js';
import { REPO_ROOT, TEST_OWNER, addMember, ownerFetch, startTestServer, type TestServer } from '../helpers/server.js';
import { waitUntil } from '../helpers/wait.js';

const ARTIFACTS = path.join(REPO_ROOT, 'test', 'artifacts');
const DEMO_TITLE = 'Trafford neighbourhood plan (demo)';

/** Everything a page asked for that was not on this machine. */
function watchRequests(page: Page, outside: string[]): void {
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (!['data:', 'blob:'].includes(url.protocol) && !['127.0.0.1', 'localhost'].includes(url.hostname)) {
      outside.push(request.url());
    }
  });
}

async function textOf(page: Page, selector: string): Promise<string[]> {
  return page.locator(selector).allTextContents();
}

/**
 * Alice is the server's owner on a browser that has never signed in: she signs in through the sign-in form. Bob is
 * an editor of the demo board with his own account, already signed in. Names in presence come from the accounts.
 */
describe('two people on the demo board in Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  let alice: Page;
  let bob: Page;
  let boardId: string;
  let demoBoardId: string;
  const outside: string[] = [];

  beforeAll(async () => {
    server = await startTestServer({ SEED_DEMO: 'true' });
    const boards = (await (await ownerFetch(server, '/api/boards')).json()) as { id: string; title: string }[];
    demoBoardId = boards.find((b) => b.title === DEMO_TITLE)!.id;
    browser = await launchChromium(inject('chromiumPath'));
    alice = await openPage(browser, null, { width: 1280, height: 860 });
    bob = await openPage(browser, { url: server.url, auth: await addMember(server, demoBoardId, 'Bob', 'editor') }, { width: 1280, height: 860 });
    watchRequests(alice, outside);
    watchRequests(bob, outside);
    fs.mkdirSync(ARTIFACTS, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('a visitor who is not signed in is sent to sign in, signs in, sees the demo board in the list and opens it', async () => {
    await alice.goto(server.url);
    await alice.waitForURL(/\/signin/);
    await alice.getByLabel('Email address').fill(TEST_OWNER.email);
    await alice.getByLabel('Password').fill(TEST_OWNER.password);
    await alice.getByRole('button', { name: 'Sign in' }).click();
    const link = alice.getByTestId('board-link').filter({ hasText: DEMO_TITLE });
    await link.click();
    await alice.waitForURL(/\/b\/[A-Za-z0-9_-]+/);
    boardId = new URL(alice.url()).pathname.split('/').pop()!;
    expect(boardId).toBe(demoBoardId);
    await alice.locator('[data-testid="board-view"][data-synced="true"]').waitFor();
    expect(await alice.getByTestId('board-title').textContent()).toContain(DEMO_TITLE);

    await bob.goto(`${server.url}/b/${boardId}`);
    await bob.locator('[data-testid="board-view"][data-synced="true"]').waitFor();
  });

  it('shows who is on the board (by account name) and in which pane', async () => {
    await waitUntil(async () => (await bob.locator(`[data-testid="presence-user"][data-name="${TEST_OWNER.name}"]`).count()) === 1);
    await waitUntil(async () => (await alice.locator('[data-testid="presence-user"][data-name="Bob"]').count()) === 1);
  });

  it('counts people, not tabs: a second tab of Alice’s is her, with both panes, on both pages', async () => {
    const count = (page: Page) => page.locator('.presence__count').textContent();
    const aliceRow = (page: Page) => page.locator(`[data-testid="presence-user"][data-name="${TEST_OWNER.name}"]`);
    expect(await count(bob)).toBe('(2)');
    const secondTab = await alice.context().newPage();
    try {
      await secondTab.goto(`${server.url}/b/${boardId}#outcomes`);
      await secondTab.locator('[data-testid="board-view"][data-synced="true"]').waitFor();
      // Bob sees one Alice, in both panes (her tabs in the order of their client ids).
      await waitUntil(async () => ((await aliceRow(bob).getAttribute('data-pane')) ?? '').split(' ').length === 2);
      expect((await aliceRow(bob).getAttribute('data-pane'))!.split(' ').sort()).toEqual(['map', 'outcomes']);
      expect(await aliceRow(bob).count()).toBe(1);
      expect(await count(bob)).toBe('(2)');
      // Each of Alice's tabs shows her once, as "you", with its own pane first.
      for (const [page, panes, text] of [
        [alice, 'map outcomes', 'in Map and Outcomes'],
        [secondTab, 'outcomes map', 'in Outcomes and Map'],
      ] as const) {
        await waitUntil(async () => (await aliceRow(page).getAttribute('data-pane')) === panes);
        expect(await aliceRow(page).count()).toBe(1);
        expect(await aliceRow(page).getAttribute('data-local')).toBe('true');
        expect(await aliceRow(page).textContent()).toContain(text);
        expect(await count(page)).toBe('(2)');
      }
    } finally {
      await secondTab.close();
    }
    await waitUntil(async () => (await aliceRow(bob).getAttribute('data-pane')) === 'map');
  });

  it('folds a full room into "+N more" after the first five (two on a phone): you, then the people in your pane', async () => {
    // Ten more people, each with an account of their own (the server writes the account's name into presence):
    // three on Outcomes, seven on the Map pane, where Alice and Bob are.
    const crowd = await Promise.all(
      Array.from({ length: 10 }, async (_, i) => {
        const name = `Person ${String(i).padStart(2, '0')}`;
        const client = await connectClient(server, boardId, { auth: await addMember(server, boardId, name, 'viewer') });
        client.provider.awareness.setLocalState({ user: { name, color: '#330072' }, pane: i < 3 ? 'outcomes' : 'map' });
        return client;
      }),
    );
    try {
      const names = () => alice.getByTestId('presence-user').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-name')));
      const more = alice.getByTestId('presence-more');
      await waitUntil(async () => (await more.count()) === 1 && (await more.textContent())?.startsWith('+7 more') === true);
      // Alice, then Bob and the first three of the seven on her pane, by name; the rest are behind the button.
      expect(await names()).toEqual([TEST_OWNER.name, 'Bob', 'Person 03', 'Person 04', 'Person 05']);

      await more.click();
      await waitUntil(async () => (await names()).length === 12);
      expect((await names()).slice(5)).toEqual(['Person 06', 'Person 07', 'Person 08', 'Person 09', 'Person 00', 'Person 01', 'Person 02']);
      // The list opens over the page, within the window.
      const list = (await alice.locator('.presence__more-list').boundingBox())!;
      expect(list.x).toBeGreaterThanOrEqual(0);
      expect(list.x + list.width).toBeLessThanOrEqual(1280);
      await alice.screenshot({ path: path.join(ARTIFACTS, 'presence-full-room.png'), clip: { x: 0, y: 0, width: 1280, height: 520 } });
      // Escape closes the list and leaves the keyboard on its button.
      await alice.keyboard.press('Escape');
      await waitUntil(async () => (await names()).length === 5);
      expect(await more.evaluate((summary) => summary === document.activeElement)).toBe(true);

      // On a phone each person takes a line: the bar keeps two (you, then the first in your pane), so the tabs stay in view.
      await alice.setViewportSize({ width: 390, height: 844 });
      await waitUntil(async () => (await names()).length === 2);
      expect(await names()).toEqual([TEST_OWNER.name, 'Bob']);
      expect(await more.textContent()).toMatch(/^\+10 more/);
      await alice.setViewportSize({ width: 1280, height: 860 });
      await waitUntil(async () => (await names()).length === 5);
    } finally {
      for (const client of crowd) client.destroy();
    }
    await waitUntil(async () => (await alice.getByTestId('presence-more').count()) === 0);
  });

  it('text typed in Purpose on one page appears on the other', async () => {
    await alice.getByTestId('tab-purpose').click();
    await bob.getByTestId('tab-purpose').click();
    const editor = alice.locator('[data-testid^="purpose-editor-"] .ProseMirror').first();
    await editor.click();
    await alice.keyboard.press('Control+End');
    await alice.keyboard.type(' Agreed in the room by Alice.');
    await waitUntil(async () =>
      (await textOf(bob, '[data-testid^="purpose-editor-"] .ProseMirror')).some((t) => t.includes('Agreed in the room by Alice.')),
    );
    // Bob sees Alice's pane in the presence bar.
    await waitUntil(async () => (await bob.locator(`[data-testid="presence-user"][data-name="${TEST_OWNER.name}"][data-pane="purpose"]`).count()) === 1);
  });

  it('a sticky added on Outcomes on one page appears on the other', async () => {
    await alice.getByTestId('tab-outcomes').click();
    await bob.getByTestId('tab-outcomes').click();
    await alice.getByTestId('add-sticky').click();
    const textarea = alice.getByTestId('canvas-item-editor');
    await textarea.fill('Map the warm spaces with the library team');
    await textarea.press('Control+Enter');
    await waitUntil(async () =>
      (await textOf(bob, '[data-testid="canvas-item"][data-kind="sticky"]')).some((t) =>
        t.includes('Map the warm spaces with the library team'),
      ),
    );
  });

  it("shows Bob's pointer on Alice's canvas, labelled with his name, and follows it", async () => {
    // Both are on Outcomes (the test before). Bob moves over the top left of his canvas, then 120 px right.
    const viewport = bob.getByTestId('outcome-canvas');
    await viewport.scrollIntoViewIfNeeded();
    const box = (await viewport.boundingBox())!;
    const scale = Number(await viewport.getAttribute('data-scale'));
    await bob.mouse.move(box.x + 40, box.y + 40);
    const cursor = alice.getByTestId('remote-cursor').filter({ hasText: 'Bob' });
    await cursor.waitFor();
    const at = async (): Promise<[number, number]> => {
      const match = /translate\((-?[\d.]+)px, (-?[\d.]+)px\)/.exec((await cursor.getAttribute('style')) ?? '');
      if (!match) throw new Error('the cursor has no position');
      return [Number(match[1]), Number(match[2])];
    };
    const before = await at();
    await bob.mouse.move(box.x + 160, box.y + 40, { steps: 4 });
    await waitUntil(async () => Math.abs((await at())[0] - before[0] - 120 / scale) <= 1);
    expect((await at())[1]).toBe(before[1]);
  });

  it('labels the pointer of another tab of your own "You (another tab)"; others see it with your name', async () => {
    // A second tab of Alice's account on Outcomes, pointing at the canvas (the server writes her name into presence).
    const otherTab = await connectClient(server, demoBoardId, { auth: server.owner });
    try {
      otherTab.provider.awareness.setLocalState({ user: { name: 'Alice', color: '#ae2573' }, pane: 'outcomes', pointer: { x: 30, y: 30 } });
      await bob.getByTestId('remote-cursor').filter({ hasText: TEST_OWNER.name }).waitFor();
      await alice.getByTestId('remote-cursor').filter({ hasText: 'You (another tab)' }).waitFor();
      expect(await alice.getByTestId('remote-cursor').filter({ hasText: TEST_OWNER.name }).count()).toBe(0);
    } finally {
      otherTab.destroy();
    }
    await waitUntil(async () => (await alice.getByTestId('remote-cursor').filter({ hasText: 'You (another tab)' }).count()) === 0);
  });

  it('a canvas item by keyboard: added and written, moved with the arrows, resized with Shift, edited with Enter, removed with Delete; the other page sees each', async () => {
    type Box = { x: number; y: number; w: number; h: number; text: string };
    const read = (page: Page, id: string) =>
      page.evaluate((itemId) => {
        const record = (window as any).__placeboard.doc.getMap('canvas').get(itemId);
        return record ? ({ x: record.get('x'), y: record.get('y'), w: record.get('w'), h: record.get('h'), text: record.get('text') } as Box) : null;
      }, id);
    const focusedItem = () => alice.evaluate(() => document.activeElement?.getAttribute('data-item-id') ?? null);
    const announced = (text: string) => alice.getByTestId('canvas-announcer').filter({ hasText: text }).waitFor();
    const bobHas = (id: string, check: (item: Box | null) => boolean) => waitUntil(async () => check(await read(bob, id)));

    // Add a sticky from its button, write it and save with Control + Enter: the keyboard lands on the new sticky.
    await alice.getByTestId('add-sticky').focus();
    await alice.keyboard.press('Enter');
    await alice.getByTestId('canvas-item-editor').waitFor();
    await alice.keyboard.type('Ask the pharmacy about blister packs');
    await alice.keyboard.press('Control+Enter');
    await waitUntil(async () => (await focusedItem()) !== null);
    const id = (await focusedItem())!;
    const card = alice.locator(`[data-testid="canvas-item"][data-item-id="${id}"]`);
    expect(await card.getAttribute('data-selected')).toBe('true');
    const start = (await read(alice, id))!;
    expect(start.text).toBe('Ask the pharmacy about blister packs');

    // Arrows move it by 10, Shift + arrows resize it by 10; each is announced, and Bob's copy follows.
    await alice.keyboard.press('ArrowRight');
    await alice.keyboard.press('ArrowRight');
    await alice.keyboard.press('ArrowDown');
    await announced(`Moved to ${start.x + 20}, ${start.y + 10}`);
    expect(await read(alice, id)).toMatchObject({ x: start.x + 20, y: start.y + 10, w: start.w, h: start.h });
    await alice.keyboard.press('Shift+ArrowRight');
    await alice.keyboard.press('Shift+ArrowDown');
    await announced(`Resized to ${start.w + 10} by ${start.h + 10}`);
    expect(await read(alice, id)).toMatchObject({ x: start.x + 20, y: start.y + 10, w: start.w + 10, h: start.h + 10 });
    await bobHas(id, (item) => item?.x === start.x + 20 && item.y === start.y + 10 && item.w === start.w + 10 && item.h === start.h + 10);
    expect(await focusedItem()).toBe(id);

    // Enter edits it; Escape leaves the editor without saving, and the keyboard goes back to the sticky.
    await alice.keyboard.press('Enter');
    await alice.getByTestId('canvas-item-editor').waitFor();
    await alice.keyboard.type(' and dosette boxes');
    await alice.keyboard.press('Escape');
    await waitUntil(async () => (await focusedItem()) === id);
    expect((await read(alice, id))!.text).toBe('Ask the pharmacy about blister packs');
    await alice.keyboard.press('Enter');
    await alice.keyboard.press('End');
    await alice.keyboard.type(' and dosette boxes');
    await alice.keyboard.press('Control+Enter');
    await waitUntil(async () => (await focusedItem()) === id);
    await bobHas(id, (item) => item?.text === 'Ask the pharmacy about blister packs and dosette boxes');

    // Escape clears the selection; Delete removes the item, on both pages.
    await alice.keyboard.press('Escape');
    await announced('Selection cleared');
    expect(await card.getAttribute('data-selected')).toBe('false');
    await card.focus();
    await alice.keyboard.press('Delete');
    await waitUntil(async () => (await read(alice, id)) === null);
    await bobHas(id, (item) => item === null);
    expect(await card.count()).toBe(0);
    // The keyboard stays on the canvas, where Control + Z brings the sticky back.
    expect(await alice.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('outcome-canvas');
    await announced('Item deleted');
    await alice.keyboard.press('Control+z');
    await bobHas(id, (item) => item?.text === 'Ask the pharmacy about blister packs and dosette boxes');

    // The Undo button, pressed from the keyboard until nothing is left to undo, keeps the keyboard.
    const undo = alice.getByTestId('undo');
    await undo.focus();
    while ((await undo.getAttribute('aria-disabled')) !== 'true') {
      await alice.keyboard.press('Enter');
      if (!(await undo.evaluate((element) => element === document.activeElement))) break;
    }
    expect(await undo.evaluate((element) => element === document.activeElement)).toBe(true);
    await bobHas(id, (item) => item === null);
  });

  it('renders the demo GP practices on the map, and nothing loads from outside this machine', async () => {
    // The copy the product ships (server/demo-data), which the demo board is built from.
    const gps = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'server/demo-data/gp_practices.geojson'), 'utf8')) as {
      features: { properties: { name: string } }[];
    };
    const known = new Set(gps.features.map((f) => f.properties.name));

    await alice.getByTestId('tab-map').click();
    await alice.locator('[data-testid="map-canvas"][data-ready="true"]').waitFor();
    const names = await alice.evaluate(async () => {
      interface RenderedMap {
        getLayer(id: string): unknown;
        loaded(): boolean;
        queryRenderedFeatures(options: { layers: string[] }): { properties: Record<string, unknown> }[];
      }
      const handle = (window as unknown as { __placeboard: { doc: import('yjs').Doc; map: RenderedMap } }).__placeboard;
      const layers = handle.doc.getMap('layers').toJSON() as Record<string, { name: string }>;
      const gpLayerId = Object.entries(layers).find(([, layer]) => layer.name === 'GP practices')![0];
      const styleLayer = `pb-${gpLayerId}-circle`;
      // Wait for the map to finish drawing the layer, then ask it what it shows.
      while (!handle.map.getLayer(styleLayer) || !handle.map.loaded()) await new Promise((r) => setTimeout(r, 50));
      return handle.map.queryRenderedFeatures({ layers: [styleLayer] }).map((f) => String(f.properties.name));
    });
    expect(names.length).toBeGreaterThan(0);
    expect(names.filter((name) => known.has(name)).length).toBe(names.length);
    await alice.screenshot({ path: path.join(ARTIFACTS, 'board-map.png') });
    await bob.screenshot({ path: path.join(ARTIFACTS, 'board-outcomes.png') });
    expect(outside).toEqual([]);
  });

  it('creates a board from the board list', async () => {
    await alice.goto(server.url);
    await alice.getByLabel('Board title').fill('Sale West neighbourhood team');
    await alice.getByRole('button', { name: 'Create board' }).click();
    await alice.waitForURL(/\/b\/[A-Za-z0-9_-]+/);
    await alice.locator('[data-testid="board-view"][data-synced="true"]').waitFor();
    expect(await alice.getByTestId('board-title').textContent()).toContain('Sale West neighbourhood team');
    const list = (await (await ownerFetch(server, '/api/boards')).json()) as { title: string }[];
    expect(list.map((b) => b.title)).toContain('Sale West neighbourhood team');
  });
});
