import { addCanvasItem, type Author } from '@placeboard/board';
import { CloseCode } from '@placeboard/protocol';
import { createPostgresStore, type PlaceboardStore } from '@placeboard/server';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { connectClient, waitForConvergence, type SyncClient } from '../helpers/clients.js';
import { TEST_DATABASE_URL, freshPostgresSchema, requirePostgres } from '../helpers/postgres.js';
import { createBoardViaApi, ownerFetch, startTestServer, type TestServer } from '../helpers/server.js';
import { storedDoc } from '../helpers/stored.js';
import { startTcpProxy, type TcpProxy } from '../helpers/tcp-proxy.js';
import { waitUntil } from '../helpers/wait.js';

/**
 * PostgreSQL lost while people are editing (README, "What happens when something fails"): the server reaches the
 * real PostgreSQL through a TCP proxy of the test's own, which then resets every connection, or lets nothing through
 * while keeping them open. An edit that cannot be stored is sent to nobody; once PostgreSQL is back the author's
 * client sends it again and it is stored; the server stays up throughout.
 */
describe('PostgreSQL lost mid-session', () => {
  const person: Author = { name: 'Ada' };
  let database: Awaited<ReturnType<typeof freshPostgresSchema>>;
  let proxy: TcpProxy;
  let server: TestServer;
  /** The same database, read directly (not through the proxy). */
  let store: PlaceboardStore;
  const clients: SyncClient[] = [];

  beforeEach(async () => {
    await requirePostgres();
    database = await freshPostgresSchema();
    const target = new URL(TEST_DATABASE_URL);
    proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
    const throughProxy = new URL(database.url);
    throughProxy.host = `127.0.0.1:${proxy.port}`;
    // A short query timeout, so that the black-hole case does not wait the default out.
    server = await startTestServer({ DATABASE_URL: throughProxy.href, DATABASE_TIMEOUT_MS: '2000' });
    store = await createPostgresStore({ connectionString: TEST_DATABASE_URL, schema: database.schema });
  });

  afterEach(async () => {
    for (const client of clients.splice(0)) client.destroy();
    await server?.close();
    await proxy?.close();
    await store?.close();
    await database?.drop();
  });

  async function editWhileLost(lose: (proxy: TcpProxy) => void): Promise<void> {
    const boardId = await createBoardViaApi(server, 'Outage');
    const writer = await connectClient(server, boardId);
    const reader = await connectClient(server, boardId);
    clients.push(writer, reader);
    const before = addCanvasItem(writer.doc, { kind: 'sticky', x: 0, y: 0, text: 'before' }, person);
    await waitUntil(() => reader.doc.getMap('canvas').has(before));

    lose(proxy);
    const during = addCanvasItem(writer.doc, { kind: 'sticky', x: 1, y: 0, text: 'while PostgreSQL was lost' }, person);
    // The room could not store it: it sends it to nobody and reloads, closing its clients so that they reconnect.
    await waitUntil(() => reader.closeCodes.includes(CloseCode.internalError));
    // Frames arrive in order: had the edit been sent to the reader, it would have come before the close.
    expect(reader.doc.getMap('canvas').has(during)).toBe(false);
    // The server is still up: not a crash, and its event loop is not stuck on the database.
    expect((await fetch(`${server.url}/api/health`)).ok).toBe(true);
    // And an operator sees it in the metrics.
    const metrics = await (await fetch(`${server.url}/api/metrics`)).text();
    expect(metrics).toMatch(/^placeboard_store_failures_total [1-9]/m);

    proxy.restore();
    // The writer's provider sends the edit again in its sync step 2 once the board loads again.
    await waitUntil(() => reader.doc.getMap('canvas').has(during));
    await waitForConvergence([writer.doc, reader.doc]);
    await waitUntil(async () => (await storedDoc(store, boardId)).getMap('canvas').has(during));
    expect((await ownerFetch(server, `/api/boards/${boardId}`)).status).toBe(200);
  }

  it('connections reset (PostgreSQL stopped or restarted): the edit is sent to nobody, then stored once it is back', async () => {
    await editWhileLost((p) => p.cut());
  });

  it('nothing comes back and nothing is reset (packets dropped): the write is given up after the query timeout, then as above', async () => {
    await editWhileLost((p) => p.blackHole());
  });
});
