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

/**
 * Everyone in the order the presence bar shows them: you, then the people in the same pane as you, then everyone
 * else, each group in the order given (by name, from `useAwarenessUsers`).
 */
export function orderForBar(users: readonly PresentUser[]): PresentUser[] {
  const pane = users.find((user) => user.isLocal)?.state.pane;
  const rank = (user: PresentUser): number => (user.isLocal ? 0 : pane !== undefined && user.state.pane === pane ? 1 : 2);
  // Array.prototype.sort is stable: each group keeps the order it was given.
  return [...users].sort((a, b) => rank(a) - rank(b));
}
