import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { addCanvasItem, addCommentThread, listCanvasItems, listThreads, setThreadResolved, updateCanvasItem, type Author, type BoardId } from '@placeboard/board';
import { CloseCode, encodeAwarenessMessage, encodeSyncStep2, encodeSyncUpdate } from '@placeboard/protocol';
import { STORE_READ_INTERVAL_MS, createPostgresStore, type PlaceboardStore } from '@placeboard/server';
import * as decoding from 'lib0/decoding';
import * as prng from 'lib0/prng';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { WebSocket } from 'ws';
import { outdatedTimeout } from 'y-protocols/awareness';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { awarenessEntry } from '../helpers/access.js';
import { authenticatedWebSocket, connectClient, snapshotOf, waitForConvergence, type SyncClient } from '../helpers/clients.js';
import { TEST_DATABASE_URL, freshPostgresSchema, requirePostgres } from '../helpers/postgres.js';
import {
  REPO_ROOT,
  createBoardViaApi,
  createShareLink,
  ownerFetch,
  spawnServer,
  startTestServer,
  tempDir,
  type Auth,
  type ServerProcess,
  type ServerTarget,
  type TestServer,
} from '../helpers/server.js';
import { storedDoc } from '../helpers/stored.js';
import { startTcpProxy } from '../helpers/tcp-proxy.js';
import { waitUntil } from '../helpers/wait.js';

/**
 * Several server processes on one PostgreSQL database, fanning updates and presence out through Redis
 * (DESIGN.md "Persistence and scale-out"): three real server processes, real y-websocket clients spread across them.
 *
 * Needs PostgreSQL (by default the CI one on 127.0.0.1:5432, database `test`, which `.ci/run` starts; or the one
 * `TEST_DATABASE_URL` names) and the `redis-server` program: each run uses a fresh PostgreSQL schema and its own
 * Redis on a free port, so that restarting that Redis disturbs nothing else.
 */

/** How often the servers send presence (the default). */
const TICK_MS = 50;

const PEOPLE: Author[] = ['Ada', 'Bea', 'Cal', 'Dev', 'Eli', 'Fay'].map((name) => ({ name }));

/** A redis-server of this test's own, on a free port, with nothing persisted: it can be killed and started again. */
interface PrivateRedis {
  url: string;
  start(): Promise<void>;
  /** Kills it (SIGKILL) and waits for it to be gone. */
  kill(): Promise<void>;
}

