import type * as Y from 'yjs';
import { migrateBoard } from './migrations.js';
import { readBoardMeta, type BoardMeta, type Viewport } from './records/meta.js';
import { getRoots } from './roots.js';

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
