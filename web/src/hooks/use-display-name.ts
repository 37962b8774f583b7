import { createContext, useContext } from 'react';

/** The person using this browser, as far as Placeboard knows them before real accounts exist. */
export interface DisplayNameState {
  /** The display name shown to others on a board. */
  name: string;
  /** Forgets the name and asks for it again. */
  changeName: () => void;
}

/** Carries the display name from {@link NameGate} down to the board. */
export const DisplayNameContext = createContext<DisplayNameState | null>(null);

/** The current display name; only valid under `NameGate`. */
export function useDisplayName(): DisplayNameState {
  const state = useContext(DisplayNameContext);
  if (!state) throw new Error('useDisplayName must be used inside <NameGate>');
  return state;
}
