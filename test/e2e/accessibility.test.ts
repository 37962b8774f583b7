import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { violationsOn } from '../helpers/axe.js';
import { launchChromium, openPage } from '../helpers/browser.js';
import { addMember, createShareLink, startTestServer, type TestServer } from '../helpers/server.js';
import { waitUntil } from '../helpers/wait.js';

/**
 * Elements that reach past the right edge of the window other than inside a box that scrolls or clips them,
 * described by tag, test id and class: what makes a person at 320 px scroll sideways.
 */
function elementsPastTheRightEdge(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    // A box that scrolls or clips holds an element in it, unless the element is positioned absolutely (visually hidden
    // text is) against something outside that box: then it sticks out past it, and the page scrolls.
    const clipped = (element: Element): boolean => {
      const position = getComputedStyle(element).position;
      let escaping = position === 'absolute' || position === 'fixed';
      for (let parent = element.parentElement; parent && parent !== document.body; parent = parent.parentElement) {
        const style = getComputedStyle(parent);
        // The nearest positioned ancestor holds an absolutely positioned element, and clips it if it clips at all.
        if (position === 'absolute' && style.position !== 'static') escaping = false;
        if (!escaping && style.overflowX !== 'visible') return true;
      }
      return false;
    };
    const past: string[] = [];
    for (const element of Array.from(document.body.querySelectorAll('*'))) {
      const box = element.getBoundingClientRect();
      // Visually hidden text is 1 px square, and still widens the page when it sticks out.
      if (box.right <= width + 1 || clipped(element)) continue;
      past.push(`${element.tagName.toLowerCase()}${element.getAttribute('data-testid') ? `[${element.getAttribute('data-testid')}]` : ''}.${element.classList[0] ?? ''} (right ${Math.round(box.right)})`);
    }
    return past.slice(0, 10);
  });
}

/** The board's panes, as their tabs name them. */
const PANES = ['map', 'purpose', 'outcomes', 'partners', 'governance', 'community'] as const;

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

  // WCAG 1.4.10 Reflow: 320 CSS pixels wide (1280 at 400% zoom), a page does not scroll sideways. Only what needs two
  // dimensions (the map, the canvas, a wide table) may, inside a scrolling box of its own.
  it.each([...PANES.map((pane) => `#${pane}`), '/members', '/audit', '/versions'])('at 320 px wide, %s does not scroll sideways', async (where) => {
    await page.setViewportSize({ width: 320, height: 640 });
    try {
      if (where.startsWith('#')) {
        await page.goto(`${server.url}${boardPath}${where}`);
        await page.locator('[data-testid="board-view"][data-synced="true"]').waitFor();
        await page.getByTestId(`${where.slice(1)}-pane`).waitFor();
        if (where === '#map') await page.locator('[data-testid="map-canvas"][data-ready="true"]').waitFor();
        if (where === '#partners') await page.getByTestId('partner-card').first().waitFor();
      } else {
        await page.goto(`${server.url}${boardPath}${where}`);
        await page.getByTestId({ '/members': 'links-table', '/audit': 'audit-table', '/versions': 'versions-page' }[where]!).waitFor();
      }
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
      expect(await elementsPastTheRightEdge(page)).toEqual([]);
    } finally {
      await page.setViewportSize({ width: 1280, height: 900 });
    }
  });

  it('a table wider than the pane shows a shadow on each side with more columns beyond it, and a table that fits shows none', async () => {
    await page.goto(`${server.url}${boardPath}#governance`);
    await page.getByTestId('governance-table-data-sharing').waitFor();
    const frameOf = (kind: string) => page.getByTestId(`governance-table-${kind}`).locator('xpath=ancestor::div[contains(@class, "table-wide-frame")][1]');
    const shadows = (kind: string) =>
      frameOf(kind).evaluate((frame) => [getComputedStyle(frame, '::before').opacity, getComputedStyle(frame, '::after').opacity].join(' '));
    const box = page.getByTestId('governance-table-data-sharing').locator('xpath=..');
    // The demo's data-sharing register (eleven columns) is wider than the pane at 1280 px; its decisions fit.
    expect(await box.evaluate((element) => element.scrollWidth > element.clientWidth)).toBe(true);
    await waitUntil(async () => (await shadows('data-sharing')) === '0 1');
    expect(await shadows('decision')).toBe('0 0');
    // Its Edit and Delete stay in view at the right, the columns between scrolling under them.
    const actionsInView = await box.evaluate((element) => {
      const visible = element.getBoundingClientRect();
      const buttons = Array.from(element.querySelectorAll('[data-testid="governance-edit"], [data-testid="governance-delete"]')).map((b) => b.getBoundingClientRect());
      return buttons.length > 0 && buttons.every((b) => b.left >= visible.left && b.right <= visible.right);
    });
    expect(actionsInView).toBe(true);
    // Scrolled to the end: the shadow is on the left; halfway, on both sides. The data flow each row is about stays
    // in view at the left.
    await box.evaluate((element) => element.scrollTo({ left: element.scrollWidth }));
    await waitUntil(async () => (await shadows('data-sharing')) === '1 0');
    const flowOffset = await box.evaluate((element) => element.querySelector('tbody th[scope="row"]')!.getBoundingClientRect().left - element.getBoundingClientRect().left);
    expect(Math.abs(flowOffset)).toBeLessThanOrEqual(1);
    await box.evaluate((element) => element.scrollTo({ left: (element.scrollWidth - element.clientWidth) / 2 }));
    await waitUntil(async () => (await shadows('data-sharing')) === '1 1');
    // On a narrow window the decisions no longer fit either, and say so.
    await page.setViewportSize({ width: 480, height: 900 });
    try {
      await waitUntil(async () => (await shadows('decision')) === '0 1');
    } finally {
      await page.setViewportSize({ width: 1280, height: 900 });
    }
  });

  it('the questions before deleting a partner, a governance entry or a purpose, read in red and white', async () => {
    const confirms: [pane: string, ask: string, confirm: string][] = [
      ['partners', 'partner-delete', 'partner-delete-confirm'],
      ['governance', 'governance-delete', 'governance-delete-confirm'],
      ['purpose', 'purpose-delete', 'purpose-delete-confirm'],
    ];
    for (const [pane, ask, confirm] of confirms) {
      await page.goto(`${server.url}${boardPath}#${pane}`);
      await page.getByTestId(ask).first().click();
      const button = page.getByTestId(confirm);
      await button.waitFor();
      expect(await violationsOn(page), pane).toEqual([]);
      // White on red, not red on red.
      expect(await button.evaluate((element) => [getComputedStyle(element).color, getComputedStyle(element).backgroundColor]), pane).toEqual(['rgb(255, 255, 255)', 'rgb(213, 40, 27)']);
    }
  });

  it("a feature's details with the points of its shape listed", async () => {
    await page.goto(`${server.url}${boardPath}#map`);
    await page.locator('[data-testid="map-canvas"][data-ready="true"]').waitFor();
    await page.getByTestId('feature-search').fill('Sale');
    await page.getByTestId('feature-search-result').first().click();
    await page.locator('[data-testid="shape-points"] summary').click();
    await page.getByTestId('shape-point-move').first().waitFor();
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
