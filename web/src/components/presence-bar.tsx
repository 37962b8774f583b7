import { memo } from 'react';
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
          <PresenceRow key={clientId} name={state.user.name} colour={state.user.color} pane={state.pane} isLocal={isLocal} />
        ))}
      </ul>
    </section>
  );
}

interface PresenceRowProps {
  name: string;
  colour: string;
  pane: BoardPane | undefined;
  isLocal: boolean;
}

/**
 * One person. Plain props, so that the presence messages of people moving their pointers (several a second in a
 * full room) re-render nobody's row: only a change of name, colour or pane does.
 */
const PresenceRow = memo(function PresenceRow({ name, colour, pane, isLocal }: PresenceRowProps) {
  return (
    <li className="presence__user" data-testid="presence-user" data-name={name} data-pane={pane ?? ''} data-local={isLocal ? 'true' : undefined}>
      <span className="presence__dot" style={{ backgroundColor: colour }} aria-hidden="true" />
      <span className="presence__name">
        {name}
        {isLocal && <span className="presence__you"> (you)</span>}
      </span>
      {pane && <span className="presence__pane">{paneLabel(pane)}</span>}
    </li>
  );
});

function paneLabel(pane: BoardPane): string {
  return `in ${PANE_LABELS[pane] ?? pane}`;
}
