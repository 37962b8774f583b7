import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { loadConfig, silentLogger, startServer, type PlaceboardServer } from '@placeboard/server';

/** The repository root. */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** Open data shared by the project, read in place by tests. */
export const SHARED_DATA = path.resolve(REPO_ROOT, '../shared/data');

/** A fresh, empty folder under the OS temp dir. */
export function tempDir(prefix = 'placeboard-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** An in-process test server on a free port with its own SQLite folder. */
export interface TestServer extends PlaceboardServer {
  url: string;
  wsUrl: string;
  dataDir: string;
}

/** Starts the real server in this process on port 0. `env` overrides configuration variables. */
export async function startTestServer(env: Record<string, string> = {}): Promise<TestServer> {
  const dataDir = env.DATA_DIR ?? tempDir();
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', SEED_DEMO: 'false', DATA_DIR: dataDir, ...env });
  const server = await startServer(config, { log: silentLogger });
  return {
    ...server,
    url: `http://127.0.0.1:${server.port}`,
    wsUrl: `ws://127.0.0.1:${server.port}/sync`,
    dataDir,
  };
}

/** A server running as its own process, as `npm start` runs it, so it can be killed with SIGKILL. */
export interface ServerProcess {
  child: ChildProcess;
  port: number;
  url: string;
  wsUrl: string;
  /** Everything it logged, one JSON object per line. */
  logs: string[];
  /** Resolves with the exit code or signal once the process has ended. */
  exited: Promise<number | NodeJS.Signals | null>;
}

/** Spawns `node --import tsx server/src/main.ts` on port 0 and waits for its "listening" line. */
export async function spawnServer(env: Record<string, string>): Promise<ServerProcess> {
  const loader = path.join(REPO_ROOT, 'server/node_modules/tsx/dist/loader.mjs');
  const child = spawn(process.execPath, ['--import', loader, path.join(REPO_ROOT, 'server/src/main.ts')], {
    cwd: REPO_ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', SEED_DEMO: 'false', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: string[] = [];
  const exited = new Promise<number | NodeJS.Signals | null>((resolve) =>
    child.once('exit', (code, signal) => resolve(signal ?? code)),
  );
  createInterface({ input: child.stderr! }).on('line', (line) => logs.push(line));
  const port = await new Promise<number>((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      logs.push(line);
      try {
        const entry = JSON.parse(line) as { msg?: string; port?: number };
        if (entry.msg === 'listening' && typeof entry.port === 'number') resolve(entry.port);
      } catch {
        // not a log line
      }
    });
    exited.then((code) => reject(new Error(`server exited (${String(code)}) before listening:\n${logs.join('\n')}`)));
  });
  return { child, port, url: `http://127.0.0.1:${port}`, wsUrl: `ws://127.0.0.1:${port}/sync`, logs, exited };
}

/** Creates a board through the API and returns its id. */
export async function createBoardViaApi(baseUrl: string, title = 'Test board'): Promise<string> {
  const response = await fetch(`${baseUrl}/api/boards`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ title }),
  });
  if (response.status !== 201) throw new Error(`create board failed: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { id: string }).id;
}
