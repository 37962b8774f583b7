/** localStorage key of the display name; the only personal data Placeboard keeps in the browser. */
export const DISPLAY_NAME_KEY = 'placeboard.name';

/** Longest display name accepted. */
export const DISPLAY_NAME_MAX = 60;

/** The stored display name, or null on a first visit (or when storage is unavailable). */
export function readDisplayName(): string | null {
  try {
    const value = window.localStorage.getItem(DISPLAY_NAME_KEY)?.trim();
    return value ? value.slice(0, DISPLAY_NAME_MAX) : null;
  } catch {
    return null;
  }
}

/** Stores the display name (trimmed); storage failures are ignored, the name then lasts for this page only. */
export function writeDisplayName(name: string): void {
  try {
    window.localStorage.setItem(DISPLAY_NAME_KEY, name.trim().slice(0, DISPLAY_NAME_MAX));
  } catch {
    // Private mode or storage disabled: keep going with the in-memory name.
  }
}
