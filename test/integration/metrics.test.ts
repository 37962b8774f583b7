import os from 'node:os';
import { addCanvasItem } from '@placeboard/board';
import { CloseCode } from '@placeboard/protocol';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openRoleSocket } from '../helpers/access.js';
import { connectClient, type SyncClient } from '../helpers/clients.js';
import { addMember, createBoardViaApi, startTestServer, type TestServer } from '../helpers/server.js';
import { startTcpProxy, type TcpProxy } from '../helpers/tcp-proxy.js';
import { waitUntil } from '../helpers/wait.js';

/**
 * `/api/metrics`: what the rooms count (updates stored, store and relay times, refusals, boards and connections open)
 * as real clients edit a real server, in the Prometheus text format; and who may read it: this machine only, not
 * through a proxy, or whoever has `METRICS_TOKEN`.
 */

/** A sample's value in Prometheus text (`name{labels} value`), or undefined when the series is not there. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

async function scrape(server: TestServer, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${server.url}/api/metrics`, { headers });
}

async function metricsText(server: TestServer): Promise<string> {
  const response = await scrape(server);
  expect(response.status).toBe(200);
  return response.text();
}

/** The error body of the API. */
async function errorOf(response: Response): Promise<{ code: string; message: string }> {
  return ((await response.json()) as { error: { code: string; message: string } }).error;
}

describe('metrics, without METRICS_TOKEN', () => {
  let server: TestServer;
  let boardId: string;
  const clients: SyncClient[] = [];

  beforeAll(async () => {
    server = await startTestServer();
    boardId = await createBoardViaApi(server);
  });
  afterEach(() => {
    for (const client of clients.splice(0)) client.destroy();
  });
  afterAll(async () => {
    await server.close();
  });

  it('counts the updates a client sends as stored and relayed, and the board and connection open', async () => {
    const client = await connectClient(server, boardId);
    clients.push(client);
    const watcher = await connectClient(server, boardId);
    clients.push(watcher);
    const before = await metricsText(server);
    expect(sample(before, 'placeboard_boards_loaded')).toBe(1);
    expect(sample(before, 'placeboard_connections')).toBe(2);
    const stored = (text: string) => sample(text, 'placeboard_updates_stored_total') ?? 0;

    for (const text of ['one', 'two', 'three']) {
      addCanvasItem(client.doc, { kind: 'sticky', x: 0, y: 0, text }, { name: 'Test Owner' });
    }
    // The watcher has them once they are stored (nobody is sent an update before it is).
    await waitUntil(() => watcher.doc.getMap('canvas').size === 3);
    const after = await metricsText(server);
    expect(stored(after) - stored(before)).toBe(3);
    const commits = (text: string, histogram: string) => sample(text, `${histogram}_count`) ?? 0;
    const writes = commits(after, 'placeboard_store_write_seconds') - commits(before, 'placeboard_store_write_seconds');
    // Three updates in one store transaction or up to three, each of them relayed once stored.
    expect(writes).toBeGreaterThanOrEqual(1);
    expect(writes).toBeLessThanOrEqual(3);
    expect(commits(after, 'placeboard_update_relay_seconds') - commits(before, 'placeboard_update_relay_seconds')).toBe(writes);
    // Every relay took some time, and fell in a bucket: the +Inf bucket counts them all.
    expect(sample(after, 'placeboard_update_relay_seconds_sum')).toBeGreaterThan(0);
    expect(sample(after, 'placeboard_update_relay_seconds_bucket{le="+Inf"}')).toBe(commits(after, 'placeboard_update_relay_seconds'));

    client.destroy();
    watcher.destroy();
    clients.length = 0;
    await waitUntil(async () => sample(await metricsText(server), 'placeboard_connections') === 0);
  });

  it("counts a refused connection by its close code: a viewer's edit is 4403", async () => {
    const viewer = await addMember(server, boardId, 'Vera Viewer', 'viewer');
    const socket = await openRoleSocket(server, boardId, viewer);
    const refusedBefore = sample(await metricsText(server), `placeboard_connections_refused_total{code="${CloseCode.forbidden}"}`) ?? 0;
    socket.send(socket.edit((doc) => addCanvasItem(doc, { kind: 'sticky', x: 1, y: 1, text: 'viewer was here' }, { name: 'Vera' })));
    expect((await socket.closed).code).toBe(CloseCode.forbidden);
    const text = await metricsText(server);
    expect(sample(text, `placeboard_connections_refused_total{code="${CloseCode.forbidden}"}`)).toBe(refusedBefore + 1);
  });

  it("serves the process's own metrics beside Placeboard's, as Prometheus text, never cached", async () => {
    const response = await scrape(server);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const text = await response.text();
    expect(sample(text, 'process_resident_memory_bytes')).toBeGreaterThan(0);
    expect(text).toContain('# TYPE nodejs_eventloop_lag_seconds gauge');
    expect(text).toContain('# TYPE placeboard_store_write_seconds histogram');
    // One process on its own: no Redis to be connected to, so no such series.
    expect(text).not.toContain('placeboard_redis_connected');
  });

  it('refuses a request that came through a proxy, with a clear error, and still serves this machine after', async () => {
    const proxied: Record<string, string>[] = [{ 'x-forwarded-for': '203.0.113.7' }, { forwarded: 'for=203.0.113.7' }];
    for (const header of proxied) {
      const response = await scrape(server, header);
      expect(response.status).toBe(403);
      const error = await errorOf(response);
      expect(error.code).toBe('forbidden');
      expect(error.message).toMatch(/METRICS_TOKEN/);
    }
    expect((await scrape(server)).status).toBe(200);
  });

  it('refuses a request from another machine: the same server reached on its network address', async () => {
    // This machine's own non-loopback address stands in for another machine: the request's peer is not loopback.
    const address = Object.values(os.networkInterfaces())
      .flat()
      .find((entry) => entry && entry.family === 'IPv4' && !entry.internal)?.address;
    if (!address) throw new Error('this test needs a network interface with an IPv4 address other than loopback');
    const open = await startTestServer({ HOST: '0.0.0.0' });
    try {
      const response = await fetch(`http://${address}:${open.port}/api/metrics`);
      expect(response.status).toBe(403);
      expect((await errorOf(response)).code).toBe('forbidden');
      expect((await fetch(`http://127.0.0.1:${open.port}/api/metrics`)).status).toBe(200);
    } finally {
      await open.close();
    }
  });
});

