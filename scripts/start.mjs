// `npm start`: install if needed, build the web app if needed, then run the server in this process's place.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { ROOT, ensureInstalled, ensureWebBuilt } from './bootstrap.mjs';

ensureInstalled();
ensureWebBuilt();

const loader = path.join(ROOT, 'server', 'node_modules', 'tsx', 'dist', 'loader.mjs');
const server = spawn(process.execPath, ['--import', loader, path.join(ROOT, 'server', 'src', 'main.ts')], {
  cwd: process.cwd(),
  stdio: 'inherit',
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
