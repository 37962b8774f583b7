import type * as Y from 'yjs';
import { migrateBoard } from './migrations.js';
import { readBoardMeta, type BoardMeta, type Viewport } from './records/meta.js';
import { getRoots, isRootName } from './roots.js';

/** Sets up a new, empty board at the current schema version. */
export function initBoard(doc: Y.Doc, fields: { title: string; neighbourhood?: string; viewport?: Viewport }): void {
  migrateBoard(doc);
  doc.transact(() => {
    const { meta } = getRoots(doc);
    meta.set('title', fields.title);
    if (fields.neighbourhood !== undefined) meta.set('neighbourhood', fields.neighbourhood);
    if (fields.viewport !== undefined) meta.set('viewport', fields.viewport);
  });
}

/** The board's settings. */
export function getBoardMeta(doc: Y.Doc): BoardMeta {
  return readBoardMeta(getRoots(doc).meta);
}

/** Renames the board. */
export function setBoardTitle(doc: Y.Doc, title: string): void {
  getRoots(doc).meta.set('title', title);
}

/**
 * Why `doc` is not a Placeboard board, or undefined if it looks like one: every top-level type must be a board
 * root, and `meta` must hold a title. Used before a file is accepted as a board.
 */
export function validateBoardDocument(doc: Y.Doc): string | undefined {
  const foreign = [...doc.share.keys()].filter((name) => !isRootName(name));
  if (foreign.length > 0) return `it has top-level types that are not board roots: ${foreign.slice(0, 5).join(', ')}`;
  if (!doc.share.has('meta')) return 'it has no meta root';
  const title = getRoots(doc).meta.get('title');
  if (typeof title !== 'string') return 'its meta root has no title';
  return undefined;
}
