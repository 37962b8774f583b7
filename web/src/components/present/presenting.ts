import { useEffect, useRef, useState } from 'react';
import type { Awareness } from 'y-protocols/awareness';
import type { PresenceState } from '@placeboard/board';

/** Where a map is looking: what a presenter shares on a map slide, and what a saved view holds. */
export interface MapCamera {
  center: [number, number];
  zoom: number;
  bearing: number;
  pitch: number;
}

/**
 * What a presenter publishes in awareness while presenting: the slide they are on and, on a map slide, where the map
 * is looking. `since` (the presenter's clock) only breaks ties between presenters who were already presenting when
 * this page opened; otherwise whoever this page saw start last is followed.
 */
export interface PresentingState {
  slideKey: string;
  mapView?: MapCamera | null;
  since: number;
}

/**
 * The board's presence with present mode's field. packages/board's `PresenceState` does not (yet) name `presenting`;
 * awareness carries any field, and the server passes it through (it only rewrites `user`).
 */
export type PresentPresence = PresenceState & { presenting?: PresentingState | null };

/** Key of the presenting field in awareness. */
export const PRESENTING_FIELD = 'presenting';

function isCamera(value: unknown): value is MapCamera {
  if (typeof value !== 'object' || value === null) return false;
  const { center, zoom, bearing, pitch } = value as Record<string, unknown>;
  return (
    Array.isArray(center) &&
    center.length === 2 &&
    center.every((n) => typeof n === 'number' && Number.isFinite(n)) &&
    [zoom, bearing, pitch].every((n) => typeof n === 'number' && Number.isFinite(n))
  );
}

/** The presenting state in a remote awareness state, if it is one (tolerant of malformed states). */
export function presentingOf(state: unknown): PresentingState | undefined {
  if (typeof state !== 'object' || state === null) return undefined;
  const presenting = (state as { presenting?: unknown }).presenting;
  if (typeof presenting !== 'object' || presenting === null) return undefined;
  const { slideKey, mapView, since } = presenting as Record<string, unknown>;
  if (typeof slideKey !== 'string' || slideKey === '') return undefined;
  return { slideKey, mapView: isCamera(mapView) ? mapView : null, since: typeof since === 'number' ? since : 0 };
}

/** Someone presenting this board: their awareness client, the name the server gave them, and where they are. */
export interface Presenter {
  clientId: number;
  name: string;
  presenting: PresentingState;
}

function nameOf(state: unknown): string {
  const user = typeof state === 'object' && state !== null ? (state as { user?: { name?: unknown } }).user : undefined;
  return typeof user?.name === 'string' && user.name ? user.name : 'Someone';
}

/**
 * The presenter to follow: of everyone else presenting this board, the one who started most recently. Starts are
 * ordered as this page saw them arrive, without comparing clocks; presenters who arrive together (those already
 * presenting when the page opened) are ordered by their own `since`.
 */
export function usePresenter(awareness: Awareness): Presenter | null {
  const [presenter, setPresenter] = useState<Presenter | null>(null);
  const arrival = useRef(new Map<number, number>());

  useEffect(() => {
    let order = 0;
    const read = (): void => {
      const seen = arrival.current;
      const presenters: Presenter[] = [];
      for (const [clientId, state] of awareness.getStates()) {
        if (clientId === awareness.clientID) continue;
        const presenting = presentingOf(state);
        if (presenting) presenters.push({ clientId, name: nameOf(state), presenting });
      }
      // Someone who stopped and starts again counts as starting again.
      for (const clientId of [...seen.keys()]) if (!presenters.some((p) => p.clientId === clientId)) seen.delete(clientId);
      const arrived = presenters.filter((p) => !seen.has(p.clientId)).sort((a, b) => a.presenting.since - b.presenting.since);
      for (const p of arrived) seen.set(p.clientId, ++order);
      const latest = presenters.reduce<Presenter | null>((best, p) => (!best || seen.get(p.clientId)! > seen.get(best.clientId)! ? p : best), null);
      setPresenter((old) =>
        old && latest && old.clientId === latest.clientId && old.name === latest.name && JSON.stringify(old.presenting) === JSON.stringify(latest.presenting)
          ? old
          : latest,
      );
    };
    awareness.on('change', read);
    read();
    return () => awareness.off('change', read);
  }, [awareness]);

  return presenter;
}
