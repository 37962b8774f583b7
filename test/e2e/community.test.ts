import fs from 'node:fs';
import path from 'node:path';
import { addFeature, addLayer, getRoots, listContributions } from '@placeboard/board';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { violationsOn } from '../helpers/axe.js';
import { launchChromium, openBoardPage, openPage } from '../helpers/browser.js';
import { connectClient, type SyncClient } from '../helpers/clients.js';
import { REPO_ROOT, createBoardViaApi, createShareLink, ownerFetch, startTestServer, type TestServer } from '../helpers/server.js';
import { waitUntil } from '../helpers/wait.js';

const ARTIFACTS = path.join(REPO_ROOT, 'test', 'artifacts');
/** A phone, as the brief asks: 390 × 844 CSS pixels. */
const PHONE = { width: 390, height: 844 };



/** The text of whatever has focus, and its test id. */
function focused(page: Page): Promise<{ testid: string | null; text: string; tag: string }> {
  return page.evaluate(() => {
    const element = document.activeElement as HTMLElement | null;
    return { testid: element?.dataset.testid ?? null, text: element?.textContent ?? '', tag: element?.tagName ?? '' };
  });
}

/**
 * Where the board map draws `point` on the page now (the map stands still first, so that the point stays where it was
 * projected).
 */
async function onPage(page: Page, point: [number, number]): Promise<{ x: number; y: number }> {
  type BoardMap = { isMoving(): boolean; loaded(): boolean; project(lngLat: [number, number]): { x: number; y: number } };
  await waitUntil(() =>
    page.evaluate(() => {
      const map = (window as unknown as { __placeboard?: { map?: BoardMap } }).__placeboard?.map;
      return map !== undefined && map.loaded() && !map.isMoving();
    }),
  );
  const pixel = await page.evaluate((lngLat) => {
    const map = (window as unknown as { __placeboard: { map: BoardMap } }).__placeboard.map;
    const { x, y } = map.project(lngLat);
    return { x, y };
  }, point);
  const box = await page.getByTestId('map-canvas').locator('canvas').boundingBox();
  if (!box) throw new Error('the map canvas is not on the page');
  return { x: box.x + pixel.x, y: box.y + pixel.y };
}

/** Clicks the published contribution's point on the board map. */
async function clickContribution(page: Page, point: [number, number]): Promise<void> {
  const { x, y } = await onPage(page, point);
  await page.mouse.click(x, y);
}

/** The mouse cursor over the board map's canvas. */
function mapCursor(page: Page): Promise<string> {
  return page.getByTestId('map-canvas').locator('canvas').evaluate((canvas) => (canvas as HTMLCanvasElement).style.cursor);
}

const CLEAN_TEXT = 'The lift at the Stretford Road health centre has been broken for weeks, so wheelchair users cannot get to the clinic.';

