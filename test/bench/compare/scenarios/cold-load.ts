/**
 * Cold load: the big board (board-fixture.ts) is put in each server's storage, the server is (re)started so that
 * nothing of it is in memory, and a full client connects. Timed from creating the provider until the doc holds
 * every feature, canvas item and character of purpose text (counted in the doc, not taken from the provider's
 * `synced` event), split at the arrival of the message carrying the board (the largest one):
 * - server time: connect → that message fully received (upgrade, authentication, loading the room from storage,
 *   encoding the state, sending it);
 * - client apply time: that message → everything present (decoding and applying it, in the client).
 *
 * Storage: Placeboard through `pnpm cli import-board` (server/src/cli.ts); the references through their own
 * persistence, by connecting a client that holds the board, waiting until a second client has it all, and leaving
 * so that the server writes it and unloads the room; then a clean stop.
 *
 * Warm reload means a browser that already holds the board in IndexedDB: that is measured in Placeboard's web
 * client by browser-load.ts. Measured here for every server is the network part of such a reload: a client whose doc
 * already holds the board connects to a freshly started server and waits for the provider's sync.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import * as Y from 'yjs';
import { REPO_ROOT, tempDir } from '../../../helpers/server.js';
import { buildBoard, countBoard, holdsAll, type BoardCounts, type BoardFixture } from '../board-fixture.js';
import { connectFullClient } from '../full-client.js';
import { CONTENDED_CPU_PERCENT, watchProcess } from '../process-stats.js';
import { launchServer, type ServerHandle, type ServerKind } from '../servers.js';
import type { CompareSettings } from '../settings.js';
import { nowMs } from '../workload.js';

const run = promisify(execFile);

/** Longest a load may take before the trial fails. */
const LOAD_TIMEOUT_MS = 120_000;

/** One cold load. */
export interface ColdLoadTrial {
  totalMs: number;
  serverMs: number;
  clientApplyMs: number;
  /** Size of the message that carried the board. */
  stateMessageBytes: number;
  /** Network part of a warm reload: a client holding the board connects to a freshly started server, until synced. */
  warmReconnectMs: number;
  /** CPU other processes of the machine used during the cold load, % of a core. */
  otherCpuPercent: number;
}

/** Cold loads of one server. */
export interface ColdLoadResult {
  server: ServerKind;
  boardBytes: number;
  counts: BoardCounts;
  trials: ColdLoadTrial[];
  medianTotalMs: number;
  medianServerMs: number;
  medianClientApplyMs: number;
  medianWarmReconnectMs: number;
  /** The most CPU other processes used during a trial, % of a core; `contended` when above 25 %. */
  maxOtherCpuPercent: number;
  contended: boolean;
}

/** The median of `values`. */
function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** Waits until `doc` holds `expected` (checked on every update), or throws after `timeoutMs`. */
function whenPresent(doc: Y.Doc, expected: BoardCounts, timeoutMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const check = () => {
      if (!holdsAll(countBoard(doc), expected)) return false;
      const at = nowMs();
      clearTimeout(timer);
      doc.off('update', check);
      resolve(at);
      return true;
    };
    const timer = setTimeout(() => {
      doc.off('update', check);
      reject(new Error(`board not complete after ${timeoutMs} ms: ${JSON.stringify(countBoard(doc))}`));
    }, timeoutMs);
    if (!check()) doc.on('update', check);
  });
}

/** Puts the board in `kind`'s storage under `dataDir`; returns the room it is in. */
async function store(kind: ServerKind, dataDir: string, board: BoardFixture): Promise<string> {
  if (kind === 'placeboard') {
    const file = path.join(dataDir, 'board.yjs');
    fs.writeFileSync(file, board.update);
    const loader = path.join(REPO_ROOT, 'server/node_modules/tsx/dist/loader.mjs');
    const { stdout } = await run(process.execPath, ['--import', loader, path.join(REPO_ROOT, 'server/src/cli.ts'), 'import-board', file], {
      cwd: REPO_ROOT,
      env: { ...process.env, DATA_DIR: dataDir },
    });
    return stdout.trim().split('\n').at(-1) as string;
  }
  const server = await launchServer(kind, { dataDir });
  try {
    const room = 'cold-load';
    const source = new Y.Doc();
    Y.applyUpdate(source, board.update);
    const writer = connectFullClient(server.target, room, source);
    const reader = connectFullClient(server.target, room, new Y.Doc());
    await whenPresent(reader.doc, board.counts, LOAD_TIMEOUT_MS);
    writer.destroy();
    reader.destroy();
    // Both gone: the room unloads, and the server writes what it holds.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    return room;
  } finally {
    await server.stop();
  }
}

