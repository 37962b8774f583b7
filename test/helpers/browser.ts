import { chromium, type Browser, type Page } from 'playwright-core';

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

/**
 * A page in a fresh browser context (its own storage, like a second browser) for someone who has already given
 * `name`, or nobody yet when `name` is null. Playwright's own deadlines are off: the test runner's timeout stops
 * a hang, and tests assert no timings.
 */
export async function openPage(
  browser: Browser,
  name: string | null,
  viewport: { width: number; height: number } = { width: 1280, height: 900 },
): Promise<Page> {
  const context = await browser.newContext({ viewport });
  if (name) await context.addInitScript((n) => localStorage.setItem('placeboard.name', n), name);
  const page = await context.newPage();
  page.setDefaultTimeout(0);
  return page;
}

/** {@link openPage} on a board's address, once the board has synced. */
export async function openBoardPage(
  browser: Browser,
  url: string,
  name: string,
  viewport?: { width: number; height: number },
): Promise<Page> {
  const page = await openPage(browser, name, viewport);
  await page.goto(url);
  await page.locator('[data-testid="board-view"][data-synced="true"]').waitFor();
  return page;
}
