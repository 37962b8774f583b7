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
