import { createContext, useContext } from 'react';

/** The name the person using this browser is shown under: their account's, or the one a share-link visitor chose. */
export interface DisplayNameState {
  /** The display name shown to others on a board (presence, comments, canvas authors). */
  name: string;
  /**
   * Asks for the name again. Only share-link visitors choose their name; for an account it comes from the account,
   * and this is null.
   */
  changeName: (() => void) | null;
}

/** Carries the display name from {@link NameGate} down to the board. */
export const DisplayNameContext = createContext<DisplayNameState | null>(null);

/** The current display name; only valid under `NameGate` once someone is signed in or has opened a share link. */
export function useDisplayName(): DisplayNameState {
  const state = useContext(DisplayNameContext);
  if (!state) throw new Error('useDisplayName must be used inside <NameGate>');
  return state;
}

/** The current display name, or null where nobody is known yet (sign-in pages, community pages). */
export function useOptionalDisplayName(): DisplayNameState | null {
  return useContext(DisplayNameContext);
}
