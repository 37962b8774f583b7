import type { ConnectionStatus as Status } from '../hooks/use-board-doc';

/** "1 change" / "3 changes". */
function changes(count: number): string {
  return count === 1 ? '1 change' : `${count} changes`;
}

/** What the status line says: the link to the server, and whether this person's edits have reached it. */
export function connectionLabel(status: Status, synced: boolean, unsent: number, keptInBrowser: boolean): string {
  if (status === 'offline') {
    if (unsent === 0) return 'Offline — no changes waiting to be sent';
    // Without a copy in the browser the edits live only in this page.
    return keptInBrowser
      ? `Offline — ${changes(unsent)} not yet sent (kept in this browser until the connection returns)`
      : `Offline — ${changes(unsent)} not yet sent: keep this page open to send ${unsent === 1 ? 'it' : 'them'} when the connection returns`;
  }
  if (status === 'connecting') return unsent > 0 ? `Connecting… ${changes(unsent)} not yet sent` : 'Connecting…';
  // Connected again after a drop, the edits made meanwhile go in the sync that follows: until the server has stored
  // them they are still not saved, though the board itself synced before. The same goes for edits made while
  // connected that the server is slow to store (see ConnectionStatus).
  if (unsent > 0) return `Connected, sending ${changes(unsent)}…`;
  if (!synced) return 'Connected, loading board…';
  return 'All changes saved';
}

/**
 * The state of the link to the sync server and of this person's unsent edits ("Offline — 2 changes not yet sent",
 * "All changes saved"), announced politely to screen readers when it changes.
 */
export function ConnectionStatus({
  status,
  synced,
  unsent = 0,
  keptInBrowser = false,
}: {
  status: Status;
  synced: boolean;
  /**
   * Edits made here that the server has not stored yet, as the board shows them (one on its way shows only once it
   * has waited a while: see `BoardConnection.unsent`), so the status does not flicker, nor a screen reader read out
   * "sending" and "saved" for each keystroke.
   */
  unsent?: number;
  /** True when the board is kept in this browser, so unsent edits survive closing the page. */
  keptInBrowser?: boolean;
}) {
  return (
    <p
      className={`connection-status connection-status--${status}`}
      role="status"
      aria-live="polite"
      data-testid="connection-status"
      data-status={status}
      data-unsent={unsent}
    >
      <span className="connection-status__dot" aria-hidden="true" />
      {connectionLabel(status, synced, unsent, keptInBrowser)}
    </p>
  );
}
