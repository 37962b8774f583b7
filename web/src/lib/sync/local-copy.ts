import { IndexeddbPersistence } from 'y-indexeddb';
import type * as Y from 'yjs';

/** Names of the IndexedDB databases holding boards start with this; the board id follows. */
export const LOCAL_COPY_PREFIX = 'placeboard:';

/** The IndexedDB database name of a board's local copy: `placeboard:<boardId>`. */
export function localCopyName(boardId: string): string {
  return `${LOCAL_COPY_PREFIX}${boardId}`;
}

/** Key, in y-indexeddb's `custom` store of a copy, of how many edits in it the server had not had yet. */
const UNSENT_KEY = 'unsent';

/** What a local copy held when it was loaded into the doc. */
export interface LocalCopyLoad {
  /** True when the copy changed the doc: it held some of the board (a warm start), not nothing (a cold one). */
  hadBoard: boolean;
  /** Edits the server had not had when the copy was last written (see {@link LocalCopy.saveUnsent}). */
  unsent: number;
}

/** The board kept in this browser (IndexedDB, through y-indexeddb) while it is open. */
export interface LocalCopy {
  /** The origin of the transaction that loads the copy into the doc (not an edit made now). */
  readonly origin: unknown;
  /**
   * Resolves once the copy has been loaded into the doc, or at once with nothing when IndexedDB cannot be used
   * (a private window, storage turned off). Never resolves after {@link LocalCopy.close}.
   */
  readonly loaded: Promise<LocalCopyLoad>;
  /** Stores the count of unsent edits with the copy, so a reload still shows it. */
  saveUnsent(count: number): void;
  /** Stops keeping the doc in the browser; the copy stays there. */
  close(): void;
}

/** Names of the copies this tab has opened: deleted on sign-out even where `indexedDB.databases()` is missing. */
const opened = new Set<string>();
/** Unsent edits of the boards open in this tab, by board id (see {@link unsentInThisTab}). */
const unsentByBoard = new Map<string, number>();

/**
 * Keeps `doc` in IndexedDB under {@link localCopyName} and loads what is there into it. Every update of the doc is
 * stored as it happens, the server's and this person's alike, so a reload shows the board before the socket has
 * synced, and edits made offline survive a reload and are sent when it does.
 *
 * When the copy is deleted from elsewhere (sign-out or a refused edit in another tab), IndexedDB asks this tab to
 * let go of it: the doc then stops being kept here, rather than writing the board back into the browser.
 */
export function openLocalCopy(boardId: string, doc: Y.Doc): LocalCopy {
  const name = localCopyName(boardId);
  opened.add(name);
  const persistence = new IndexeddbPersistence(name, doc);
  let closed = false;
  let hadBoard = false;
  const onUpdate = (_update: Uint8Array, origin: unknown): void => {
    if (origin === persistence) hadBoard = true;
  };
  doc.on('update', onUpdate);
  const close = (): void => {
    if (closed) return;
    closed = true;
    doc.off('update', onUpdate);
    persistence.destroy().catch(() => {});
  };
  const loaded = new Promise<LocalCopyLoad>((resolve) => {
    persistence._db.then(
      (db) => {
        // lib0 closes the database on 'versionchange' (someone deletes it); stop writing to it too.
        const closeDb = db.onversionchange;
        db.onversionchange = function (this: IDBDatabase, event: IDBVersionChangeEvent) {
          closeDb?.call(this, event);
          close();
        };
      },
      () => resolve({ hadBoard: false, unsent: 0 }),
    );
    void persistence.whenSynced.then(async () => {
      const stored: unknown = await persistence.get(UNSENT_KEY).catch(() => 0);
      resolve({ hadBoard, unsent: typeof stored === 'number' && Number.isFinite(stored) ? stored : 0 });
    });
  });
  return {
    origin: persistence,
    loaded,
    saveUnsent(count) {
      if (!closed) persistence.set(UNSENT_KEY, count).catch(() => {});
    },
    close,
  };
}

/** Deletes one IndexedDB database; resolves once deleted, failed, or queued behind a connection still open. */
function deleteDatabase(name: string): Promise<void> {
  return new Promise((resolve) => {
    const request = indexedDB.deleteDatabase(name);
    request.onsuccess = () => resolve();
    request.onerror = () => resolve();
    // Blocked: the delete is queued and happens once the other tab lets go (every copy does, see openLocalCopy).
    request.onblocked = () => resolve();
  });
}

/**
 * Deletes a board's local copy: after the server refused an edit in it (so the edit is not sent again from the
 * browser), or when access to the board was withdrawn. A copy opened afterwards with the same name waits for the
 * delete (IndexedDB queues opens behind it), so it starts empty.
 */
export function deleteLocalCopy(boardId: string): Promise<void> {
  unsentByBoard.delete(boardId);
  if (typeof indexedDB === 'undefined') return Promise.resolve();
  return deleteDatabase(localCopyName(boardId));
}

/**
 * Deletes every board copy in this browser (on sign-out: board data must not stay on a shared computer). Finds
 * them with `indexedDB.databases()` where the browser has it, and always deletes those this tab opened.
 */
export async function deleteAllLocalCopies(): Promise<void> {
  unsentByBoard.clear();
  if (typeof indexedDB === 'undefined') return;
  const names = new Set(opened);
  const listed = await (indexedDB.databases?.() ?? Promise.resolve([])).catch(() => []);
  for (const { name } of listed) if (name?.startsWith(LOCAL_COPY_PREFIX)) names.add(name);
  await Promise.all([...names].map(deleteDatabase));
}

/** Records how many unsent edits an open board has (shown before sign-out deletes them). */
export function reportUnsent(boardId: string, count: number): void {
  if (count > 0) unsentByBoard.set(boardId, count);
  else unsentByBoard.delete(boardId);
}

/** Unsent edits of the boards open in this tab, all together. */
export function unsentInThisTab(): number {
  let total = 0;
  for (const count of unsentByBoard.values()) total += count;
  return total;
}
