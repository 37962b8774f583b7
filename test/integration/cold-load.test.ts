/**
 * Cold load: a room answers its first clients from the board's stored bytes and decodes them into its Y.Doc
 * afterwards (server/src/sync/room.ts, "Cold load"). Every test starts from a board that is stored and not loaded,
 * and checks what clients and the store end up with, never how long it took.
 */
import {
  CURRENT_SCHEMA_VERSION,
  MIGRATIONS,
  addCanvasItem,
  getRoots,
  migrateBoard,
  schemaVersionOf,
  updateCanvasItem,
  type BoardId,
} from '@placeboard/board';
import { encodeSyncStep1, encodeSyncUpdate } from '@placeboard/protocol';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import { connectClient, snapshotOf, waitForConvergence, type SyncClient } from '../helpers/clients.js';
import { createBoardViaApi, startTestServer, type TestServer } from '../helpers/server.js';
import { storedDoc } from '../helpers/stored.js';
import { waitUntil } from '../helpers/wait.js';

const author = { name: 'Ade' };

/** The canvas texts of a doc, sorted. */
function textsOf(doc: Y.Doc): string[] {
  return Object.values(doc.getMap('canvas').toJSON() as Record<string, { text?: unknown }>)
    .map((item) => String(item.text))
    .sort();
}

