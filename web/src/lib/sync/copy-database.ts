/**
 * The IndexedDB database that holds one board's copy in this browser (see local-copy.ts), read and written with
 * the bare IndexedDB API.
 *
 * The layout is y-indexeddb's, which kept the copies before this module did, so that copies written then still
 * load: object store `updates` holds Yjs updates (format v1), one a row, under auto-incremented keys (oldest first);
 * object store `custom` holds small values under string keys. Database version 1.
 */

const UPDATES_STORE = 'updates';
const CUSTOM_STORE = 'custom';
/** Key, in the `custom` store, of how many edits in the copy the server had not had yet. */
const UNSENT_KEY = 'unsent';
/** Key, in the `custom` store, of the account the copy was kept for (`user:<id>`); copies made before it have none. */
const OWNER_KEY = 'owner';

/** Resolves with the result of an IndexedDB request, or rejects with its error. */
function settled<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB request failed'));
  });
}

/** Resolves when a transaction has committed; rejects when it fails or is aborted. */
function committed(transaction: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    transaction.oncomplete = () => resolve();
    transaction.onerror = () => reject(transaction.error ?? new Error('IndexedDB transaction failed'));
    transaction.onabort = () => reject(transaction.error ?? new Error('IndexedDB transaction aborted'));
  });
}

/**
 * Opens the copy's database. With `create` false a copy that does not exist is not made (the upgrade that would
 * make it is aborted) and the result is null; with `create` true it is made empty. Rejects when IndexedDB cannot
 * be used (a private window, storage turned off).
 */
export function openCopyDatabase(name: string, create: boolean): Promise<IDBDatabase | null> {
  if (typeof indexedDB === 'undefined') return Promise.reject(new Error('IndexedDB is not available'));
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(name);
    let aborted = false;
    request.onupgradeneeded = () => {
      if (!create) {
        aborted = true;
        request.transaction?.abort();
        return;
      }
      request.result.createObjectStore(UPDATES_STORE, { autoIncrement: true });
      request.result.createObjectStore(CUSTOM_STORE);
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = (event) => {
      if (!aborted) {
        reject(request.error ?? new Error('IndexedDB could not be opened'));
        return;
      }
      event.preventDefault();
      resolve(null);
    };
  });
}

/** What a copy holds, read in one transaction. */
export interface StoredCopy {
  /** Its Yjs updates, oldest first (with `after`: those stored after that key). */
  updates: Uint8Array[];
  /** The key of its newest update, or `after` (null when it holds none). */
  lastKey: number | null;
  /** Edits in it the server had not had yet (0 when none were stored). */
  unsent: number;
  /** The account it was kept for, or null when it does not say (written before copies said). */
  owner: string | null;
}

/** Reads the copy's updates (with `after`, only those stored after that key), its newest key and its unsent count. */
export async function readCopy(db: IDBDatabase, after: number | null = null): Promise<StoredCopy> {
  const transaction = db.transaction([UPDATES_STORE, CUSTOM_STORE], 'readonly');
  const store = transaction.objectStore(UPDATES_STORE);
  const range = after === null ? null : IDBKeyRange.lowerBound(after, true);
  const updates = settled(store.getAll(range) as IDBRequest<Uint8Array[]>);
  const newest = settled(store.openKeyCursor(null, 'prev'));
  const unsent = settled(transaction.objectStore(CUSTOM_STORE).get(UNSENT_KEY) as IDBRequest<unknown>);
  const owner = settled(transaction.objectStore(CUSTOM_STORE).get(OWNER_KEY) as IDBRequest<unknown>);
  await committed(transaction);
  const cursor = await newest;
  const count = await unsent;
  const account = await owner;
  return {
    updates: await updates,
    lastKey: cursor ? (cursor.key as number) : after,
    unsent: typeof count === 'number' && Number.isFinite(count) ? count : 0,
    owner: typeof account === 'string' ? account : null,
  };
}

/** Adds updates to the copy, in one transaction, after those it holds. */
export function appendUpdates(db: IDBDatabase, updates: readonly Uint8Array[]): Promise<void> {
  const transaction = db.transaction(UPDATES_STORE, 'readwrite');
  const store = transaction.objectStore(UPDATES_STORE);
  for (const update of updates) store.add(update);
  return committed(transaction);
}

/**
 * Rewrites the copy as one update, in one transaction (so it is never left half-written: a transaction cut short,
 * by a closing tab say, leaves the rows as they were). `merge` is given the updates stored after `after` (another
 * tab's, or this one's own), all of which its doc must take in, and returns the doc's whole state, which then
 * replaces every row. Resolves with the key of that row.
 */
export async function compactCopy(db: IDBDatabase, after: number | null, merge: (newer: Uint8Array[]) => Uint8Array): Promise<number> {
  const transaction = db.transaction(UPDATES_STORE, 'readwrite');
  const store = transaction.objectStore(UPDATES_STORE);
  let key: number | null = null;
  const newer = store.getAll(after === null ? null : IDBKeyRange.lowerBound(after, true)) as IDBRequest<Uint8Array[]>;
  newer.onsuccess = () => {
    // A throw here aborts the transaction, leaving the copy as it was.
    const state = merge(newer.result);
    store.clear();
    const added = store.add(state);
    added.onsuccess = () => {
      key = added.result as number;
    };
  };
  await committed(transaction);
  if (key === null) throw new Error('The copy was not rewritten');
  return key;
}

/** Stores the count of unsent edits with the copy. */
export function writeUnsent(db: IDBDatabase, count: number): Promise<void> {
  const transaction = db.transaction(CUSTOM_STORE, 'readwrite');
  transaction.objectStore(CUSTOM_STORE).put(count, UNSENT_KEY);
  return committed(transaction);
}

/** Stores which account the copy is kept for. */
export function writeOwner(db: IDBDatabase, owner: string): Promise<void> {
  const transaction = db.transaction(CUSTOM_STORE, 'readwrite');
  transaction.objectStore(CUSTOM_STORE).put(owner, OWNER_KEY);
  return committed(transaction);
}

/** Deletes one copy's database; resolves once deleted, failed, or queued behind a connection still open. */
export function deleteCopyDatabase(name: string): Promise<void> {
  return new Promise((resolve) => {
    const request = indexedDB.deleteDatabase(name);
    request.onsuccess = () => resolve();
    request.onerror = () => resolve();
    // Blocked: the delete is queued and happens once the other tab lets go (every open copy does on 'versionchange').
    request.onblocked = () => resolve();
  });
}
