// Makes a fresh clone runnable with nothing but Node.js 20 and npm: fetches the pinned pnpm through npx when it
// is not installed, and installs the locked dependencies when the lockfile or a manifest has changed.
// Uses only Node built-ins, because it runs before anything is installed.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
const PNPM_VERSION = '12.4.2';
const STAMP = path.join(ROOT, 'node_modules', '.placeboard-install');

/**
 * The files whose change calls for an install: the lockfile, the workspace and every workspace package's manifest
 * (the folders pnpm-workspace.yaml lists: web, server, test and each folder under packages/).
 */
export function manifests() {
  const packages = fs.readdirSync(path.join(ROOT, 'packages')).map((name) => `packages/${name}/package.json`);
  const apps = ['web', 'server', 'test'].map((name) => `${name}/package.json`);
  return ['pnpm-lock.yaml', 'pnpm-workspace.yaml', 'package.json', ...apps, ...packages.sort()];
}

function fail(message) {
  console.error(`\nplaceboard: ${message}\n`);
  process.exit(1);
}

function checkNode() {
  const [major, minor] = process.versions.node.split('.').map(Number);
  if (major < 20 || (major === 20 && minor < 19)) {
    fail(`Node.js 20.19 or newer is needed; this is ${process.version}.`);
  }
}

/** The command that runs pnpm 12.4.2: the installed one if it is that version, else npx. */
export function pnpmCommand() {
  const probe = spawnSync('pnpm', ['--version'], { encoding: 'utf8', shell: process.platform === 'win32' });
  if (probe.status === 0 && probe.stdout.trim() === PNPM_VERSION) return ['pnpm'];
  return ['npx', '--yes', `pnpm@${PNPM_VERSION}`];
}

/** Runs pnpm with `args` in the repository root, inheriting the terminal; exits on failure. */
export function runPnpm(args, env = {}) {
  const [command, ...prefix] = pnpmCommand();
  const result = spawnSync(command, [...prefix, ...args], {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, ...env },
    shell: process.platform === 'win32',
  });
  if (result.status !== 0) fail(`\`pnpm ${args.join(' ')}\` failed (exit ${result.status ?? result.signal}).`);
}

function manifestHash() {
  const hash = createHash('sha256');
  for (const file of manifests()) {
    const full = path.join(ROOT, file);
    hash.update(file);
    if (fs.existsSync(full)) hash.update(fs.readFileSync(full));
  }
  return hash.digest('hex');
}

/** Installs dependencies from the lockfile unless the last install was of exactly these manifests. */
export function ensureInstalled() {
  checkNode();
  const wanted = manifestHash();
  if (fs.existsSync(STAMP) && fs.readFileSync(STAMP, 'utf8') === wanted) return;
  const env = {};
  // better-sqlite3 compiles against Node's headers; node-gyp cannot download them on a closed network.
  if (!process.env.npm_config_nodedir && fs.existsSync('/usr/include/node/node.h')) env.npm_config_nodedir = '/usr';
  console.log('placeboard: installing dependencies from pnpm-lock.yaml ...');
  runPnpm(['install', '--frozen-lockfile'], env);
  fs.writeFileSync(STAMP, wanted);
}

function newestMtime(target) {
  if (!fs.existsSync(target)) return 0;
  const stat = fs.statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of fs.readdirSync(target)) {
    if (entry === 'node_modules' || entry === 'dist') continue;
    newest = Math.max(newest, newestMtime(path.join(target, entry)));
  }
  return newest;
}

/** Builds the web app unless web/dist is newer than every source it is built from. */
export function ensureWebBuilt() {
  const built = path.join(ROOT, 'web', 'dist', 'index.html');
  const sources = ['web/src', 'web/public', 'web/index.html', 'web/vite.config.ts', 'packages/board/src'];
  const newestSource = Math.max(...sources.map((s) => newestMtime(path.join(ROOT, s))));
  if (fs.existsSync(built) && fs.statSync(built).mtimeMs >= newestSource) return;
  console.log('placeboard: building the web app ...');
  // Always the production build, which `npm start` serves: under the test runner NODE_ENV is 'test', and Vite would
  // otherwise build React's development copy into web/dist.
  runPnpm(['--filter', '@placeboard/web', 'build'], { NODE_ENV: 'production' });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  ensureInstalled();
}