describe('three server processes on PostgreSQL and Redis', () => {
  let database: Awaited<ReturnType<typeof freshPostgresSchema>> | undefined;
  /** The same database as the servers, read directly. */
  let store: PlaceboardStore | undefined;
  let redis: PrivateRedis | undefined;
  let env: Record<string, string>;
  const servers: ServerProcess[] = [];
  const clients: SyncClient[] = [];

  beforeAll(async () => {
    await requirePostgres();
    redis = await startPrivateRedis();
    database = await freshPostgresSchema();
    store = await createPostgresStore({ connectionString: TEST_DATABASE_URL, schema: database.schema });
    env = { DATA_DIR: tempDir(), DATABASE_URL: database.url, REDIS_URL: redis.url, AWARENESS_TICK_MS: String(TICK_MS) };
    // One after the other: the first creates the owner account, the others sign in to it.
    for (let i = 0; i < 3; i++) servers.push(await spawnServer(env));
  });

  afterAll(async () => {
    // A client a failed test left broken may throw here: the servers must be stopped all the same.
    for (const client of clients) {
      try {
        client.destroy();
      } catch (error) {
        console.error('client teardown failed:', error);
      }
    }
    await Promise.all(servers.map(stopServer));
    await redis?.kill();
    await store?.close();
    await database?.drop();
  });

  /** The board as the database holds it. */
  const stored = (boardId: string) => storedDoc(store!, boardId);

  /** Connects a client to `server` (as its owner unless `auth` says who) and keeps it to be closed after the tests. */
  async function join(server: ServerProcess, boardId: string, options: { doc?: Y.Doc; auth?: Auth } = {}): Promise<SyncClient> {
    const client = await connectClient(server, boardId, options);
    clients.push(client);
    return client;
  }

  /** Two clients on each process. */
  async function spread(boardId: string, count = 6): Promise<SyncClient[]> {
    return Promise.all(Array.from({ length: count }, (_, i) => join(servers[i % servers.length]!, boardId)));
  }

  it('converge under seeded random concurrent edits on every process, and the store holds the same board', async () => {
    const seed = Number(process.env.SEED ?? Date.now() % 100_000);
    const random = seededRandom(seed);
    const boardId = await createBoardViaApi(servers[0]!, `Random ${seed}`);
    const peers = await spread(boardId);
    // A hung wait ends in the test's timeout, whose message cannot name the seed, nor the wait.
    let stage = 'editing';
    onTestFailed(() => console.error(describeRun(`SEED=${seed}`, peers, stage)));

    await randomEdits(peers, random, 240, { disconnects: true });
    for (const peer of peers) if (!peer.provider.wsconnected) peer.provider.connect();
    stage = 'waiting for the clients to converge';
    await waitForConvergence(peers.map((p) => p.doc));
    expect(listCanvasItems(peers[0]!.doc).length, `seed ${seed}`).toBeGreaterThan(0);

    // The store holds exactly what the clients hold, and a newcomer on any process gets it.
    stage = 'waiting for the store to hold what the clients hold';
    await waitUntil(async () => snapshotOf(await stored(boardId)) === snapshotOf(peers[0]!.doc));
    const newcomers = await Promise.all(servers.map((server) => join(server, boardId)));
    stage = 'waiting for newcomers to converge';
    await waitForConvergence([peers[0]!.doc, ...newcomers.map((c) => c.doc)]);
    expect(snapshotOf(newcomers[2]!.doc), `seed ${seed}`).toBe(snapshotOf(peers[0]!.doc));
  });

  it('loses nothing any client had when one process is killed mid-editing and its clients move to another', async () => {
    const seed = Number(process.env.SEED ?? Date.now() % 100_000) + 1;
    const random = seededRandom(seed);
    const boardId = await createBoardViaApi(servers[0]!, `Killed ${seed}`);
    const peers = await spread(boardId);
    onTestFailed(() => console.error(describeRun(`SEED=${seed - 1}`, peers)));
    const [first, second, victim] = servers as [ServerProcess, ServerProcess, ServerProcess];
    // Someone on the process that will die, and someone on another watching their cursor.
    const doomed = await presenceClient(victim, boardId, PEOPLE[0]!);
    const watcher = await presenceClient(first, boardId, PEOPLE[1]!);
    const watched = doomed.doc.clientID;
    await waitUntil(() => watcher.provider.awareness.getStates().has(watched));
    /**
     * Who removed the doomed client's presence from the watcher (its server, or the watcher's own timeout), and how
     * long after the watcher last heard that presence: under `outdatedTimeout`, so it was not a timeout anywhere.
     */
    const removals: { by: string; afterMs: number }[] = [];
    let heardAt = Date.now();
    watcher.provider.awareness.on('update', ({ added, updated, removed }: Record<'added' | 'updated' | 'removed', number[]>, origin: unknown) => {
      if (added.includes(watched) || updated.includes(watched)) heardAt = Date.now();
      if (removed.includes(watched)) removals.push({ by: origin === watcher.provider ? 'server' : String(origin), afterMs: Date.now() - heardAt });
    });

    await randomEdits(peers, random, 80);
    // Everything each client holds the moment the process dies: edits it made, and everything it had received.
    const held = peers.map((peer) => Y.encodeStateAsUpdate(peer.doc));
    victim.child.kill('SIGKILL');
    // Editing goes on everywhere, the orphans' edits piling up in their docs while they have no server.
    await randomEdits(peers, random, 80);
    expect(await victim.exited).toBe('SIGKILL');

    // The orphans (every third client) reconnect to the other processes with the same Y.Doc, as a browser would.
    for (let index = 2; index < peers.length; index += 3) {
      const orphan = peers[index]!;
      orphan.provider.destroy();
      peers[index] = await join(index % 2 === 0 ? first : second, boardId, { doc: orphan.doc });
    }
    await randomEdits(peers, random, 40);
    await waitForConvergence(peers.map((p) => p.doc));
    for (const [index, before] of held.entries()) {
      expect(missingFrom(peers[0]!.doc, before), `client ${index} lost something it held (seed ${seed})`).toEqual([]);
    }
    await waitUntil(async () => snapshotOf(await stored(boardId)) === snapshotOf(peers[0]!.doc));

    // The dead process cannot say its client left; the survivors notice it stopped answering and remove its
    // presence themselves, rather than leave the cursor up until the watcher's own 30 s timeout.
    await waitUntil(() => removals.length > 0);
    expect(removals.map((removal) => removal.by)).toEqual(['server']);
    expect(removals[0]!.afterMs).toBeLessThan(outdatedTimeout);
    expect(first.logs.some((line) => line.includes('server process stopped answering'))).toBe(true);
    doomed.destroy();
    watcher.destroy();

    // A new process takes the dead one's place, on the same database and Redis.
    servers[2] = await spawnServer(env);
    const newcomer = await join(servers[2], boardId);
    await waitForConvergence([peers[0]!.doc, newcomer.doc]);
  });

  it('an edit PostgreSQL stored but whose answer its process never had still reaches the clients of the other processes', async () => {
    // A process of its own, reaching PostgreSQL through a proxy that can lose the answer to a write that landed.
    const target = new URL(TEST_DATABASE_URL);
    const proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
    const throughProxy = new URL(database!.url);
    throughProxy.host = `127.0.0.1:${proxy.port}`;
    const unanswered = await spawnServer({ ...env, DATABASE_URL: throughProxy.href });
    try {
      const boardId = await createBoardViaApi(servers[0]!, 'Lost answer');
      const author = await join(unanswered, boardId);
      const reader = await join(servers[0]!, boardId);
      await waitForConvergence([author.doc, reader.doc]);

      proxy.dropAnswers();
      const id = addCanvasItem(author.doc, { kind: 'sticky', x: 1, y: 1, text: 'stored, never answered' }, PEOPLE[0]!);
      await waitUntil(async () => (await stored(boardId)).getMap('canvas').has(id));
      // The connection is lost before the answer comes: to its process the write failed, so it publishes nothing,
      // and the board reloads there with the edit in it, so its author has nothing to send again.
      proxy.cut();
      proxy.restore();
      await waitUntil(() => reader.doc.getMap('canvas').has(id));
      await waitForConvergence([author.doc, reader.doc]);
      expect(unanswered.logs.some((line) => line.includes('updates could not be stored'))).toBe(true);
    } finally {
      await stopServer(unanswered);
      await proxy.close();
    }
  });

  it('catch up after Redis restarts: processes resubscribe and read what they missed from the store', async () => {
    const boardId = await createBoardViaApi(servers[0]!, 'Redis restart');
    const peers = await spread(boardId);
    const [onFirst, onSecond] = [peers[0]!, peers[1]!];
    await waitForConvergence(peers.map((p) => p.doc));

    await redis!.kill();
    // Edits on two processes while they cannot tell each other: each is stored, and stays on its own process.
    const written = [
      ...Array.from({ length: 5 }, (_, i) => addCanvasItem(onFirst.doc, { kind: 'sticky', x: i, y: 0, text: `first ${i}` }, PEOPLE[0]!)),
      ...Array.from({ length: 5 }, (_, i) => addCanvasItem(onSecond.doc, { kind: 'sticky', x: i, y: 1, text: `second ${i}` }, PEOPLE[1]!)),
    ];
    await waitUntil(async () => {
      const doc = await stored(boardId);
      return written.every((id) => doc.getMap('canvas').has(id));
    });
    // Stored everywhere, fanned out nowhere: nothing but the fan-out could carry an edit from one process to another.
    const seenOnSecond = new Set(listCanvasItems(onSecond.doc).flatMap((r) => (r.ok ? [r.value.id] : [])));
    expect(written.slice(0, 5).filter((id) => seenOnSecond.has(id))).toEqual([]);

    await redis!.start();
    await waitForConvergence(peers.map((p) => p.doc));
    for (const peer of peers) for (const id of written) expect(peer.doc.getMap('canvas').has(id)).toBe(true);
    for (const server of servers) await waitUntil(() => server.logs.some((line) => line.includes('redis subscriptions restored')));

    // And the fan-out itself works again.
    const after = addCanvasItem(peers[2]!.doc, { kind: 'outcome', x: 0, y: 0, text: 'after the restart' }, PEOPLE[2]!);
    await waitUntil(() => peers.every((peer) => peer.doc.getMap('canvas').has(after)));
  });

  it('keeps a board live on a process whose Redis stops answering (packets dropped), and catches the others up once it answers', async () => {
    const proxy = await startTcpProxy({ host: '127.0.0.1', port: Number(new URL(redis!.url).port) });
    const silenced = await spawnServer({ ...env, REDIS_URL: `redis://127.0.0.1:${proxy.port}` });
    try {
      const boardId = await createBoardViaApi(servers[0]!, 'Redis silent');
      const here = await join(silenced, boardId);
      const elsewhere = await join(servers[0]!, boardId);
      await waitForConvergence([here.doc, elsewhere.doc]);

      proxy.blackHole();
      // Someone new on that process: their first edit takes their client id, which is claimed in Redis first.
      const newcomer = await join(silenced, boardId);
      const card = addCanvasItem(newcomer.doc, { kind: 'sticky', x: 0, y: 0, text: 'said while Redis was silent' }, PEOPLE[3]!);
      // Redis not answering costs the claim, not the board: stored and sent on to the people on the same process.
      await waitUntil(() => here.doc.getMap('canvas').has(card));
      await waitUntil(async () => (await stored(boardId)).getMap('canvas').has(card));
      // The process notices its own heartbeats no longer come back, and connects again.
      await waitUntil(() => silenced.logs.some((line) => line.includes('redis stopped answering; reconnecting')));
      // Nothing but the fan-out carries an edit between processes, and it was lost in the silence.
      expect(elsewhere.doc.getMap('canvas').has(card)).toBe(false);

      proxy.restore();
      // Once back, it asks the other processes to re-read the board, so the edit reaches them too.
      await waitUntil(() => elsewhere.doc.getMap('canvas').has(card));
      const reply = addCanvasItem(elsewhere.doc, { kind: 'sticky', x: 1, y: 0, text: 'heard' }, PEOPLE[4]!);
      await waitUntil(() => here.doc.getMap('canvas').has(reply) && newcomer.doc.getMap('canvas').has(reply));
    } finally {
      await stopServer(silenced);
      await proxy.close();
    }
  });

  it('sends each client at most one presence message per tick, however many people move', async () => {
    const boardId = await createBoardViaApi(servers[0]!, 'Cursors');
    const moving = await Promise.all(
      PEOPLE.map((person, i) => presenceClient(servers[i % servers.length]!, boardId, person)),
    );
    try {
      const everyoneAt = (x: number) =>
        moving.every((watcher) =>
          moving.every((mover) => (watcher.provider.awareness.getStates().get(mover.doc.clientID) as { cursor?: { x: number } } | undefined)?.cursor?.x === x),
        );
      await waitUntil(() => everyoneAt(0));

      const rounds = 50;
      const started = performance.now();
      // Every client moves its cursor 20 times a second, all at once.
      for (let round = 1; round <= rounds; round++) {
        for (const client of moving) client.provider.awareness.setLocalStateField('cursor', { x: round, y: round });
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      await waitUntil(() => everyoneAt(rounds));
      const ticks = Math.ceil((performance.now() - started) / TICK_MS);

      // Sent one by one, each client would hear every other client's every move: (people - 1) × rounds messages.
      const unbatched = (moving.length - 1) * rounds;
      for (const client of moving) {
        // Counting works (a count of nothing would pass the bound), and it is one message per tick at most (and one
        // for rounding at each end of the window).
        expect(client.frames).toBeGreaterThan(0);
        expect(client.frames).toBeLessThanOrEqual(ticks + 2);
        expect(client.frames).toBeLessThan(unbatched);
      }
    } finally {
      for (const client of moving) client.destroy();
    }
  });

  it('refuses, through every process, writing under or showing presence as a client id someone holds through another', async () => {
    const boardId = await createBoardViaApi(servers[0]!, 'Held ids');
    const victim = await join(servers[0]!, boardId);
    victim.provider.awareness.setLocalStateField('cursor', { x: 1, y: 1 });
    const card = addCanvasItem(victim.doc, { kind: 'sticky', x: 0, y: 0, text: 'mine' }, PEOPLE[0]!);
    const watcher = await join(servers[1]!, boardId);
    const victimId = victim.doc.clientID;
    await waitUntil(() => watcher.doc.getMap('canvas').has(card) && watcher.provider.awareness.getStates().has(victimId));
    const victimName = (watcher.provider.awareness.getStates().get(victimId) as { user?: { name?: string } }).user?.name;
    expect(victimName).toBeTruthy();

    // Someone else (an editor's share link) on the other two processes.
    const link = await createShareLink(servers[0]!, boardId, { role: 'editor' });
    const forger = new Y.Doc();
    Y.applyUpdate(forger, Y.encodeStateAsUpdate(victim.doc));
    forger.clientID = victimId;
    const forged: Uint8Array[] = [];
    forger.on('update', (update: Uint8Array) => forged.push(update));
    forger.getMap('canvas').set('forged', 'in the victim\u2019s name');
    const writer = await rawSocket(servers[1]!, boardId, link);
    writer.ws.send(encodeSyncUpdate(forged[0]!));
    // Either the forger is closed, or the forgery reaches the victim's process (then the test fails at once).
    let settled = false;
    const outcome = await Promise.race([
      writer.closed.then(({ code }) => `closed with ${code}`),
      waitUntil(() => settled || watcher.doc.getMap('canvas').has('forged')).then(() => 'forgery accepted'),
    ]);
    settled = true;
    expect(outcome).toBe(`closed with ${CloseCode.clientIdInUse}`);

    const poser = await rawSocket(servers[2]!, boardId, link);
    poser.ws.send(encodeAwarenessMessage(awarenessEntry(victimId, 1_000, { user: { name: 'Mallory' }, cursor: { x: 9, y: 9 } })));
    // Its own id, sent after: once that shows on the watcher's process, the forged entry has been handled too.
    poser.ws.send(encodeAwarenessMessage(awarenessEntry(victimId + 1, 1, { cursor: { x: 2, y: 2 } })));
    await waitUntil(() => watcher.provider.awareness.getStates().has(victimId + 1));
    expect((watcher.provider.awareness.getStates().get(victimId) as { user?: { name?: string } }).user?.name).toBe(victimName);
    poser.ws.close();

    // Nothing of the forgery anywhere, and the victim carries on.
    const after = addCanvasItem(victim.doc, { kind: 'sticky', x: 1, y: 0, text: 'still mine' }, PEOPLE[0]!);
    await waitUntil(() => watcher.doc.getMap('canvas').has(after));
    expect(watcher.doc.getMap('canvas').has('forged')).toBe(false);
    await waitUntil(async () => (await stored(boardId)).getMap('canvas').has(after));
    expect((await stored(boardId)).getMap('canvas').has('forged')).toBe(false);
    expect(victim.closeCodes).toEqual([]);
  });

  it("takes a catch-up relaying someone's stored edit that its process has not yet had, and refuses one of an edit no process stored", async () => {
    const boardId = await createBoardViaApi(servers[0]!, 'Relayed edits');
    const author = await join(servers[0]!, boardId);
    const authorId = author.doc.clientID;
    addCanvasItem(author.doc, { kind: 'sticky', x: 0, y: 0, text: 'takes the id' }, PEOPLE[0]!);
    const watcher = await join(servers[1]!, boardId);
    await waitForConvergence([author.doc, watcher.doc]);
    // Two edits under the author's id, as another person's browser could hold them. The first is stored, as the
    // author's process stores an edit before it publishes it: caught between the two (or dead in between), the
    // other processes have not had it. The second is in no store: it was never the author's.
    const copy = new Y.Doc();
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(author.doc));
    copy.clientID = authorId;
    const relay = (text: string): Uint8Array => {
      const before = Y.encodeStateVector(copy);
      addCanvasItem(copy, { kind: 'sticky', x: 1, y: 0, text }, PEOPLE[0]!);
      return Y.encodeStateAsUpdate(copy, before);
    };
    const stored = relay('stored, not yet fanned out');
    await store!.appendUpdate(boardId as BoardId, stored, Date.now());
    // After the stored one, so that it is new to a process that has read the store.
    const unstored = relay('never stored');
    const link = await createShareLink(servers[0]!, boardId, { role: 'editor' });

    const forger = await rawSocket(servers[2]!, boardId, link);
    forger.ws.send(encodeSyncStep2(Y.mergeUpdates([stored, unstored])));
    expect((await forger.closed).code).toBe(CloseCode.clientIdInUse);

    // Another person's catch-up on the watcher's process: judged against the store, it holds nothing new.
    expect(await catchUp(servers[1]!, boardId, link, stored, { ownId: authorId + 1, watcher })).toBe('handled');
    // The watcher has the stored edit too: the process read it from the store and sent it on.
    const texts = (doc: Y.Doc) => listCanvasItems(doc).flatMap((r) => (r.ok ? [r.value.text] : []));
    await waitUntil(() => texts(watcher.doc).includes('stored, not yet fanned out'));
    expect(texts(watcher.doc)).not.toContain('never stored');
    expect(author.closeCodes).toEqual([]);
  });

  it("applies a contributor's own record, created through one process, as theirs on another", async () => {
    const boardId = await createBoardViaApi(servers[0]!, 'Contributor moves');
    const owner = await join(servers[0]!, boardId);
    const card = addCanvasItem(owner.doc, { kind: 'outcome', x: 0, y: 0, text: 'Fewer admissions' }, PEOPLE[0]!);
    const link = await createShareLink(servers[0]!, boardId, { role: 'contributor', label: 'Cora' });
    // A share link's guest writes in the name the server gives it.
    const cora = { name: 'Guest (Cora)' };
    // The first process loaded the board before the thread existed: it learns who made it only from the fan-out.
    const contributor = await join(servers[1]!, boardId, { auth: link });
    await waitUntil(() => contributor.doc.getMap('canvas').has(card));
    const thread = addCommentThread(contributor.doc, { kind: 'canvas', id: card }, 'Which wards?', cora);
    await waitUntil(() => listThreads(owner.doc).some((t) => t.ok && t.value.id === thread));

    contributor.provider.destroy();
    const moved = await join(servers[0]!, boardId, { doc: contributor.doc, auth: link });
    setThreadResolved(moved.doc, thread, true, cora);
    await waitUntil(() => listThreads(owner.doc).some((t) => t.ok && t.value.id === thread && t.value.resolved));
    expect(moved.closeCodes).toEqual([]);
  });

  it('closes sockets on every process when a share link is withdrawn or the board deleted', async () => {
    const boardId = await createBoardViaApi(servers[0]!, 'Withdrawn');
    const link = await createShareLink(servers[0]!, boardId, { role: 'editor' });
    const guests = await Promise.all([servers[1]!, servers[2]!].map((server) => join(server, boardId, { auth: link })));
    const owners = await Promise.all([servers[1]!, servers[2]!].map((server) => join(server, boardId)));

    const revoked = await ownerFetch(servers[0]!, `/api/boards/${boardId}/links/${link.linkId}`, { method: 'DELETE' });
    expect(revoked.status).toBe(204);
    await waitUntil(() => guests.every((guest) => guest.closeCodes.includes(CloseCode.accessChanged)));
    for (const guest of guests) guest.provider.disconnect();
    expect(owners.flatMap((o) => o.closeCodes)).toEqual([]);

    const deleted = await ownerFetch(servers[0]!, `/api/boards/${boardId}`, { method: 'DELETE' });
    expect(deleted.status).toBe(204);
    await waitUntil(() => owners.every((o) => o.closeCodes.includes(CloseCode.boardGone)));
    for (const o of owners) o.provider.disconnect();
  });

  it('counts each address against one allowance across the processes: community posts and sign-in attempts', async () => {
    const boardId = await createBoardViaApi(servers[0]!, 'Limits board');
    const busy = await createShareLink(servers[0]!, boardId, { role: 'contributor', kind: 'community', label: 'Busy group' });
    const quiet = await createShareLink(servers[0]!, boardId, { role: 'contributor', kind: 'community', label: 'Quiet group' });
    const post = (server: ServerProcess, token: string) =>
      fetch(`${server.url}/api/community/${token}/contributions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ point: [-2.35, 53.42], category: 'helps', text: 'Lunch club on Tuesdays' }),
      }).then((response) => response.status);
    // 20 posts an hour from one address (the default), spread over the three processes as a load balancer would.
    const statuses: number[] = [];
    for (let i = 0; i < 20; i++) statuses.push(await post(servers[i % 3]!, busy.token));
    expect(statuses).toEqual(Array<number>(20).fill(201));
    // The 21st is refused on every process, through a link that has posted nothing: the address has had its 20.
    for (const server of servers) expect(await post(server, quiet.token)).toBe(429);

    // Ten wrong passwords a minute from one address, wherever they land; the eleventh is refused.
    const signIn = (server: ServerProcess) =>
      fetch(`${server.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'nobody@example.test', password: 'not the password' }),
      }).then((response) => response.status);
    // Starting a process signs the test in to it, which counts too: so the refusal comes at the eleventh attempt at
    // the latest, where one allowance per process would refuse none of these eleven (at most four reach each).
    const attempts: number[] = [];
    while (attempts.length < 11 && !attempts.includes(429)) attempts.push(await signIn(servers[attempts.length % 3]!));
    expect(attempts.slice(0, -1).every((status) => status === 401)).toBe(true);
    expect(attempts.at(-1)).toBe(429);
    for (const server of servers) expect(await signIn(server)).toBe(429);
  });
});

