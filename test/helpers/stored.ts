import type { BoardStore } from '@placeboard/server';
import * as Y from 'yjs';
import { snapshotOf } from './clients.js';

/** The board as the store holds it (compacted state plus the updates after it), as a fresh Y.Doc. */
export async function storedDoc(store: BoardStore, boardId: string): Promise<Y.Doc> {
  const stored = await store.loadDocument(boardId as never);
  if (!stored) throw new Error(`board ${boardId} is gone from the store`);
  const doc = new Y.Doc();
  if (stored.state) Y.applyUpdate(doc, stored.state);
  for (const update of stored.updates) Y.applyUpdate(doc, update);
  return doc;
}

/** What the store holds of a board, in a form that compares with toEqual: "nothing of it was stored" checks. */
export interface StoredSnapshot {
  updates: number;
  lastSeq: number;
  state: number[] | null;
  content: string;
  bytes: number;
}

/** Takes a {@link StoredSnapshot} of a board. */
export async function storedSnapshot(store: BoardStore, boardId: string): Promise<StoredSnapshot> {
  const stored = await store.loadDocument(boardId as never);
  if (!stored) throw new Error(`board ${boardId} is gone from the store`);
  const doc = await storedDoc(store, boardId);
  const snapshot = {
    updates: stored.updates.length,
    lastSeq: stored.lastSeq,
    state: stored.state ? [...stored.state] : null,
    content: snapshotOf(doc),
    bytes: Y.encodeStateAsUpdate(doc).byteLength,
  };
  doc.destroy();
  return snapshot;
}

/** Appends held back by {@link holdAppends}. */
export interface HeldAppends {
  /** How many appends have waited at the gate so far. */
  readonly held: number;
  /** Lets the held appends through, and every later one straight away (the store's own method again). */
  release(): void;
}

/**
 * Holds back the store's `appendUpdates` (the real store's, called when the test lets it) until
 * {@link HeldAppends.release}: a disk that is slow to flush, for tests of what happens while an update waits to be
 * stored. Release it in a `finally`: closing the server waits for the held writes.
 */
export function holdAppends(store: BoardStore): HeldAppends {
  const append = store.appendUpdates.bind(store);
  let open!: () => void;
  const gate = new Promise<void>((resolve) => {
    open = resolve;
  });
  let held = 0;
  store.appendUpdates = async (...args) => {
    held += 1;
    await gate;
    return append(...args);
  };
  return {
    get held() {
      return held;
    },
    release() {
      open();
      store.appendUpdates = append;
    },
  };
}
