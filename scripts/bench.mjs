// `pnpm bench [name...]` (or `npm run bench -- [name...]`): run the benchmarks; results go to bench/results/.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { ROOT, ensureInstalled } from './bootstrap.mjs';

ensureInstalled();
const loader = path.join(ROOT, 'test', 'node_modules', 'tsx', 'dist', 'loader.mjs');
const result = spawnSync(process.execPath, ['--import', loader, path.join(ROOT, 'test', 'bench', 'run.ts'), ...process.argv.slice(2)], {
  cwd: ROOT,
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