/** One cold load of `room` from a server just started on `dataDir`. */
async function coldLoad(server: ServerHandle, room: string, board: BoardFixture): Promise<Omit<ColdLoadTrial, 'warmReconnectMs' | 'otherCpuPercent'>> {
  const arrivals: { at: number; bytes: number }[] = [];
  const doc = new Y.Doc();
  const started = nowMs();
  const client = connectFullClient(server.target, room, doc, {
    onSocket: (socket) => socket.on('message', (data: ArrayBuffer | Buffer) => arrivals.push({ at: nowMs(), bytes: data.byteLength })),
  });
  try {
    const present = await whenPresent(doc, board.counts, LOAD_TIMEOUT_MS);
    const state = arrivals.reduce((largest, arrival) => (arrival.bytes > largest.bytes ? arrival : largest), { at: present, bytes: 0 });
    return { totalMs: present - started, serverMs: state.at - started, clientApplyMs: present - state.at, stateMessageBytes: state.bytes };
  } finally {
    client.destroy();
    doc.destroy();
  }
}

/** A client that already holds the board reconnects: until its provider reports synced. */
async function warmReconnect(server: ServerHandle, room: string, board: BoardFixture): Promise<number> {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, board.update);
  const started = nowMs();
  const client = connectFullClient(server.target, room, doc);
  try {
    await Promise.race([client.synced, new Promise((_, reject) => setTimeout(() => reject(new Error('no sync')), LOAD_TIMEOUT_MS))]);
    const synced = nowMs();
    if (!holdsAll(countBoard(doc), board.counts)) throw new Error('the warm doc lost content');
    return synced - started;
  } finally {
    client.destroy();
    doc.destroy();
  }
}

/**
 * Builds the board once for every server, and applies and counts it twice in this process first, so that the first
 * server measured does not pay for warming up the client's JIT.
 */
export function coldLoadBoard(settings: CompareSettings): BoardFixture {
  const board = buildBoard(settings.coldLoad);
  for (let i = 0; i < 2; i++) {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, board.update);
    countBoard(doc);
    Y.encodeStateAsUpdate(doc);
    doc.destroy();
  }
  return board;
}

/** A server's storage holding the board, ready for trials. */
export interface StoredBoard {
  server: ServerKind;
  dataDir: string;
  room: string;
}

/** Puts the board in `kind`'s storage, in a new data folder. */
export async function storeColdLoadBoard(kind: ServerKind, board: BoardFixture): Promise<StoredBoard> {
  const dataDir = tempDir('placeboard-compare-');
  try {
    return { server: kind, dataDir, room: await store(kind, dataDir, board) };
  } catch (error) {
    fs.rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
}

/** One trial: a cold load from a freshly started server, then a warm reconnect to another freshly started one. */
export async function coldLoadTrial(stored: StoredBoard, board: BoardFixture): Promise<ColdLoadTrial> {
  let server = await launchServer(stored.server, { dataDir: stored.dataDir });
  let cold: Omit<ColdLoadTrial, 'warmReconnectMs' | 'otherCpuPercent'>;
  let otherCpuPercent: number;
  try {
    const watch = watchProcess(server.pid, 50);
    cold = await coldLoad(server, stored.room, board);
    otherCpuPercent = watch.stop().otherCpuPercent;
  } finally {
    await server.stop();
  }
  server = await launchServer(stored.server, { dataDir: stored.dataDir });
  try {
    return { ...cold, otherCpuPercent, warmReconnectMs: await warmReconnect(server, stored.room, board) };
  } finally {
    await server.stop();
  }
}

/** The medians of a server's trials; removes its data folder. */
export function summarizeColdLoad(stored: StoredBoard, board: BoardFixture, trials: ColdLoadTrial[]): ColdLoadResult {
  fs.rmSync(stored.dataDir, { recursive: true, force: true });
  return {
    server: stored.server,
    boardBytes: board.update.byteLength,
    counts: board.counts,
    trials,
    medianTotalMs: median(trials.map((t) => t.totalMs)),
    medianServerMs: median(trials.map((t) => t.serverMs)),
    medianClientApplyMs: median(trials.map((t) => t.clientApplyMs)),
    medianWarmReconnectMs: median(trials.map((t) => t.warmReconnectMs)),
    maxOtherCpuPercent: Math.max(...trials.map((t) => t.otherCpuPercent)),
    contended: !trials.every((t) => t.otherCpuPercent <= CONTENDED_CPU_PERCENT),
  };
}
