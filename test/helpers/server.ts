import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { BoardId, Role } from '@placeboard/board';
import { SESSION_COOKIE, loadConfig, silentLogger, startServer, type PlaceboardServer } from '@placeboard/server';

/** The repository root. */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** Open data shared by the project, read in place by tests. */
export const SHARED_DATA = path.resolve(REPO_ROOT, '../shared/data');

/** A fresh, empty folder under the OS temp dir. */
export function tempDir(prefix = 'placeboard-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/**
 * A signed-in session (or a share link) as tests present it: the secret, sent as `Authorization: Bearer` over HTTP
 * and on the WebSocket upgrade. Session tokens are what the browser holds in its cookie.
 */
export interface Auth {
  token: string;
  /** `{ authorization: 'Bearer …' }`, to spread into fetch headers. */
  headers: { authorization: string };
}

/** The {@link Auth} of a session or share-link token. */
export function authOf(token: string): Auth {
  return { token, headers: { authorization: `Bearer ${token}` } };
}

/** Where a test talks to a server: its address and the owner account created when it started. */
export interface ServerTarget {
  url: string;
  wsUrl: string;
  /** The server's first account (its admin: owner of every board). */
  owner: Auth;
}

/** An in-process test server on a free port with its own SQLite folder, with its owner account already made. */
export interface TestServer extends PlaceboardServer, ServerTarget {
  dataDir: string;
}

/** Credentials of the owner account every test server is given. */
export const TEST_OWNER = { email: 'owner@example.test', name: 'Test Owner', password: 'correct horse battery staple' };

/** Creates the owner account through the one-time setup link, as a person would, and returns its session. */
async function setUpOwner(url: string, setupPath: string): Promise<Auth> {
  const token = new URL(setupPath, url).searchParams.get('token');
  const response = await fetch(`${url}/api/auth/setup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token, ...TEST_OWNER }),
  });
  if (response.status !== 201) throw new Error(`owner setup failed: ${response.status} ${await response.text()}`);
  return authOf(sessionTokenOf(response));
}

/** The session token a response set in its cookie. */
export function sessionTokenOf(response: Response): string {
  const cookie = response.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`));
  if (!cookie) throw new Error('no session cookie in the response');
  return decodeURIComponent(cookie.slice(SESSION_COOKIE.length + 1).split(';')[0] as string);
}

/** Signs in with email and password over HTTP and returns the session. */
export async function signIn(url: string, email: string, password: string): Promise<Auth> {
  const response = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (response.status !== 200) throw new Error(`sign-in failed: ${response.status} ${await response.text()}`);
  return authOf(sessionTokenOf(response));
}

/**
 * Starts the real server in this process on port 0. `env` overrides configuration variables; `deps.monotonicNow` is
 * the rooms' clock for their intervals (see `startServer`).
 */
export async function startTestServer(env: Record<string, string> = {}, deps: { monotonicNow?: () => number } = {}): Promise<TestServer> {
  const dataDir = env.DATA_DIR ?? tempDir();
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', SEED_DEMO: 'false', DATA_DIR: dataDir, ...env });
  const server = await startServer(config, { log: silentLogger, ...deps });
  const url = `http://127.0.0.1:${server.port}`;
  const owner = server.setupPath ? await setUpOwner(url, server.setupPath) : await signIn(url, TEST_OWNER.email, TEST_OWNER.password);
  return { ...server, url, wsUrl: `ws://127.0.0.1:${server.port}/sync`, dataDir, owner };
}

/**
 * A person with their own account and a role on a board, made directly in the server's store (the members API has
 * its own tests): for tests that need several people. The email is made from the name.
 */
export async function addMember(
  server: TestServer,
  boardId: string,
  name: string,
  role: Role,
  partnerId: string | null = null,
): Promise<Auth> {
  const email = `${name.toLowerCase().replace(/[^a-z0-9]+/g, '.')}@example.test`;
  const user = (await server.store.getUserByEmail(email)) ?? (await server.access.createLocalUser({ email, name, password: TEST_OWNER.password }));
  await server.store.putMember({ boardId: boardId as BoardId, userId: user.id, role, partnerId, addedAt: Date.now() });
  return authOf((await server.access.sessionFor(user.id)).token);
}

/** Makes a share link through the API as the owner, and returns its token as an {@link Auth}. */
export async function createShareLink(
  target: ServerTarget,
  boardId: string,
  body: { role: Role; expiresAt?: number | null; partnerId?: string; label?: string; kind?: 'board' | 'community' },
): Promise<Auth & { linkId: string; url: string }> {
  const response = await fetch(`${target.url}/api/boards/${boardId}/links`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...target.owner.headers },
    body: JSON.stringify(body),
  });
  if (response.status !== 201) throw new Error(`create link failed: ${response.status} ${await response.text()}`);
  const created = (await response.json()) as { token: string; url: string; link: { id: string } };
  return { ...authOf(created.token), linkId: created.link.id, url: created.url };
}

/** `fetch` as the server's owner: the owner's Authorization header added to `init`. */
export function ownerFetch(target: ServerTarget, path: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`${target.url}${path}`, { ...init, headers: { ...target.owner.headers, ...(init.headers as Record<string, string> | undefined) } });
}

/** A server running as its own process, as `npm start` runs it, so it can be killed with SIGKILL. */
export interface ServerProcess extends ServerTarget {
  child: ChildProcess;
  port: number;
  url: string;
  wsUrl: string;
  /** Everything it logged, one JSON object per line. */
  logs: string[];
  /** Resolves with the exit code or signal once the process has ended. */
  exited: Promise<number | NodeJS.Signals | null>;
}

/**
 * Spawns `node --import tsx server/src/main.ts` on port 0 and waits for its "listening" line. On a new data folder
 * it creates the owner account from the setup link the server logs; on one that has it, it signs in.
 */
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
  const url = `http://127.0.0.1:${port}`;
  const setupLine = logs.map((line) => parseLogLine(line)).find((entry) => typeof entry?.url === 'string' && entry.url.includes('/setup?token='));
  const owner = setupLine ? await setUpOwner(url, new URL(setupLine.url as string).pathname + new URL(setupLine.url as string).search) : await signIn(url, TEST_OWNER.email, TEST_OWNER.password);
  return { child, port, url, wsUrl: `ws://127.0.0.1:${port}/sync`, logs, exited, owner };
}

function parseLogLine(line: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(line) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

/** Creates a board through the API as the owner and returns its id. */
export async function createBoardViaApi(target: ServerTarget, title = 'Test board'): Promise<string> {
  const response = await fetch(`${target.url}/api/boards`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...target.owner.headers },
    body: JSON.stringify({ title }),
  });
  if (response.status !== 201) throw new Error(`create board failed: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { id: string }).id;
}
