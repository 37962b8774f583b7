import path from 'node:path';
import type { BoardId } from '@placeboard/board';
import { CloseCode, decodeMessage, encodeSyncUpdate } from '@placeboard/protocol';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import { connectClient, snapshotOf, waitForConvergence, type SyncClient } from '../helpers/clients.js';
import { addMember, createBoardViaApi, startTestServer, type TestServer } from '../helpers/server.js';
import { waitUntil } from '../helpers/wait.js';

/**
 * The room handles what arrives together as one batch (server/src/sync/room.ts, "Group commit"): every update of it
 * checked and applied in order, stored in one transaction, then sent merged into one frame per client. These tests send many updates at once from several sockets, so that batches form, and check what
 * everyone ends up with; they hold whether an update landed in a batch of one or of many.
 */
describe('group commit: updates that arrive together', () => {
  let server: TestServer;
  let boardId: BoardId;
  const cleanups: (() => void)[] = [];

  beforeEach(async () => {
    server = await startTestServer();
    boardId = (await createBoardViaApi(server, 'Batches')) as BoardId;
  });
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) cleanup();
    await server.close();
  });

  async function client(): Promise<SyncClient> {
    const c = await connectClient(server, boardId);
    cleanups.push(() => c.destroy());
    return c;
  }

  /** A raw socket that keeps every update the server sends it, decoded. */
  async function rawEditor(name: string) {
    const auth = await addMember(server, boardId, name, 'editor');
    const ws = new WebSocket(`${server.wsUrl}/${boardId}`, { headers: auth.headers });
    cleanups.push(() => ws.terminate());
    const received: Uint8Array[] = [];
    ws.on('message', (data: Buffer) => {
      const message = decodeMessage(new Uint8Array(data));
      if (message.type === 'sync-update' || message.type === 'sync-step2') received.push(message.update);
    });
    await new Promise<void>((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    return { ws, received };
  }

  it('updates sent at once by several people are each stored once with their audit line, and reach everyone', async () => {
    const observer = await client();
    const editors = await Promise.all(['Ann', 'Bob', 'Cat'].map((name) => rawEditor(name)));
    const EDITS = 30;
    // Each editor writes under its own client id; no update depends on anyone else's.
    const docs = editors.map((_, i) => {
      const doc = new Y.Doc();
      doc.clientID = 1000 + i;
      return doc;
    });
    const updates = docs.map((doc, i) => {
      const made: Uint8Array[] = [];
      doc.on('update', (update: Uint8Array) => made.push(update));
      for (let n = 0; n < EDITS; n++) doc.getMap('canvas').set(`e${i}-${n}`, `${i}:${n}`);
      return made;
    });
    // Interleaved, all in one go: they arrive in the same turns of the server's event loop.
    for (let n = 0; n < EDITS; n++) editors.forEach((editor, i) => editor.ws.send(encodeSyncUpdate(updates[i]![n]!)));

    await waitUntil(() => observer.doc.getMap('canvas').size === 3 * EDITS);
    for (const [i, editor] of editors.entries()) {
      // What the editor made itself, plus everything it was sent: the whole board.
      const seen = docs[i] as Y.Doc;
      await waitUntil(() => {
        for (const update of editor.received.splice(0)) Y.applyUpdate(seen, update);
        return seen.getMap('canvas').size === 3 * EDITS;
      });
      expect(seen.store.pendingStructs).toBeNull();
    }

    const stored = (await server.store.loadDocument(boardId))!;
    const replayed = new Y.Doc();
    if (stored.state) Y.applyUpdate(replayed, stored.state);
    for (const update of stored.updates) Y.applyUpdate(replayed, update);
    expect(snapshotOf(replayed)).toBe(snapshotOf(observer.doc));
    const audit = await server.store.listAudit({ boardId });
    for (const name of ['Ann', 'Bob', 'Cat']) {
      expect(audit.filter((line) => line.kind === 'update' && line.actorName === name)).toHaveLength(EDITS);
    }
  });

  it('a write the store refuses is sent to nobody; the board reloads, and the edit is stored once the writer reconnects', async () => {
    const writer = await client();
    const reader = await client();
    // Another process holds SQLite's write lock: the server's write waits for it (busy_timeout), then fails.
    const other = new Database(path.join(server.dataDir, 'placeboard.sqlite'));
    cleanups.push(() => other.close());
    other.exec('BEGIN IMMEDIATE');
    writer.doc.getMap('canvas').set('kept', 'yes');

    await waitUntil(() => reader.closeCodes.includes(CloseCode.internalError));
    // Frames arrive in order: had the edit been sent to the reader, it would have come before the close.
    expect(reader.doc.getMap('canvas').has('kept')).toBe(false);
    other.exec('ROLLBACK');

    // Both reconnect to the reloaded board; the writer's provider sends its edit again in its sync step 2.
    await waitUntil(() => reader.doc.getMap('canvas').get('kept') === 'yes');
    await waitForConvergence([writer.doc, reader.doc]);
    const stored = (await server.store.loadDocument(boardId))!;
    const replayed = new Y.Doc();
    if (stored.state) Y.applyUpdate(replayed, stored.state);
    for (const update of stored.updates) Y.applyUpdate(replayed, update);
    expect(replayed.getMap('canvas').get('kept')).toBe('yes');
  });
});
