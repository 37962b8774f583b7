import { AUTH_CAUGHT_UP, AUTH_PERMISSION_DENIED, AUTH_STORED, CloseCode } from '@placeboard/protocol';
import type { BoardId } from '@placeboard/board';
import * as decoding from 'lib0/decoding';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { connectClient, type SyncClient } from '../helpers/clients.js';
import { createBoardViaApi, startTestServer, type TestServer } from '../helpers/server.js';
import { holdStoreCalls, storedDoc } from '../helpers/stored.js';
import { waitUntil } from '../helpers/wait.js';

/** y-websocket's message type of an auth message. */
const MESSAGE_AUTH = 2;

/**
 * The server tells a client when it has stored the client's catch-up (its sync step 2: what it made offline), with
 * Placeboard's own auth sub-type AUTH_CAUGHT_UP; the web client counts its offline edits as sent only then.
 */
describe('sync: the server says when a catch-up is stored', () => {
  let server: TestServer;
  const clients: SyncClient[] = [];

  beforeEach(async () => {
    server = await startTestServer();
  });
  afterEach(async () => {
    for (const client of clients.splice(0)) client.destroy();
    await server.close();
  });

  /**
   * A stock client that records the auth messages it receives, as it reads them: how many said its catch-up was
   * stored, and the counts of stored updates it was told, in order.
   */
  async function connectRecording(boardId: string) {
    const client = await connectClient(server, boardId, { waitForSync: false });
    clients.push(client);
    let count = 0;
    const storedCounts: number[] = [];
    const listeners: (() => void)[] = [];
    client.provider.messageHandlers[MESSAGE_AUTH] = (_encoder, decoder) => {
      const sub = decoding.readVarUint(decoder);
      if (sub === AUTH_PERMISSION_DENIED) decoding.readVarString(decoder);
      if (sub === AUTH_STORED) storedCounts.push(decoding.readVarUint(decoder));
      if (sub !== AUTH_CAUGHT_UP && sub !== AUTH_STORED) return;
      if (sub === AUTH_CAUGHT_UP) count += 1;
      for (const listener of listeners) listener();
    };
    return { client, caughtUp: () => count, storedCounts, onAcknowledged: (listener: () => void) => listeners.push(listener) };
  }

  async function storedPartnerKeys(boardId: BoardId): Promise<string[]> {
    return [...(await storedDoc(server.store, boardId)).getMap('partners').keys()].sort();
  }

  it('after the edits made offline are stored, not before, and once for a client that had none', async () => {
    const boardId = (await createBoardViaApi(server, 'Catch-up board')) as BoardId;
    const { client, caughtUp, onAcknowledged } = await connectRecording(boardId);
    // Nothing made offline: the catch-up is empty, and the server says so as soon as it has it.
    await waitUntil(() => client.provider.synced && caughtUp() === 1);

    client.provider.disconnect();
    for (const key of ['a', 'b', 'c']) client.doc.getMap('partners').set(key, new Y.Map());
    // The real store, with its appends held back until the test lets them through.
    const appends = holdStoreCalls(server.store, 'appendUpdates');
    try {
      let storedWhenTold: Promise<string[]> | undefined;
      onAcknowledged(() => {
        if (caughtUp() === 2) storedWhenTold ??= storedPartnerKeys(boardId);
      });
      client.provider.connect();
      // The sync completes (the client has the server's board) while the catch-up is still being stored: no word yet.
      await waitUntil(() => client.provider.synced && appends.calls === 1);
      expect(caughtUp()).toBe(1);
      expect(await storedPartnerKeys(boardId)).toEqual([]);

      appends.release();
      await waitUntil(() => caughtUp() === 2);
      // Read as the word arrived: the edits were stored by then.
      expect(await storedWhenTold).toEqual(['a', 'b', 'c']);
    } finally {
      // A failure above must not leave the server's writes held: closing the server waits for them.
      appends.release();
    }
  });

  it('how many of the live updates sent on the socket are stored, once they are', async () => {
    const boardId = (await createBoardViaApi(server, 'Acknowledged board')) as BoardId;
    const { client, caughtUp, storedCounts, onAcknowledged } = await connectRecording(boardId);
    await waitUntil(() => client.provider.synced && caughtUp() === 1);
    const appends = holdStoreCalls(server.store, 'appendUpdates');
    try {
      const storedWhenTold = new Map<number, Promise<string[]>>();
      onAcknowledged(() => {
        const last = storedCounts.at(-1);
        if (last !== undefined && !storedWhenTold.has(last)) storedWhenTold.set(last, storedPartnerKeys(boardId));
      });
      // Three edits, three messages: the first is held in the store, the others wait behind it.
      for (const key of ['x', 'y', 'z']) client.doc.getMap('partners').set(key, new Y.Map());
      await waitUntil(() => appends.calls >= 1);
      expect(storedCounts).toEqual([]);

      appends.release();
      await waitUntil(() => storedCounts.at(-1) === 3);
      // Each count came once what it counts was stored, and counts only go up.
      for (const [count, stored] of storedWhenTold) expect((await stored).length, `told ${count}`).toBeGreaterThanOrEqual(count);
      expect([...storedCounts].sort((a, b) => a - b)).toEqual(storedCounts);
    } finally {
      appends.release();
    }

    // A new socket counts afresh.
    client.provider.disconnect();
    client.provider.connect();
    await waitUntil(() => client.provider.synced && caughtUp() === 2);
    client.doc.getMap('partners').set('w', new Y.Map());
    await waitUntil(() => storedCounts.at(-1) === 1);
    expect(await storedPartnerKeys(boardId)).toEqual(['w', 'x', 'y', 'z']);
  });

  it('never for a catch-up the server refuses', async () => {
    const boardId = (await createBoardViaApi(server, 'Refused catch-up board')) as BoardId;
    const { client, caughtUp } = await connectRecording(boardId);
    await waitUntil(() => client.provider.synced && caughtUp() === 1);
    client.provider.disconnect();
    client.doc.getMap('partners').set('kept-offline', new Y.Map());
    // A root the board does not have: the whole catch-up is refused (4422), the good edit with it.
    client.doc.getMap('stray').set('left', 'over');
    client.provider.connect();
    await waitUntil(() => client.closeCodes.includes(CloseCode.updateRejected));
    expect(caughtUp()).toBe(1);
    expect(await storedPartnerKeys(boardId)).toEqual([]);
  });
});
