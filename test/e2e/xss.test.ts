import {
  addCanvasItem,
  addCommentThread,
  addPartner,
  addPurpose,
  getPurposeFragment,
  listContributions,
  listFeatures,
  setContributionStatus,
  type BoardId,
} from '@placeboard/board';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import * as Y from 'yjs';
import { launchChromium, openBoardPage, openPage } from '../helpers/browser.js';
import { connectClient, type SyncClient } from '../helpers/clients.js';
import { authOf, createBoardViaApi, createShareLink, ownerFetch, sessionTokenOf, startTestServer, type TestServer } from '../helpers/server.js';
import { waitUntil } from '../helpers/wait.js';

/**
 * Stored XSS: markup and script put into every kind of text people share (board title, layer name, feature
 * properties and their names, a comment, a sticky, an outcome, a partner, a purpose and a link in it, a community
 * contribution, a share-link visitor's display name) must show as text on every view, and never run.
 *
 * Each payload sets `window.__xss` to where it came from if it ever runs; the pages must never have it.
 */

/** A payload for one place: an image whose error handler and a script that would each mark `window.__xss`. */
function payload(where: string): string {
  return `<img src=x onerror="window.__xss='${where}'"><script>window.__xss='${where}'</script>`;
}

const P = {
  title: payload('title'),
  layer: payload('layer'),
  featureName: `Clinic ${payload('feature-name')}`,
  featureProperty: payload('feature-property'),
  propertyKey: `<svg onload="window.__xss='property-key'">`,
  comment: payload('comment'),
  sticky: payload('sticky'),
  outcome: payload('outcome'),
  partner: payload('partner'),
  purposeTitle: payload('purpose-title'),
  purposeText: payload('purpose-text'),
  contribution: payload('contribution'),
  visitor: `<img src=x onerror="window.__xss='visitor'">`,
};
const JAVASCRIPT_HREF = "javascript:window.__xss='purpose-link'";
const owner = { name: 'Test Owner' };

