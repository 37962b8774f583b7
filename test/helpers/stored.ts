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

/** Calls of a store method held back by {@link holdStoreCalls}. */
export interface HeldCalls {
  /** How many calls have been made since it was held, those let through included. */
  readonly calls: number;
  /** Lets the held calls through, and every later one straight away. */
  release(): void;
}

/**
 * Holds back the calls of one of the store's write methods (the real store's, called once the test lets them
 * through) until {@link HeldCalls.release}: a disk that is slow to flush, for tests of what happens while an update
 * or a compaction waits to be stored. Release it in a `finally`: closing the server waits for the held writes.
 */
export function holdStoreCalls(store: BoardStore, method: 'appendUpdates' | 'compact'): HeldCalls {
  const original = (store[method] as (...args: unknown[]) => Promise<unknown>).bind(store);
  let open!: () => void;
  const gate = new Promise<void>((resolve) => {
    open = resolve;
  });
  let calls = 0;
  Object.assign(store, {
    [method]: async (...args: unknown[]) => {
      calls += 1;
      await gate;
      return original(...args);
    },
  });
  return {
    get calls() {
      return calls;
    },
    release: () => open(),
  };
}
