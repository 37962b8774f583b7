import * as Y from 'yjs';
import { whenIdle } from '../idle';
import { appendUpdates, compactCopy, deleteCopyDatabase, openCopyDatabase, readCopy, writeOwner, writeUnsent, type StoredCopy } from './copy-database';

/** Names of the IndexedDB databases holding boards start with this; the board id follows. */
export const LOCAL_COPY_PREFIX = 'placeboard:';

/** The IndexedDB database name of a board's local copy: `placeboard:<boardId>`. */
export function localCopyName(boardId: string): string {
  return `${LOCAL_COPY_PREFIX}${boardId}`;
}

/**
 * Key, in localStorage, of the account the copies in this browser were last kept for (`user:<id>`): a copy read
 * ahead before the session is known is read for that account (see {@link preloadLocalCopy}), and a session of
 * another account deletes them all (see {@link keepCopiesOnlyFor}).
 */
const COPIES_OWNER_KEY = 'placeboard:copies-owner';

/** The account the copies were last kept for, or null (none, or storage that cannot be read). */
function copiesOwner(): string | null {
  try {
    return localStorage.getItem(COPIES_OWNER_KEY);
  } catch {
    return null;
  }
}

function setCopiesOwner(owner: string | null): void {
  try {
    if (owner === null) localStorage.removeItem(COPIES_OWNER_KEY);
    else localStorage.setItem(COPIES_OWNER_KEY, owner);
  } catch {
    // Storage turned off: each copy still says whose it is.
  }
}

/**
 * Rows after which the copy is rewritten as one update (y-indexeddb's trim size, which kept the copies before).
 * A copy loaded with more than one row is rewritten too, once the page is idle, so that a reload reads one row.
 */
const COMPACT_AT_ROWS = 500;

/** What a local copy held when it was loaded into the doc. */
export interface LocalCopyLoad {
  /** True when the copy changed the doc: it held some of the board (a warm start), not nothing (a cold one). */
  hadBoard: boolean;
  /** Edits the server had not had when the copy was last written (see {@link LocalCopy.saveUnsent}). */
  unsent: number;
}