describe('a process reading the store to judge a catch-up, at most once per STORE_READ_INTERVAL_MS', () => {
  // Two processes in this test's process, so that the rooms' clock is the test's to step.
  let database: Awaited<ReturnType<typeof freshPostgresSchema>> | undefined;
  let store: PlaceboardStore | undefined;
  let redis: PrivateRedis | undefined;
  const servers: TestServer[] = [];
  const clients: SyncClient[] = [];
  /** The rooms' clock for their intervals, ms. */
  let clock = 0;

  beforeAll(async () => {
    await requirePostgres();
    redis = await startPrivateRedis();
    database = await freshPostgresSchema();
    store = await createPostgresStore({ connectionString: TEST_DATABASE_URL, schema: database.schema });
    for (let i = 0; i < 2; i++) {
      const env = { DATA_DIR: tempDir(), DATABASE_URL: database.url, REDIS_URL: redis.url, AWARENESS_TICK_MS: String(TICK_MS) };
      servers.push(await startTestServer(env, { monotonicNow: () => clock }));
    }
  });

  afterAll(async () => {
    for (const client of clients) client.destroy();
    await Promise.all(servers.map((server) => server.close()));
    await redis?.kill();
    await store?.close();
    await database?.drop();
  });

  it('reads it for a catch-up, judges the next one within the interval against what it has, and reads it again after', async () => {
    const [a, b] = servers as [TestServer, TestServer];
    const boardId = await createBoardViaApi(a, 'Catch-up interval');
    const author = await connectClient(a, boardId);
    const watcher = await connectClient(b, boardId);
    clients.push(author, watcher);
    const authorId = author.doc.clientID;
    addCanvasItem(author.doc, { kind: 'sticky', x: 0, y: 0, text: 'takes the id' }, PEOPLE[0]!);
    await waitForConvergence([author.doc, watcher.doc]);
    // Edits under the author's id, stored as the author's process stores an edit before publishing it.
    const copy = new Y.Doc();
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(author.doc));
    copy.clientID = authorId;
    const storedEdit = async (text: string): Promise<Uint8Array> => {
      const before = Y.encodeStateVector(copy);
      addCanvasItem(copy, { kind: 'sticky', x: 1, y: 0, text }, PEOPLE[0]!);
      const update = Y.encodeStateAsUpdate(copy, before);
      await store!.appendUpdate(boardId as BoardId, update, Date.now());
      return update;
    };
    const link = await createShareLink(a, boardId, { role: 'editor' });
    const catchUpOnB = (update: Uint8Array, ownId: number) => catchUp(b, boardId, link, update, { ownId, watcher });
    const texts = () => listCanvasItems(watcher.doc).flatMap((r) => (r.ok ? [r.value.text] : []));

    expect(await catchUpOnB(await storedEdit('first'), authorId + 1)).toBe('handled');
    await waitUntil(() => texts().includes('first'));

    // Within the interval the store is not read again: an edit only the store has is refused, like a forgery.
    clock += STORE_READ_INTERVAL_MS - 1;
    const second = await storedEdit('second');
    expect(await catchUpOnB(second, authorId + 2)).toBe(`closed with ${CloseCode.clientIdInUse}`);
    expect(texts()).not.toContain('second');

    // Once it has passed, the same catch-up makes the room read the store, and goes through.
    clock += 1;
    expect(await catchUpOnB(second, authorId + 3)).toBe('handled');
    await waitUntil(() => texts().includes('second'));
    expect(author.closeCodes).toEqual([]);
  });
});