describe('stored markup and script show as text and never run', () => {
  let server: TestServer;
  let browser: Browser;
  let boardId: BoardId;
  let client: SyncClient;
  let visitor: SyncClient;
  let communityToken: string;
  let page: Page;

  beforeAll(async () => {
    server = await startTestServer();
    boardId = (await createBoardViaApi(server, `Board ${P.title}`)) as BoardId;

    // A feature with markup in its name, in a property value and in a property name, on a layer named with markup.
    const form = new FormData();
    const geojson = {
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          properties: { name: P.featureName, notes: P.featureProperty, [P.propertyKey]: 'a value under a markup key' },
          geometry: { type: 'Point', coordinates: [-2.29, 53.46] },
        },
      ],
    };
    form.set('file', new Blob([JSON.stringify(geojson)]), 'clinics.geojson');
    form.set('layerName', P.layer);
    form.set('kind', 'assets');
    const imported = await ownerFetch(server, `/api/boards/${boardId}/import`, { method: 'POST', body: form });
    expect(imported.status).toBe(201);

    client = await connectClient(server, boardId);
    await waitUntil(() => listFeatures(client.doc).length === 1);
    const feature = listFeatures(client.doc)[0]!;
    if (!feature.ok) throw new Error(feature.error);
    addCommentThread(client.doc, { kind: 'feature', id: feature.value.id }, P.comment, owner);
    addCanvasItem(client.doc, { kind: 'sticky', x: 40, y: 40, text: P.sticky }, owner);
    addCanvasItem(client.doc, { kind: 'outcome', x: 300, y: 40, text: P.outcome }, owner);
    addPartner(client.doc, { organisation: P.partner, sector: 'VCSE' }, owner);
    const purpose = addPurpose(client.doc, { title: P.purposeTitle }, owner);
    // Purpose text with markup in it, and a link whose href is javascript: (as a crafted update could write).
    client.doc.transact(() => {
      const fragment = getPurposeFragment(client.doc, purpose)!;
      const paragraph = new Y.XmlElement('paragraph');
      fragment.insert(0, [paragraph]);
      const text = new Y.XmlText();
      paragraph.insert(0, [text]);
      text.insert(0, `${P.purposeText} `);
      text.insert(text.length, 'follow this link', { link: { href: JAVASCRIPT_HREF } });
    });

    // A community contribution sent through the community link, then published by the owner.
    const community = await createShareLink(server, boardId, { role: 'contributor', kind: 'community', label: 'Old Trafford group' });
    communityToken = community.token;
    const posted = await fetch(`${server.url}/api/community/${communityToken}/contributions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ point: [-2.28, 53.45], category: 'idea', text: P.contribution }),
    });
    expect(posted.status).toBe(201);
    const { id: contributionId } = (await posted.json()) as { id: string };
    await waitUntil(() => listContributions(client.doc).some((r) => r.ok && r.value.id === contributionId));
    setContributionStatus(client.doc, contributionId, 'published', owner);

    // A share-link visitor who named themselves with markup, present on the board.
    const link = await createShareLink(server, boardId, { role: 'viewer', label: 'Visitors' });
    const opened = await fetch(`${server.url}/s/${link.token}`, { redirect: 'manual' });
    const visitorAuth = authOf(sessionTokenOf(opened));
    const named = await fetch(`${server.url}/api/session/name`, {
      method: 'PUT',
      headers: { ...visitorAuth.headers, 'content-type': 'application/json' },
      body: JSON.stringify({ name: P.visitor }),
    });
    expect(named.status).toBe(200);
    visitor = await connectClient(server, boardId, { auth: visitorAuth });
    visitor.provider.awareness.setLocalStateField('pane', 'map');
    await waitUntil(
      () => (client.provider.awareness.getStates().get(visitor.doc.clientID) as { user?: { name?: string } } | undefined)?.user?.name === `${P.visitor} (guest)`,
    );

    browser = await launchChromium(inject('chromiumPath'));
    page = await openBoardPage(browser, server, boardId, null);
  });

  afterAll(async () => {
    await browser?.close();
    visitor?.destroy();
    client?.destroy();
    await server?.close();
  });

  /** Nothing ran, and no element came out of the payloads: no `img[src=x]`, no `svg[onload]`, no script of ours. */
  async function expectNothingRan(on: Page): Promise<void> {
    const found = await on.evaluate(() => ({
      xss: (window as unknown as { __xss?: unknown }).__xss,
      images: document.querySelectorAll('img[src="x"]').length,
      svgs: document.querySelectorAll('svg[onload]').length,
      scripts: Array.from(document.querySelectorAll('script')).filter((s) => (s.textContent ?? '').includes('__xss')).length,
      handlers: Array.from(document.querySelectorAll('*')).filter((e) => e.hasAttribute('onerror') || e.hasAttribute('onload')).length,
    }));
    expect(found).toEqual({ xss: undefined, images: 0, svgs: 0, scripts: 0, handlers: 0 });
  }

  /** Waits until some element's text contains `text` (the payload shown as text). */
  async function expectText(on: Page, text: string): Promise<void> {
    await waitUntil(async () => (await on.evaluate((t) => document.body.innerText.includes(t), text)) === true);
  }

  /** Waits until some input or textarea holds `text` as its value. */
  async function expectValue(on: Page, text: string): Promise<void> {
    await waitUntil(async () =>
      on.evaluate((t) => Array.from(document.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>('input, textarea')).some((e) => e.value === t), text),
    );
  }

  async function openPane(pane: string): Promise<void> {
    await page.getByTestId(`tab-${pane}`).click();
  }

  it('the board list shows the title as text', async () => {
    const list = await openPage(browser, { url: server.url, auth: server.owner });
    await list.goto(server.url);
    await list.getByTestId('board-link').first().waitFor();
    await expectText(list, P.title);
    await expectNothingRan(list);
    await list.context().close();
  });

  it('Map: the layer, the feature list, the feature panel (name, property names and values, comments) and presence', async () => {
    await openPane('map');
    await expectText(page, P.layer);
    await expectText(page, P.featureName);
    await page.getByTestId('feature-search').fill('Clinic');
    await page.getByTestId('feature-search-result').first().click();
    const panel = page.getByTestId('feature-panel');
    await panel.waitFor();
    expect(await page.getByTestId('feature-panel-name').textContent()).toContain(P.featureName);
    await expectValue(page, P.featureProperty);
    await expectText(page, P.propertyKey);
    await expectText(page, P.comment);
    // The visitor's chosen name in the presence bar.
    await waitUntil(async () => (await page.getByTestId('presence-user').allTextContents()).some((t) => t.includes(P.visitor)));
    await expectNothingRan(page);
  });

  it('Outcomes: the sticky and the outcome card', async () => {
    await openPane('outcomes');
    await waitUntil(async () => (await page.getByTestId('canvas-item-text').allTextContents()).some((t) => t.includes(P.sticky)));
    await expectText(page, P.outcome);
    await expectNothingRan(page);
  });

  it('Partners: the organisation in the register and the accountability matrix', async () => {
    await openPane('partners');
    await page.getByTestId('partner-register').waitFor();
    await waitUntil(
      async () =>
        (await page.evaluate((t) => document.body.innerText.includes(t), P.partner)) ||
        (await page.evaluate((t) => Array.from(document.querySelectorAll('input, textarea')).some((e) => (e as HTMLInputElement).value === t), P.partner)),
    );
    await expectNothingRan(page);
  });

  it('Purpose: the title, the text, and a javascript: link that is not a javascript: link in the page', async () => {
    await openPane('purpose');
    await expectValue(page, P.purposeTitle);
    await expectText(page, P.purposeText);
    await expectText(page, 'follow this link');
    const hrefs = await page.locator('.ProseMirror a').evaluateAll((anchors) => anchors.map((a) => a.getAttribute('href') ?? ''));
    expect(hrefs.filter((href) => /^\s*javascript:/i.test(href))).toEqual([]);
    await expectNothingRan(page);
  });

  it('Community tab: the contribution in the moderation queue', async () => {
    await openPane('community');
    await page.getByTestId('community-filter-published').click();
    await waitUntil(async () => (await page.getByTestId('community-item-text').allTextContents()).some((t) => t.includes(P.contribution)));
    await expectNothingRan(page);
  });

  it('the public community page: the title and the published contribution', async () => {
    const publicPage = await openPage(browser, null);
    await publicPage.goto(`${server.url}/c/${communityToken}`);
    await publicPage.locator('[data-testid="community-page"][data-state="ready"]').waitFor();
    await expectText(publicPage, P.title);
    await waitUntil(async () => (await publicPage.getByTestId('community-published-item').allTextContents()).some((t) => t.includes(P.contribution)));
    await expectNothingRan(publicPage);
    await publicPage.context().close();
  });
});
