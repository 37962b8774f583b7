import fs from 'node:fs';
import path from 'node:path';
import { addFeature, addLayer, setFeatureGeometry, type Geometry } from '@placeboard/board';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium, openBoardPage } from '../helpers/browser.js';
import { connectClient } from '../helpers/clients.js';
import { REPO_ROOT, addMember, createBoardViaApi, startTestServer, type TestServer } from '../helpers/server.js';
import { waitUntil } from '../helpers/wait.js';

const ARTIFACTS = path.join(REPO_ROOT, 'test', 'artifacts');
const GP_PRACTICES = path.join(REPO_ROOT, 'server/demo-data/gp_practices.geojson');

async function openBoard(browser: Browser, server: TestServer, boardId: string, name: string, viewport?: { width: number; height: number }): Promise<Page> {
  const page = await openBoardPage(browser, server, boardId, name, viewport);
  await page.getByTestId('tab-map').click();
  await page.locator('[data-testid="map-canvas"][data-ready="true"]').waitFor();
  return page;
}

/** Names in the "features in view" list: the accessible alternative to the map. */
async function namesInView(page: Page): Promise<string[]> {
  return page.getByTestId('features-in-view-row').allTextContents();
}

describe('the map pane with two people on one board', () => {
  let server: TestServer;
  let browser: Browser;
  let alice: Page;
  let bob: Page;
  let boardId: string;

  beforeAll(async () => {
    // Small import limits, so that files over them are small too (the 26 GP practices fit).
    server = await startTestServer({ IMPORT_MAX_BYTES: String(64 * 1024), IMPORT_MAX_FEATURES: '30' });
    boardId = await createBoardViaApi(server, 'Map test board');
    browser = await launchChromium(inject('chromiumPath'));
    alice = await openBoard(browser, server, boardId, 'Alice');
    bob = await openBoard(browser, server, boardId, 'Bob');
    fs.mkdirSync(ARTIFACTS, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('Trafford GP practices imported on one page appear in the list view of the other', async () => {
    await alice.getByTestId('import-toggle').click();
    await alice.getByTestId('import-file').setInputFiles(GP_PRACTICES);
    await alice.getByTestId('import-layer-name').fill('GP practices');
    await alice.getByTestId('import-submit').click();
    await alice.getByTestId('import-report').waitFor();
    expect(await alice.getByTestId('import-report-imported').textContent()).toContain('26');

    // Bob's map has the layer, and his list of features in view names the practices.
    await bob.locator('[data-testid="layer-row"]').filter({ hasText: 'GP practices' }).waitFor();
    await waitUntil(async () => (await namesInView(bob)).some((text) => text.includes('Altrincham Medical Practice')));
    const names = await namesInView(bob);
    expect(names.filter((text) => text.includes('GP practices')).length).toBeGreaterThan(0);
  });

  it('lists the places of asset layers only once asked, and follows a rename made on the other page', async () => {
    const places = bob.getByTestId('places-section');
    const rows = bob.getByTestId('asset-list-item');
    // Closed, the section builds no rows: a board's asset layers may hold thousands of places.
    expect(await rows.count()).toBe(0);
    await places.locator('summary').click();
    await rows.filter({ hasText: 'Altrincham Medical Practice' }).waitFor();
    const imported = await bob.evaluate(() => {
      const features = (window as any).__placeboard.doc.getMap('features');
      return [...features.values()].filter((f: any) => f.get('properties')?.get('name') !== undefined).length as number;
    });
    expect(await rows.count()).toBe(imported);

    // Alice renames one; Bob's open list shows the new name and no longer the old one.
    await alice.evaluate(() => {
      const features = (window as any).__placeboard.doc.getMap('features');
      const practice = [...features.values()].find((f: any) => f.get('properties')?.get('name') === 'Altrincham Medical Practice');
      practice.get('properties').set('name', 'Altrincham Health and Wellbeing Centre');
    });
    await rows.filter({ hasText: 'Altrincham Health and Wellbeing Centre' }).waitFor();
    expect(await rows.filter({ hasText: 'Altrincham Medical Practice' }).count()).toBe(0);
    expect(await rows.count()).toBe(imported);

    await places.locator('summary').click();
    await waitUntil(async () => (await rows.count()) === 0);
  });

  it('outlines a feature someone is editing, and redraws that overlay only when their editing changes, not on every presence message', async () => {
    const boardId = new URL(alice.url()).pathname.split('/').pop()!;
    const featureId = await alice.evaluate(() => (window as any).__placeboard.doc.getMap('features').keys().next().value as string);
    // Counts the overlay's data changes on Alice's map (the source of editing-highlights.ts).
    await alice.evaluate(() => {
      const handle = window as any;
      handle.__editingOverlayUpdates = 0;
      handle.__placeboard.map.on('data', (event: { sourceId?: string; sourceDataType?: string }) => {
        if (event.sourceId === 'pb-overlay-editing' && event.sourceDataType === 'content') handle.__editingOverlayUpdates += 1;
      });
    });
    const updates = () => alice.evaluate(() => (window as any).__editingOverlayUpdates as number);
    const carol = await connectClient(server, boardId, { auth: await addMember(server, boardId, 'Carol', 'editor') });
    try {
      const presence = (fields: Record<string, unknown>) =>
        carol.provider.awareness.setLocalState({ user: { name: 'Carol', color: '#ae2573' }, pane: 'map', editing: { featureId }, ...fields });
      presence({});
      await alice.getByTestId('editing-label').filter({ hasText: 'Carol is editing' }).waitFor();
      await waitUntil(async () => (await updates()) >= 1);
      const drawn = await updates();

      // Carol moves her pointer for a while, presence tick after presence tick, still editing the same feature.
      for (let x = 1; x <= 10; x++) {
        presence({ pointer: { x, y: x } });
        await new Promise((resolve) => setTimeout(resolve, 60));
      }
      // Then changes pane: once Alice's presence bar shows that, every message before it has reached her page.
      presence({ pointer: { x: 10, y: 10 }, pane: 'outcomes' });
      await alice.locator('[data-testid="presence-user"][data-name="Carol"][data-pane="outcomes"]').waitFor();
      expect(await updates()).toBe(drawn);

      // She stops editing: the outline and its label go.
      presence({ pane: 'outcomes', editing: null });
      await waitUntil(async () => (await alice.getByTestId('editing-label').count()) === 0);
      expect(await updates()).toBeGreaterThan(drawn);
    } finally {
      carol.destroy();
    }
  });

  it('a feature edited in another tab of your own reads "You are editing in another tab", and others see your name', async () => {
    const boardId = new URL(alice.url()).pathname.split('/').pop()!;
    const row = alice.getByTestId('features-in-view-row').first();
    const featureId = (await row.getAttribute('data-feature-id'))!;
    await row.click();
    await alice.locator(`[data-testid="feature-panel"][data-feature-id="${featureId}"]`).waitFor();
    // A second tab of Alice's: a client signed in as her account, which starts editing the feature she has open.
    const otherTab = await connectClient(server, boardId, { auth: await addMember(server, boardId, 'Alice', 'editor') });
    try {
      otherTab.provider.awareness.setLocalState({ user: { name: 'Alice', color: '#ae2573' }, pane: 'map', editing: { featureId } });
      await bob.getByTestId('editing-label').filter({ hasText: 'Alice is editing' }).waitFor();
      await alice.getByTestId('editing-label').filter({ hasText: 'You are editing in another tab' }).waitFor();
      expect(await alice.getByTestId('editing-label').count()).toBe(1);
      await waitUntil(async () => (await alice.getByTestId('feature-editors').count()) === 1);
      expect(await alice.getByTestId('feature-editors').textContent()).toBe('You are editing in another tab');
    } finally {
      otherTab.destroy();
    }
    await waitUntil(async () => (await alice.getByTestId('editing-label').count()) === 0);
    expect(await alice.getByTestId('feature-editors').count()).toBe(0);
    await alice.getByTestId('feature-panel-close').click();
  });

  it("a layer's buttons, and the drawing tools, are one stop in the tab order: arrow keys, Home and End move between them, Tab leaves them", async () => {
    const row = alice.locator('[data-testid="layer-row"]').filter({ hasText: 'GP practices' });
    const toolbar = row.getByRole('toolbar', { name: 'Actions for GP practices' });
    const focused = () =>
      alice.evaluate(() => {
        const element = document.activeElement;
        return { testId: element?.getAttribute('data-testid') ?? null, inToolbar: element?.closest('[role="toolbar"]') !== null };
      });
    const enabled = await toolbar.locator('button:not(:disabled)').evaluateAll((buttons) => buttons.map((b) => b.getAttribute('data-testid')));
    expect(enabled).toEqual(expect.arrayContaining(['layer-rename', 'layer-style', 'layer-delete']));

    await row.getByTestId('layer-publish').focus();
    await alice.keyboard.press('Tab');
    expect((await focused()).testId).toBe(enabled[0]);
    // Only that button is in the tab order.
    expect(await toolbar.locator('button[tabindex="0"]').count()).toBe(1);
    await alice.keyboard.press('End');
    expect((await focused()).testId).toBe('layer-delete');
    await alice.keyboard.press('ArrowRight');
    expect((await focused()).testId).toBe(enabled[0]);
    await alice.keyboard.press('ArrowLeft');
    expect((await focused()).testId).toBe('layer-delete');
    await alice.keyboard.press('Home');
    await alice.keyboard.press('ArrowRight');
    expect((await focused()).testId).toBe(enabled[1]);

    // Tab leaves the layer's buttons at once; Shift+Tab comes back to the one last used.
    await alice.keyboard.press('Tab');
    expect((await focused()).inToolbar).toBe(false);
    await alice.keyboard.press('Shift+Tab');
    expect((await focused()).testId).toBe(enabled[1]);
    expect(await toolbar.locator('button[tabindex="0"]').getAttribute('data-testid')).toBe(enabled[1]);

    // The drawing tools too: one stop, then the layer to draw into.
    await alice.getByTestId('draw-point').focus();
    await alice.keyboard.press('ArrowRight');
    expect((await focused()).testId).toBe('draw-line');
    await alice.keyboard.press('End');
    expect((await focused()).testId).toBe('draw-select');
    await alice.keyboard.press('Tab');
    expect((await focused()).testId).toBe('draw-target-layer');
    await alice.keyboard.press('Shift+Tab');
    expect((await focused()).testId).toBe('draw-select');
  });

  it('draws without a pointer: Enter on the map puts a point, or the next point of a line or area, at its centre; so does the button in the hint', async () => {
    const ids = (page: Page) => page.evaluate(() => [...(window as any).__placeboard.doc.getMap('features').keys()] as string[]);
    const centre = () => alice.evaluate(() => (window as any).__placeboard.map.getCenter().toArray() as [number, number]);
    const geometryOf = (id: string) => alice.evaluate((featureId) => (window as any).__placeboard.doc.getMap('features').get(featureId).get('geometry'), id);
    const before = new Set(await ids(alice));
    const added = async (count: number): Promise<string[]> => {
      await waitUntil(async () => (await ids(alice)).length === before.size + count);
      return (await ids(alice)).filter((id) => !before.has(id));
    };

    await alice.getByTestId('draw-point').focus();
    await alice.keyboard.press('Enter');
    expect(await alice.getByTestId('draw-hint').textContent()).toContain('press Enter on the map');
    // The map has the focus and moves with its own keys; Enter then adds a point where its centre is.
    const canvas = alice.locator('[data-testid="map-canvas"] canvas');
    await canvas.focus();
    const [startLng] = await centre();
    await alice.keyboard.press('ArrowRight');
    await waitUntil(async () => (await centre())[0] > startLng && !(await alice.evaluate(() => (window as any).__placeboard.map.isMoving())));
    const target = await centre();
    await alice.keyboard.press('Enter');
    const [first] = await added(1);
    expect(await geometryOf(first!)).toEqual({ type: 'Point', coordinates: target });
    await alice.getByTestId('map-announcer').filter({ hasText: 'Point added to' }).waitFor();
    await alice.locator(`[data-testid="feature-panel"][data-feature-id="${first}"]`).waitFor();
    // The keyboard stays on the map, for the next point; Bob has this one.
    expect(await canvas.evaluate((element) => element === document.activeElement)).toBe(true);
    await waitUntil(async () => (await ids(bob)).includes(first!));

    // The button in the tool's hint does the same.
    await alice.getByTestId('draw-point-at-centre').click();
    const second = (await added(2)).find((id) => id !== first)!;
    expect(await geometryOf(second)).toEqual({ type: 'Point', coordinates: await centre() });

    // A line: Enter for each point, moving the map between them; Enter again in the same place finishes it.
    const moveMap = async (key: string): Promise<[number, number]> => {
      const from = await centre();
      await alice.keyboard.press(key);
      await waitUntil(async () => {
        const now = await centre();
        return (now[0] !== from[0] || now[1] !== from[1]) && !(await alice.evaluate(() => (window as any).__placeboard.map.isMoving()));
      });
      return centre();
    };
    const announced = (text: string) => alice.getByTestId('map-announcer').filter({ hasText: text }).waitFor();
    const finish = alice.getByTestId('draw-finish-shape');
    await alice.getByTestId('draw-line').click();
    await canvas.focus();
    const lineStart = await centre();
    await alice.keyboard.press('Enter');
    await announced('Point 1 added');
    await alice.keyboard.press('Enter');
    await announced('Move the map first');
    expect(await finish.isDisabled()).toBe(true);
    const lineEnd = await moveMap('ArrowDown');
    await alice.keyboard.press('Enter');
    await announced('Point 2 added');
    expect(await finish.textContent()).toBe('Finish the line (2 of at least 2 points)');
    expect(await finish.isDisabled()).toBe(false);
    await alice.keyboard.press('Enter');
    const line = (await added(3)).find((id) => id !== first && id !== second)!;
    expect(await geometryOf(line)).toEqual({ type: 'LineString', coordinates: [lineStart, lineEnd] });
    await announced('Line added to');

    // An area: three corners, then the Finish button closes it.
    await alice.getByTestId('draw-polygon').click();
    await canvas.focus();
    const corners = [await centre()];
    await alice.keyboard.press('Enter');
    corners.push(await moveMap('ArrowRight'));
    await alice.keyboard.press('Enter');
    corners.push(await moveMap('ArrowUp'));
    await alice.keyboard.press('Enter');
    await announced('Corner 3 added');
    await finish.click();
    const area = (await added(4)).find((id) => ![first, second, line].includes(id))!;
    expect(await geometryOf(area)).toEqual({ type: 'Polygon', coordinates: [[...corners, corners[0]]] });
    // Bob has them all.
    await waitUntil(async () => {
      const his = await ids(bob);
      return [first!, second, line, area].every((id) => his.includes(id));
    });
    await alice.getByTestId('draw-polygon').click();
    await waitUntil(async () => (await alice.getByTestId('draw-hint').count()) === 0);

    // Choosing a point for the quick analysis by keyboard: the keyboard goes to the map, Enter takes its centre, and
    // the keyboard comes back to the button.
    await alice.getByTestId('analysis-toggle').click();
    const pick = alice.getByTestId('analysis-pick-point');
    await pick.focus();
    await alice.keyboard.press('Enter');
    await waitUntil(() => canvas.evaluate((element) => element === document.activeElement));
    await alice.keyboard.press('Enter');
    const [lng, lat] = await centre();
    expect(await alice.getByTestId('analysis-centre').textContent()).toBe(`Point: ${lat.toFixed(5)}, ${lng.toFixed(5)}`);
    expect(await pick.evaluate((element) => element === document.activeElement)).toBe(true);
    await alice.getByTestId('analysis-toggle').click();
    await alice.getByTestId('feature-panel-close').click();
  });

  it('the features table by keyboard: arrows, Home and End move between rows, Enter opens the details, and closing them brings the keyboard back', async () => {
    const focused = () => alice.evaluate(() => document.activeElement?.getAttribute('data-feature-id') ?? document.activeElement?.getAttribute('data-testid') ?? null);
    const ids = await alice.getByTestId('features-in-view-row').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-feature-id')));
    expect(ids.length).toBeGreaterThan(2);
    // One row is in the tab order: the first, to begin with.
    expect(await alice.locator('[data-testid="features-in-view-row"][tabindex="0"]').count()).toBe(1);
    await alice.locator('[data-testid="features-in-view-row"][tabindex="0"]').focus();
    expect(await focused()).toBe(ids[0]);
    await alice.keyboard.press('ArrowDown');
    expect(await focused()).toBe(ids[1]);
    await alice.keyboard.press('End');
    expect(await focused()).toBe(ids.at(-1));
    await alice.keyboard.press('ArrowDown');
    expect(await focused()).toBe(ids.at(-1));
    await alice.keyboard.press('Home');
    expect(await focused()).toBe(ids[0]);
    await alice.keyboard.press('ArrowDown');
    const chosen = ids[1]!;

    // Enter shows the feature and opens its details, with the keyboard on their heading.
    await alice.keyboard.press('Enter');
    await alice.locator(`[data-testid="feature-panel"][data-feature-id="${chosen}"]`).waitFor();
    expect(await focused()).toBe('feature-panel-name');
    const row = alice.locator(`[data-testid="features-in-view-row"][data-feature-id="${chosen}"]`);
    expect(await row.getAttribute('aria-current')).toBe('true');
    // Closing them from the keyboard brings it back to the row, not to the top of the page.
    await alice.keyboard.press('Tab');
    expect(await focused()).toBe('feature-panel-close');
    await alice.keyboard.press('Enter');
    await waitUntil(async () => (await alice.getByTestId('feature-panel').count()) === 0);
    expect(await focused()).toBe(chosen);

    // Deleting the feature from its details: its row has gone, so the keyboard goes to the map. Undo brings it back.
    await alice.keyboard.press('Enter');
    await alice.getByTestId('feature-delete').focus();
    await alice.keyboard.press('Enter');
    await waitUntil(async () => (await row.count()) === 0);
    expect(await alice.evaluate(() => document.activeElement === (window as any).__placeboard.map.getCanvas())).toBe(true);
    await alice.getByTestId('undo-button').click();
    await row.waitFor();
  });

  it('Alt + Up / Down moves a layer from any of its controls and leaves the keyboard there, even on Move up at the top; the other page follows', async () => {
    const order = (page: Page) => page.getByTestId('layer-row').evaluateAll((rows) => rows.map((row) => row.querySelector('[data-testid="layer-name"]')?.textContent));
    const focused = () =>
      alice.evaluate(() => ({
        testId: document.activeElement?.getAttribute('data-testid') ?? null,
        layer: document.activeElement?.closest('[data-testid="layer-row"]')?.querySelector('[data-testid="layer-name"]')?.textContent ?? null,
      }));
    const announced = (text: string) => alice.getByTestId('map-announcer').filter({ hasText: text }).waitFor();
    expect(await order(alice)).toEqual(['Drawing', 'GP practices']);
    const practices = alice.getByTestId('layer-row').filter({ hasText: 'GP practices' });

    // From the layer's Move up button: the layer goes to the top, where Move up can do no more but keeps the keyboard.
    const moveUp = practices.getByTestId('layer-move-up');
    await moveUp.focus();
    await alice.keyboard.press('Alt+ArrowUp');
    await announced('GP practices moved up, now 1 of 2.');
    expect(await order(alice)).toEqual(['GP practices', 'Drawing']);
    await waitUntil(async () => (await order(bob)).join() === 'GP practices,Drawing');
    expect(await focused()).toEqual({ testId: 'layer-move-up', layer: 'GP practices' });
    expect(await moveUp.getAttribute('aria-disabled')).toBe('true');
    await alice.keyboard.press('Enter');
    await alice.keyboard.press('Alt+ArrowUp');
    expect(await order(alice)).toEqual(['GP practices', 'Drawing']);
    expect(await focused()).toEqual({ testId: 'layer-move-up', layer: 'GP practices' });
    await alice.keyboard.press('Alt+ArrowDown');
    await announced('GP practices moved down, now 2 of 2.');
    expect(await order(alice)).toEqual(['Drawing', 'GP practices']);
    expect(await focused()).toEqual({ testId: 'layer-move-up', layer: 'GP practices' });

    // From its "shown" checkbox: the layer moves, and stays shown.
    await practices.getByTestId('layer-toggle').focus();
    await alice.keyboard.press('Alt+ArrowUp');
    await announced('GP practices moved up, now 1 of 2.');
    expect(await order(alice)).toEqual(['GP practices', 'Drawing']);
    expect(await focused()).toEqual({ testId: 'layer-toggle', layer: 'GP practices' });
    expect(await practices.getByTestId('layer-toggle').isChecked()).toBe(true);
    await waitUntil(async () => (await order(bob)).join() === 'GP practices,Drawing');
    await alice.keyboard.press('Alt+ArrowDown');
    await waitUntil(async () => (await order(bob)).join() === 'Drawing,GP practices');

    // Deleting the layer from its Delete button: the row goes, and the keyboard goes to the list's heading, not to the
    // top of the page. Undo brings the layer back.
    await practices.getByTestId('layer-delete').focus();
    await alice.keyboard.press('Enter');
    await announced('Layer GP practices deleted.');
    expect(await alice.evaluate(() => document.activeElement?.id)).toBe('layer-list-heading');
    await alice.getByTestId('undo-button').click();
    await waitUntil(async () => (await order(alice)).join() === 'Drawing,GP practices');
  });

  it("reshapes an area without a pointer: a corner moved, one added and one removed at the map's centre; the other page follows", async () => {
    const canvas = alice.locator('[data-testid="map-canvas"] canvas');
    const centre = () => alice.evaluate(() => (window as any).__placeboard.map.getCenter().toArray() as [number, number]);
    const focused = () => alice.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.tagName ?? null);
    const announced = (text: string) => alice.getByTestId('map-announcer').filter({ hasText: text }).waitFor();
    // The triangle drawn from the keyboard earlier, named so that the search finds it.
    const areaId = await alice.evaluate(() => {
      const features = (window as any).__placeboard.doc.getMap('features');
      const [id, feature] = [...features.entries()].find(([, f]: [string, any]) => f.get('geometry').type === 'Polygon')!;
      feature.get('properties').set('name', 'Keyboard triangle');
      return id as string;
    });
    const cornersOf = (page: Page) =>
      page.evaluate((id) => {
        const ring = (window as any).__placeboard.doc.getMap('features').get(id).get('geometry').coordinates[0] as [number, number][];
        return ring.slice(0, -1);
      }, areaId);
    const start = await cornersOf(alice);
    expect(start).toHaveLength(3);
    await alice.getByTestId('feature-search').fill('Keyboard triangle');
    await alice.getByTestId('feature-search-result').first().click();
    await alice.locator(`[data-testid="feature-panel"][data-feature-id="${areaId}"]`).waitFor();
    await alice.locator('[data-testid="shape-points"] summary').click();
    const rows = alice.getByTestId('shape-point');
    expect(await rows.count()).toBe(3);

    // Move corner 2: the keyboard goes to the map, which starts at the corner; the map is moved, and Enter puts the
    // corner at its centre. The keyboard comes back to the button.
    await rows.nth(1).getByTestId('shape-point-move').focus();
    await alice.keyboard.press('Enter');
    await waitUntil(() => canvas.evaluate((element) => element === document.activeElement));
    expect(await centre()).toEqual(start[1]);
    await alice.keyboard.press('ArrowRight');
    await waitUntil(async () => (await centre())[0] > start[1]![0] && !(await alice.evaluate(() => (window as any).__placeboard.map.isMoving())));
    const moved = await centre();
    await alice.keyboard.press('Enter');
    await announced('Corner 2 moved.');
    expect(await cornersOf(alice)).toEqual([start[0], moved, start[2]]);
    expect(await focused()).toBe('Move corner 2');

    // Escape on the map cancels a move.
    await rows.nth(0).getByTestId('shape-point-move').focus();
    await alice.keyboard.press('Enter');
    await waitUntil(() => canvas.evaluate((element) => element === document.activeElement));
    await alice.keyboard.press('Escape');
    await announced('Choosing a point cancelled.');
    expect(await focused()).toBe('Move corner 1');
    expect(await cornersOf(alice)).toEqual([start[0], moved, start[2]]);

    // Add a corner after corner 3: the map starts halfway back to corner 1, and Enter puts the new corner there.
    await rows.nth(2).getByTestId('shape-point-add').focus();
    await alice.keyboard.press('Enter');
    await waitUntil(() => canvas.evaluate((element) => element === document.activeElement));
    const halfway = await centre();
    await alice.keyboard.press('Enter');
    await announced('Corner 4 added.');
    expect(await cornersOf(alice)).toEqual([start[0], moved, start[2], halfway]);
    expect(await rows.count()).toBe(4);
    await waitUntil(async () => (await cornersOf(bob)).length === 4);
    expect(await cornersOf(bob)).toEqual(await cornersOf(alice));

    // Remove it again: the keyboard moves to the corner now last.
    await rows.nth(3).getByTestId('shape-point-remove').focus();
    await alice.keyboard.press('Enter');
    await announced('Corner 4 removed.');
    expect(await cornersOf(alice)).toEqual([start[0], moved, start[2]]);
    expect(await focused()).toBe('Remove corner 3');
    // An area keeps three corners: Remove says why it does nothing, and keeps the keyboard.
    expect(await rows.nth(2).getByTestId('shape-point-remove').getAttribute('aria-disabled')).toBe('true');
    await alice.keyboard.press('Enter');
    await announced('An area needs 3 corners: nothing was changed.');
    expect(await cornersOf(alice)).toHaveLength(3);
    expect(await focused()).toBe('Remove corner 3');
    await waitUntil(async () => (await cornersOf(bob)).length === 3);
    expect(await cornersOf(bob)).toEqual([start[0], moved, start[2]]);

    // Removing a field from the keyboard: the keyboard goes to the field now in its place, then, with none left, to
    // adding one.
    await alice.evaluate((id) => {
      const properties = (window as any).__placeboard.doc.getMap('features').get(id).get('properties');
      for (const key of [...properties.keys()]) if (key !== 'name') properties.delete(key);
      properties.set('ward', 'Sale Moor');
    }, areaId);
    const fields = alice.getByTestId('property-row');
    await waitUntil(async () => (await fields.count()) === 2);
    const first = await fields.first().getAttribute('data-key');
    await fields.first().getByTestId('property-remove').focus();
    await alice.keyboard.press('Enter');
    await waitUntil(async () => (await fields.count()) === 1);
    await waitUntil(() => fields.first().getByTestId('property-remove').evaluate((element) => element === document.activeElement));
    expect(await fields.first().getAttribute('data-key')).not.toBe(first);
    await alice.keyboard.press('Enter');
    await waitUntil(async () => (await fields.count()) === 0);
    await waitUntil(async () => (await alice.evaluate(() => document.activeElement?.getAttribute('data-testid'))) === 'property-add-key');
    await alice.getByTestId('feature-panel-close').click();
  });

  it("reshapes a hole of an area without a pointer: each ring is a part of its own, and the outline stays as it was", async () => {
    const canvas = alice.locator('[data-testid="map-canvas"] canvas');
    const centre = () => alice.evaluate(() => (window as any).__placeboard.map.getCenter().toArray() as [number, number]);
    const focused = () => alice.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.tagName ?? null);
    const announced = (text: string) => alice.getByTestId('map-announcer').filter({ hasText: text }).waitFor();
    // The area drawn from the keyboard earlier becomes a square around Sale with a triangular hole, as an imported
    // boundary may be.
    const outline: [number, number][] = [[-2.33, 53.42], [-2.3, 53.42], [-2.3, 53.44], [-2.33, 53.44], [-2.33, 53.42]];
    const hole: [number, number][] = [[-2.32, 53.425], [-2.31, 53.425], [-2.315, 53.435], [-2.32, 53.425]];
    const areaId = await alice.evaluate(
      ({ outline, hole }) => {
        const features = (window as any).__placeboard.doc.getMap('features');
        const [id, feature] = [...features.entries()].find(([, f]: [string, any]) => f.get('geometry').type === 'Polygon')!;
        feature.set('geometry', { type: 'Polygon', coordinates: [outline, hole] });
        feature.get('properties').set('name', 'Square with a hole');
        return id as string;
      },
      { outline, hole },
    );
    const ringsOf = (page: Page) =>
      page.evaluate((id) => (window as any).__placeboard.doc.getMap('features').get(id).get('geometry').coordinates as [number, number][][], areaId);
    await alice.getByTestId('feature-search').fill('Square with a hole');
    await alice.getByTestId('feature-search-result').first().click();
    await alice.locator(`[data-testid="feature-panel"][data-feature-id="${areaId}"]`).waitFor();
    const points = alice.getByTestId('shape-points');
    await points.locator('summary').first().click();
    expect(await points.locator('summary').first().textContent()).toBe('Parts of the shape (2)');
    const parts = alice.getByTestId('shape-part');
    expect(await parts.locator('summary').allTextContents()).toEqual(['Outline (4 corners)', 'Hole 1 (3 corners)']);
    await parts.nth(1).locator('summary').click();
    const holeRows = parts.nth(1).getByTestId('shape-point');
    expect(await holeRows.count()).toBe(3);

    // Move the hole's second corner from the keyboard: the map starts there, moves, and Enter puts the corner at its centre.
    await holeRows.nth(1).getByTestId('shape-point-move').focus();
    expect(await focused()).toBe('Move corner 2 of hole 1');
    await alice.keyboard.press('Enter');
    await waitUntil(() => canvas.evaluate((element) => element === document.activeElement));
    expect(await centre()).toEqual(hole[1]);
    await alice.keyboard.press('ArrowLeft');
    await waitUntil(async () => (await centre())[0] < hole[1]![0] && !(await alice.evaluate(() => (window as any).__placeboard.map.isMoving())));
    const moved = await centre();
    await alice.keyboard.press('Enter');
    await announced('Corner 2 of hole 1 moved.');
    expect(await focused()).toBe('Move corner 2 of hole 1');
    expect(await ringsOf(alice)).toEqual([outline, [hole[0], moved, hole[2], hole[0]]]);
    await waitUntil(async () => JSON.stringify(await ringsOf(bob)) === JSON.stringify(await ringsOf(alice)));

    // A hole keeps three corners: Remove says why it does nothing.
    await holeRows.nth(0).getByTestId('shape-point-remove').focus();
    await alice.keyboard.press('Enter');
    await announced('A hole needs 3 corners: nothing was changed.');
    expect(await ringsOf(alice)).toEqual([outline, [hole[0], moved, hole[2], hole[0]]]);

    // The outline's corners are a part of their own: removing one leaves the hole as it is.
    await parts.nth(0).locator('summary').click();
    await parts.nth(0).getByTestId('shape-point').nth(3).getByTestId('shape-point-remove').focus();
    expect(await focused()).toBe('Remove corner 4 of outline');
    await alice.keyboard.press('Enter');
    await announced('Corner 4 of outline removed.');
    expect(await ringsOf(alice)).toEqual([[outline[0], outline[1], outline[2], outline[0]], [hole[0], moved, hole[2], hole[0]]]);
    expect(await parts.locator('summary').allTextContents()).toEqual(['Outline (3 corners)', 'Hole 1 (3 corners)']);
    await alice.getByTestId('feature-panel-close').click();
  });

  it('lists the corners of a detailed area 100 at a time, and removing the last corner of a page keeps the keyboard on the one before', async () => {
    const focused = () => alice.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.tagName ?? null);
    const announced = (text: string) => alice.getByTestId('map-announcer').filter({ hasText: text }).waitFor();
    // 201 corners round a circle about Sale, closed back at the first.
    const corners: [number, number][] = Array.from({ length: 201 }, (_, i) => {
      const angle = (2 * Math.PI * i) / 201;
      return [Number((-2.32 + 0.01 * Math.cos(angle)).toFixed(6)), Number((53.43 + 0.006 * Math.sin(angle)).toFixed(6))];
    });
    const areaId = await alice.evaluate((ring) => {
      const features = (window as any).__placeboard.doc.getMap('features');
      const [id, feature] = [...features.entries()].find(([, f]: [string, any]) => f.get('geometry').type === 'Polygon')!;
      feature.set('geometry', { type: 'Polygon', coordinates: [[...ring, ring[0]]] });
      feature.get('properties').set('name', 'Detailed circle');
      return id as string;
    }, corners);
    const cornersOf = () =>
      alice.evaluate((id) => ((window as any).__placeboard.doc.getMap('features').get(id).get('geometry').coordinates[0] as [number, number][]).slice(0, -1), areaId);
    await alice.getByTestId('feature-search').fill('Detailed circle');
    await alice.getByTestId('feature-search-result').first().click();
    await alice.locator(`[data-testid="feature-panel"][data-feature-id="${areaId}"]`).waitFor();
    await alice.locator('[data-testid="shape-points"] summary').click();
    const rows = alice.getByTestId('shape-point');
    const shown = alice.getByTestId('shape-points-shown');
    expect(await shown.textContent()).toBe('Corners 1–100 of 201');
    expect(await rows.count()).toBe(100);
    expect(await rows.first().textContent()).toContain(`Corner 1: ${corners[0]![1].toFixed(5)}, ${corners[0]![0].toFixed(5)}`);
    expect(await alice.getByTestId('shape-points-previous').getAttribute('aria-disabled')).toBe('true');

    await alice.getByTestId('shape-points-next').click();
    await alice.getByTestId('shape-points-next').click();
    await waitUntil(async () => (await shown.textContent()) === 'Corners 201–201 of 201');
    expect(await alice.getByTestId('shape-points-next').getAttribute('aria-disabled')).toBe('true');
    expect(await rows.count()).toBe(1);
    expect(await alice.locator('.shape-points__list').getAttribute('start')).toBe('201');

    // The only corner on the last page goes: the list shows the page before, and the keyboard is on its last Remove.
    await rows.first().getByTestId('shape-point-remove').focus();
    expect(await focused()).toBe('Remove corner 201');
    await alice.keyboard.press('Enter');
    await announced('Corner 201 removed.');
    expect(await cornersOf()).toEqual(corners.slice(0, 200));
    await waitUntil(async () => (await shown.textContent()) === 'Corners 101–200 of 200');
    await waitUntil(async () => (await focused()) === 'Remove corner 200');
    expect(await rows.count()).toBe(100);

    // Removing a corner of the second page removes that corner, not the one in its row on the first page.
    await alice.getByTestId('shape-points-previous').click();
    await waitUntil(async () => (await shown.textContent()) === 'Corners 1–100 of 200');
    await alice.getByTestId('shape-points-next').click();
    await waitUntil(async () => (await shown.textContent()) === 'Corners 101–200 of 200');
    await rows.nth(4).getByTestId('shape-point-remove').click();
    await announced('Corner 105 removed.');
    expect(await cornersOf()).toEqual([...corners.slice(0, 104), ...corners.slice(105, 200)]);
    await alice.getByTestId('feature-panel-close').click();
  });

  it('a bad file gets a clear message and leaves the board unchanged', async () => {
    const layersBefore = await alice.getByTestId('layer-row').count();
    await alice.getByTestId('import-file').setInputFiles({ name: 'broken.geojson', mimeType: 'application/geo+json', buffer: Buffer.from('{"type": "FeatureCollection", "features": [') });
    await alice.getByTestId('import-submit').click();
    const error = alice.getByTestId('import-error');
    await error.waitFor();
    expect(await error.textContent()).toMatch(/JSON/i);
    expect(await alice.getByTestId('layer-row').count()).toBe(layersBefore);
  });

  it("says the server's import limits beside the file field; a file over either is refused with a message saying which, the larger before it is sent", async () => {
    const layersBefore = await alice.getByTestId('layer-row').count();
    const hint = alice.locator('[data-testid="import-form"] .hint').first();
    await waitUntil(async () => ((await hint.textContent()) ?? '').includes('Up to 64 KB and 30 features.'));
    const sites = (count: number, padding = '') =>
      Buffer.from(
        JSON.stringify({
          type: 'FeatureCollection',
          features: Array.from({ length: count }, (_, i) => ({
            type: 'Feature',
            properties: { name: `Site ${i}`, note: padding },
            geometry: { type: 'Point', coordinates: [-2.35 + i / 1000, 53.42] },
          })),
        }),
      );
    const error = alice.getByTestId('import-error');

    await alice.getByTestId('import-file').setInputFiles({ name: 'addresses.geojson', mimeType: 'application/geo+json', buffer: sites(31) });
    await alice.getByTestId('import-submit').click();
    await waitUntil(async () => /would add 31 features; one import can add at most 30\b/.test((await error.textContent()) ?? ''));

    const uploads: string[] = [];
    const onRequest = (request: { url(): string }) => {
      if (request.url().endsWith('/import')) uploads.push(request.url());
    };
    alice.on('request', onRequest);
    const big = sites(2, 'x'.repeat(40 * 1024));
    await alice.getByTestId('import-file').setInputFiles({ name: 'notes.geojson', mimeType: 'application/geo+json', buffer: big });
    await alice.getByTestId('import-submit').click();
    await waitUntil(async () => ((await error.textContent()) ?? '').includes('the largest file you can import is 64 KB'));
    alice.off('request', onRequest);
    expect(await error.textContent()).toContain(`This file is ${(big.length / 1024).toFixed(1)} KB`);
    expect(uploads).toEqual([]);
    expect(await alice.getByTestId('layer-row').count()).toBe(layersBefore);
  });

  it('a polygon drawn on one page appears on the other', async () => {
    const featuresBefore = await bob.evaluate(() => [...(window as any).__placeboard.doc.getMap('features').keys()] as string[]);
    await alice.getByTestId('draw-polygon').click();
    const canvas = alice.locator('[data-testid="map-canvas"] canvas').first();
    const box = (await canvas.boundingBox())!;
    const at = (fx: number, fy: number) => ({ x: box.x + box.width * fx, y: box.y + box.height * fy });
    const corners = [at(0.4, 0.4), at(0.6, 0.4), at(0.6, 0.6), at(0.4, 0.6)];
    for (const corner of corners) {
      await alice.mouse.move(corner.x, corner.y, { steps: 4 });
      await alice.mouse.click(corner.x, corner.y);
    }
    // Closing on the first corner finishes the polygon.
    await alice.mouse.move(corners[0]!.x, corners[0]!.y, { steps: 4 });
    await alice.mouse.click(corners[0]!.x, corners[0]!.y);

    await waitUntil(async () =>
      bob.evaluate((before) => (window as any).__placeboard.doc.getMap('features').size > before.length, featuresBefore),
    );
    const drawn = await bob.evaluate((before) => {
      const features = [...(window as any).__placeboard.doc.getMap('features').entries()] as [string, any][];
      return features.filter(([id]) => !before.includes(id)).map(([, f]) => f.get('geometry')).find((g: any) => g.type === 'Polygon');
    }, featuresBefore);
    expect(drawn.type).toBe('Polygon');
    expect(drawn.coordinates[0].length).toBeGreaterThanOrEqual(5);
    // And Bob's map renders it.
    await waitUntil(async () =>
      bob.evaluate(() => {
        const { map, doc } = (window as any).__placeboard;
        const layers = doc.getMap('layers').toJSON() as Record<string, { name: string }>;
        const drawing = Object.entries(layers).find(([, layer]) => layer.name === 'Drawing');
        if (!drawing || !map.getLayer(`pb-${drawing[0]}-fill`)) return false;
        return map.queryRenderedFeatures({ layers: [`pb-${drawing[0]}-fill`] }).length > 0;
      }),
    );
    await bob.screenshot({ path: path.join(ARTIFACTS, 'map-drawn-polygon.png') });
  });

  it('counts assets per area only while Quick analysis is open, following an edit made elsewhere', async () => {
    const owner = await connectClient(server, boardId);
    const author = { name: 'Test Owner' };
    const square = (w: number): Geometry => ({ type: 'Polygon', coordinates: [[[w, 53.40], [w + 0.05, 53.40], [w + 0.05, 53.45], [w, 53.45], [w, 53.40]]] });
    const areasId = addLayer(owner.doc, { name: 'Test areas', kind: 'boundary', style: { colour: '#212b32' } }, author);
    addFeature(owner.doc, { layerId: areasId, geometry: square(-2.40), properties: { name: 'West' } }, author);
    addFeature(owner.doc, { layerId: areasId, geometry: square(-2.35), properties: { name: 'East' } }, author);
    const assetsId = addLayer(owner.doc, { name: 'Test assets', kind: 'assets', style: { colour: '#005eb8' } }, author);
    const point = (lng: number): Geometry => ({ type: 'Point', coordinates: [lng, 53.42] });
    const moving = addFeature(owner.doc, { layerId: assetsId, geometry: point(-2.39), properties: { name: 'Moves' } }, author);
    addFeature(owner.doc, { layerId: assetsId, geometry: point(-2.38), properties: { name: 'Stays west' } }, author);
    addFeature(owner.doc, { layerId: assetsId, geometry: point(-2.32), properties: { name: 'Stays east' } }, author);
    await alice.locator('[data-testid="layer-row"]').filter({ hasText: 'Test assets' }).waitFor();
    const table = alice.getByTestId('analysis-count-table');
    // "Area count" per row, in the areas' alphabetical order (the table lists them in the board's order, by id).
    const rows = async () =>
      (await table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => Array.from(tr.children, (cell) => cell.textContent).join(' ')))).sort().join(', ');

    // Closed, it has worked nothing out: no table, not even a hidden one.
    expect(await table.count()).toBe(0);
    await alice.getByTestId('analysis-toggle').click();
    await alice.getByTestId('analysis-points-layer').selectOption({ label: 'Test assets' });
    await alice.getByTestId('analysis-areas-layer').selectOption({ label: 'Test areas' });
    await alice.getByTestId('analysis-area-label').selectOption('name');
    await waitUntil(async () => (await rows()) === 'East 1, West 2');

    // Open, it follows the board: a point moved east on another client.
    setFeatureGeometry(owner.doc, moving, point(-2.33), author);
    await waitUntil(async () => (await rows()) === 'East 2, West 1');

    // Closed again, the table is gone; opened, it is back with what was chosen.
    await alice.getByTestId('analysis-toggle').click();
    await waitUntil(async () => (await table.count()) === 0);
    await alice.getByTestId('analysis-toggle').click();
    await waitUntil(async () => (await rows()) === 'East 2, West 1');
    await alice.getByTestId('analysis-toggle').click();
    owner.destroy();
  });

  it('on a narrow screen the map shows its credits when it opens or narrows, and folds them behind their button after a click or a few seconds', async () => {
    const narrow = await openBoard(browser, server, new URL(alice.url()).pathname.split('/').pop()!, 'Carol', { width: 600, height: 900 });
    try {
      const map = narrow.getByTestId('map-canvas');
      const credits = map.locator('.maplibregl-ctrl-attrib');
      const text = credits.locator('.maplibregl-ctrl-attrib-inner');
      // MapLibre makes them compact at this width. They are seen when the map loads, as OpenStreetMap asks...
      expect(await credits.getAttribute('class')).toContain('maplibregl-compact');
      expect(await credits.getAttribute('class')).toContain('maplibregl-compact-show');
      expect(await text.isVisible()).toBe(true);
      expect(await text.textContent()).toContain('© OpenStreetMap contributors');
      // ...and fold away once the person clicks the map (or after a few seconds), rather than go on covering its foot.
      const box = (await map.boundingBox())!;
      await narrow.mouse.click(box.x + box.width / 2, box.y + 40);
      expect(await credits.getAttribute('class')).not.toContain('maplibregl-compact-show');
      expect(await text.isVisible()).toBe(false);
      // Their button opens them again.
      await credits.locator('.maplibregl-ctrl-attrib-button').click();
      expect(await text.isVisible()).toBe(true);
      expect(await text.textContent()).toContain('Crown copyright');

      // Widened, the map shows them in full; narrowed again, MapLibre opens them again, and they fold by themselves.
      await narrow.setViewportSize({ width: 1280, height: 900 });
      await waitUntil(async () => !(await credits.getAttribute('class'))?.includes('maplibregl-compact'));
      await narrow.setViewportSize({ width: 600, height: 900 });
      await waitUntil(async () => (await credits.getAttribute('class'))?.includes('maplibregl-compact-show') === true);
      await waitUntil(async () => !(await credits.getAttribute('class'))?.includes('maplibregl-compact-show'));
      expect(await text.isVisible()).toBe(false);
    } finally {
      await narrow.context().close();
    }
  });

  it('keeps only what falls within a layer of areas: 10 of 40 points kept, under the limit of 30, and the report says how many were left out', async () => {
    await alice.getByTestId('import-file').setInputFiles(path.join(REPO_ROOT, 'server/demo-data/trafford_localities2023.geojson'));
    await alice.getByTestId('import-layer-name').fill('Localities');
    await alice.getByTestId('import-submit').click();
    await alice.locator('[data-testid="layer-row"]').filter({ hasText: 'Localities' }).waitFor();
    await alice.getByTestId('import-report').waitFor();

    const points = [
      ...Array.from({ length: 10 }, (_, i) => [-2.3209 + i / 5000, 53.4222]),
      ...Array.from({ length: 30 }, (_, i) => [-0.12 + i / 10_000, 51.5]),
    ].map((coordinates, i) => ({ type: 'Feature', properties: { name: `Address ${i}` }, geometry: { type: 'Point', coordinates } }));
    await alice.getByTestId('import-file').setInputFiles({
      name: 'addresses.geojson',
      mimeType: 'application/geo+json',
      buffer: Buffer.from(JSON.stringify({ type: 'FeatureCollection', features: points })),
    });
    await alice.getByTestId('import-layer-name').fill('Addresses');
    const within = alice.getByLabel('Keep only what falls within');
    const choices = await within.locator('option').allTextContents();
    expect(choices[0]).toBe('Everything in the file');
    expect(choices).toContain('Localities');
    // Only layers of areas are offered: not the GP practices.
    expect(choices).not.toContain('GP practices');
    await within.selectOption({ label: 'Localities' });
    await alice.getByTestId('import-submit').click();
    await waitUntil(async () => (await alice.getByTestId('import-report-imported').textContent()) === '10');
    expect(await alice.getByTestId('import-report-outside').textContent()).toBe('30');
    expect(await alice.getByTestId('import-report').textContent()).toContain('Left out, outside Localities');
    await bob.locator('[data-testid="layer-row"]').filter({ hasText: 'Addresses' }).waitFor();
  });
});