describe('REDIS_URL', () => {
  it('names Redis and exits with 1 when it cannot be reached at start', async () => {
    const port = await freePort();
    const { code, lines } = await runServerToExit({ DATA_DIR: tempDir(), REDIS_URL: `redis://:hunter2@127.0.0.1:${port}` });
    expect(code).toBe(1);
    const failure = lines.find((line) => line.includes('cannot reach Redis'));
    expect(failure, lines.join('\n')).toContain(`127.0.0.1:${port}`);
    // The password in the URL is not written to the log.
    expect(lines.join('\n')).not.toContain('hunter2');
  });
});

/** Runs the server as `npm start` does until it exits; returns its exit code and every line it printed. */
async function runServerToExit(env: Record<string, string>): Promise<{ code: number | null; lines: string[] }> {
  const loader = path.join(REPO_ROOT, 'server/node_modules/tsx/dist/loader.mjs');
  const child = spawn(process.execPath, ['--import', loader, path.join(REPO_ROOT, 'server/src/main.ts')], {
    cwd: REPO_ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', SEED_DEMO: 'false', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  createInterface({ input: child.stdout! }).on('line', (line) => lines.push(line));
  createInterface({ input: child.stderr! }).on('line', (line) => lines.push(line));
  const code = await new Promise<number | null>((resolve) => child.once('close', (exitCode) => resolve(exitCode)));
  return { code, lines };
}

/** Random canvas edits by randomly chosen peers, with a yield now and then so messages flow between them. */
async function randomEdits(peers: SyncClient[], random: () => number, steps: number, options: { disconnects?: boolean } = {}): Promise<void> {
  for (let step = 0; step < steps; step++) {
    const index = Math.floor(random() * peers.length);
    const peer = peers[index]!;
    const author = PEOPLE[index]!;
    const roll = random();
    const items = listCanvasItems(peer.doc).flatMap((r) => (r.ok ? [r.value] : []));
    if (options.disconnects && roll < 0.05) {
      if (peer.provider.wsconnected) peer.provider.disconnect();
      else peer.provider.connect();
    } else if (roll < 0.4 || items.length === 0) {
      addCanvasItem(peer.doc, { kind: random() < 0.5 ? 'sticky' : 'outcome', x: Math.round(random() * 800), y: Math.round(random() * 600) }, author);
    } else if (roll < 0.85) {
      const item = items[Math.floor(random() * items.length)]!;
      updateCanvasItem(peer.doc, item.id, { x: Math.round(random() * 800), text: `edit ${step} by ${author.name}` }, author);
    } else {
      const item = items[Math.floor(random() * items.length)]!;
      peer.doc.getMap('canvas').delete(item.id);
    }
    if (random() < 0.3) await new Promise((resolve) => setTimeout(resolve, 1));
  }
}

/**
 * What of `update` (a whole document's state) `doc` lacks: clients whose structs it does not have as far, and
 * whether applying it to a copy would still change anything (a deletion it lacks). Empty when it holds it all.
 */
function missingFrom(doc: Y.Doc, update: Uint8Array): string[] {
  const missing: string[] = [];
  const have = Y.decodeStateVector(Y.encodeStateVector(doc));
  for (const [client, clock] of Y.decodeStateVector(Y.encodeStateVectorFromUpdate(update))) {
    if ((have.get(client) ?? 0) < clock) missing.push(`client ${client}: has ${have.get(client) ?? 0} of ${clock}`);
  }
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  let changed = false;
  copy.on('update', () => {
    changed = true;
  });
  Y.applyUpdate(copy, update);
  if (changed) missing.push('content or deletions');
  copy.destroy();
  return missing;
}

/** A stock provider whose socket counts the presence messages the server sends it. */
interface PresenceClient {
  doc: Y.Doc;
  provider: WebsocketProvider;
  frames: number;
  counting: boolean;
  destroy(): void;
}

/** True when an awareness update sets some client's cursor past its starting point (x ≥ 1). */
function movedCursors(update: Uint8Array): boolean {
  const decoder = decoding.createDecoder(update);
  for (let count = decoding.readVarUint(decoder); count > 0; count--) {
    decoding.readVarUint(decoder); // client id
    decoding.readVarUint(decoder); // clock
    const state = JSON.parse(decoding.readVarString(decoder)) as { cursor?: { x?: number } } | null;
    if ((state?.cursor?.x ?? 0) >= 1) return true;
  }
  return false;
}

async function presenceClient(server: ServerProcess, boardId: string, person: Author): Promise<PresenceClient> {
  const doc = new Y.Doc();
  const Base = authenticatedWebSocket(server.owner) as unknown as typeof import('ws').WebSocket;
  const client: PresenceClient = {
    doc,
    frames: 0,
    counting: false,
    provider: undefined as unknown as WebsocketProvider,
    destroy() {
      this.provider.destroy();
      doc.destroy();
    },
  };
  class Counting extends Base {
    constructor(address: string | URL, protocols?: string | string[]) {
      super(address, protocols);
      this.on('message', (data: Buffer | ArrayBuffer | Buffer[]) => {
        const bytes = Array.isArray(data) ? new Uint8Array(Buffer.concat(data)) : new Uint8Array(data);
        const decoder = decoding.createDecoder(bytes);
        // y-websocket's message type comes first: 1 is presence.
        if (decoding.readVarUint(decoder) !== 1) return;
        // Counted from the first message with a moved cursor, which the server cannot have sent before the moves
        // began: a backlog from before then, read late, is not counted.
        client.counting ||= movedCursors(decoding.readVarUint8Array(decoder));
        if (client.counting) client.frames += 1;
      });
    }
  }
  client.provider = new WebsocketProvider(server.wsUrl, boardId, doc, {
    WebSocketPolyfill: Counting as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    maxBackoffTime: 200,
  });
  client.provider.awareness.setLocalState({ user: { name: person.name }, cursor: { x: 0, y: 0 } });
  await waitUntil(() => client.provider.synced);
  return client;
}

/** A bare WebSocket on a board, for sending what no honest client would. */
async function rawSocket(server: ServerTarget, boardId: string, auth: Auth): Promise<{ ws: WebSocket; closed: Promise<{ code: number }> }> {
  const ws = new WebSocket(`${server.wsUrl}/${boardId}`, { headers: auth.headers });
  ws.on('error', () => {}); // the server may close while we still write; the close code is what counts
  const closed = new Promise<{ code: number }>((resolve) => ws.once('close', (code) => resolve({ code })));
  await new Promise<void>((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('unexpected-response', (_request, response) => reject(new Error(`upgrade refused: ${response.statusCode}`)));
  });
  return { ws, closed };
}

/**
 * Another person's catch-up: a sync step 2 carrying `update`, sent on a new socket to `server` with `auth`, then that
 * socket's own presence under `ownId`. Resolves 'handled' once the presence shows on `watcher` (a client of the same
 * board on that process: the step 2 before it has been handled), or 'closed with <code>' if the server closes the
 * socket first. The socket is closed after.
 */
async function catchUp(
  server: ServerTarget,
  boardId: string,
  auth: Auth,
  update: Uint8Array,
  { ownId, watcher }: { ownId: number; watcher: SyncClient },
): Promise<string> {
  const other = await rawSocket(server, boardId, auth);
  other.ws.send(encodeSyncStep2(update));
  other.ws.send(encodeAwarenessMessage(awarenessEntry(ownId, 1, { cursor: { x: 3, y: 3 } })));
  let settled = false;
  const outcome = await Promise.race([
    other.closed.then(({ code }) => `closed with ${code}`),
    waitUntil(() => settled || watcher.provider.awareness.getStates().has(ownId)).then(() => 'handled'),
  ]);
  settled = true;
  other.ws.close();
  return outcome;
}

/** Starts a redis-server of the test's own on a free port; fails the suite, saying so, when it cannot. */
async function startPrivateRedis(): Promise<PrivateRedis> {
  const port = await freePort();
  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();
  const redis: PrivateRedis = {
    url: `redis://127.0.0.1:${port}`,
    async start() {
      const output: string[] = [];
      const started = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      started.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
      started.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
      child = started;
      exited = new Promise((resolve) => started.once('exit', () => resolve()));
      const failed = new Promise<never>((_, reject) => {
        started.once('error', (error) =>
          reject(new Error(`Redis is not available: cannot run redis-server (install it: apt-get install redis-server): ${error.message}`)),
        );
        started.once('exit', (code) => reject(new Error(`redis-server exited (${code}) on port ${port}:\n${output.join('')}`)));
      });
      await Promise.race([failed, waitUntil(() => answersPing(port))]);
    },
    async kill() {
      child?.kill('SIGKILL');
      await exited;
      child = undefined;
    },
  };
  await redis.start();
  return redis;
}

/** True when a Redis server answers PING on the port. */
function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('error', () => resolve(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => {
      resolve(data.toString().startsWith('+PONG'));
      socket.destroy();
    });
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

async function stopServer(server: ServerProcess): Promise<void> {
  if (server.child.exitCode !== null || server.child.signalCode !== null) return;
  server.child.kill('SIGTERM');
  await server.exited;
}

/** What to print when a seeded test fails: how to replay it, and each client's connection and how much it holds. */
function describeRun(replay: string, peers: readonly SyncClient[], stage?: string): string {
  const lines = peers.map((peer, index) => {
    const { provider, doc, closeCodes } = peer;
    const state = [...Y.decodeStateVector(Y.encodeStateVector(doc))].map(([client, clock]) => `${client}:${clock}`).join(' ');
    return `  client ${index} (id ${doc.clientID}): ${provider.wsconnected ? 'connected' : 'not connected'}, ${provider.synced ? 'synced' : 'not synced'}, ${snapshotOf(doc).length} characters of board, state ${state}, closed with [${closeCodes.join(', ')}]`;
  });
  return [`multi-process test failed${stage ? ` ${stage}` : ''}; replay it with ${replay}`, ...lines].join('\n');
}

/** A seeded random number source (lib0's PRNG), so a failing run can be replayed from its seed (SEED=…). */
function seededRandom(seed: number): () => number {
  const generator = prng.create(seed);
  return () => prng.real53(generator);
}
