import { addCanvasItem, deleteCanvasItem, listCanvasItems, type BoardId } from '@placeboard/board';
import { CloseCode, encodeAwarenessMessage, encodeSyncStep2, encodeSyncUpdate } from '@placeboard/protocol';
import * as encoding from 'lib0/encoding';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import { awarenessEntry } from '../helpers/access.js';
import { connectClient, snapshotOf, waitForConvergence, type SyncClient } from '../helpers/clients.js';
import { addMember, type Auth, type TestServer } from '../helpers/server.js';
import { openGuardedBoard, type GuardedBoard } from '../helpers/guarded-board.js';
import type { StoredSnapshot } from '../helpers/stored.js';
import { waitUntil } from '../helpers/wait.js';

/**
 * The four attacks of issue 5 "Hostile clients", each in its real shape over a real WebSocket: a `ws` client sends
 * hand-built y-websocket messages while two stock y-websocket providers (the victim and a bystander) share the
 * board. After each: the attacking socket was closed with its code (or its forgery dropped), the honest clients
 * carry on editing and converge, and the store holds nothing of the attack.
 *
 * Everyone is signed in with their own account: the victim and the bystander are editors, and each attacker is an
 * editor too (someone with edit rights on the board, the most an attacker can have short of owning it). The server
 * writes each account's name into its presence, so presence names here are account names.
 */

const MAX_MESSAGE_BYTES = 64 * 1024;
const MAX_MESSAGE_BYTES_PER_SECOND = 64 * 1024;
const alice = { name: 'Alice' };
const bob = { name: 'Bob' };

/**
 * The takeover update: a structs section with one client (`client`), one garbage-collected range of length 1 at
 * `clock`, and an empty delete set.
 */
function gcRangeUpdate(client: number, clock: number): Uint8Array {
  const encoder = new Y.UpdateEncoderV1();
  encoding.writeVarUint(encoder.restEncoder, 1); // clients with structs
  encoding.writeVarUint(encoder.restEncoder, 1); // structs of this client
  encoder.writeClient(client);
  encoding.writeVarUint(encoder.restEncoder, clock);
  encoder.writeInfo(0); // 0 = GC
  encoder.writeLen(1);
  encoding.writeVarUint(encoder.restEncoder, 0); // delete set: no clients
  return encoder.toUint8Array();
}

