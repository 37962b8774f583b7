import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import * as Y from 'yjs';
import {
  addCanvasItem,
  addGovernanceEntry,
  addLayer,
  addMapView,
  addPartner,
  deletePartner,
  addPurpose,
  addFeature,
  getPurposeFragment,
  listContributions,
  setContributionStatus,
  type Author,
  type BoardId,
} from '@placeboard/board';
import { violationsOn } from '../helpers/axe.js';
import { launchChromium, openBoardPage, openPage } from '../helpers/browser.js';
import { connectClient } from '../helpers/clients.js';
import { addMember, createBoardViaApi, createShareLink, startTestServer, type TestServer } from '../helpers/server.js';
import { waitUntil } from '../helpers/wait.js';




const SEEDER: Author = { name: 'Board seeder' };
const PURPOSE_TITLE = 'Keep older people well at home';
const VIEW_NAME = 'GP practices in Stretford';
const FRAME_NAME = 'Falls outcomes';
const LAYER_CREDIT = 'Contains NHS ODS data © NHS England, OGL v3.0';

/** The slide a page shows: its key. */
const slideKeyOf = (page: Page): Promise<string | null> => page.getByTestId('slide').getAttribute('data-slide-key');

/** Waits, without a deadline, until `page` shows the slide `key`. */
async function waitForSlide(page: Page, key: string): Promise<void> {
  await page.locator(`[data-testid="slide"][data-slide-key="${key}"]`).waitFor();
}

/**
 * Fills a board with one of everything present mode shows (a purpose with text, a saved map view of a layer, a frame
 * with an outcome card, a partner, a governance decision), through a real sync client as the owner.
 */
async function seedBoard(server: TestServer, boardId: string): Promise<void> {
  const client = await connectClient(server, boardId);
  const { doc } = client;
  const purposeId = addPurpose(doc, { title: PURPOSE_TITLE, cohortWho: 'People over 75 living alone', cohortSize: 1200 }, SEEDER);
  const fragment = getPurposeFragment(doc, purposeId)!;
  const paragraph = new Y.XmlElement('paragraph');
  paragraph.insert(0, [new Y.XmlText('Fewer falls, fewer emergency admissions, more people living independently.')]);
  fragment.insert(0, [paragraph]);
  const layerId = addLayer(doc, { name: 'GP practices', kind: 'assets', style: { colour: '#005eb8' }, attribution: LAYER_CREDIT }, SEEDER);
  addFeature(doc, { layerId, geometry: { type: 'Point', coordinates: [-2.31, 53.445] }, properties: { name: 'Stretford Health Centre' } }, SEEDER);
  addMapView(doc, { name: VIEW_NAME, center: [-2.31, 53.445], zoom: 13, visibleLayerIds: [layerId] }, SEEDER);
  addCanvasItem(doc, { kind: 'frame', x: 0, y: 0, w: 600, h: 400, text: FRAME_NAME }, SEEDER);
  addCanvasItem(doc, { kind: 'outcome', x: 40, y: 60, text: 'Fewer falls at home', description: 'Falls prevention for over 75s' }, SEEDER);
  addPartner(doc, { organisation: 'Trafford Council', sector: 'local authority', commitment: 'committed' }, SEEDER);
  addGovernanceEntry(doc, { kind: 'decision', title: 'Pool the falls budget', decidedBy: 'Locality board', decidedOn: '2026-01-15' }, SEEDER);
  // The server holds every change before the client goes.
  const mine = Y.decodeStateVector(Y.encodeStateVector(doc));
  await waitUntil(async () => {
    const room = await server.rooms.peek(boardId as BoardId);
    if (!room) return false;
    const theirs = Y.decodeStateVector(Y.encodeStateVector(room.doc));
    return [...mine].every(([clientId, clock]) => (theirs.get(clientId) ?? 0) >= clock);
  });
  client.destroy();
}

