import { useEffect, useState } from 'react';
import type { ConnectionStatus as Status } from '../hooks/use-board-doc';

/** How long edits sent while connected must have waited for the server before the status says they are on their way. */
const SENDING_SHOWN_AFTER_MS = 1000;

/** True once `value` has been true for `ms` without a break. */
function useLasting(value: boolean, ms: number): boolean {
  const [lasted, setLasted] = useState(false);
  useEffect(() => {
    setLasted(false);
    if (!value) return undefined;
    const timer = setTimeout(() => setLasted(true), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return value && lasted;
}

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
  inFlight = 0,
  keptInBrowser = false,
}: {
  status: Status;
  synced: boolean;
  /** Edits made here that the server has not stored yet. */
  unsent?: number;
  /** Of those, the ones sent on the open socket and not yet acknowledged. */
  inFlight?: number;
  /** True when the board is kept in this browser, so unsent edits survive closing the page. */
  keptInBrowser?: boolean;
}) {
  // An edit made while connected is stored within milliseconds: saying "sending" and then "saved" for each keystroke
  // would flicker, and a screen reader would read both out every time. It is said once it has waited a while.
  const onlyOnTheirWay = status === 'connected' && unsent > 0 && unsent === inFlight;
  const slow = useLasting(onlyOnTheirWay, SENDING_SHOWN_AFTER_MS);
  const shown = onlyOnTheirWay && !slow ? 0 : unsent;
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
      {connectionLabel(status, synced, shown, keptInBrowser)}
    </p>
  );
}
