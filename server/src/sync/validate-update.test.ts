import { initBoard } from '@placeboard/board';
import { describe, expect, it } from 'vitest';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { validateUpdate } from './validate-update.js';

/** A doc with a fixed client id, so tests can say whose changes are whose. */
function docOf(clientID: number): Y.Doc {
  const doc = new Y.Doc();
  doc.clientID = clientID;
  return doc;
}

/** Runs `fn` on `doc` and returns the incremental update it produced. */
function updateOf(doc: Y.Doc, fn: (doc: Y.Doc) => void): Uint8Array {
  const updates: Uint8Array[] = [];
  const collect = (update: Uint8Array) => updates.push(update);
  doc.on('update', collect);
  doc.transact(() => fn(doc));
  doc.off('update', collect);
  return Y.mergeUpdates(updates);
}

/** The server's copy of a board: initialised by client 1, as board creation does. */
function serverDoc(): Y.Doc {
  const doc = docOf(1);
  initBoard(doc, { title: 'Board' });
  return doc;
}

/** A client holding a copy of `server`. */
function clientOf(server: Y.Doc, clientID: number): Y.Doc {
  const doc = docOf(clientID);
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(server));
  return doc;
}

/** Proves that a refused update is one Yjs would indeed not apply in full (it would be left pending). */
function yjsLeavesPending(doc: Y.Doc, update: Uint8Array): boolean {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  Y.applyUpdate(copy, update);
  return copy.store.pendingStructs !== null || copy.store.pendingDs !== null;
}

