import type { Role } from '@placeboard/board';
import { SESSION_COOKIE } from '@placeboard/server';
import { chromium, type Browser, type Page } from 'playwright-core';
import { addMember, type Auth, type TestServer } from './server.js';

/** Flags that keep headless Chromium on this machine: no GPU, and no calls home. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Launches Debian's Chromium through playwright-core. */
export function launchChromium(executablePath: string): Promise<Browser> {
  return chromium.launch({ executablePath, args: CHROMIUM_ARGS, headless: true });
}

/** Who a browser page is: signed in to `url` with a session (its cookie set), or nobody when null. */
export interface PageSession {
  url: string;
  auth: Auth;
}

/**
 * A page in a fresh browser context (its own storage, like a second browser), signed in with `session`'s cookie, or
 * signed out when it is null. Playwright's own deadlines are off: the test runner's timeout stops a hang, and tests
 * assert no timings.
 */
export async function openPage(
  browser: Browser,
  session: PageSession | null,
  viewport: { width: number; height: number } = { width: 1280, height: 900 },
): Promise<Page> {
  const context = await browser.newContext({ viewport });
  if (session) {
    await context.addCookies([{ name: SESSION_COOKIE, value: session.auth.token, url: session.url, httpOnly: true, sameSite: 'Lax' }]);
  }
  const page = await context.newPage();
  page.setDefaultTimeout(0);
  return page;
}

/**
 * {@link openPage} on a board, once it has synced, as a person called `name` with their own account and `role` on
 * the board (the server's owner when `name` is null).
 */
export async function openBoardPage(
  browser: Browser,
  server: TestServer,
  boardId: string,
  name: string | null,
  viewport?: { width: number; height: number },
  role: Role = 'editor',
): Promise<Page> {
  const auth = name === null ? server.owner : await addMember(server, boardId, name, role);
  const page = await openPage(browser, { url: server.url, auth }, viewport);
  await page.goto(`${server.url}/b/${boardId}`);
  await page.locator('[data-testid="board-view"][data-synced="true"]').waitFor();
  return page;
}
