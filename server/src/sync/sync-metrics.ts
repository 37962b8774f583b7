/**
 * What the sync rooms report as they work (the server's implementation, in Prometheus terms, is ../metrics.ts).
 * Rooms call it on their hot path, so each call only adds to a number; the text is made when Prometheus asks.
 */
export interface SyncMetrics {
  /** `updates` client updates (or server changes) were stored in one store transaction that took `seconds`. */
  stored(updates: number, seconds: number): void;
  /** A batch went out to the clients `seconds` after the first of its updates arrived: checked, applied and stored. */
  relayed(seconds: number): void;
  /** The server closed a connection with `code` for what it sent (4403 not allowed, 4422 invalid, 4429 too fast...). */
  refused(code: number): void;
  /** A store transaction failed: the board reloads and its clients send their edits again. */
  storeFailed(): void;
}

/** Metrics that count nothing: for rooms made without a server (tests, the CLI). */
export const NO_SYNC_METRICS: SyncMetrics = {
  stored() {},
  relayed() {},
  refused() {},
  storeFailed() {},
};
