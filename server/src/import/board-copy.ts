import { BOARD_TITLE_MAX_LENGTH, BoardTooNewError, getBoardMeta, migrateBoard, setBoardTitle, validateBoardDocument } from '@placeboard/board';
import * as Y from 'yjs';
import { errorMessage } from '../log.js';

/**
 * Thrown by {@link readBoardCopy} for a file that cannot be opened as a board. The message says what is wrong with
 * the file and reads after its name: "notes.yjs is not a saved board: …".
 */
export class BoardCopyRefused extends Error {
  override name = 'BoardCopyRefused';
}

/**
 * Reads a board saved as one Yjs update (`pnpm cli export`, or the copy a board page offers when the server refuses
 * its edits, see undone-copy-link.tsx) into a new doc at the current schema, ready to be stored as a new board.
 * Everything is checked before anything is stored: it must decode, hold only board roots and a title, be complete
 * (a copy that builds on changes it does not hold would leave them pending for ever) and not come from a newer
 * Placeboard.
 */
export function readBoardCopy(bytes: Uint8Array): { doc: Y.Doc; title: string } {
  if (bytes.byteLength === 0) throw new BoardCopyRefused('is empty');
  const doc = new Y.Doc();
  try {
    Y.applyUpdate(doc, bytes);
  } catch (error) {
    throw new BoardCopyRefused(`is not a saved board: it is not a Yjs update (${errorMessage(error)})`);
  }
  if (doc.store.pendingStructs !== null || doc.store.pendingDs !== null) {
    throw new BoardCopyRefused('is not a whole board: it builds on changes it does not hold');
  }
  const problem = validateBoardDocument(doc);
  if (problem) throw new BoardCopyRefused(`is not a Placeboard board: ${problem}`);
  try {
    migrateBoard(doc);
  } catch (error) {
    if (error instanceof BoardTooNewError) throw new BoardCopyRefused(`comes from a newer Placeboard: ${error.message}`);
    throw error;
  }
  return { doc, title: getBoardMeta(doc).title };
}

/** The title of a board opened from a copy, when none is given: the copy's own, marked as a copy. */
export function copyTitle(original: string): string {
  const suffix = ' (saved copy)';
  const base = original.trim() || 'Untitled board';
  return base.slice(0, BOARD_TITLE_MAX_LENGTH - suffix.length) + suffix;
}

/**
 * A copy read by {@link readBoardCopy} and titled (`title`, or by default the copy's own marked as a copy, see
 * {@link copyTitle}), as the state of a new board: what board-copy-worker.mjs does off the main thread.
 */
export function openBoardCopy(bytes: Uint8Array, title?: string): { state: Uint8Array; title: string } {
  const { doc, title: original } = readBoardCopy(bytes);
  const boardTitle = title ?? copyTitle(original);
  // The title lives in the document too: the board list and the board must agree.
  setBoardTitle(doc, boardTitle);
  const state = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return { state, title: boardTitle };
}
