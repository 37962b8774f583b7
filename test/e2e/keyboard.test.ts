import { addPartner, listPartners, type BoardId } from '@placeboard/board';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium, openBoardPage, openPage } from '../helpers/browser.js';
import { connectClient } from '../helpers/clients.js';
import { addMember, createBoardViaApi, createShareLink, ownerFetch, startTestServer, type TestServer } from '../helpers/server.js';
import { waitUntil } from '../helpers/wait.js';

/**
 * After a change made from the keyboard, the keyboard stays where the person is: on the button, or, when what they
 * changed has gone, on the heading above it. Never dropped to the top of the page (WCAG 2.4.3 Focus Order).
 */
describe('where the keyboard goes after a change on the Members and Versions pages and in saved views', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let boardId: string;

  /** The focused element's test id, or its tag and text. */
  const focused = () =>
    page.evaluate(() => {
      const element = document.activeElement;
      return element?.getAttribute('data-testid') ?? `${element?.tagName}: ${element?.textContent?.trim()}`;
    });

  beforeAll(async () => {
    server = await startTestServer();
    boardId = await createBoardViaApi(server, 'Keyboard focus');
    await addMember(server, boardId, 'Vera', 'viewer');
    await createShareLink(server, boardId, { role: 'contributor', label: 'Workshop tables' });
    const json = { 'content-type': 'application/json' };
    const invited = await ownerFetch(server, `/api/boards/${boardId}/invites`, { method: 'POST', headers: json, body: JSON.stringify({ email: 'new.person@example.test', role: 'editor' }) });
    expect(invited.status).toBe(201);
    const saved = await ownerFetch(server, `/api/boards/${boardId}/versions`, { method: 'POST', headers: json, body: JSON.stringify({ name: 'First draft' }) });
    expect(saved.status).toBe(201);
    browser = await launchChromium(inject('chromiumPath'));
    page = await openBoardPage(browser, server, boardId, null);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('Members: Save keeps the keyboard; revoking a link, withdrawing an invitation or removing a member takes it to the heading above', async () => {
    await page.goto(`${server.url}/b/${boardId}/members`);
    await page.getByTestId('links-table').waitFor();
    const vera = page.getByTestId('member-row').filter({ hasText: 'Vera' });

    // A new role for Vera, saved from the keyboard: Save can do no more once saved, and keeps the keyboard.
    await vera.getByTestId('member-role').selectOption('contributor');
    await vera.getByTestId('member-save').focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('members-status').filter({ hasText: /saved|changed|updated/i }).waitFor();
    await waitUntil(async () => (await vera.getByTestId('member-save').getAttribute('aria-disabled')) === 'true');
    expect(await focused()).toBe('member-save');

    await page.getByTestId('link-revoke').focus();
    await page.keyboard.press('Enter');
    expect(await focused()).toBe('link-revoke-confirm');
    await page.keyboard.press('Enter');
    await page.locator('[data-testid="link-row"][data-state="revoked"]').waitFor();
    await waitUntil(async () => (await focused()) === 'H3: Links of this board');

    await page.getByTestId('invite-withdraw').focus();
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    await waitUntil(async () => (await page.getByTestId('invite-row').count()) === 0);
    await waitUntil(async () => (await focused()) === 'H3: Pending invitations');

    await vera.getByTestId('member-remove').focus();
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    await waitUntil(async () => (await vera.count()) === 0);
    await waitUntil(async () => (await focused()) === 'H2: People with access');
  });

  it('Versions: deleting a version takes the keyboard to the list of versions', async () => {
    await page.goto(`${server.url}/b/${boardId}/versions`);
    await page.getByTestId('version').waitFor();
    await page.getByTestId('version-delete').focus();
    await page.keyboard.press('Enter');
    expect(await focused()).toBe('version-delete-confirm');
    await page.keyboard.press('Enter');
    await page.getByTestId('versions-empty').waitFor();
    await waitUntil(async () => (await focused()) === 'H2: Saved versions');
  });

  it('Versions: the sign-off form takes the keyboard as it opens, and gives it back to Sign off when cancelled or sent', async () => {
    // A partner, someone who speaks for it, and a version of the board put forward for its agreement.
    const seed = await connectClient(server, boardId);
    const partnerId = addPartner(seed.doc, { organisation: 'Age UK Trafford', sector: 'VCSE', commitment: 'engaged', lead: '', contact: '' }, { name: 'Seed' });
    await waitUntil(async () => {
      const room = await server.rooms.peek(boardId as BoardId);
      return room !== undefined && listPartners(room.doc).length === 1;
    });
    seed.destroy();
    const json = { 'content-type': 'application/json' };
    const saved = await ownerFetch(server, `/api/boards/${boardId}/versions`, { method: 'POST', headers: json, body: JSON.stringify({ name: 'For agreement' }) });
    const { version } = (await saved.json()) as { version: { number: number } };
    expect((await ownerFetch(server, `/api/boards/${boardId}/versions/${version.number}/propose`, { method: 'POST' })).status).toBe(200);
    const priya = await openPage(browser, { url: server.url, auth: await addMember(server, boardId, 'Priya', 'editor', partnerId) });
    try {
      const focusedHere = () => priya.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? document.activeElement?.tagName);
      await priya.goto(`${server.url}/b/${boardId}/versions`);
      const open = priya.getByTestId('version-signoff-open');
      await open.focus();
      await priya.keyboard.press('Enter');
      await waitUntil(async () => (await focusedHere()) === 'signoff-agree');
      await priya.getByRole('button', { name: 'Cancel' }).click();
      await waitUntil(async () => (await focusedHere()) === 'version-signoff-open');
      await priya.keyboard.press('Enter');
      await waitUntil(async () => (await focusedHere()) === 'signoff-agree');
      await priya.keyboard.press('Space');
      await priya.getByTestId('signoff-submit').focus();
      await priya.keyboard.press('Enter');
      await priya.getByTestId('version-signoff-open').filter({ hasText: 'Change your sign-off' }).waitFor();
      await waitUntil(async () => (await focusedHere()) === 'version-signoff-open');
    } finally {
      await priya.context().close();
    }
  });

  it('Purpose: the question before deleting one takes the keyboard, Escape or Cancel gives it back, and deleting leaves it on Add purpose', async () => {
    await page.goto(`${server.url}/b/${boardId}#purpose`);
    await page.getByTestId('add-purpose').click();
    const ask = page.getByTestId('purpose-delete');
    await ask.focus();
    await page.keyboard.press('Enter');
    expect(await focused()).toBe('purpose-delete-confirm');
    await page.keyboard.press('Escape');
    expect(await focused()).toBe('purpose-delete');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('purpose-delete-cancel');
    await page.keyboard.press('Enter');
    expect(await focused()).toBe('purpose-delete');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    await waitUntil(async () => (await page.getByTestId('purpose').count()) === 0);
    await waitUntil(async () => (await focused()) === 'add-purpose');
  });

  it('Saved views: deleting a view takes the keyboard to Save view', async () => {
    await page.goto(`${server.url}/b/${boardId}#map`);
    await page.locator('[data-testid="map-canvas"][data-ready="true"]').waitFor();
    await page.getByTestId('save-view').click();
    await page.getByTestId('save-view-name').fill('Whole borough');
    await page.keyboard.press('Enter');
    await page.getByTestId('saved-view').waitFor();
    await page.getByTestId('saved-view-delete').focus();
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    await waitUntil(async () => (await page.getByTestId('saved-view').count()) === 0);
    await waitUntil(async () => (await focused()) === 'save-view');
  });
});
