/**
 * The three servers the comparison runs, each in its own child process so that its CPU and RSS can be read from
 * /proc: Placeboard (`server/src/main.ts`, as `npm start` runs it, with a fresh DATA_DIR and an owner account made
 * through the setup link), `@y/websocket-server` and `@hocuspocus/server` (small launchers in ./servers). Every
 * process also loads ./servers/probe.ts, which runs a full GC on request over IPC.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import {
  REPO_ROOT,
  TEST_OWNER,
  authOf,
  createBoardViaApi,
  sessionTokenOf,
  signIn,
  type Auth,
} from '../../helpers/server.js';
import type { Framing } from './wire.js';

/** A server under comparison. */
export type ServerKind = 'placeboard' | 'y-websocket-server' | 'hocuspocus';

/** Every server, Placeboard first. */
export const SERVER_KINDS: readonly ServerKind[] = ['placeboard', 'y-websocket-server', 'hocuspocus'];

/** How tables name each server. */
export const SERVER_LABELS: Record<ServerKind, string> = {
  placeboard: 'Placeboard',
  'y-websocket-server': 'y-websocket-server',
  hocuspocus: 'hocuspocus',
};

/** The reference servers. */
export const REFERENCES: readonly ServerKind[] = ['y-websocket-server', 'hocuspocus'];

/**
 * Where and how a client reaches a server: plain data, so it can be posted to a worker. A room is a board id on
 * Placeboard, a document name elsewhere.
 */
export interface ConnectTarget {
  kind: ServerKind;
  framing: Framing;
  /** Placeboard: `ws://…/sync` (a room is a path below it); y-websocket-server: `ws://host:port`; Hocuspocus: `ws://host:port`. */
  wsBase: string;
  /** Headers sent with every WebSocket upgrade (Placeboard: the owner's `Authorization: Bearer`). */
  headers: Record<string, string>;
  /** Hocuspocus: the token of its Auth message. */
  token: string;
}

/** The URL a client of `room` opens. */
export function roomUrl(target: ConnectTarget, room: string): string {
  return target.framing === 'hocuspocus' ? target.wsBase : `${target.wsBase}/${encodeURIComponent(room)}`;
}

