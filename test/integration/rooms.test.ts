import { addCanvasItem, type BoardId } from '@placeboard/board';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { connectClient, snapshotOf, type SyncClient } from '../helpers/clients.js';
import { createBoardViaApi, startTestServer, type TestServer } from '../helpers/server.js';
import { holdStoreCalls, storedDoc as storedBoardDoc } from '../helpers/stored.js';
import { waitUntil } from '../helpers/wait.js';

const EDITS = 100;
const COMPACT_AFTER = 20;

describe('rooms: compaction and unloading', () => {
  let server: TestServer;
  const clients: SyncClient[] = [];

  beforeEach(async () => {
    server = await startTestServer({ ROOM_IDLE_MS: '50', COMPACT_AFTER_UPDATES: String(COMPACT_AFTER) });
  });
  afterEach(async () => {
    for (const client of clients.splice(0)) client.destroy();
    await server.close();
  });

  const connect = async (boardId: string, doc?: Y.Doc) => {
    const client = await connectClient(server, boardId, { doc });
    clients.push(client);
    return client;
  };

  async function storedDoc(boardId: BoardId, { stateOnly = false } = {}) {
    const stored = (await server.store.loadDocument(boardId))!;
    const doc = new Y.Doc();
    if (stored.state) Y.applyUpdate(doc, stored.state);
    if (!stateOnly) for (const update of stored.updates) Y.applyUpdate(doc, update);
    return { stored, edits: doc.getMap('canvas').size, snapshot: snapshotOf(doc) };
  }

  it('compacts the log as edits come in; a fresh client sees every edit; the room unloads when empty and loads again', async () => {
    const boardId = (await createBoardViaApi(server, 'Rooms')) as BoardId;
    const writer = await connect(boardId);
    expect(server.rooms.loadedCount).toBe(1);
    for (let i = 0; i < EDITS; i++) writer.doc.getMap('canvas').set(`edit-${i}`, i);

    // Every edit is stored, and the log never holds a full round of updates once compaction has caught up.
    await waitUntil(async () => {
      const { stored, edits } = await storedDoc(boardId);
      return edits === EDITS && stored.updates.length < COMPACT_AFTER;
    });
    const { stored } = await storedDoc(boardId);
    expect(stored.state).not.toBeNull();
    // The state row itself now holds most of the edits (it was just the empty board before).
    expect((await storedDoc(boardId, { stateOnly: true })).edits).toBeGreaterThanOrEqual(EDITS - COMPACT_AFTER);

    const reader = await connect(boardId);
    expect(reader.doc.getMap('canvas').toJSON()).toEqual(writer.doc.getMap('canvas').toJSON());
    expect(reader.doc.getMap('canvas').size).toBe(EDITS);

    // Everyone leaves: the room goes, and its last updates are folded into the state.
    const expected = snapshotOf(writer.doc);
    for (const client of clients.splice(0)) client.destroy();
    await waitUntil(() => server.rooms.loadedCount === 0);
    const unloaded = await storedDoc(boardId);
    expect(unloaded.stored.updates).toEqual([]);
    expect(unloaded.snapshot).toBe(expected);

    // Coming back loads it again, with everything.
    const again = await connect(boardId);
    expect(server.rooms.loadedCount).toBe(1);
    expect(snapshotOf(again.doc)).toBe(expected);
  });

  it('a room stays loaded while someone is on it, however long the idle time has passed', async () => {
    const boardId = (await createBoardViaApi(server, 'Stay')) as BoardId;
    const a = await connect(boardId);
    const b = await connect(boardId);
    b.destroy();
    clients.splice(clients.indexOf(b), 1);
    // Still one client: edits keep flowing through the same room for many idle periods.
    const room = await server.rooms.peek(boardId);
    for (let i = 0; i < 10; i++) {
      a.doc.getMap('canvas').set(`k${i}`, i);
      await waitUntil(() => room!.doc.getMap('canvas').get(`k${i}`) === i);
      await new Promise((resolve) => setTimeout(resolve, 20)); // let idle timers fire if any were (wrongly) running
    }
    expect(await server.rooms.peek(boardId)).toBe(room);
    expect(room!.isClosed).toBe(false);
  });

  it('a client reconnecting with its own doc adds nothing to the log', async () => {
    const boardId = (await createBoardViaApi(server, 'Reconnect')) as BoardId;
    const client = await connect(boardId);
    // Overwriting keys makes deletions, so the client's delete set is not empty.
    for (let i = 0; i < 5; i++) client.doc.getMap('canvas').set('same-key', i);
    const other = await connect(boardId);
    await waitUntil(() => other.doc.getMap('canvas').get('same-key') === 4);

    for (let round = 0; round < 3; round++) {
      const before = (await server.store.loadDocument(boardId))!;
      client.provider.disconnect();
      client.provider.connect();
      await waitUntil(() => client.provider.synced && client.provider.wsconnected);
      // Messages are handled in order: once this marker edit is stored, the reconnect's step 2 has been handled.
      client.doc.getMap('canvas').set(`marker-${round}`, round);
      await waitUntil(async () => (await storedDoc(boardId)).snapshot.includes(`marker-${round}`));
      const after = (await server.store.loadDocument(boardId))!;
      expect(after.lastSeq - before.lastSeq, `round ${round}`).toBe(1);
    }
  });

  it('compaction keeps an update written to the store behind the room (an admin CLI import) and sends it to clients', async () => {
    const boardId = (await createBoardViaApi(server, 'External writer')) as BoardId;
    const client = await connect(boardId);
    // Someone else appends straight to the log, as `pnpm cli import` does without PLACEBOARD_URL.
    const outsider = new Y.Doc();
    Y.applyUpdate(outsider, Y.encodeStateAsUpdate(client.doc));
    const before = Y.encodeStateVector(outsider);
    addCanvasItem(outsider, { kind: 'sticky', x: 0, y: 0, text: 'written by the CLI' }, { name: 'pnpm cli' });
    await server.store.appendUpdate(boardId, Y.encodeStateAsUpdate(outsider, before), Date.now());

    // Enough edits from the client to trigger compaction, which must fold the outsider's update in.
    for (let i = 0; i < COMPACT_AFTER + 5; i++) addCanvasItem(client.doc, { kind: 'sticky', x: i, y: 0 }, { name: 'Ann' });
    await waitUntil(async () => (await storedDoc(boardId, { stateOnly: true })).edits >= COMPACT_AFTER);
    const room = (await server.rooms.peek(boardId))!;
    await room.compactNow();
    const texts = (doc: Y.Doc) => [...doc.getMap('canvas').values()].map((item) => (item as Y.Map<unknown>).get('text'));
    expect(texts((await storedBoardDoc(server.store, boardId)))).toContain('written by the CLI');
    await waitUntil(() => texts(client.doc).includes('written by the CLI'));
  });

  it('compaction folds in a state another process stored (with edits this room never had), not only the updates after it', async () => {
    const boardId = (await createBoardViaApi(server, 'Other process')) as BoardId;
    const client = await connect(boardId);
    for (let i = 0; i < 3; i++) addCanvasItem(client.doc, { kind: 'sticky', x: i, y: 0, text: `mine ${i}` }, { name: 'Ann' });
    await waitUntil(async () => (await storedDoc(boardId)).edits === 3);
    // Another process stored an edit and folded the log into a state: the edit is in that state only, no longer in
    // the log, and its fan-out never reached this room.
    const other = await storedBoardDoc(server.store, boardId);
    addCanvasItem(other, { kind: 'sticky', x: 9, y: 9, text: 'folded in by another process' }, { name: 'Bo' });
    await server.store.compact(boardId, Y.encodeStateAsUpdate(other), (await server.store.loadDocument(boardId))!.lastSeq);

    addCanvasItem(client.doc, { kind: 'sticky', x: 5, y: 0, text: 'mine after' }, { name: 'Ann' });
    await waitUntil(async () => (await server.store.loadDocument(boardId))!.updates.length === 1);
    const room = (await server.rooms.peek(boardId))!;
    await room.compactNow();
    const texts = (doc: Y.Doc) => [...doc.getMap('canvas').values()].map((item) => (item as Y.Map<unknown>).get('text')).sort();
    const expected = ['folded in by another process', 'mine 0', 'mine 1', 'mine 2', 'mine after'];
    expect(texts(await storedBoardDoc(server.store, boardId))).toEqual(expected);
    await waitUntil(() => texts(client.doc).length === expected.length);
    expect(texts(client.doc)).toEqual(expected);
  });

  it("edits go on being stored and sent while a compaction's write is slow, and nothing is lost once it lands", async () => {
    const boardId = (await createBoardViaApi(server, 'Slow disk')) as BoardId;
    // The real store, with its compaction's writes held back until the test lets them through.
    const held = holdStoreCalls(server.store, 'compact');
    const writer = await connect(boardId);
    const reader = await connect(boardId);
    for (let i = 0; i < COMPACT_AFTER + 5; i++) writer.doc.getMap('canvas').set(`before-${i}`, i);
    await waitUntil(() => held.calls === 1);

    // Held: three more rounds of edits, each enough for a compaction, are stored and reach the other client.
    for (let i = 0; i < 3 * COMPACT_AFTER; i++) writer.doc.getMap('canvas').set(`during-${i}`, i);
    await waitUntil(() => reader.doc.getMap('canvas').size === 4 * COMPACT_AFTER + 5);
    await waitUntil(async () => (await storedDoc(boardId)).edits === 4 * COMPACT_AFTER + 5);
    // No second compaction starts while the first is still being written.
    expect(held.calls).toBe(1);

    held.release();
    // Once it lands, the state holds what it folded in, the log the rest, and the next compaction folds that in too.
    writer.doc.getMap('canvas').set('after', 1);
    await waitUntil(async () => (await storedDoc(boardId, { stateOnly: true })).edits > COMPACT_AFTER + 5);
    const { stored, edits } = await storedDoc(boardId);
    expect(edits).toBe(4 * COMPACT_AFTER + 6);
    expect(stored.updates.length).toBeLessThan(COMPACT_AFTER);
    expect(held.calls).toBe(2);
  });
});