describe('the community page on a phone, and moderating it from the board', () => {
  let server: TestServer;
  let browser: Browser;
  let boardId: string;
  let communityUrl: string;
  let linkId: string;
  let owner: SyncClient;
  let community: Page;
  let layerId: string;

  beforeAll(async () => {
    server = await startTestServer();
    boardId = await createBoardViaApi(server, 'Old Trafford neighbourhood plan');
    const link = await createShareLink(server, boardId, { role: 'contributor', kind: 'community', label: 'Old Trafford residents group' });
    communityUrl = link.url;
    linkId = link.linkId;
    owner = await connectClient(server, boardId);
    layerId = addLayer(owner.doc, { name: 'Community centres', kind: 'assets', style: { colour: '#005eb8' } }, { name: 'Test Owner' });
    // About 50 m from where the community page's map opens (a new board has no saved view: Trafford).
    addFeature(owner.doc, { layerId, geometry: { type: 'Point', coordinates: [-2.33, 53.4205] }, properties: { name: 'Seymour Park Community Centre' } }, { name: 'Test Owner' });
    browser = await launchChromium(inject('chromiumPath'));
    fs.mkdirSync(ARTIFACTS, { recursive: true });
  });

  afterAll(async () => {
    owner?.destroy();
    await browser?.close();
    await server?.close();
  });

  it('opens at /c/:token with the board title, what to do, and no WCAG 2.2 AA violations', async () => {
    expect(new URL(communityUrl).pathname).toMatch(/^\/c\//);
    community = await openPage(browser, null, PHONE);
    await community.goto(communityUrl);
    await community.getByTestId('community-title').waitFor();
    expect(await community.getByTestId('community-title').textContent()).toBe('Old Trafford neighbourhood plan');
    expect(await community.textContent('main')).toContain("Add what you know about this area. Don't include names, phone numbers or email addresses.");
    await community.locator('[data-testid="community-map"][data-ready="true"]').waitFor();
    // The map's credits are seen when it loads, then fold behind their (i) button, so as not to go on covering its foot.
    const credits = community.getByTestId('community-map').locator('.maplibregl-ctrl-attrib');
    expect(await credits.getAttribute('class')).toContain('maplibregl-compact');
    expect(await credits.getAttribute('class')).toContain('maplibregl-compact-show');
    await waitUntil(async () => !(await credits.getAttribute('class'))?.includes('maplibregl-compact-show'));
    // No name or contact fields anywhere.
    expect(await community.locator('input[type="email"], input[type="tel"], input[autocomplete="name"]').count()).toBe(0);
    // Nothing sideways-scrolls on a phone.
    expect(await community.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    expect(await violationsOn(community)).toEqual([]);
  });

  it('lists what is missing when sent empty, with links to each field', async () => {
    await community.getByTestId('community-send').focus();
    await community.keyboard.press('Enter');
    await community.getByTestId('community-errors').waitFor();
    expect((await focused(community)).testid).toBe('community-errors');
    const summary = await community.getByTestId('community-errors').textContent();
    expect(summary).toContain('Choose where it is');
    expect(summary).toContain('Choose what kind of local knowledge it is');
    expect(summary).toContain('Write what you know');
    expect(await violationsOn(community)).toEqual([]);
  });

  it('adds local knowledge by keyboard: the map centre, a category, text; warns about a phone number first', async () => {
    const keyboard = community.keyboard;
    await community.getByTestId('community-use-centre').focus();
    await keyboard.press('Enter');
    await waitUntil(async () => ((await community.getByTestId('community-pin-status').textContent()) ?? '').includes('Your pin is on the map'));
    expect(await community.getByTestId('community-pin').count()).toBe(1);

    await community.getByTestId('community-category-barrier').focus();
    await keyboard.press('Space');
    expect(await community.getByTestId('community-category-barrier').isChecked()).toBe(true);

    await community.getByTestId('community-text').focus();
    await keyboard.type('The lift is broken, call me on 07700 900123');
    await waitUntil(async () => (await community.getByTestId('community-count').textContent()) === 'You have 957 characters remaining');

    await community.getByTestId('community-send').focus();
    await keyboard.press('Enter');
    const warning = community.getByTestId('personal-data-warning');
    await warning.waitFor();
    expect(await warning.textContent()).toContain('a phone number (07700 900123)');
    expect((await focused(community)).text).toBe('Check before you send');
    expect(await violationsOn(community)).toEqual([]);
    await community.screenshot({ path: path.join(ARTIFACTS, 'community-warning.png'), fullPage: true });
    expect(listContributions(owner.doc)).toEqual([]);

    // "Edit text" goes back to the text with the number selected, ready to delete.
    await community.getByTestId('community-edit-text').focus();
    await keyboard.press('Enter');
    expect((await focused(community)).testid).toBe('community-text');
    expect(
      await community.evaluate(() => {
        const textarea = document.activeElement as HTMLTextAreaElement;
        return textarea.value.slice(textarea.selectionStart, textarea.selectionEnd);
      }),
    ).toBe('07700 900123');
    await keyboard.press('ControlOrMeta+A');
    await keyboard.type(CLEAN_TEXT);
    await community.getByTestId('community-send').focus();
    await keyboard.press('Enter');

    await community.getByTestId('community-thanks').waitFor();
    expect(await community.getByTestId('community-thanks').textContent()).toContain('Thank you — a moderator will check it before it appears.');
    expect((await focused(community)).tag).toBe('H3');
    expect(await violationsOn(community)).toEqual([]);

    // It reached the board, pending, as the group's link, at the map's centre; not on the public page yet.
    await waitUntil(() => listContributions(owner.doc).length === 1);
    const [stored] = listContributions(owner.doc);
    expect(stored?.ok && stored.value).toMatchObject({ text: CLEAN_TEXT, category: 'barrier', status: 'pending', createdBy: 'Community (Old Trafford residents group)' });
    await community.reload();
    await community.getByTestId('community-none').waitFor();
  });

  it('a moderator publishes it from the Community tab; the reloaded community page shows it, and the board map too', async () => {
    const moderator = await openBoardPage(browser, server, boardId, 'Mo Moderator', { width: 1280, height: 900 }, 'moderator');
    await moderator.getByTestId('tab-community').click();
    const item = moderator.getByTestId('community-item').filter({ hasText: 'broken for weeks' });
    await item.waitFor();
    expect(await item.getAttribute('data-status')).toBe('pending');
    expect(await item.textContent()).toContain('Barrier to access');
    expect(await item.textContent()).toContain('from Seymour Park Community Centre (Community centres)');
    await item.getByTestId('community-publish').click();
    await moderator.getByTestId('community-queue-empty').waitFor();
    await moderator.getByTestId('community-filter-published').check();
    await moderator.getByTestId('community-item').filter({ hasText: 'broken for weeks' }).waitFor();

    // The editor side: show the community centres on the community page too.
    await moderator.getByTestId('tab-map').click();
    await moderator.locator('[data-testid="map-canvas"][data-ready="true"]').waitFor();
    await moderator.locator(`[data-testid="layer-row"][data-layer-id="${layerId}"]`).getByTestId('layer-publish').check();
    // The board map draws published contributions as "Community knowledge": dark-ringed points with a white centre,
    // unlike the layers' white-ringed points, whose colours may be the categories' own.
    await moderator.getByTestId('community-layer-key').waitFor();
    await waitUntil(() =>
      moderator.evaluate(() => {
        type BoardMap = { getLayer(id: string): unknown; querySourceFeatures(id: string): unknown[] };
        const map = (window as unknown as { __placeboard?: { map?: BoardMap } }).__placeboard?.map;
        return Boolean(map?.getLayer('community-knowledge')) && (map?.querySourceFeatures('community-knowledge').length ?? 0) === 1;
      }),
    );
    const ring = await moderator.evaluate(() => {
      type BoardMap = { getLayer(id: string): unknown; getPaintProperty(layer: string, name: string): unknown };
      const map = (window as unknown as { __placeboard?: { map?: BoardMap } }).__placeboard?.map;
      return { stroke: map?.getPaintProperty('community-knowledge', 'circle-stroke-color'), centre: Boolean(map?.getLayer('community-knowledge-centre')) };
    });
    expect(ring).toEqual({ stroke: '#212b32', centre: true });
    // Clicking its point opens what it says, over the community centre's point about 50 m away; a moderator sees which
    // link it came from.
    const [contribution] = listContributions(owner.doc);
    const point = contribution?.ok ? contribution.value.point : undefined;
    if (!point) throw new Error('the contribution has no point');
    await clickContribution(moderator, point);
    const panel = moderator.getByTestId('contribution-panel');
    await panel.waitFor();
    expect(await panel.getByTestId('contribution-panel-heading').textContent()).toBe('Barrier to access');
    expect(await panel.getByTestId('contribution-panel-text').textContent()).toBe(CLEAN_TEXT);
    expect(await panel.textContent()).toContain('from Community (Old Trafford residents group)');
    expect(await moderator.getByTestId('feature-panel').count()).toBe(0);
    expect(await violationsOn(moderator)).toEqual([]);
    await panel.getByTestId('contribution-panel-close').click();
    await panel.waitFor({ state: 'detached' });

    await community.reload();
    const shown = community.getByTestId('community-published-item');
    await shown.waitFor();
    expect(await shown.count()).toBe(1);
    expect(await shown.textContent()).toContain(CLEAN_TEXT);
    expect(await shown.textContent()).toContain('Barrier to access');
    expect(await community.textContent('main')).not.toContain('residents group');
    expect(await community.textContent('main')).toContain('Community centres (1 place)');
    await community.locator('[data-testid="community-map"][data-ready="true"]').waitFor();
    expect(await violationsOn(community)).toEqual([]);
    await community.screenshot({ path: path.join(ARTIFACTS, 'community-page.png'), fullPage: true });

    // Converting: a sticky on the outcome canvas, once.
    await moderator.getByTestId('tab-community').click();
    const published = moderator.getByTestId('community-item').filter({ hasText: 'broken for weeks' });
    await published.getByTestId('community-to-sticky').click();
    await published.getByTestId('community-item-converted').waitFor();
    expect(await published.getByTestId('community-to-sticky').count()).toBe(0);
    await waitUntil(() => [...getRoots(owner.doc).canvas.values()].some((c) => String(c.get('text')).includes('broken for weeks')));
    expect(await violationsOn(moderator)).toEqual([]);
    await moderator.screenshot({ path: path.join(ARTIFACTS, 'community-moderation.png'), fullPage: true });
    await moderator.close();
  });

  it('on the board map, an editor reads a contribution without who sent it; a moderator hides it from there', async () => {
    const [contribution] = listContributions(owner.doc);
    const point = contribution?.ok ? contribution.value.point : undefined;
    if (!point || !contribution?.ok) throw new Error('the contribution has no point');
    const editor = await openBoardPage(browser, server, boardId, 'Ed Editor', { width: 1280, height: 900 }, 'editor');
    await editor.locator('[data-testid="map-canvas"][data-ready="true"]').waitFor();
    // The pointer says it can be opened; away from every point, nothing can.
    const at = await onPage(editor, point);
    await editor.mouse.move(at.x, at.y);
    await waitUntil(async () => (await mapCursor(editor)) === 'pointer');
    await editor.mouse.move(at.x + 60, at.y - 60);
    await waitUntil(async () => (await mapCursor(editor)) === '');
    await clickContribution(editor, point);
    const editorPanel = editor.getByTestId('contribution-panel');
    await editorPanel.waitFor();
    expect(await editorPanel.getByTestId('contribution-panel-text').textContent()).toBe(CLEAN_TEXT);
    expect(await editorPanel.textContent()).not.toContain('residents group');
    expect(await editorPanel.getByTestId('contribution-panel-hide').count()).toBe(0);

    const moderator = await openBoardPage(browser, server, boardId, 'Maya Moderator', { width: 1280, height: 900 }, 'moderator');
    await moderator.locator('[data-testid="map-canvas"][data-ready="true"]').waitFor();
    await clickContribution(moderator, point);
    await moderator.getByTestId('contribution-panel-hide').click();
    await moderator.getByTestId('contribution-panel').waitFor({ state: 'detached' });
    await waitUntil(() => {
      const stored = listContributions(owner.doc)[0];
      return stored?.ok === true && stored.value.status === 'hidden';
    });
    // The editor's open panel says it has gone, rather than still showing it.
    await editorPanel.getByTestId('contribution-panel-gone').waitFor();
    expect(await editorPanel.getByTestId('contribution-panel-text').count()).toBe(0);
    await moderator.close();
    await editor.close();
  });

  it('an owner makes a community link in the Community tab and gets its address to copy', async () => {
    const page = await openBoardPage(browser, server, boardId, null, { width: 1280, height: 900 });
    await page.getByTestId('tab-community').click();
    await page.getByTestId('community-link-label').fill('Gorse Hill youth club');
    await page.getByTestId('community-link-create').click();
    await page.getByTestId('community-link-created').waitFor();
    const url = await page.getByTestId('community-link-url').inputValue();
    expect(new URL(url).pathname).toMatch(/^\/c\/[A-Za-z0-9_-]{43}$/);
    const answer = await fetch(new URL(`/api/community/${new URL(url).pathname.slice(3)}`, server.url));
    expect(answer.status).toBe(200);
    // The list of live links is read again once the link is made, after its address is shown.
    await page.getByTestId('community-links').filter({ hasText: 'Gorse Hill youth club' }).waitFor();
    expect(await violationsOn(page)).toEqual([]);
    await page.close();
  });

  it('says plainly when the link has been withdrawn', async () => {
    expect((await ownerFetch(server, `/api/boards/${boardId}/links/${linkId}`, { method: 'DELETE' })).status).toBe(204);
    await community.reload();
    await community.getByTestId('community-expired').waitFor();
    expect(await community.textContent('main')).toContain('expired or been withdrawn');
    expect(await violationsOn(community)).toEqual([]);
  });
});

describe('the community page when the server says no', () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startTestServer({ COMMUNITY_POSTS_PER_HOUR: '1' });
    browser = await launchChromium(inject('chromiumPath'));
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('keeps the text and says to wait after too many posts, and says the link stopped working when it is withdrawn', async () => {
    const boardId = await createBoardViaApi(server, 'Limits board');
    const link = await createShareLink(server, boardId, { role: 'contributor', kind: 'community', label: 'Busy group' });
    const page = await openPage(browser, null, PHONE);
    await page.goto(link.url);
    await page.locator('[data-testid="community-map"][data-ready="true"]').waitFor();
    const add = async (text: string): Promise<void> => {
      await page.getByTestId('community-use-centre').click();
      await page.getByTestId('community-category-idea').check();
      await page.getByTestId('community-text').fill(text);
      await page.getByTestId('community-send').click();
    };
    await add('A bench at the bus stop on Talbot Road');
    await page.getByTestId('community-thanks').waitFor();
    await page.getByTestId('community-add-another').click();
    // The keyboard goes to the form's first step, not to the top of the page.
    await waitUntil(async () => (await focused(page)).testid === 'community-step-where');

    await add('A second idea: a crossing by the school');
    const problem = page.getByTestId('community-problem');
    await problem.waitFor();
    expect(await problem.textContent()).toBe('You have added a lot of local knowledge in the last hour. Please wait a little and try again.');
    expect((await focused(page)).testid).toBe('community-problem');
    expect(await page.getByTestId('community-text').inputValue()).toBe('A second idea: a crossing by the school');
    expect(await violationsOn(page)).toEqual([]);

    expect((await ownerFetch(server, `/api/boards/${boardId}/links/${link.linkId}`, { method: 'DELETE' })).status).toBe(204);
    await page.getByTestId('community-send').click();
    await page.getByTestId('community-expired').waitFor();
    expect((await focused(page)).testid).toBe('community-expired');
    expect(await page.textContent('main')).toContain('expired or been withdrawn');
    await page.close();
  });
});
