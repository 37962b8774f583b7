import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import type { TestProject } from 'vitest/node';
import { ensureWebBuilt } from '../../scripts/bootstrap.mjs';

declare module 'vitest' {
  export interface ProvidedContext {
    chromiumPath: string;
  }
}

const DEBIAN_CHROMIUM = '/usr/bin/chromium';

/**
 * Finds Debian's Chromium (never a downloaded browser): CHROMIUM_PATH if set, else /usr/bin/chromium,
 * installing the `chromium` package with apt-get when it is missing on a Debian machine where we are root.
 */
function findChromium(): string {
  const configured = process.env.CHROMIUM_PATH;
  if (configured) {
    if (!fs.existsSync(configured)) throw new Error(`CHROMIUM_PATH is set to ${configured}, which does not exist.`);
    return configured;
  }
  if (fs.existsSync(DEBIAN_CHROMIUM)) return DEBIAN_CHROMIUM;
  const isDebian = fs.existsSync('/etc/debian_version');
  const isRoot = process.getuid?.() === 0;
  if (isDebian && isRoot) {
    console.log('e2e: installing Debian chromium with apt-get ...');
    for (const args of [['update'], ['install', '-y', '--no-install-recommends', 'chromium']]) {
      const result = spawnSync('apt-get', args, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
      if (result.status !== 0) throw new Error(`apt-get ${args.join(' ')} failed; install Chromium by hand.`);
    }
    if (fs.existsSync(DEBIAN_CHROMIUM)) return DEBIAN_CHROMIUM;
  }
  throw new Error(
    'The browser tests need Chromium. On Debian or Ubuntu: `sudo apt-get install chromium`; elsewhere set ' +
      'CHROMIUM_PATH to a Chromium or Chrome executable.',
  );
}

/** Before the browser tests: a Chromium to drive, and a built web app for the server to serve. */
export default function setup(project: TestProject): void {
  project.provide('chromiumPath', findChromium());
  ensureWebBuilt();
}
