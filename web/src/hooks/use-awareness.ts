import { useEffect, useState } from 'react';
import type { Awareness } from 'y-protocols/awareness';
import type { PresenceState } from '@placeboard/board';

/** One person on the board as seen through awareness. */
export interface PresentUser {
  clientId: number;
  state: PresenceState;
  isLocal: boolean;
}

function isPresenceState(value: unknown): value is PresenceState {
  if (typeof value !== 'object' || value === null) return false;
  const user = (value as { user?: unknown }).user;
  return typeof user === 'object' && user !== null && typeof (user as { name?: unknown }).name === 'string';
}

function readUsers(awareness: Awareness): PresentUser[] {
  const users: PresentUser[] = [];
  for (const [clientId, state] of awareness.getStates()) {
    if (!isPresenceState(state)) continue;
    users.push({ clientId, state, isLocal: clientId === awareness.clientID });
  }
  // You first, then everyone else by name, so the bar does not reshuffle as people move about.
  return users.sort((a, b) =>
    a.isLocal !== b.isLocal ? (a.isLocal ? -1 : 1) : a.state.user.name.localeCompare(b.state.user.name) || a.clientId - b.clientId,
  );
}

/** Everyone with a valid presence state in `awareness`, re-read whenever awareness changes. */
export function useAwarenessUsers(awareness: Awareness): PresentUser[] {
  const [users, setUsers] = useState<PresentUser[]>(() => readUsers(awareness));
  useEffect(() => {
    const onChange = (): void => setUsers(readUsers(awareness));
    awareness.on('change', onChange);
    onChange();
    return () => awareness.off('change', onChange);
  }, [awareness]);
  return users;
}
