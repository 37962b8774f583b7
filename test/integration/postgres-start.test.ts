import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { addCanvasItem, listCanvasItems } from '@placeboard/board';
import { loadConfig, silentLogger, startServer, type PlaceboardServer } from '@placeboard/server';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { connectClient, type SyncClient } from '../helpers/clients.js';
import { freshPostgresSchema, pgQuery, requirePostgres } from '../helpers/postgres.js';
import { REPO_ROOT, createBoardViaApi, ownerFetch, spawnServer, tempDir, type ServerProcess } from '../helpers/server.js';
import { waitUntil } from '../helpers/wait.js';

/** A port nothing listens on (it was free a moment ago). */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Runs the server as `npm start` does until it exits, and returns its exit code and every line it printed. */
async function runServerToExit(env: Record<string, string>): Promise<{ code: number | null; lines: string[] }> {
  const loader = path.join(REPO_ROOT, 'server/node_modules/tsx/dist/loader.mjs');
  const child = spawn(process.execPath, ['--import', loader, path.join(REPO_ROOT, 'server/src/main.ts')], {
    cwd: REPO_ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', SEED_DEMO: 'false', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  createInterface({ input: child.stdout }).on('line', (line) => lines.push(line));
  createInterface({ input: child.stderr }).on('line', (line) => lines.push(line));
  // 'close' comes after the process exited and its output ended, so every line is in.
  const code = await new Promise<number | null>((resolve) => child.once('close', (exitCode) => resolve(exitCode)));
  return { code, lines };
}

describe('the server on PostgreSQL (DATABASE_URL)', () => {
  const servers: ServerProcess[] = [];
  const clients: SyncClient[] = [];
  const cleanups: (() => Promise<void>)[] = [];

  beforeAll(requirePostgres);
  afterEach(async () => {
    for (const client of clients.splice(0)) client.destroy();
    for (const server of servers.splice(0)) {
      if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill('SIGTERM');
      await server.exited;
    }
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  it('exits with code 1 and one clear line when PostgreSQL cannot be reached', async () => {
    const port = await closedPort();
    const { code, lines } = await runServerToExit({ DATABASE_URL: `postgres://postgres:secret@127.0.0.1:${port}/test`, DATA_DIR: tempDir() });
    expect(code).toBe(1);
    const said = lines.filter((line) => line.includes('cannot reach PostgreSQL'));
    expect(said).toHaveLength(1);
    const entry = JSON.parse(said[0]!) as { level: string; msg: string };
    expect(entry.level).toBe('error');
    expect(entry.msg).toMatch(new RegExp(`cannot reach PostgreSQL at 127\\.0\\.0\\.1:${port}: connect ECONNREFUSED`));
    // No stack trace, no password, and it never got as far as listening.
    expect(lines.filter((line) => /^\s+at /.test(line))).toEqual([]);
    expect(lines.join('\n')).not.toContain('secret');
    expect(lines.some((line) => line.includes('"listening"'))).toBe(false);
  });

  it("sets up the owner through any process with any process's setup link, once", async () => {
    const database = await freshPostgresSchema();
    cleanups.push(database.drop);
    // Two processes of one deployment, started together on a new database, as a load balancer's pool would be.
    const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', SEED_DEMO: 'false', DATA_DIR: tempDir(), DATABASE_URL: database.url });
    const started: PlaceboardServer[] = await Promise.all([startServer(config, { log: silentLogger }), startServer(config, { log: silentLogger })]);
    cleanups.push(async () => void (await Promise.all(started.map((server) => server.close()))));
    const [first, second] = started as [PlaceboardServer, PlaceboardServer];
    const tokenOf = (server: PlaceboardServer) => new URL(server.setupUrl!).searchParams.get('token');
    expect(tokenOf(first)).not.toBe(tokenOf(second));
    const setUp = (server: PlaceboardServer, token: string | null) =>
      fetch(`http://127.0.0.1:${server.port}/api/auth/setup`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ token, email: 'owner@example.test', name: 'Owner', password: 'correct horse battery' }),
      });

    // The link the first printed, opened through the second (the load balancer's choice): the owner is made.
    expect((await setUp(second, 'not-a-token')).status).toBe(403);
    expect((await setUp(second, tokenOf(first))).status).toBe(201);
    // Once: every link, on every process, is spent.
    for (const server of started) {
      for (const token of [tokenOf(first), tokenOf(second)]) expect((await setUp(server, token)).status).toBe(409);
    }
    expect(await first.store.countUsers()).toBe(1);
  });

  it('keeps boards, accounts and edits in PostgreSQL across a SIGKILL and a restart', async () => {
    const database = await freshPostgresSchema();
    cleanups.push(database.drop);
    const dataDir = tempDir();
    const env = { DATABASE_URL: database.url, DATA_DIR: dataDir };

    const first = await spawnServer(env); // makes the owner account through the setup link
    servers.push(first);
    const boardId = await createBoardViaApi(first, 'Kept in PostgreSQL');
    const writer = await connectClient(first, boardId);
    const observer = await connectClient(first, boardId);
    clients.push(writer, observer);
    addCanvasItem(writer.doc, { kind: 'sticky', x: 1, y: 2, text: 'Survives the crash' }, { name: 'Owner' });
    // The server persists an update before it passes it on: once the observer has it, it is in PostgreSQL.
    await waitUntil(() => listCanvasItems(observer.doc).length === 1);

    first.child.kill('SIGKILL');
    await first.exited;
    for (const client of clients.splice(0)) client.destroy();

    const second = await spawnServer(env); // signs in: the account is in PostgreSQL too
    servers.push(second);
    const boards = (await (await ownerFetch(second, '/api/boards')).json()) as { id: string; title: string }[];
    expect(boards.map((b) => [b.id, b.title])).toEqual([[boardId, 'Kept in PostgreSQL']]);
    const fresh = await connectClient(second, boardId);
    clients.push(fresh);
    const items = listCanvasItems(fresh.doc).flatMap((r) => (r.ok ? [r.value] : []));
    expect(items.map((item) => item.kind === 'sticky' && item.text)).toEqual(['Survives the crash']);

    // It was PostgreSQL, in the schema the URL named, and not a SQLite file in DATA_DIR.
    expect(await pgQuery(`SELECT title FROM ${database.schema}.boards`)).toEqual([{ title: 'Kept in PostgreSQL' }]);
    expect(fs.readdirSync(dataDir)).toEqual([]);

    // A clean stop closes the pool and exits 0.
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  });
});
