import { memo, useRef, useState, type KeyboardEvent } from 'react';
import type { BoardPane } from '@placeboard/board';
import type { Awareness } from 'y-protocols/awareness';
import { useAwarenessUsers } from '../hooks/use-awareness';
import { useMediaQuery } from '../hooks/use-media-query';
import { useBoardAccess } from './access/board-access';
import { PANE_LABELS } from './board-tabs';
import { NARROW_SCREEN, PEOPLE_SHOWN, PEOPLE_SHOWN_NARROW, orderForBar, peopleOf, type PresentPerson } from './presence-order';

/** Who is on the board right now, with their colour and the panes they are in: people, however many tabs each has open. */
export function PresenceBar({ awareness }: { awareness: Awareness }) {
  const { presenceKey } = useBoardAccess();
  const people = orderForBar(peopleOf(useAwarenessUsers(awareness), presenceKey));
  const count = useMediaQuery(NARROW_SCREEN) ? PEOPLE_SHOWN_NARROW : PEOPLE_SHOWN;
  const shown = people.slice(0, count);
  const rest = people.slice(count);
  return (
    <section className="presence" aria-labelledby="presence-heading" data-testid="presence">
      <h2 id="presence-heading" className="presence__heading">
        On this board <span className="presence__count">({people.length})</span>
      </h2>
      <ul className="presence__list">{shown.map(presenceRow)}</ul>
      {rest.length > 0 && <MorePeople people={rest} />}
    </section>
  );
}

function presenceRow({ key, name, colour, panes, isLocal }: PresentPerson) {
  return <PresenceRow key={key} name={name} colour={colour} panes={panes.join(' ')} isLocal={isLocal} />;
}

/**
 * The people past the first {@link PEOPLE_SHOWN} ({@link PEOPLE_SHOWN_NARROW} on a narrow screen), behind a
 * disclosure: their rows are built only while it is open, so while it is closed a full room's presence messages render
 * none of them. Escape closes it.
 */
function MorePeople({ people }: { people: PresentPerson[] }) {
  const [open, setOpen] = useState(false);
  /** Whether the list opens towards the left (its button is in the right half of the window), so it stays on screen. */
  const [towardsStart, setTowardsStart] = useState(false);
  const summaryRef = useRef<HTMLElement>(null);
  const onToggle = (nowOpen: boolean): void => {
    const box = summaryRef.current?.getBoundingClientRect();
    if (nowOpen && box) setTowardsStart(box.left + box.width / 2 > window.innerWidth / 2);
    setOpen(nowOpen);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLDetailsElement>): void => {
    if (event.key !== 'Escape' || !open) return;
    event.preventDefault();
    setOpen(false);
    summaryRef.current?.focus();
  };
  return (
    <details className="presence__more" open={open} onToggle={(event) => onToggle(event.currentTarget.open)} onKeyDown={onKeyDown}>
      <summary ref={summaryRef} data-testid="presence-more">
        +{people.length} more<span className="visually-hidden"> on this board</span>
      </summary>
      {open && <ul className={`presence__more-list${towardsStart ? ' presence__more-list--towards-start' : ''}`}>{people.map(presenceRow)}</ul>}
    </details>
  );
}

interface PresenceRowProps {
  name: string;
  colour: string;
  /** The panes their tabs are in, space-separated (a string, so that the row's props compare by value). */
  panes: string;
  isLocal: boolean;
}

/**
 * One person. Plain props, so that the presence messages of people moving their pointers (several a second in a
 * full room) re-render nobody's row: only a change of name, colour or pane does.
 */
const PresenceRow = memo(function PresenceRow({ name, colour, panes, isLocal }: PresenceRowProps) {
  return (
    <li className="presence__user" data-testid="presence-user" data-name={name} data-pane={panes} data-local={isLocal ? 'true' : undefined}>
      <span className="presence__dot" style={{ backgroundColor: colour }} aria-hidden="true" />
      <span className="presence__name">
        {name}
        {isLocal && <span className="presence__you"> (you)</span>}
      </span>
      {panes && <span className="presence__pane">{panesLabel(panes.split(' ') as BoardPane[])}</span>}
    </li>
  );
});

/** "in Map", or "in Map and Outcomes" for someone with tabs in both. */
function panesLabel(panes: readonly BoardPane[]): string {
  const labels = panes.map((pane) => PANE_LABELS[pane] ?? pane);
  return `in ${labels.length > 1 ? `${labels.slice(0, -1).join(', ')} and ${labels.at(-1)}` : labels[0]}`;
}
