import fs from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium, openPage } from '../helpers/browser.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

/** axe-core's browser bundle, injected into each page. */
const AXE_SOURCE = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
/** The WCAG 2.0, 2.1 and 2.2 A and AA rules: the public sector's legal floor. */
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

async function violationsOn(page: Page): Promise<Violation[]> {
  await page.addScriptTag({ content: AXE_SOURCE });
  return page.evaluate(async (tags) => {
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: tags } });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
  }, WCAG_TAGS);
}

describe('WCAG 2.2 AA checks (axe-core) on every view of the demo board', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let boardPath: string;

  beforeAll(async () => {
    server = await startTestServer({ SEED_DEMO: 'true' });
    browser = await launchChromium(inject('chromiumPath'));
    // Signed in as the server's owner; the sign-in form is checked on a page that is not signed in.
    page = await openPage(browser, { url: server.url, auth: server.owner }, { width: 1280, height: 900 });
    await page.goto(server.url);
    boardPath = (await page.getByTestId('board-link').first().getAttribute('href'))!;
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

  it.each(['map', 'purpose', 'outcomes', 'partners', 'governance'])('the %s pane', async (pane) => {
    await page.goto(`${server.url}${boardPath}#${pane}`);
    await page.locator('[data-testid="board-view"][data-synced="true"]').waitFor();
    await page.getByTestId(`${pane}-pane`).waitFor();
    if (pane === 'map') await page.locator('[data-testid="map-canvas"][data-ready="true"]').waitFor();
    if (pane === 'partners' && (await page.getByTestId('partner-row').count()) === 0) {
      // A partner, so the outcome cards show their agreement summary on the next pass.
      await page.getByTestId('partner-add-organisation').fill('Trafford Council');
      await page.getByTestId('partner-add-submit').click();
      await page.getByTestId('partner-row').first().waitFor();
    }
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
