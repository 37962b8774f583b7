import type { BoardVersion, VersionRef, VersionSignoff, VersionStatus } from '../../lib/api';

/** A date and time from the API (milliseconds or ISO) for people in the UK; "" when unreadable. */
export function formatWhen(at: number | string, withTime = true): string {
  const date = new Date(at);
  if (Number.isNaN(date.getTime())) return '';
  return date.toLocaleString('en-GB', withTime ? { dateStyle: 'medium', timeStyle: 'short' } : { dateStyle: 'long' });
}

/** What each status is called on the page: the words carry the meaning, never the colour alone. */
export const STATUS_LABELS: Record<VersionStatus, string> = {
  saved: 'Saved',
  proposed: 'Put forward for agreement',
  agreed: 'Agreed plan',
};

/** "agreed by 2 of 3 partners", and how many raised concerns. */
export function signoffSummary(signoff: VersionSignoff): string {
  const { agreed, concerns, total } = signoff;
  const base = `Agreed by ${agreed} of ${total} ${total === 1 ? 'partner' : 'partners'}`;
  return concerns > 0 ? `${base}; ${concerns} raised concerns` : base;
}

/** A version's name as a heading says it: "Version 3: Draft for the board". */
export function versionTitle(version: Pick<BoardVersion, 'number' | 'name'>): string {
  return version.name ? `Version ${version.number}: ${version.name}` : `Version ${version.number}`;
}

/** Parses a version reference from the address bar: a positive whole number or `current`. */
export function parseVersionRef(value: string | null | undefined): VersionRef | null {
  if (value === 'current') return 'current';
  if (!value || !/^\d+$/.test(value)) return null;
  const n = Number(value);
  return n > 0 ? n : null;
}

/** "version 3" or "the current board", for sentences. */
export function refLabel(ref: VersionRef): string {
  return ref === 'current' ? 'the current board' : `version ${ref}`;
}
