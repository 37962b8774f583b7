import type { BoardPane } from '@placeboard/board';
import type { Awareness } from 'y-protocols/awareness';
import { useAwarenessUsers } from '../hooks/use-awareness';
import { PANE_LABELS } from './board-tabs';

/** Who is on the board right now, with their colour and the pane they are in. */
export function PresenceBar({ awareness }: { awareness: Awareness }) {
  const users = useAwarenessUsers(awareness);
  return (
    <section className="presence" aria-labelledby="presence-heading" data-testid="presence">
      <h2 id="presence-heading" className="presence__heading">
        On this board <span className="presence__count">({users.length})</span>
      </h2>
      <ul className="presence__list">
        {users.map(({ clientId, state, isLocal }) => (
          <li
            key={clientId}
            className="presence__user"
            data-testid="presence-user"
            data-name={state.user.name}
            data-pane={state.pane ?? ''}
            data-local={isLocal ? 'true' : undefined}
          >
            <span className="presence__dot" style={{ backgroundColor: state.user.color }} aria-hidden="true" />
            <span className="presence__name">
              {state.user.name}
              {isLocal && <span className="presence__you"> (you)</span>}
            </span>
            {state.pane && <span className="presence__pane">{paneLabel(state.pane)}</span>}
          </li>
        ))}
      </ul>
    </section>
  );
}

function paneLabel(pane: BoardPane): string {
  return `in ${PANE_LABELS[pane] ?? pane}`;
}
