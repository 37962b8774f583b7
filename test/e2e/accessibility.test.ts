import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { violationsOn } from '../helpers/axe.js';
import { launchChromium, openPage } from '../helpers/browser.js';
import { addMember, createShareLink, startTestServer, type TestServer } from '../helpers/server.js';

/** The board's panes, as their tabs name them. */
const PANES = ['map', 'purpose', 'outcomes', 'partners', 'governance'] as const;

describe('WCAG 2.2 AA checks (axe-core) on every view of the demo board', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  /** A viewer of the board. */
  let viewer: Page;
  let boardPath: string;

  beforeAll(async () => {
    server = await startTestServer({ SEED_DEMO: 'true' });
    browser = await launchChromium(inject('chromiumPath'));
    // Signed in as the server's owner; the sign-in form is checked on a page that is not signed in.
    page = await openPage(browser, { url: server.url, auth: server.owner }, { width: 1280, height: 900 });
    await page.goto(server.url);
    boardPath = (await page.getByTestId('board-link').first().getAttribute('href'))!;
    // A member and a share link, so that the Members page lists both and the audit log has lines.
    const boardId = boardPath.split('/').pop()!;
    viewer = await openPage(browser, { url: server.url, auth: await addMember(server, boardId, 'Vera', 'viewer') }, { width: 1280, height: 900 });
    await createShareLink(server, boardId, { role: 'contributor', label: 'Workshop tables' });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('the board list and the sign-in form', async () => {
    expect(await violationsOn(page)).toEqual([]);
    const fresh = await browser.newPage();
    await fresh.goto(server.url);
    await fresh.getByLabel('Email address').waitFor();
    expect(await violationsOn(fresh)).toEqual([]);
    await fresh.close();
  });

  // Each pane as the owner, who may change everything, and as a viewer, whose panes are read-only.
  it.each(PANES.flatMap((pane) => [[pane, 'the owner'] as const, [pane, 'a viewer'] as const]))('the %s pane for %s', async (pane, who) => {
    const target = who === 'the owner' ? page : viewer;
    await target.goto(`${server.url}${boardPath}#${pane}`);
    await target.locator('[data-testid="board-view"][data-synced="true"]').waitFor();
    await target.getByTestId(`${pane}-pane`).waitFor();
    if (pane === 'map') await target.locator('[data-testid="map-canvas"][data-ready="true"]').waitFor();
    // The demo's example partners fill the register, the partner map and the accountability matrix.
    if (pane === 'partners') await target.getByTestId('partner-card').first().waitFor();
    expect(await violationsOn(target)).toEqual([]);
  });

  it.each([
    ['members', 'links-table'],
    ['audit', 'audit-table'],
    ['versions', 'versions-page'],
  ])('the %s page', async (route, ready) => {
    await page.goto(`${server.url}${boardPath}/${route}`);
    await page.getByTestId(ready).waitFor();
    expect(await violationsOn(page)).toEqual([]);
  });

  it('the outcomes pane with partners, agreement and a running vote', async () => {
    await page.goto(`${server.url}${boardPath}#outcomes`);
    await page.locator('[data-testid="board-view"][data-synced="true"]').waitFor();
    await page.getByTestId('agreement-summary').first().waitFor();
    await page.getByTestId('vote-start').click();
    await page.getByTestId('vote-place').first().waitFor();
    expect(await violationsOn(page)).toEqual([]);
  });
});