describe('present mode with a follower, and versions: save, open read-only, compare', () => {
  let server: TestServer;
  let browser: Browser;
  let boardId: string;
  let presenter: Page;
  let follower: Page;
  /** The key of the map-view slide. */
  let mapKey = '';

  beforeAll(async () => {
    server = await startTestServer();
    boardId = await createBoardViaApi(server, 'Stretford neighbourhood plan');
    await seedBoard(server, boardId);
    browser = await launchChromium(inject('chromiumPath'));
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('the presenter moves through the slides with the keyboard and a member on a laptop follows', async () => {
    presenter = await openBoardPage(browser, server, boardId, 'Priya Presenter', { width: 1920, height: 1080 }, 'editor');
    await presenter.getByTestId('present-link').click();
    await presenter.locator('[data-testid="present-view"][data-mode="presenting"][data-synced="true"]').waitFor();
    await waitForSlide(presenter, 'title');
    expect(await presenter.getByTestId('slide-title').textContent()).toBe('Stretford neighbourhood plan');
    expect(await presenter.getByTestId('slide-counter').textContent()).toBe('Slide 1 of 6');

    const followerAuth = await addMember(server, boardId, 'Fola Follower', 'viewer');
    follower = await openPage(browser, { url: server.url, auth: followerAuth }, { width: 1366, height: 768 });
    await follower.goto(`${server.url}/b/${boardId}/present`);
    await follower.locator('[data-testid="present-view"][data-mode="following"]').waitFor();
    expect(await follower.getByTestId('follow-status').textContent()).toBe('Following Priya Presenter');
    await waitForSlide(follower, 'title');
    // Following is read-only: the follower's own buttons do not move the slides.
    expect(await follower.getByTestId('slide-next').isDisabled()).toBe(true);

    // Each key the presenter presses takes the follower to the same slide.
    const steps: [string, RegExp | string][] = [
      ['ArrowRight', /^purpose:/],
      ['PageDown', /^map-view:/],
      ['ArrowRight', /^frame:/],
      ['End', 'governance'],
      ['ArrowLeft', 'partners'],
      ['PageUp', /^frame:/],
      ['Home', 'title'],
      ['ArrowRight', /^purpose:/],
    ];
    for (const [key, expected] of steps) {
      const before = await slideKeyOf(presenter);
      await presenter.keyboard.press(key);
      await waitUntil(async () => (await slideKeyOf(presenter)) !== before);
      const shown = (await slideKeyOf(presenter))!;
      if (typeof expected === 'string') expect(shown).toBe(expected);
      else expect(shown).toMatch(expected);
      await waitForSlide(follower, shown);
    }
    expect(await follower.getByTestId('slide-title').textContent()).toBe(PURPOSE_TITLE);
    expect(await follower.getByTestId('slide').textContent()).toContain('Fewer falls, fewer emergency admissions');
    expect(await follower.getByTestId('slide-counter').textContent()).toBe('Slide 2 of 6');

    // The map slide shows the saved view's map on both screens.
    await presenter.keyboard.press('ArrowRight');
    await presenter.locator('[data-testid="slide"][data-slide-kind="map-view"]').waitFor();
    mapKey = (await slideKeyOf(presenter))!;
    await waitForSlide(follower, mapKey);
    expect(await follower.getByTestId('slide-title').textContent()).toBe(VIEW_NAME);
    await follower.locator('[data-testid="map-slide"][data-ready="true"]').waitFor();
    await presenter.locator('[data-testid="map-slide"][data-ready="true"]').waitFor();
    expect(await follower.getByTestId('map-slide').getAttribute('data-zoom')).toBe('13.00');
    // The credits are a caption under the map (the basemap's, then the layer's), not a box over it.
    const credits = await presenter.getByTestId('map-slide-credits').textContent();
    expect(credits).toMatch(/^Basemap: contains OS data © Crown copyright/);
    expect(credits).toContain(LAYER_CREDIT);
    expect(await presenter.getByTestId('map-slide-canvas').locator('.maplibregl-ctrl-attrib').count()).toBe(0);
    // The presenter zooms their map in with the keyboard; the follower's map follows.
    await presenter.getByTestId('map-slide-canvas').locator('canvas').focus();
    await presenter.keyboard.press('Equal');
    await presenter.locator('[data-testid="map-slide"][data-zoom="14.00"]').waitFor();
    await follower.locator('[data-testid="map-slide"][data-zoom="14.00"]').waitFor();
    expect(await slideKeyOf(presenter)).toBe(mapKey);
    await presenter.getByTestId('map-slide-canvas').locator('canvas').blur();

    // Presenter notes are the presenter's, and stay with the board.
    await presenter.getByTestId('presenter-notes-field').fill('Mention the new health centre opening in May.');
    // Keys typed into the notes are the notes'; out of the field they move the slides again.
    await presenter.getByTestId('presenter-notes-field').blur();
    expect(await follower.getByTestId('presenter-notes').count()).toBe(0);

    // Stopping following keeps the follower where they are while the presenter moves on; following again catches up.
    await follower.getByTestId('follow-toggle').click();
    await follower.locator('[data-testid="present-view"][data-mode="browsing"]').waitFor();
    await presenter.keyboard.press('ArrowRight');
    await presenter.locator('[data-testid="slide"][data-slide-kind="frame"]').waitFor();
    const presenterKey = (await slideKeyOf(presenter))!;
    // The follower's page has heard where the presenter is, and stayed.
    await follower.locator(`[data-testid="follow-status"][data-presenter-slide="${presenterKey}"]`).waitFor();
    expect(await slideKeyOf(follower)).toBe(mapKey);
    await follower.getByTestId('follow-toggle').click();
    await waitForSlide(follower, presenterKey);
    expect(await follower.getByTestId('slide-title').textContent()).toBe(FRAME_NAME);
    expect(await follower.getByTestId('frame-card').first().textContent()).toContain('Fewer falls at home');

    // The Next button, pressed from the keyboard up to the last slide, can do no more there but keeps the keyboard.
    const next = presenter.getByTestId('slide-next');
    const counter = presenter.getByTestId('slide-counter');
    await next.focus();
    while ((await counter.textContent()) !== 'Slide 6 of 6') {
      const before = await slideKeyOf(presenter);
      await presenter.keyboard.press('Enter');
      await waitUntil(async () => (await slideKeyOf(presenter)) !== before);
    }
    expect(await next.evaluate((element) => element === document.activeElement)).toBe(true);
    expect(await next.getAttribute('aria-disabled')).toBe('true');
    await presenter.keyboard.press('Enter');
    expect(await counter.textContent()).toBe('Slide 6 of 6');
    await next.blur();
  });

  it('the present view, presenting and following, has no WCAG 2.2 AA violations', async () => {
    expect(await violationsOn(presenter)).toEqual([]);
    expect(await violationsOn(follower)).toEqual([]);
  });

  it('Escape leaves present mode for the board; the follower is then on their own', async () => {
    await presenter.keyboard.press('Escape');
    await presenter.locator('[data-testid="board-view"][data-synced="true"]').waitFor();
    expect(new URL(presenter.url()).pathname).toBe(`/b/${boardId}`);
    await follower.locator('[data-testid="present-view"][data-mode="browsing"]').waitFor();
    expect(await follower.getByTestId('follow-status').textContent()).toBe('Nobody is presenting');
    // The notes written while presenting were kept with the board.
    await presenter.getByTestId('present-link').click();
    await presenter.locator('[data-testid="present-view"][data-mode="presenting"][data-synced="true"]').waitFor();
    await presenter.keyboard.press('End');
    await waitForSlide(presenter, 'governance');
    for (const key of ['PageUp', 'PageUp', 'PageUp']) {
      const before = await slideKeyOf(presenter);
      await presenter.keyboard.press(key);
      await waitUntil(async () => (await slideKeyOf(presenter)) !== before);
    }
    await waitForSlide(presenter, mapKey);
    expect(await presenter.getByTestId('presenter-notes-field').inputValue()).toBe('Mention the new health centre opening in May.');
    await presenter.keyboard.press('Escape');
    await presenter.locator('[data-testid="board-view"][data-synced="true"]').waitFor();
    await follower.close();
  });

  it('a version saved through the page is listed; opened, it shows the banner and is read-only', async () => {
    await presenter.getByTestId('versions-link').click();
    await presenter.getByTestId('versions-page').waitFor();
    await presenter.getByTestId('versions-empty').waitFor();
    await presenter.getByTestId('version-name').fill('Draft for the March board');
    await presenter.getByTestId('version-note').fill('Before the falls workshop');
    await presenter.getByTestId('version-save').click();
    const version = presenter.locator('[data-testid="version"][data-version="1"]');
    await version.waitFor();
    expect(await version.getByTestId('version-title').textContent()).toBe('Version 1: Draft for the March board');
    expect(await version.textContent()).toContain('Saved by Priya Presenter on');
    expect(await version.getByTestId('version-status').textContent()).toBe('Saved');
    expect(await presenter.getByTestId('versions-status').textContent()).toBe('Version 1: Draft for the March board saved.');
    expect(await version.getByTestId('version-pack').getAttribute('href')).toBe(`/api/boards/${boardId}/pack.pdf?version=1`);
    expect(await violationsOn(presenter)).toEqual([]);

    await version.getByTestId('version-open').click();
    const banner = presenter.getByTestId('version-banner');
    await banner.waitFor();
    expect(await banner.textContent()).toMatch(/You are looking at version 1, Draft for the March board,\s+saved by Priya Presenter on \d{1,2} \w+ \d{4}\. Back to the live board/);
    expect(await presenter.getByTestId('board-title').textContent()).toBe('Stretford neighbourhood plan');
    // Read-only everywhere: as for a viewer, whatever the role.
    await presenter.getByTestId('view-only-badge').waitFor();
    await presenter.getByTestId('tab-outcomes').click();
    await presenter.locator('[data-testid="canvas-item"][data-kind="outcome"]').filter({ hasText: 'Fewer falls at home' }).waitFor();
    expect(await presenter.getByTestId('add-outcome').count()).toBe(0);
    await presenter.getByTestId('tab-purpose').click();
    const editor = presenter.locator('.purpose-editor__content').first();
    await editor.waitFor();
    expect(await editor.getAttribute('contenteditable')).toBe('false');
    expect(await editor.textContent()).toContain('Fewer falls, fewer emergency admissions');
    await presenter.getByTestId('tab-map').click();
    await presenter.locator('[data-testid="map-canvas"][data-ready="true"]').waitFor();
    expect(await presenter.getByTestId('save-view').count()).toBe(0);
    expect(await presenter.getByTestId('saved-view-name').first().textContent()).toBe(VIEW_NAME);
    // No presence, no connection: nobody sees someone looking at an old version.
    expect(await presenter.getByTestId('presence').count()).toBe(0);
    expect(await violationsOn(presenter)).toEqual([]);

    await presenter.getByTestId('version-back').click();
    await presenter.locator('[data-testid="board-view"][data-synced="true"]').waitFor();
    expect(new URL(presenter.url()).pathname).toBe(`/b/${boardId}`);
  });

  it('comparing the version with the current board shows a change made after it was saved', async () => {
    await presenter.getByTestId('tab-outcomes').click();
    await presenter.getByTestId('add-outcome').click();
    await presenter.getByTestId('canvas-item-editor').fill('More people walking safely');
    await presenter.getByTestId('canvas-item-editor').press('Control+Enter');
    await presenter.locator('[data-testid="canvas-item"][data-kind="outcome"]').filter({ hasText: 'More people walking safely' }).waitFor();

    await presenter.getByTestId('versions-link').click();
    const version = presenter.locator('[data-testid="version"][data-version="1"]');
    await version.waitFor();
    // The edit reaches the server before the comparison is asked for: the compare reads the server's board.
    await waitUntil(async () => {
      await version.getByTestId('version-compare').click();
      await presenter.locator('[data-testid="compare-view"][data-state="loaded"]').waitFor();
      return (await presenter.getByTestId('diff-outcome').count()) > 0;
    });
    const compare = presenter.getByTestId('compare-view');
    expect(await compare.getByRole('heading', { level: 2 }).textContent()).toBe('Changes from version 1 to the current board');
    const added = compare.locator('[data-testid="diff-outcome"][data-change="added"]').filter({ hasText: 'More people walking safely' });
    expect(await added.count()).toBe(1);
    expect(await added.getByTestId('change-badge').textContent()).toContain('Added');
    expect(await added.locator('ins').first().textContent()).toContain('More people walking safely');
    expect(await compare.locator('[data-testid="diff-outcome"]').filter({ hasText: 'Fewer falls at home' }).count()).toBe(0);
    expect(new URL(presenter.url()).searchParams.get('b')).toBe('current');
    expect(await violationsOn(presenter)).toEqual([]);
  });

  it('a partners slide too long for the slide shrinks its text to fit while partners are added, and grows back', async () => {
    const page = await openBoardPage(browser, server, boardId, 'Sam Slides', { width: 1366, height: 768 }, 'editor');
    await page.goto(`${server.url}/b/${boardId}/present`);
    await page.locator('[data-testid="present-view"][data-synced="true"]').waitFor();
    await page.keyboard.press('End');
    await waitForSlide(page, 'governance');
    // Each decision says where it stands.
    expect(await page.getByTestId('governance-slide').textContent()).toContain('Open, Locality board, 15 Jan 2026');
    await page.keyboard.press('ArrowLeft');
    await waitForSlide(page, 'partners');
    const body = page.locator('[data-testid="slide"] .slide__body');
    /** The body's own font size (empty: the slide's), whether it scrolls, and whether the last row is in view. */
    const state = () =>
      body.evaluate((element) => {
        const rows = element.querySelectorAll('tr');
        const last = rows[rows.length - 1]?.getBoundingClientRect();
        const box = element.getBoundingClientRect();
        return {
          fontSize: (element as HTMLElement).style.fontSize,
          scrolls: element.scrollHeight > element.clientHeight + 1,
          lastRowInView: last !== undefined && last.bottom <= box.bottom + 1,
          rows: rows.length,
        };
      });
    expect(await state()).toMatchObject({ fontSize: '', scrolls: false, lastRowInView: true });

    // Twelve more partners, added while the slide is shown.
    const client = await connectClient(server, boardId);
    const added = Array.from({ length: 12 }, (_, i) =>
      addPartner(client.doc, { organisation: `Partner organisation ${i + 1}`, sector: 'VCSE', lead: 'Chief executive', role: 'Social prescribing' }, SEEDER),
    );
    await waitUntil(async () => (await state()).rows === 14); // the header and 13 partners
    await waitUntil(async () => {
      const now = await state();
      return now.fontSize !== '' && !now.scrolls && now.lastRowInView;
    });
    const shrunk = Number.parseFloat((await state()).fontSize);
    expect(shrunk).toBeLessThan(1);
    expect(shrunk).toBeGreaterThanOrEqual(0.6);

    // Gone again: the text is back to the slide's size.
    for (const id of added) deletePartner(client.doc, id);
    await waitUntil(async () => (await state()).rows === 2);
    await waitUntil(async () => (await state()).fontSize === '');
    client.destroy();
    await page.close();
  });

  it('a community slide appears, live, after the map once a moderator publishes local knowledge, naming its kind and place but not its sender', async () => {
    const page = await openBoardPage(browser, server, boardId, 'Cara Community', { width: 1366, height: 768 }, 'editor');
    await page.goto(`${server.url}/b/${boardId}/present`);
    await page.locator('[data-testid="present-view"][data-synced="true"]').waitFor();
    const counter = () => page.getByTestId('slide-counter').textContent();
    expect(await counter()).toMatch(/ of 6$/);

    // Sent through a community link, as a phone would, then published by a moderator.
    const link = await createShareLink(server, boardId, { role: 'contributor', kind: 'community', label: 'Stretford residents' });
    const posted = await fetch(`${server.url}/api/community/${link.token}/contributions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ point: [-2.3101, 53.4451], category: 'barrier', text: 'The lift at the tram stop is often out of order' }),
    });
    expect(posted.status).toBe(201);
    const { id } = (await posted.json()) as { id: string };
    const client = await connectClient(server, boardId);
    await waitUntil(() => listContributions(client.doc).some((r) => r.ok && r.value.id === id));
    setContributionStatus(client.doc, id, 'published', SEEDER);
    await waitUntil(async () => (await counter())?.endsWith(' of 7') ?? false);

    await page.keyboard.press('Home');
    await waitForSlide(page, 'title');
    for (const next of [/^purpose:/, /^map-view:/, /^community$/]) {
      const before = await slideKeyOf(page);
      await page.keyboard.press('ArrowRight');
      await waitUntil(async () => (await slideKeyOf(page)) !== before);
      expect(await slideKeyOf(page)).toMatch(next);
    }
    expect(await page.getByTestId('slide-title').textContent()).toBe('What the community told us');
    const slide = await page.getByTestId('community-slide').textContent();
    expect(slide).toContain('Barrier to access');
    expect(slide).toContain('The lift at the tram stop is often out of order');
    expect(slide).toContain('At Stretford Health Centre (GP practices)');
    expect(slide).not.toContain('Stretford residents');
    expect(await violationsOn(page)).toEqual([]);

    // Hidden again, the slide goes.
    setContributionStatus(client.doc, id, 'hidden', SEEDER);
    await waitUntil(async () => (await counter())?.endsWith(' of 6') ?? false);
    client.destroy();
    await page.close();
  });
});
