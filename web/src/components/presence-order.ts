import type { BoardPane } from '@placeboard/board';
import type { PresentUser } from '../hooks/use-awareness';

/** People shown in the presence bar itself; the rest fold into "+N more", or a full room (200 people) would fill the page. */
export const PEOPLE_SHOWN = 5;
/**
 * People shown on a narrow screen ({@link NARROW_SCREEN}), where each takes a line of their own: five would push the
 * board's tabs below the fold of a phone.
 */
export const PEOPLE_SHOWN_NARROW = 2;
/** The media query of a narrow screen, for {@link PEOPLE_SHOWN_NARROW}. */
export const NARROW_SCREEN = '(max-width: 600px)';

/** One person on the board: every tab of theirs that is open on it (awareness clients with one `user.key`). */
export interface PresentPerson {
  /** Their presence key; `client:<id>` for a tab whose state carries none (it has not come through the server). */
  key: string;
  name: string;
  colour: string;
  /** The panes their tabs are in, each once, in the order of their tabs (this tab's first, for you). */
  panes: BoardPane[];
  /** True for you: this tab and your other ones. */
  isLocal: boolean;
}

/**
 * True when a presence `user.key` is `selfKey`, your own (see `BoardAccessState.presenceKey`): the tab is yours, in
 * another window if it is not this one. False while your key is not known.
 */
export function isYourKey(key: unknown, selfKey: string | null): boolean {
  return selfKey !== null && key === selfKey;
}

/**
 * Everyone on the board as people, not tabs: the tabs with one presence key (the server writes it: the same for
 * every tab of one account, or one guest's browser) are one person, and this tab is one with the tabs whose key is
 * `selfKey`, your own (the board's access says which it is). Each person has the name and colour of the first of
 * their tabs in the order given, and people keep that order (from `useAwarenessUsers`: this tab, then by name).
 */
export function peopleOf(users: readonly PresentUser[], selfKey: string | null): PresentPerson[] {
  const people = new Map<string, PresentPerson>();
  for (const { clientId, state, isLocal } of users) {
    // This tab's own state has not been through the server: it carries no key.
    const key = (isLocal ? selfKey : state.user.key) ?? `client:${clientId}`;
    let person = people.get(key);
    if (!person) {
      person = { key, name: state.user.name, colour: state.user.color, panes: [], isLocal: false };
      people.set(key, person);
    }
    person.isLocal ||= isLocal || isYourKey(key, selfKey);
    if (state.pane && !person.panes.includes(state.pane)) person.panes.push(state.pane);
  }
  return [...people.values()];
}

/**
 * Everyone in the order the presence bar shows them: you, then the people with a tab in the pane you are in, then
 * everyone else, each group in the order given (see {@link peopleOf}).
 */
export function orderForBar(people: readonly PresentPerson[]): PresentPerson[] {
  const pane = people.find((person) => person.isLocal)?.panes[0];
  const rank = (person: PresentPerson): number => (person.isLocal ? 0 : pane !== undefined && person.panes.includes(pane) ? 1 : 2);
  // Array.prototype.sort is stable: each group keeps the order it was given.
  return [...people].sort((a, b) => rank(a) - rank(b));
}
