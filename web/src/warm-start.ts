/**
 * The app's first module (main.tsx imports it before anything else): on a board's address (`/b/:id`, or its
 * present mode) it starts reading the board's copy in this browser (lib/sync/local-copy.ts) at once, so that
 * IndexedDB is read and the board applied to its doc while the rest of the app's code runs and the session and the
 * board access load, rather than after the board's page has rendered.
 */
import { getBoardAccessAhead } from './lib/api';
import { boardIdOfPath } from './lib/board-path';
import { preloadLocalCopy } from './lib/sync/local-copy';

const boardId = boardIdOfPath(window.location.pathname);
if (boardId) {
  preloadLocalCopy(boardId);
  getBoardAccessAhead(boardId);
}
