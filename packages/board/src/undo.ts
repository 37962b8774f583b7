import * as Y from 'yjs';
import { getRoots, type RootName } from './roots.js';

/** Options of {@link createBoardUndoManager}. */
export interface BoardUndoOptions {
  /** Changes closer together than this many milliseconds are undone as one step. @default 500 */
  captureTimeout?: number;
}

/**
 * An undo manager over some roots of a board that undoes and redoes only the local user's own changes:
 * it tracks transactions made with `origin` and nothing else, so edits that arrive from other people
 * (origin: the provider) and migrations are never undone. The app must make every local edit with
 * `doc.transact(fn, origin)`; model functions called inside `fn` join that transaction.
 */
export function createBoardUndoManager(
  doc: Y.Doc,
  scope: readonly RootName[],
  origin: unknown,
  options: BoardUndoOptions = {},
): Y.UndoManager {
  const roots = getRoots(doc);
  return new Y.UndoManager(
    scope.map((name) => roots[name]),
    { trackedOrigins: new Set([origin]), captureTimeout: options.captureTimeout ?? 500 },
  );
}
