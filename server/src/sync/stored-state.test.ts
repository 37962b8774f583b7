import { addCanvasItem, initBoard } from '@placeboard/board';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { StoredBoardState } from './stored-state.js';

const author = { name: 'Ade' };

/** A board as the store would hold it: a state row, then `updates` edits appended to the log after it. */
function storedBoard(updates: number): { state: Uint8Array; updates: Uint8Array[]; doc: Y.Doc } {
  const doc = new Y.Doc();
  initBoard(doc, { title: 'Stored' });
  addCanvasItem(doc, { kind: 'sticky', x: 0, y: 0, text: 'in the state' }, author);
  const state = Y.encodeStateAsUpdate(doc);
  const log: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => log.push(update));
  for (let i = 0; i < updates; i++) addCanvasItem(doc, { kind: 'sticky', x: i, y: 1, text: `logged ${i}` }, author);
  return { state, updates: log, doc };
}

/** The canvas texts of a doc, sorted. */
function textsOf(doc: Y.Doc): string[] {
  return Object.values(doc.getMap('canvas').toJSON() as Record<string, { text?: unknown }>)
    .map((item) => String(item.text))
    .sort();
}

/** A fresh doc holding `update`. */
function docWith(update: Uint8Array): Y.Doc {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, update);
  return doc;
}

describe('StoredBoardState', () => {
  it('keeps a lone state row as it is, without merging or copying', () => {
    const { state } = storedBoard(0);
    expect(new StoredBoardState({ state, updates: [] }).update).toBe(state);
  });

  it('merges a state row and the updates after it into one update that holds them all', () => {
    const { state, updates, doc } = storedBoard(3);
    const stored = new StoredBoardState({ state, updates });
    expect(textsOf(docWith(stored.update))).toEqual(textsOf(doc));
    expect(textsOf(doc)).toHaveLength(4);
  });

  it('reads a board with no state row from its updates alone, and an empty one as an empty update', () => {
    const { updates, doc } = storedBoard(2);
    const withoutState = new Y.Doc();
    Y.applyUpdate(withoutState, Y.encodeStateAsUpdate(doc));
    const fromLog = new StoredBoardState({ state: null, updates: [Y.encodeStateAsUpdate(doc)] });
    expect(textsOf(docWith(fromLog.update))).toEqual(textsOf(withoutState));
    expect(updates).toHaveLength(2);

    const empty = new StoredBoardState({ state: null, updates: [] });
    const emptyDoc = docWith(empty.update);
    expect(emptyDoc.store.clients.size).toBe(0);
    expect(empty.missingFrom(Y.encodeStateVector(new Y.Doc()))).toBe(empty.update);
  });

  it('answers a client with nothing with the whole stored update', () => {
    const { state, updates } = storedBoard(2);
    const stored = new StoredBoardState({ state, updates });
    expect(stored.missingFrom(Y.encodeStateVector(new Y.Doc()))).toBe(stored.update);
  });

  it('answers a client holding part of the board with only what it lacks, which brings it to the whole board', () => {
    const { state, updates, doc } = storedBoard(3);
    const stored = new StoredBoardState({ state, updates });
    const client = docWith(state);
    expect(textsOf(client)).toEqual(['in the state']);

    const missing = stored.missingFrom(Y.encodeStateVector(client));
    // Only the three logged stickies, nothing of the state the client already holds.
    const held = Y.decodeStateVector(Y.encodeStateVector(client));
    const structs = Y.decodeUpdate(missing).structs;
    expect(structs.length).toBeGreaterThan(0);
    for (const struct of structs) expect(struct.id.clock).toBeGreaterThanOrEqual(held.get(struct.id.client) ?? 0);
    expect(textsOf(docWith(missing))).toEqual([]); // on its own it lacks the canvas the stickies belong to
    Y.applyUpdate(client, missing);
    expect(textsOf(client)).toEqual(textsOf(doc));
    expect(client.store.pendingStructs).toBeNull();
  });

  it('throws on a state vector that does not decode', () => {
    const { state, updates } = storedBoard(1);
    const stored = new StoredBoardState({ state, updates });
    expect(() => stored.missingFrom(new Uint8Array([5, 200]))).toThrow();
  });

  it('applies the stored document to a doc in one transaction with the given origin', () => {
    const { state, updates, doc } = storedBoard(3);
    const stored = new StoredBoardState({ state, updates });
    const target = new Y.Doc();
    const origins: unknown[] = [];
    target.on('afterTransaction', (transaction: Y.Transaction) => origins.push(transaction.origin));
    const origin = Symbol('load');
    stored.applyTo(target, origin);
    expect(origins).toEqual([origin]);
    expect(textsOf(target)).toEqual(textsOf(doc));
  });
});