describe('metrics, with METRICS_TOKEN', () => {
  const token = 'metrics-token-for-the-test-0123456789';
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({ METRICS_TOKEN: token });
  });
  afterAll(async () => {
    await server.close();
  });

  it('answers 401 without the token, with a wrong one, or with a signed-in session instead, even from this machine', async () => {
    for (const headers of [{}, { authorization: `Bearer ${token}x` }, { authorization: 'Bearer short' }, server.owner.headers]) {
      const response = await scrape(server, headers);
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe('Bearer realm="metrics"');
      const error = await errorOf(response);
      expect(error.code).toBe('unauthenticated');
      expect(error.message).toMatch(/METRICS_TOKEN/);
    }
  });

  it('serves the metrics to the token, through a proxy too', async () => {
    const response = await scrape(server, { authorization: `Bearer ${token}`, 'x-forwarded-for': '203.0.113.7' });
    expect(response.status).toBe(200);
    expect(sample(await response.text(), 'placeboard_boards_loaded')).toBe(0);
  });
});

describe('metrics, with REDIS_URL', () => {
  let proxy: TcpProxy;
  let server: TestServer;

  beforeAll(async () => {
    // The machine's Redis, through a proxy this test can cut or silence.
    proxy = await startTcpProxy({ host: '127.0.0.1', port: 6379 });
    server = await startTestServer({ REDIS_URL: `redis://127.0.0.1:${proxy.port}` });
  });
  afterAll(async () => {
    await server?.close();
    await proxy?.close();
  });

  const connected = async () => sample(await metricsText(server), 'placeboard_redis_connected');

  it('says whether Redis is reachable: 1, then 0 while the connection is cut, then 1 once it is back', async () => {
    expect(await connected()).toBe(1);
    proxy.cut();
    await waitUntil(async () => (await connected()) === 0);
    proxy.restore();
    await waitUntil(async () => (await connected()) === 1);
  });

  it('says 0 when Redis stops answering without closing anything (its heartbeats stop coming back), and 1 once back', async () => {
    expect(await connected()).toBe(1);
    proxy.blackHole();
    await waitUntil(async () => (await connected()) === 0, 100);
    proxy.restore();
    await waitUntil(async () => (await connected()) === 1, 100);
  });
});
