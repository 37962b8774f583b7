import type { ConnectionStatus as Status } from '../hooks/use-board-doc';

const LABELS: Record<Status, string> = {
  connecting: 'Connecting…',
  connected: 'Connected',
  offline: 'Offline – keep this page open: your changes will be sent when the connection returns',
};

/** The state of the link to the sync server, announced politely to screen readers when it changes. */
export function ConnectionStatus({ status, synced }: { status: Status; synced: boolean }) {
  const label = status === 'connected' && !synced ? 'Connected, loading board…' : LABELS[status];
  return (
    <p className={`connection-status connection-status--${status}`} role="status" aria-live="polite" data-testid="connection-status" data-status={status}>
      <span className="connection-status__dot" aria-hidden="true" />
      {label}
    </p>
  );
}
