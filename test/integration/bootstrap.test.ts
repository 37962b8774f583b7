import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/server.js';

/** Runs `expression` (using `bootstrap`, scripts/bootstrap.mjs) in a Node.js of its own, and returns what it prints as JSON. */
function fromBootstrap(expression: string): unknown {
  const script = `import(${JSON.stringify(path.join(REPO_ROOT, 'scripts/bootstrap.mjs'))}).then((bootstrap) => console.log(JSON.stringify(${expression})))`;
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: REPO_ROOT, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`scripts/bootstrap.mjs: ${result.stderr}`);
  return JSON.parse(result.stdout);
}

/**
 * `npm start` and `npm test` install again when a manifest has changed since the last install (scripts/bootstrap.mjs):
 * a pull that adds a dependency to any workspace package must be seen, or the app starts without it.
 */
it('the install check watches the lockfile and the manifest of every package in the pnpm workspace', () => {
  const [command, ...prefix] = fromBootstrap('bootstrap.pnpmCommand()') as string[];
  const listed = spawnSync(command!, [...prefix, 'ls', '-r', '--depth', '-1', '--json'], { cwd: REPO_ROOT, encoding: 'utf8' });
  expect(listed.status, listed.stderr).toBe(0);
  const packages = (JSON.parse(listed.stdout) as { path: string }[]).map((entry) => path.relative(REPO_ROOT, path.join(entry.path, 'package.json')));
  expect(packages).toContain('server/package.json');
  const watched = fromBootstrap('bootstrap.manifests()') as string[];
  expect(watched).toEqual(expect.arrayContaining(['pnpm-lock.yaml', 'pnpm-workspace.yaml', ...packages]));
});