describe('hostile clients', () => {
  let server: TestServer;
  let boardId: BoardId;
  /** good[0] is the victim of the client-id and presence attacks; good[1] watches. */
  let good: [SyncClient, SyncClient];
  /** The victim's and the bystander's accounts. */
  let auth: [Auth, Auth];
  let before: StoredSnapshot;
  const cleanups: (() => void)[] = [];

  let board: GuardedBoard;
  const stored = (): Promise<StoredSnapshot> => board.stored();
  const roomIdle = (): Promise<void> => board.roomIdle();

  beforeEach(async () => {
    board = await openGuardedBoard({
      env: {
        MAX_MESSAGE_BYTES: String(MAX_MESSAGE_BYTES),
        MAX_MESSAGE_BYTES_PER_SECOND: String(MAX_MESSAGE_BYTES_PER_SECOND),
      },
      title: 'Hostile clients',
      people: ['Victim', 'Watcher'],
      prepare: async ([victim, watcher]) => {
        victim.provider.awareness.setLocalStateField('user', { name: 'Victim' });
        await waitUntil(() => presenceName(watcher, victim.doc.clientID) === 'Victim');
      },
    });
    ({ server, boardId, good, auth, before } = board);
    expect(before.content).toContain('known edit');
  });

  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) cleanup();
    await board.close();
  });

  /** The presence `observer` sees of `clientId`. */
  function presenceOf(observer: SyncClient, clientId: number): { user?: { name?: string }; cursor?: { x: number } } | undefined {
    return observer.provider.awareness.getStates().get(clientId) as { user?: { name?: string }; cursor?: { x: number } } | undefined;
  }

  /** The name `observer` sees in the presence of `clientId`. */
  function presenceName(observer: SyncClient, clientId: number): string | undefined {
    return presenceOf(observer, clientId)?.user?.name;
  }

  /** Both honest clients still edit and converge: a new edit from each reaches the other and the store. */
  async function expectHonestClientsCarryOn(): Promise<void> {
    const texts: string[] = [];
    for (const [from, to] of [[good[0], good[1]], [good[1], good[0]]] as const) {
      const text = `after ${Math.random()}`;
      texts.push(text);
      const id = addCanvasItem(from.doc, { kind: 'outcome', x: 3, y: 4, text }, bob);
      await waitUntil(() => listCanvasItems(to.doc).some((r) => r.ok && r.value.id === id && r.value.text === text));
    }
    await waitForConvergence(good.map((c) => c.doc));
    await roomIdle();
    const after = await stored();
    for (const text of texts) expect(after.content).toContain(text);
    expect(after.content).toContain('known edit');
    expect(good.every((c) => c.closeCodes.length === 0)).toBe(true);
  }

  /**
   * A `ws` client on the board, open, with its close event captured, signed in as `name`: an editor of the board
   * with their own account (made on first use).
   */
  async function hostileSocket(name = 'Mallory'): Promise<{ ws: WebSocket; closed: Promise<{ code: number; reason: string }> }> {
    const attacker = await addMember(server, boardId, name, 'editor');
    const ws = new WebSocket(`${server.wsUrl}/${boardId}`, { headers: attacker.headers });
    ws.on('error', () => {}); // the server may close while we still write; the close code is what counts
    cleanups.push(() => ws.terminate());
    const closed = new Promise<{ code: number; reason: string }>((resolve) =>
      ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })),
    );
    await new Promise<void>((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)));
    });
    return { ws, closed };
  }

  /** A Y.Doc holding the board as the server has it, to make updates that apply on top. */
  function copyOfBoard(clientID?: number): Y.Doc {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(good[1].doc));
    // Set after loading: Yjs gives a doc a new id when an update it applies holds structs under its own.
    if (clientID !== undefined) doc.clientID = clientID;
    return doc;
  }

  /** Runs `fn` once per step and returns each step's update. */
  function updatesOf(doc: Y.Doc, steps: number, fn: (doc: Y.Doc, step: number) => void): Uint8Array[] {
    const updates: Uint8Array[] = [];
    const collect = (update: Uint8Array) => updates.push(update);
    doc.on('update', collect);
    for (let i = 0; i < steps; i++) fn(doc, i);
    doc.off('update', collect);
    return updates;
  }

  describe('1. a flood of tiny updates from one socket', () => {
    it('50,000 tiny updates sent as fast as possible: the socket is cut off with 4429, the board carries on', async () => {
      const attacker = copyOfBoard();
      const flood = updatesOf(attacker, 50_000, (doc, i) => doc.getMap('canvas').set('flood', i));
      expect(Math.max(...flood.slice(0, 100).map((u) => u.byteLength))).toBeLessThan(40);
      const { ws, closed } = await hostileSocket();
      for (const update of flood) ws.send(encodeSyncUpdate(update));
      const { code, reason } = await closed;
      expect(code).toBe(CloseCode.tooManyMessages);
      expect(reason).toMatch(/too many/);
      await roomIdle();
      const after = await stored();
      // The default allowance is 200 a second with bursts of 400, and what the socket had queued when it was cut
      // off is dropped with it: at most a small fraction of the flood got in.
      const accepted = after.lastSeq - before.lastSeq;
      expect(accepted).toBeLessThan(1_000);
      await expectHonestClientsCarryOn();
      // The honest clients hold the last flood update the server accepted (if any), and none past the cut.
      const last = good[1].doc.getMap('canvas').get('flood') as number | undefined;
      expect(last ?? 0).toBeLessThan(1_000);
      expect(good[0].doc.getMap('canvas').get('flood')).toBe(last);
    });

    it('a flood of presence messages is cut off the same way, and presence keeps working', async () => {
      const { ws, closed } = await hostileSocket();
      const attackerId = 987_654;
      for (let clock = 1; clock <= 20_000; clock++) {
        ws.send(encodeAwarenessMessage(awarenessEntry(attackerId, clock, { user: { name: `spam ${clock}` } })));
      }
      expect((await closed).code).toBe(CloseCode.tooManyMessages);
      await waitUntil(() => !good[1].provider.awareness.getStates().has(attackerId));
      // The victim's presence still changes (its name is its account's, whatever it sends).
      good[0].provider.awareness.setLocalStateField('user', { name: 'Victim renamed' });
      good[0].provider.awareness.setLocalStateField('cursor', { x: 1 });
      await waitUntil(() => presenceOf(good[1], good[0].doc.clientID)?.cursor?.x === 1);
      expect(presenceName(good[1], good[0].doc.clientID)).toBe('Victim');
      await roomIdle();
      expect(await stored()).toEqual(before);
      await expectHonestClientsCarryOn();
    });

    it('more bytes per second than MAX_MESSAGE_BYTES_PER_SECOND closes the socket with 4429; nothing past the cut is stored', async () => {
      const attacker = copyOfBoard();
      // Each update is about 60 KB: under the message limit, but 20 of them are ten times the byte allowance.
      const big = updatesOf(attacker, 20, (doc, i) => doc.getMap('canvas').set(`big${i}`, String(i).padEnd(60_000, 'x')));
      const { ws, closed } = await hostileSocket();
      for (const update of big) ws.send(encodeSyncUpdate(update));
      expect((await closed).code).toBe(CloseCode.tooManyMessages);
      await roomIdle();
      const after = await stored();
      // Bursts of max(2 × 64 KiB, 64 KiB) = 128 KiB: two 60 KB updates at most get in.
      expect(after.lastSeq - before.lastSeq).toBeLessThanOrEqual(2);
      expect(after.content).not.toContain('big5');
      await expectHonestClientsCarryOn();
    });
  });

  describe('2. updates with missing dependencies', () => {
    it('hundreds of updates whose first is never sent: the first closes the socket with 4422, nothing is stored, a new client downloads nothing extra', async () => {
      const attacker = copyOfBoard();
      // Fewer than the message burst (2 × MAX_MESSAGES_PER_SECOND), so the rate limit does not close the socket first.
      const updates = updatesOf(attacker, 300, (doc, i) => doc.getMap('canvas').set(`parked${i}`, 'x'.repeat(200)));
      const { ws, closed } = await hostileSocket();
      for (const update of updates.slice(1)) ws.send(encodeSyncUpdate(update));
      const { code, reason } = await closed;
      expect(code).toBe(CloseCode.updateRejected);
      expect(reason).toMatch(/unknown changes/);
      await roomIdle();
      expect(await stored()).toEqual(before);

      const later = await connectClient(server, boardId);
      cleanups.push(() => later.destroy());
      await waitForConvergence([later.doc, good[1].doc]);
      expect(Y.encodeStateAsUpdate(later.doc).byteLength).toBe(before.bytes);
      expect(later.doc.store.pendingStructs).toBeNull();
      expect(later.doc.getMap('canvas').has('parked2')).toBe(false);
      await expectHonestClientsCarryOn();
    });

    it('the same updates as one sync step 2 are refused whole', async () => {
      const attacker = copyOfBoard();
      const updates = updatesOf(attacker, 1_000, (doc, i) => doc.getMap('canvas').set(`parked${i}`, i));
      const { ws, closed } = await hostileSocket();
      ws.send(encodeSyncStep2(Y.mergeUpdates(updates.slice(1))));
      expect((await closed).code).toBe(CloseCode.updateRejected);
      await roomIdle();
      expect(await stored()).toEqual(before);
      await expectHonestClientsCarryOn();
    });
  });

  describe("3. writing under another connection's client id", () => {
    for (const [name, encode] of [
      ['as a live update', encodeSyncUpdate],
      ['as a sync step 2', encodeSyncStep2],
    ] as const) {
      it(`one garbage-collected range under the victim's id at its current clock, ${name}: closed with 4409, the victim keeps editing`, async () => {
        const victimId = good[0].doc.clientID;
        const clock = Y.getState(good[0].doc.store, victimId);
        const update = gcRangeUpdate(victimId, clock);
        const decoded = Y.decodeUpdate(update);
        expect(decoded.structs).toHaveLength(1);
        expect(decoded.structs[0]).toBeInstanceOf(Y.GC);
        expect(decoded.structs[0]!.id).toEqual(Y.createID(victimId, clock));
        const { ws, closed } = await hostileSocket();
        ws.send(encode(update));
        const { code, reason } = await closed;
        expect(code).toBe(CloseCode.clientIdInUse);
        expect(reason).toContain(String(victimId));
        await roomIdle();
        expect(await stored()).toEqual(before);
        // The victim was not made to change its client id (Yjs does that when someone else writes under it).
        expect(good[0].doc.clientID).toBe(victimId);
        await expectHonestClientsCarryOn();
        expect(good[0].doc.clientID).toBe(victimId);
      });
    }

    it("a normal item under the victim's id is refused with 4409 too", async () => {
      const victimId = good[0].doc.clientID;
      const forger = copyOfBoard(victimId);
      const [update] = updatesOf(forger, 1, (doc) => doc.getMap('canvas').set('forged', 'in the victim\u2019s name'));
      const { ws, closed } = await hostileSocket();
      ws.send(encodeSyncUpdate(update!));
      expect((await closed).code).toBe(CloseCode.clientIdInUse);
      await roomIdle();
      expect(await stored()).toEqual(before);
      await expectHonestClientsCarryOn();
      expect(good[1].doc.getMap('canvas').has('forged')).toBe(false);
    });

    it("a bystander that only watched (its id holds no structs yet) cannot be written as either: its presence holds its id", async () => {
      const watcher = await connectClient(server, boardId);
      cleanups.push(() => watcher.destroy());
      await roomIdle();
      const { ws, closed } = await hostileSocket();
      ws.send(encodeSyncUpdate(gcRangeUpdate(watcher.doc.clientID, 0)));
      expect((await closed).code).toBe(CloseCode.clientIdInUse);
      await roomIdle();
      expect(await stored()).toEqual(before);
      addCanvasItem(watcher.doc, { kind: 'sticky', x: 0, y: 0, text: 'watcher speaks' }, bob);
      await waitUntil(() => JSON.stringify(good[0].doc.getMap('canvas').toJSON()).includes('watcher speaks'));
      await expectHonestClientsCarryOn();
    });

    it("deleting someone else's content stays allowed", async () => {
      const [known] = listCanvasItems(good[1].doc).filter((r) => r.ok && r.value.text === 'known edit');
      expect(known?.ok).toBe(true);
      if (!known?.ok) return;
      deleteCanvasItem(good[1].doc, known.value.id);
      await waitUntil(() => !listCanvasItems(good[0].doc).some((r) => r.ok && r.value.id === known.value.id));
      await roomIdle();
      expect((await stored()).content).not.toContain('known edit');
      expect(good.every((c) => c.closeCodes.length === 0)).toBe(true);
    });

    it('an id whose connection has closed is free: the next connection to write under it takes it and holds it', async () => {
      const victimId = good[0].doc.clientID;
      const clock = Y.getState(good[0].doc.store, victimId);
      good[0].provider.disconnect();
      await waitUntil(async () => (await server.rooms.peek(boardId))?.size === 1);
      const taker = await hostileSocket('Mallory');
      const [update] = updatesOf(copyOfBoard(victimId), 1, (doc) => doc.getMap('canvas').set('reclaimed', true));
      taker.ws.send(encodeSyncUpdate(update!));
      await waitUntil(() => good[1].doc.getMap('canvas').get('reclaimed') === true);
      expect(Y.getState(good[1].doc.store, victimId)).toBe(clock + 1);
      // Now that connection holds it: a third (another person) may not write under it while it stays.
      const third = await hostileSocket('Trudy');
      third.ws.send(encodeSyncUpdate(gcRangeUpdate(victimId, clock + 1)));
      expect((await third.closed).code).toBe(CloseCode.clientIdInUse);
      // The old page is replaced by a new one (a new Y.Doc, so a new client id) and the board carries on.
      good[0].destroy();
      good[0] = await connectClient(server, boardId, { auth: auth[0] });
      await expectHonestClientsCarryOn();
    });
  });

  describe('4. presence bound to the connection', () => {
    it("a forged presence under the victim's id is dropped: a third client still sees the victim's real name", async () => {
      const victimId = good[0].doc.clientID;
      const { ws } = await hostileSocket('Attacker');
      const attackerId = 13_579;
      ws.send(encodeAwarenessMessage(awarenessEntry(victimId, 1_000_000, { user: { name: 'Forged' } })));
      ws.send(encodeAwarenessMessage(awarenessEntry(victimId, 1_000_001, null)));
      // Its own presence goes through: once the watcher sees it, it has seen whatever came before it.
      ws.send(encodeAwarenessMessage(awarenessEntry(attackerId, 1, { user: { name: 'Attacker' } })));
      await waitUntil(() => presenceName(good[1], attackerId) === 'Attacker');
      expect(presenceName(good[1], victimId)).toBe('Victim');
      // The victim's own next change (clock far below the forged one) is still taken.
      good[0].provider.awareness.setLocalStateField('cursor', { x: 2 });
      await waitUntil(() => presenceOf(good[1], victimId)?.cursor?.x === 2);
      expect(presenceName(good[1], victimId)).toBe('Victim');
      // When the attacker goes, only its own entry goes with it.
      ws.close();
      await waitUntil(() => !good[1].provider.awareness.getStates().has(attackerId));
      expect(presenceOf(good[1], victimId)).toMatchObject({ user: { name: 'Victim' }, cursor: { x: 2 } });
      await roomIdle();
      expect(await stored()).toEqual(before);
      await expectHonestClientsCarryOn();
    });

    it("an id a connection holds by its presence cannot be taken by another connection's presence either", async () => {
      const first = await hostileSocket('First');
      const second = await hostileSocket('Second');
      const id = 24_680;
      first.ws.send(encodeAwarenessMessage(awarenessEntry(id, 1, { user: { name: 'First' } })));
      await waitUntil(() => presenceName(good[1], id) === 'First');
      second.ws.send(encodeAwarenessMessage(awarenessEntry(id, 5, { user: { name: 'Second' } })));
      second.ws.send(encodeAwarenessMessage(awarenessEntry(id + 1, 1, { user: { name: 'Second, own' } })));
      await waitUntil(() => presenceName(good[1], id + 1) === 'Second');
      expect(presenceName(good[1], id)).toBe('First');
      // Closing the second connection does not clear the first one's presence.
      second.ws.close();
      await waitUntil(() => !good[1].provider.awareness.getStates().has(id + 1));
      expect(presenceName(good[1], id)).toBe('First');
      await expectHonestClientsCarryOn();
    });
  });
});
