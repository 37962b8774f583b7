/**
 * The app's first module (main.tsx imports it before anything else): on a board's address (`/b/:id`, or its
 * present mode) it starts reading the board's copy in this browser (lib/sync/local-copy.ts) at once, so that
 * IndexedDB is read and the board applied to its doc while the rest of the app's code runs and the session and the
 * board access load, rather than after the board's page has rendered.
 */
import { getBoardAccessAhead } from './lib/api';
import { preloadLocalCopy } from './lib/sync/local-copy';

/** The board id of a board page's path, or null. */
function boardIdOfPath(pathname: string): string | null {
  const match = /^\/b\/([^/]+)(?:\/present)?\/?$/.exec(pathname);
  if (!match?.[1]) return null;
  try {
    return decodeURIComponent(match[1]);
  } catch {
    return null; // not a board id the app would open either
  }
}

const boardId = boardIdOfPath(window.location.pathname);
if (boardId) {
  preloadLocalCopy(boardId);
  getBoardAccessAhead(boardId);
}