/** A running server process. */
export interface ServerHandle {
  kind: ServerKind;
  pid: number;
  port: number;
  url: string;
  target: ConnectTarget;
  /** Placeboard: the owner's session (a browser page signs in with it). */
  owner: Auth | undefined;
  dataDir: string;
  /** Everything it printed, one line each. */
  logs: string[];
  /** Resolves with the exit code or signal once the process has ended. */
  exited: Promise<number | NodeJS.Signals | null>;
  /** `count` rooms, each with a starting document (Placeboard: boards made through the API). */
  createRooms(count: number, prefix: string): Promise<string[]>;
  /** Runs two full garbage collections in the server; resolves with its `process.memoryUsage()` after them. */
  collectGarbage(): Promise<NodeJS.MemoryUsage>;
  /** Sends `signal` (SIGTERM: a clean stop) and waits for the process to end. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/** Options of {@link launchServer}. */
export interface LaunchOptions {
  /** Folder of its database; reused by a restart. */
  dataDir: string;
  /** Port to listen on; a restart passes the old one so that clients find it again. @default a free port */
  port?: number;
}

const HERE = path.dirname(fileURLToPath(import.meta.url));
const TSX_LOADER = path.join(REPO_ROOT, 'test/node_modules/tsx/dist/loader.mjs');
const PROBE = path.join(HERE, 'servers/probe.ts');

/** A free TCP port on 127.0.0.1. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

/** The command line and environment of each server. */
function commandOf(kind: ServerKind, dataDir: string): { args: string[]; env: Record<string, string> } {
  switch (kind) {
    case 'placeboard':
      return {
        args: ['--import', TSX_LOADER, '--import', PROBE, path.join(REPO_ROOT, 'server/src/main.ts')],
        env: { HOST: '127.0.0.1', SEED_DEMO: 'false', DATA_DIR: dataDir },
      };
    case 'y-websocket-server':
      return {
        args: ['--import', TSX_LOADER, path.join(HERE, 'servers/y-websocket-server.ts')],
        env: { DB_FILE: path.join(dataDir, 'y-websocket-server.sqlite') },
      };
    case 'hocuspocus':
      return {
        args: ['--import', TSX_LOADER, path.join(HERE, 'servers/hocuspocus-server.ts')],
        env: { DB_FILE: path.join(dataDir, 'hocuspocus.sqlite') },
      };
  }
}

/**
 * Extra Node flags for every server process, from COMPARE_SERVER_NODE_ARGS (space-separated), e.g.
 * `--cpu-prof --cpu-prof-dir=/tmp/prof` to profile the servers under load. Flags such as --cpu-prof are not allowed
 * in NODE_OPTIONS.
 */
function extraNodeArgs(): string[] {
  return (process.env.COMPARE_SERVER_NODE_ARGS ?? '').split(' ').filter((arg) => arg !== '');
}

/** The SQLite file a reference server keeps its documents in (Placeboard: its store's file). */
export function databaseFileOf(kind: ServerKind, dataDir: string): string {
  return kind === 'placeboard' ? path.join(dataDir, 'placeboard.sqlite') : (commandOf(kind, dataDir).env.DB_FILE as string);
}

/** Starts a server and waits until it listens (and, for Placeboard, until its owner account is signed in). */
export async function launchServer(kind: ServerKind, options: LaunchOptions): Promise<ServerHandle> {
  const port = options.port ?? (await freePort());
  const { args, env } = commandOf(kind, options.dataDir);
  const child = spawn(process.execPath, [...extraNodeArgs(), ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  const logs: string[] = [];
  // An IPC send to a process that has just died emits 'error'; the next GC request reports it instead.
  child.on('error', (error) => logs.push(`process error: ${error.message}`));
  const exited = new Promise<number | NodeJS.Signals | null>((resolve) => child.once('exit', (code, signal) => resolve(signal ?? code)));
  createInterface({ input: child.stderr! }).on('line', (line) => logs.push(line));
  await new Promise<void>((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      logs.push(line);
      if (parseLine(line)?.msg === 'listening') resolve();
    });
    void exited.then((code) => reject(new Error(`${kind} exited (${String(code)}) before listening:\n${logs.slice(-20).join('\n')}`)));
  });
  const url = `http://127.0.0.1:${port}`;
  let target: ConnectTarget;
  let owner: Auth | undefined;
  if (kind === 'placeboard') {
    owner = await placeboardOwner(url, logs);
    target = { kind, framing: 'y-websocket', wsBase: `ws://127.0.0.1:${port}/sync`, headers: { ...owner.headers }, token: owner.token };
  } else {
    target = { kind, framing: kind === 'hocuspocus' ? 'hocuspocus' : 'y-websocket', wsBase: `ws://127.0.0.1:${port}`, headers: {}, token: 'bench' };
  }
  return {
    kind,
    pid: child.pid as number,
    port,
    url,
    target,
    owner,
    dataDir: options.dataDir,
    logs,
    exited,
    async createRooms(count, prefix) {
      if (!owner) return Array.from({ length: count }, (_, i) => `${prefix}-${i}`);
      const rooms: string[] = [];
      const serverTarget = { url, wsUrl: target.wsBase, owner };
      for (let i = 0; i < count; i++) rooms.push(await createBoardViaApi(serverTarget, `${prefix} ${i}`));
      return rooms;
    },
    collectGarbage: () => collectGarbage(child),
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

let gcRequests = 0;

function collectGarbage(child: ChildProcess): Promise<NodeJS.MemoryUsage> {
  const id = ++gcRequests;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.off('message', onMessage);
      reject(new Error('the server did not answer the GC request'));
    }, 30_000);
    const onMessage = (message: unknown) => {
      if ((message as { type?: unknown; id?: unknown }).type !== 'gc-done' || (message as { id?: unknown }).id !== id) return;
      clearTimeout(timer);
      child.off('message', onMessage);
      resolve((message as { memory: NodeJS.MemoryUsage }).memory);
    };
    if (!child.connected) {
      clearTimeout(timer);
      reject(new Error(`the server is gone (exit ${String(child.exitCode ?? child.signalCode)})`));
      return;
    }
    child.on('message', onMessage);
    child.send({ type: 'gc', id });
  });
}

/**
 * The owner's session: through the one-time setup link Placeboard logs on a new data folder (as a person would), or
 * by signing in when the folder already has the account (a restart).
 */
async function placeboardOwner(url: string, logs: string[]): Promise<Auth> {
  const setup = logs.map(parseLine).find((entry) => typeof entry?.url === 'string' && entry.url.includes('/setup?token='));
  if (!setup) return signIn(url, TEST_OWNER.email, TEST_OWNER.password);
  const token = new URL(setup.url as string).searchParams.get('token');
  const response = await fetch(`${url}/api/auth/setup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token, ...TEST_OWNER }),
  });
  if (response.status !== 201) throw new Error(`owner setup failed: ${response.status} ${await response.text()}`);
  return authOf(sessionTokenOf(response));
}

function parseLine(line: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(line);
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
