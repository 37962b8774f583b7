// `pnpm cli <command>` (or `npm run cli -- <command>`): the admin command line, run from source.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { ROOT, ensureInstalled } from './bootstrap.mjs';

ensureInstalled();
const loader = path.join(ROOT, 'server', 'node_modules', 'tsx', 'dist', 'loader.mjs');
const result = spawnSync(process.execPath, ['--import', loader, path.join(ROOT, 'server', 'src', 'cli.ts'), ...process.argv.slice(2)], {
  cwd: process.cwd(),
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
