import type { PresentUser } from '../hooks/use-awareness';

/** People shown in the presence bar itself; the rest fold into "+N more", or a full room (200 people) would fill the page. */
export const PEOPLE_SHOWN = 5;

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