/** The board kept in this browser (IndexedDB, see copy-database.ts) while it is open. */
export interface LocalCopy {
  /** The doc the copy is loaded into and kept from: open the board in it. */
  readonly doc: Y.Doc;
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
 * User Timing marks (`performance.mark`) of a copy's load: IndexedDB being opened, the copy read, the copy applied.
 * They stay in the page (DevTools shows them); the benchmark reads them to split a warm reload into its parts.
 */
export const COPY_MARKS = {
  opening: 'placeboard:copy-opening',
  read: 'placeboard:copy-read',
  applied: 'placeboard:copy-applied',
} as const;

/** A copy being read and loaded into a new doc: the doc at once, the rest when it is done. */
interface CopyLoad {
  doc: Y.Doc;
  origin: object;
  /** The account it is read for (null: not known yet); a copy kept for another is not applied. */
  owner: string | null;
  /**
   * What was read (null: no copy, or IndexedDB unusable); whether it changed the doc; whether the doc already held
   * something the copy may lack (it took updates before the copy was read); whether the copy was kept for another
   * account (then it is not applied: `stored` is null).
   */
  done: Promise<{ stored: StoredCopy | null; hadBoard: boolean; heldMore: boolean; foreign: boolean }>;
}

/**
 * Reads a copy and applies it to a new doc as soon as it has been read, unless it says it was kept for an account
 * other than `owner`. Nothing listens to the doc yet, so Yjs does not encode the loaded board again for 'update'
 * listeners. A copy that does not exist is not created.
 */
function loadCopy(name: string, owner: string | null): CopyLoad {
  const doc = new Y.Doc();
  const origin = { localCopy: name };
  performance.mark(COPY_MARKS.opening);
  const done = openCopyDatabase(name, false)
    .then(async (db) => {
      if (!db) return null;
      try {
        return await readCopy(db);
      } finally {
        db.close();
      }
    })
    .catch(() => null)
    .then((read) => {
      performance.mark(COPY_MARKS.read);
      const foreign = read !== null && read.owner !== null && read.owner !== owner;
      const stored = foreign ? null : read;
      const heldMore = doc.store.clients.size > 0;
      const hadBoard = stored !== null && applyUpdates(doc, stored.updates, origin);
      performance.mark(COPY_MARKS.applied);
      return { stored, heldMore, foreign, hadBoard };
    });
  return { doc, origin, owner, done };
}


/** Applies updates to a doc in one transaction; true when that changed the doc. */
function applyUpdates(doc: Y.Doc, updates: readonly Uint8Array[], origin: unknown): boolean {
  if (updates.length === 0) return false;
  const before = Y.encodeStateVector(doc);
  Y.transact(doc, () => updates.forEach((update) => Y.applyUpdate(doc, update)), origin, false);
  const after = Y.encodeStateVector(doc);
  return before.length !== after.length || before.some((byte, i) => byte !== after[i]);
}

/** Copies read ahead of their board opening, by board id (see {@link preloadLocalCopy}). */
const preloaded = new Map<string, CopyLoad>();

/**
 * Starts loading a board's copy into a doc now, before the board opens: on a board's address as the app starts
 * (warm-start.ts), and while a board route checks the access (`BoardAccessGate`), so that IndexedDB is read and the
 * copy applied while the app's code runs and the session and the access load, not after the board has rendered.
 * The next {@link openLocalCopy} takes it (and drops any other); one never taken (the board is not kept in this
 * browser, or not opened) is dropped by {@link forgetPreloadedCopies}. Creates no copy where there is none.
 */
export function preloadLocalCopy(boardId: string): void {
  // Read for the account that last kept copies here: openLocalCopy drops it if the board opens for another.
  if (!preloaded.has(boardId)) preloaded.set(boardId, loadCopy(localCopyName(boardId), copiesOwner()));
}

/** Drops copies read ahead that no board has taken (see {@link preloadLocalCopy}). */
export function forgetPreloadedCopies(): void {
  preloaded.clear();
}

/**
 * Keeps a board in IndexedDB under {@link localCopyName} and loads what is there into {@link LocalCopy.doc} (read
 * ahead by {@link preloadLocalCopy} when the page opened on this board). Every update of the doc is stored as it
 * happens, the server's and this person's alike, so a reload shows the board before the socket has synced, and edits
 * made offline survive a reload and are sent when it does. The copy is rewritten as one update when it has grown
 * (see COMPACT_AT_ROWS), taking in what other tabs added to it first.
 *
 * When the copy is deleted from elsewhere (sign-out or a refused edit in another tab), IndexedDB asks this tab to
 * let go of it: the doc then stops being kept here, rather than writing the board back into the browser.
 */
export function openLocalCopy(boardId: string, owner: string): LocalCopy {
  const name = localCopyName(boardId);
  opened.add(name);
  const ahead = preloaded.get(boardId);
  // A copy read ahead for another account is dropped unseen: nothing has listened to its doc.
  const load = ahead?.owner === owner ? ahead : loadCopy(name, owner);
  forgetPreloadedCopies();
  setCopiesOwner(owner);
  const { doc, origin } = load;

  let closed = false;
  let db: IDBDatabase | null = null;
  /** Updates made since the copy loaded, not yet written. */
  let pending: Uint8Array[] = [];
  let flushQueued = false;
  let rows = 0;
  /** The newest row this doc has taken in: rows after it are this tab's own writes or another tab's. */
  let lastKey: number | null = null;
  let unsentToSave: number | null = null;
  let cancelCompact: (() => void) | null = null;

  const flush = (): void => {
    flushQueued = false;
    if (!db || pending.length === 0) return;
    rows += pending.length;
    appendUpdates(db, pending.splice(0)).catch(() => {});
    if (rows >= COMPACT_AT_ROWS) compactSoon();
  };
  const onUpdate = (update: Uint8Array, updateOrigin: unknown): void => {
    if (updateOrigin === origin) return;
    pending.push(update);
    if (!flushQueued) {
      flushQueued = true;
      queueMicrotask(flush);
    }
  };
  const compact = (): void => {
    cancelCompact = null;
    if (!db || closed) return;
    pending = []; // the state written below holds them
    compactCopy(db, lastKey, (newer) => {
      applyUpdates(doc, newer, origin);
      return Y.encodeStateAsUpdate(doc);
    }).then(
      (key) => {
        lastKey = key;
        rows = 1 + pending.length;
      },
      () => {},
    );
  };
  function compactSoon(): void {
    cancelCompact ??= whenIdle(compact);
  }
  const close = (): void => {
    if (closed) return;
    closed = true;
    doc.off('update', onUpdate);
    cancelCompact?.();
    flush();
    db?.close();
  };

  const loaded = new Promise<LocalCopyLoad>((resolve) => {
    void load.done.then(async ({ stored, hadBoard, heldMore, foreign }) => {
      if (closed) return;
      // Another account's copy (their session ended without signing out): it goes, unsent edits and all, rather
      // than reaching the server as this person's.
      if (foreign) await deleteCopyDatabase(name);
      if (closed) return;
      doc.on('update', onUpdate);
      rows = stored?.updates.length ?? 0;
      lastKey = stored?.lastKey ?? null;
      resolve({ hadBoard, unsent: stored?.unsent ?? 0 });
      // A copy read earlier must still be there: if it has gone (deleted from another tab), it is not made again.
      openCopyDatabase(name, stored === null).then(
        (opening) => {
          if (!opening) return close();
          db = opening;
          if (closed) {
            // Closed while opening: write what was made meanwhile, then let go.
            flush();
            opening.close();
            return;
          }
          // Someone deletes the copy (sign-out or a refused edit in another tab): let go of it, and keep nothing more.
          db.onversionchange = () => close();
          writeOwner(db, owner).catch(() => {});
          if (unsentToSave !== null) writeUnsent(db, unsentToSave).catch(() => {});
          flush();
          // Updates the doc took before the copy loaded (the socket connects anyway if IndexedDB is slow) are not in
          // the copy: the rewrite puts them there.
          if (heldMore || rows > 1) compactSoon();
        },
        () => close(),
      );
    });
  });

  return {
    doc,
    origin,
    loaded,
    saveUnsent(count) {
      if (closed) return;
      if (db) writeUnsent(db, count).catch(() => {});
      else unsentToSave = count;
    },
    close,
  };
}

/**
 * Deletes a board's local copy: after the server refused an edit in it (so the edit is not sent again from the
 * browser), or when access to the board was withdrawn. A copy opened afterwards with the same name waits for the
 * delete (IndexedDB queues opens behind it), so it starts empty.
 */
export function deleteLocalCopy(boardId: string): Promise<void> {
  unsentByBoard.delete(boardId);
  preloaded.delete(boardId);
  if (typeof indexedDB === 'undefined') return Promise.resolve();
  return deleteCopyDatabase(localCopyName(boardId));
}

/**
 * Deletes every board copy in this browser (on sign-out: board data must not stay on a shared computer). Finds
 * them with `indexedDB.databases()` where the browser has it, and always deletes those this tab opened.
 */
export async function deleteAllLocalCopies(): Promise<void> {
  unsentByBoard.clear();
  forgetPreloadedCopies();
  setCopiesOwner(null);
  if (typeof indexedDB === 'undefined') return;
  const names = new Set(opened);
  const listed = await (indexedDB.databases?.() ?? Promise.resolve([])).catch(() => []);
  for (const { name } of listed) if (name?.startsWith(LOCAL_COPY_PREFIX)) names.add(name);
  await Promise.all([...names].map(deleteCopyDatabase));
}

/**
 * Called with the account of each session read: when the copies in this browser were kept for another account (whose
 * session ended without signing out, on a shared computer say), they are all deleted, so one person's boards do not
 * stay in the browser for the next, and their unsent edits never reach the server as the next person's.
 */
export async function keepCopiesOnlyFor(account: string): Promise<void> {
  const owner = copiesOwner();
  if (owner === null || owner === account) return;
  await deleteAllLocalCopies();
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
