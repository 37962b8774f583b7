import type * as Y from 'yjs';

/** Options of {@link trackUnsentChanges}. */
export interface UnsentChangesOptions {
  doc: Y.Doc;
  /**
   * Origins of doc updates that are not edits made here: the provider's (what the server sent) and the local
   * copy's (what was loaded from IndexedDB, counted already when it was made).
   */
  notLocal: readonly unknown[];
  /** True when an edit made now goes straight out to the server (the socket is open): it is not counted here. */
  isSending: () => boolean;
  /** Called with the new count whenever it changes. */
  onChange: (count: number) => void;
}

/** A running count of the edits made here that the server has not had yet. */
export interface UnsentChanges {
  readonly count: number;
  /** Adds edits counted elsewhere: stored with the local copy before a reload, or sent but never acknowledged. */
  add(count: number): void;
  /** The server has stored the connection's catch-up: everything made so far is with it. */
  markAllSent(): void;
  /** Stops counting. */
  destroy(): void;
}

/**
 * Counts this person's edits made while the socket was closed: one per local transaction that changed the doc.
 *
 * They go to the server in the client's next sync step 2 (the sync protocol's exchange of state vectors carries
 * them), and the server says when it has stored that (Placeboard's `AUTH_CAUGHT_UP` message): then they all count as
 * sent ({@link UnsentChanges.markAllSent}). Edits made while the socket is open go out one by one and are counted by
 * the caller until the server acknowledges them (`AUTH_STORED`, see use-board-doc.ts); those still unacknowledged when
 * the socket closes are {@link UnsentChanges.add}ed here, as they too go in the next catch-up.
 */
export function trackUnsentChanges({ doc, notLocal, isSending, onChange }: UnsentChangesOptions): UnsentChanges {
  let count = 0;
  const set = (next: number): void => {
    if (next === count) return;
    count = next;
    onChange(count);
  };
  const onUpdate = (_update: Uint8Array, origin: unknown): void => {
    if (notLocal.includes(origin) || isSending()) return;
    set(count + 1);
  };
  doc.on('update', onUpdate);
  return {
    get count() {
      return count;
    },
    add: (more) => set(count + Math.max(0, Math.floor(more))),
    markAllSent: () => set(0),
    destroy: () => doc.off('update', onUpdate),
  };
}