describe('cold load: a room answers from the stored board, then decodes it', () => {
  let server: TestServer;
  const clients: SyncClient[] = [];
  const sockets: WebSocket[] = [];

  beforeEach(async () => {
    server = await startTestServer();
  });
  afterEach(async () => {
    for (const client of clients.splice(0)) client.destroy();
    for (const socket of sockets.splice(0)) socket.terminate();
    await server.close();
  });

  const connect = async (boardId: string, options: { doc?: Y.Doc; waitForSync?: boolean } = {}) => {
    const client = await connectClient(server, boardId, options);
    clients.push(client);
    return client;
  };

  /** A board with `items` stickies, stored as a state row and `logged` more as updates after it, and not loaded. */
  async function coldBoard(items: number, logged = 0): Promise<BoardId> {
    const boardId = (await createBoardViaApi(server, 'Cold')) as BoardId;
    const writer = await connect(boardId);
    for (let i = 0; i < items; i++) addCanvasItem(writer.doc, { kind: 'sticky', x: i, y: 0, text: `state ${i}` }, author);
    await waitUntil(async () => textsOf(await storedDoc(server.store, boardId)).length === items);
    writer.destroy();
    clients.splice(clients.indexOf(writer), 1);
    await server.rooms.unload(boardId); // compacts: everything so far is in the state row
    if (logged > 0) {
      const stored = (await server.store.loadDocument(boardId))!;
      const doc = new Y.Doc();
      Y.applyUpdate(doc, stored.state!);
      doc.on('update', (update: Uint8Array) => void server.store.appendUpdate(boardId, update, Date.now()));
      for (let i = 0; i < logged; i++) addCanvasItem(doc, { kind: 'sticky', x: i, y: 1, text: `logged ${i}` }, author);
      await waitUntil(async () => (await server.store.loadDocument(boardId))!.updates.length === logged);
    }
    expect(await server.rooms.peek(boardId)).toBeUndefined();
    return boardId;
  }

  /** Waits until the board's room has decoded its doc and handled everything, then returns it. */
  async function settledRoom(boardId: BoardId) {
    const room = (await server.rooms.peek(boardId))!;
    await room.idle();
    return room;
  }

  it('a client connecting to a cold room gets the whole board: state row and logged updates; the room then holds it too', async () => {
    const boardId = await coldBoard(20, 3);
    const expected = snapshotOf(await storedDoc(server.store, boardId));
    const client = await connect(boardId);
    expect(snapshotOf(client.doc)).toBe(expected);
    expect(textsOf(client.doc)).toHaveLength(23);
    expect(client.doc.store.pendingStructs).toBeNull();
    const room = await settledRoom(boardId);
    expect(snapshotOf(room.doc)).toBe(expected);
  });

  it('a client holding part of the board gets the rest', async () => {
    const boardId = await coldBoard(10);
    const part = (await storedDoc(server.store, boardId)).getMap('canvas').size;
    const held = Y.encodeStateAsUpdate(await storedDoc(server.store, boardId));
    // More edits while the client is away, then the room goes cold again.
    const writer = await connect(boardId);
    for (let i = 0; i < 5; i++) addCanvasItem(writer.doc, { kind: 'sticky', x: i, y: 2, text: `later ${i}` }, author);
    await waitUntil(async () => textsOf(await storedDoc(server.store, boardId)).length === part + 5);
    writer.destroy();
    clients.splice(clients.indexOf(writer), 1);
    await server.rooms.unload(boardId);

    const doc = new Y.Doc();
    Y.applyUpdate(doc, held);
    expect(textsOf(doc)).toHaveLength(part);
    const client = await connect(boardId, { doc });
    expect(textsOf(client.doc)).toHaveLength(part + 5);
    expect(snapshotOf(client.doc)).toBe(snapshotOf(await storedDoc(server.store, boardId)));
  });

  it('a client coming back with an offline edit the server lacks hands it over once the room has decoded, and others get it', async () => {
    const boardId = await coldBoard(5);
    const doc = new Y.Doc();
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(await storedDoc(server.store, boardId)));
    addCanvasItem(doc, { kind: 'sticky', x: 9, y: 9, text: 'made offline' }, author);

    const returning = await connect(boardId, { doc });
    const other = await connect(boardId);
    await waitUntil(() => textsOf(other.doc).includes('made offline'));
    await waitUntil(async () => textsOf(await storedDoc(server.store, boardId)).includes('made offline'));
    await waitForConvergence([returning.doc, other.doc]);
  });

  it('updates sent right after the sync step 1 to a cold room are accepted, stored, and reach the others', async () => {
    const boardId = await coldBoard(10);

    // A client that holds the board, by hand, so that its step 1 and two edits go out together before any answer:
    // one changes an item of the stored board (so it is checked against the decoded board), one adds an item.
    const edit = await storedDoc(server.store, boardId);
    const stateVector = Y.encodeStateVector(edit);
    const updates: Uint8Array[] = [];
    edit.on('update', (update: Uint8Array) => updates.push(update));
    const [first] = [...edit.getMap('canvas').keys()];
    updateCanvasItem(edit, first!, { text: 'changed straight away' }, author);
    addCanvasItem(edit, { kind: 'sticky', x: 0, y: 5, text: 'added straight away' }, author);
    const socket = new WebSocket(`${server.wsUrl}/${boardId}`, { headers: server.owner.headers });
    sockets.push(socket);
    const closed: number[] = [];
    socket.on('close', (code) => closed.push(code));
    await new Promise<void>((resolve, reject) => {
      socket.once('open', resolve);
      socket.once('error', reject);
    });
    socket.send(encodeSyncStep1(stateVector));
    for (const update of updates) socket.send(encodeSyncUpdate(update));
    const watcher = await connect(boardId, { waitForSync: false });

    const arrived = (doc: Y.Doc) => textsOf(doc).includes('changed straight away') && textsOf(doc).includes('added straight away');
    await waitUntil(() => arrived(watcher.doc) || closed.length > 0);
    expect(closed).toEqual([]);
    await waitUntil(async () => arrived(await storedDoc(server.store, boardId)));
    expect(textsOf(watcher.doc)).toHaveLength(11);
    expect(textsOf(watcher.doc)).toEqual(textsOf(edit));
    expect(closed).toEqual([]);
  });

  it('a stock client that holds the board and edits it as soon as its socket opens on a cold room: the edit is accepted and reaches the others', async () => {
    const boardId = await coldBoard(10);
    const doc = await storedDoc(server.store, boardId);
    const [first] = [...doc.getMap('canvas').keys()];
    const client = await connect(boardId, { doc, waitForSync: false });
    // The provider reports the open socket before it sends its step 1: this edit goes out first.
    client.provider.on('status', ({ status }: { status: string }) => {
      if (status === 'connected' && !textsOf(doc).includes('on open')) updateCanvasItem(doc, first!, { text: 'on open' }, author);
    });
    const other = await connect(boardId);
    await waitUntil(() => textsOf(other.doc).includes('on open') || client.closeCodes.length > 0);
    expect(client.closeCodes).toEqual([]);
    await waitForConvergence([doc, other.doc]);
    expect(textsOf(doc)).toHaveLength(10);
  });

  it('two clients connecting at once to a cold room both get the whole board, and each sees the other’s edits', async () => {
    const boardId = await coldBoard(15, 2);
    const expected = snapshotOf(await storedDoc(server.store, boardId));
    const [a, b] = await Promise.all([connect(boardId), connect(boardId)]);
    expect(snapshotOf(a!.doc)).toBe(expected);
    expect(snapshotOf(b!.doc)).toBe(expected);
    expect(server.rooms.loadedCount).toBe(1);
    addCanvasItem(a!.doc, { kind: 'sticky', x: 0, y: 7, text: 'from a' }, author);
    addCanvasItem(b!.doc, { kind: 'sticky', x: 1, y: 7, text: 'from b' }, author);
    await waitUntil(() => textsOf(a!.doc).includes('from b') && textsOf(b!.doc).includes('from a'));
    await waitForConvergence([a!.doc, b!.doc]);
    const room = await settledRoom(boardId);
    expect(snapshotOf(room.doc)).toBe(snapshotOf(a!.doc));
  });

  it('a board stored at an old schema version is migrated on load; clients and the store see the migrated board', async () => {
    const boardId = (await createBoardViaApi(server, 'Old')) as BoardId;
    // The board as a server of schema version 1 would have stored it: a canvas item without votes or agreement.
    const old = new Y.Doc();
    migrateBoard(old, MIGRATIONS.filter((m) => m.version <= 1));
    const itemId = addCanvasItem(old, { kind: 'sticky', x: 0, y: 0, text: 'old item' }, author);
    const item = getRoots(old).canvas.get(itemId) as Y.Map<unknown>;
    item.delete('votes');
    item.delete('agreement');
    expect(schemaVersionOf(old)).toBe(1);
    await server.store.compact(boardId, Y.encodeStateAsUpdate(old), (await server.store.loadDocument(boardId))!.lastSeq);
    expect(await server.rooms.peek(boardId)).toBeUndefined();

    const client = await connect(boardId);
    const migrated = (doc: Y.Doc) => {
      const record = getRoots(doc).canvas.get(itemId);
      return schemaVersionOf(doc) === CURRENT_SCHEMA_VERSION && record instanceof Y.Map && record.get('votes') instanceof Y.Map;
    };
    await waitUntil(() => migrated(client.doc));
    addCanvasItem(client.doc, { kind: 'sticky', x: 1, y: 0, text: 'after migration' }, author);
    await waitUntil(async () => textsOf(await storedDoc(server.store, boardId)).includes('after migration'));
    const stored = await storedDoc(server.store, boardId);
    expect(migrated(stored)).toBe(true);
    expect(textsOf(stored)).toEqual(['after migration', 'old item']);
    expect(migrated((await settledRoom(boardId)).doc)).toBe(true);
  });

  it('the HTTP API reads a cold board from its decoded doc', async () => {
    const boardId = await coldBoard(4, 2);
    // The governance export names its file after the board's title, read from the doc (an empty doc has another).
    const response = await fetch(`${server.url}/api/boards/${boardId}/governance.csv`, { headers: server.owner.headers });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toContain('filename="Cold-governance.csv"');
  });
});
