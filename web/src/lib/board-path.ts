/** The board id of a board page's path (`/b/:id`, or its present mode `/b/:id/present`), or null. */
export function boardIdOfPath(pathname: string): string | null {
  const match = /^\/b\/([^/]+)(?:\/present)?\/?$/.exec(pathname);
  if (!match?.[1]) return null;
  try {
    return decodeURIComponent(match[1]);
  } catch {
    return null; // not a board id the app would open either
  }
}