describe('validateUpdate', () => {
  it('accepts a normal update to a board root', () => {
    const server = serverDoc();
    const client = clientOf(server, 2);
    const update = updateOf(client, (d) => d.getMap('canvas').set('card', 'hello'));
    expect(validateUpdate(server, update)).toMatchObject({ ok: true, empty: false });
    expect(yjsLeavesPending(server, update)).toBe(false);
  });

  it('accepts an empty update and says it is empty', () => {
    const server = serverDoc();
    expect(validateUpdate(server, Y.encodeStateAsUpdate(new Y.Doc()))).toMatchObject({ ok: true, empty: true });
    // A client's step 2 that holds nothing the server lacks is empty too.
    const client = clientOf(server, 2);
    expect(validateUpdate(server, Y.encodeStateAsUpdate(client, Y.encodeStateVector(server)))).toMatchObject({ ok: true, empty: true });
  });

  it('accepts an update the server already has (re-sent after a reconnect)', () => {
    const server = serverDoc();
    const client = clientOf(server, 2);
    const update = updateOf(client, (d) => d.getMap('canvas').set('card', 'hello'));
    Y.applyUpdate(server, update);
    expect(validateUpdate(server, update).ok).toBe(true);
  });

  it("calls a reconnecting client's step 2 empty when it only repeats deletions the doc has made", () => {
    const server = serverDoc();
    expect(Y.decodeUpdate(Y.encodeStateAsUpdate(server)).ds.clients.size).toBeGreaterThan(0); // migrations overwrite keys
    const client = clientOf(server, 2);
    const step2 = Y.encodeStateAsUpdate(client, Y.encodeStateVector(server));
    const decoded = Y.decodeUpdate(step2);
    expect(decoded.structs).toHaveLength(0);
    expect(decoded.ds.clients.size).toBeGreaterThan(0); // the whole delete set, every time
    expect(validateUpdate(server, step2)).toMatchObject({ ok: true, empty: true });
  });

  it('does not call a deletion empty while the doc still holds the item', () => {
    const server = serverDoc();
    const client = clientOf(server, 2);
    const add = updateOf(client, (d) => d.getMap('canvas').set('card', 'x'));
    Y.applyUpdate(server, add);
    const del = updateOf(client, (d) => d.getMap('canvas').delete('card'));
    expect(validateUpdate(server, del)).toMatchObject({ ok: true, empty: false });
    Y.applyUpdate(server, del);
    expect(validateUpdate(server, del)).toMatchObject({ ok: true, empty: true });
    // A reconnecting client's step 2 that repeats the old deletions and brings one new deletion is not empty.
    const other = clientOf(server, 3);
    expect(validateUpdate(server, Y.encodeStateAsUpdate(other, Y.encodeStateVector(server)))).toMatchObject({ ok: true, empty: true });
    other.getMap('meta').set('title', 'Renamed offline'); // overwrites: deletes the old title item
    const reconnectStep2 = Y.encodeStateAsUpdate(other, Y.encodeStateVector(server));
    expect(validateUpdate(server, reconnectStep2)).toMatchObject({ ok: true, empty: false });
  });

  it('refuses bytes that are not an update', () => {
    const server = serverDoc();
    for (const garbage of [
      new Uint8Array([0xff, 0xff, 0xff, 0xff, 0x0f, 1, 2, 3]),
      new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9]),
      new TextEncoder().encode('{"not":"yjs"}'),
    ]) {
      const verdict = validateUpdate(server, garbage);
      expect(verdict.ok, `bytes ${[...garbage]}`).toBe(false);
    }
  });

  it('refuses an update whose preceding update from the same client is missing', () => {
    const server = serverDoc();
    const client = clientOf(server, 2);
    updateOf(client, (d) => d.getMap('canvas').set('first', 1));
    const second = updateOf(client, (d) => d.getMap('canvas').set('second', 2));
    expect(yjsLeavesPending(server, second)).toBe(true);
    const verdict = validateUpdate(server, second);
    expect(verdict).toEqual({ ok: false, reason: 'update depends on unknown changes of client 2', missingDependencies: true });
  });

  it("refuses an update whose struct's origin is another client's unknown item", () => {
    const server = serverDoc();
    const a = clientOf(server, 2);
    const b = clientOf(server, 3);
    const fromA = updateOf(a, (d) => d.getMap('canvas').set('list', new Y.Array<number>()));
    Y.applyUpdate(b, fromA); // b has A's array; the server has not seen it.
    const fromB = updateOf(b, (d) => (d.getMap('canvas').get('list') as Y.Array<number>).push([1]));
    expect(yjsLeavesPending(server, fromB)).toBe(true);
    const verdict = validateUpdate(server, fromB);
    expect(verdict.ok).toBe(false);
    expect(!verdict.ok && verdict.reason).toMatch(/unknown (item|parent) of client 2/);
    // Once A's update is in, B's is fine.
    Y.applyUpdate(server, fromA);
    expect(validateUpdate(server, fromB).ok).toBe(true);
  });

  it("refuses an item whose left origin is another client's unknown item", () => {
    const server = serverDoc();
    const a = clientOf(server, 2);
    const b = clientOf(server, 3);
    // The array is known to the server; A's first element is not.
    const base = updateOf(server, (d) => d.getMap('canvas').set('list', new Y.Array<number>()));
    Y.applyUpdate(a, base);
    Y.applyUpdate(b, base);
    const fromA = updateOf(a, (d) => (d.getMap('canvas').get('list') as Y.Array<number>).push([1]));
    Y.applyUpdate(b, fromA);
    const fromB = updateOf(b, (d) => (d.getMap('canvas').get('list') as Y.Array<number>).push([2]));
    expect(yjsLeavesPending(server, fromB)).toBe(true);
    expect(validateUpdate(server, fromB)).toEqual({ ok: false, reason: 'update refers to an unknown item of client 2', missingDependencies: true });
  });

  it('refuses a deletion of unknown items', () => {
    const server = serverDoc();
    const a = clientOf(server, 2);
    const b = clientOf(server, 3);
    const fromA = updateOf(a, (d) => d.getMap('canvas').set('card', 'by a'));
    Y.applyUpdate(b, fromA);
    const deletion = updateOf(b, (d) => d.getMap('canvas').delete('card'));
    const decoded = Y.decodeUpdate(deletion);
    expect(decoded.structs).toHaveLength(0); // only a delete set
    expect(yjsLeavesPending(server, deletion)).toBe(true);
    expect(validateUpdate(server, deletion)).toEqual({ ok: false, reason: 'update deletes unknown items of client 2', missingDependencies: true });
    Y.applyUpdate(server, fromA);
    expect(validateUpdate(server, deletion)).toMatchObject({ ok: true, empty: false });
  });

  it('refuses a write to a root that is not a board root', () => {
    const server = serverDoc();
    const client = clientOf(server, 2);
    const update = updateOf(client, (d) => d.getMap('evil').set('x', 1));
    expect(validateUpdate(server, update)).toEqual({ ok: false, reason: 'update writes to "evil", which is not a board root' });
  });

  it('refuses an update that writes to a board root and a foreign root together', () => {
    const server = serverDoc();
    const client = clientOf(server, 2);
    const update = updateOf(client, (d) => {
      d.getMap('canvas').set('ok', 1);
      d.getText('notes').insert(0, 'sneaky');
    });
    expect(validateUpdate(server, update).ok).toBe(false);
  });

  it('accepts an update that refers only to items within itself', () => {
    const server = serverDoc();
    const client = clientOf(server, 2);
    // Nested types, list items pointing at their left neighbours and deletions of its own items, all in one update.
    const update = updateOf(client, (d) => {
      const list = new Y.Array<unknown>();
      d.getMap('canvas').set('list', list);
      list.push([1, 2, 3]);
      list.insert(1, ['between']);
      list.delete(0, 1);
      const nested = new Y.Map<unknown>();
      list.push([nested]);
      nested.set('k', 'v');
    });
    const decoded = Y.decodeUpdate(update);
    expect(decoded.ds.clients.get(2)?.length).toBeGreaterThan(0);
    expect(validateUpdate(server, update)).toMatchObject({ ok: true, empty: false });
    expect(yjsLeavesPending(server, update)).toBe(false);
  });

  it('accepts several incremental updates merged into one that starts at what the server knows', () => {
    const server = serverDoc();
    const client = clientOf(server, 2);
    const one = updateOf(client, (d) => d.getMap('canvas').set('a', 1));
    const two = updateOf(client, (d) => d.getMap('canvas').set('b', 2));
    expect(validateUpdate(server, Y.mergeUpdates([one, two]))).toMatchObject({ ok: true, empty: false });
  });

  it('refuses merged updates with a gap between them', () => {
    const server = serverDoc();
    const client = clientOf(server, 2);
    const one = updateOf(client, (d) => d.getMap('canvas').set('a', 1));
    updateOf(client, (d) => d.getMap('canvas').set('b', 2));
    const three = updateOf(client, (d) => d.getMap('canvas').set('c', 3));
    const gapped = Y.mergeUpdates([one, three]);
    expect(yjsLeavesPending(server, gapped)).toBe(true);
    expect(validateUpdate(server, gapped).ok).toBe(false);
  });

  describe('writesUnder: the client ids an update adds structs under', () => {
    it('names the writer of a new item, and nobody for a deletion of someone else\'s item', () => {
      const server = serverDoc();
      const client = clientOf(server, 2);
      const add = updateOf(client, (d) => d.getMap('canvas').set('card', 'hello'));
      expect(validateUpdate(server, add)).toMatchObject({ ok: true, writesUnder: [2] });
      Y.applyUpdate(server, add);
      const other = clientOf(server, 3);
      const del = updateOf(other, (d) => d.getMap('canvas').delete('card'));
      expect(validateUpdate(server, del)).toMatchObject({ ok: true, empty: false, writesUnder: [] });
    });

    it('names a client id under which only a garbage-collected range is written', () => {
      const server = serverDoc();
      const clock = Y.getState(server.store, 1);
      const encoder = new Y.UpdateEncoderV1();
      encoding.writeVarUint(encoder.restEncoder, 1); // one client in the structs section
      encoding.writeVarUint(encoder.restEncoder, 1); // ...with one struct
      encoder.writeClient(1);
      encoding.writeVarUint(encoder.restEncoder, clock);
      encoder.writeInfo(0); // a GC struct
      encoder.writeLen(1);
      encoding.writeVarUint(encoder.restEncoder, 0); // empty delete set
      const gc = encoder.toUint8Array();
      expect(Y.decodeUpdate(gc).structs[0]).toBeInstanceOf(Y.GC);
      expect(validateUpdate(server, gc)).toMatchObject({ ok: true, empty: false, writesUnder: [1] });
    });

    it('leaves out client ids whose structs in the update are all known already', () => {
      const server = serverDoc();
      const client = clientOf(server, 2);
      const whole = updateOf(client, (d) => d.getMap('canvas').set('card', 'hello'));
      const full = Y.encodeStateAsUpdate(client); // holds client 1's structs too, all known to the server
      expect(validateUpdate(server, full)).toMatchObject({ ok: true, writesUnder: [2] });
      Y.applyUpdate(server, whole);
      expect(validateUpdate(server, full)).toMatchObject({ ok: true, empty: true, writesUnder: [] });
    });
  });
});
