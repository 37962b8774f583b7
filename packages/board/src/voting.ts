import * as Y from 'yjs';
import { newRecordId } from './ids.js';
import type { CanvasItem } from './records/canvas-item.js';
import { recordIn, recordsIn, type Author } from './records/record.js';
import { VOTE_SESSION_KEY, voteSessionSchema, type VoteSession } from './records/vote-session.js';
import { getRoots } from './roots.js';

/*
 * Dot voting. The rules are pure functions of the session, the items and a clock passed in, so they can be tested
 * without a doc, and the doc operations check them against the replica's current state.
 *
 * Hiding totals before the reveal is presentation only: the CRDT holds every vote and every client receives them.
 * Likewise the vote budget is checked by the client placing the vote; two offline devices of one person could
 * exceed it. Real enforcement comes with server-side permissions (issue 5).
 */

/** What a facilitator chooses when starting a vote. */
export interface NewVoteSession {
  /** Votes each person may place, across all items. */
  votesEach: number;
  /** How long voting stays open, in milliseconds, or null for no timer. */
  durationMs: number | null;
}

/** Reads the board's vote session, or null when there is none or it is malformed. */
export function getVoteSession(doc: Y.Doc): VoteSession | null {
  const stored = getRoots(doc).meta.get(VOTE_SESSION_KEY);
  if (!(stored instanceof Y.Map)) return null;
  const parsed = voteSessionSchema.safeParse(stored.toJSON());
  return parsed.success ? parsed.data : null;
}

/** Starts a new session, clearing every vote of the previous one, in one transaction. Returns it. */
export function startVoteSession(doc: Y.Doc, options: NewVoteSession, author: Author): VoteSession {
  const now = (author.now ?? Date.now)();
  const session: VoteSession = voteSessionSchema.parse({
    id: newRecordId(),
    votesEach: Math.floor(options.votesEach),
    startedBy: author.name,
    startedAt: now,
    endsAt: options.durationMs === null ? null : now + Math.max(0, Math.round(options.durationMs)),
    revealed: false,
    closed: false,
  });
  const { meta, canvas } = getRoots(doc);
  doc.transact(() => {
    for (const item of recordsIn(canvas)) {
      const votes = item.get('votes');
      if (votes instanceof Y.Map) for (const voter of [...votes.keys()]) votes.delete(voter);
    }
    const map = new Y.Map<unknown>();
    for (const [key, value] of Object.entries(session)) map.set(key, value);
    meta.set(VOTE_SESSION_KEY, map);
  });
  return session;
}

function patchSession(doc: Y.Doc, patch: Partial<Pick<VoteSession, 'revealed' | 'closed'>>): void {
  const stored = getRoots(doc).meta.get(VOTE_SESSION_KEY);
  if (!(stored instanceof Y.Map)) return;
  doc.transact(() => {
    for (const [key, value] of Object.entries(patch)) stored.set(key, value);
  });
}

/** Shows everyone the totals. */
export function revealVotes(doc: Y.Doc): void {
  patchSession(doc, { revealed: true });
}

/** Ends the session: no more votes are placed or removed; the totals are revealed. */
export function endVoteSession(doc: Y.Doc): void {
  patchSession(doc, { closed: true, revealed: true });
}

/** True while votes may be placed and removed: a session exists, is not ended and its timer (if any) has not run out. */
export function isVotingOpen(session: VoteSession | null, now: number): session is VoteSession {
  return session !== null && !session.closed && (session.endsAt === null || now < session.endsAt);
}

/** Milliseconds left on the session's timer (never negative), or null when it has no timer. */
export function remainingMs(session: VoteSession, now: number): number | null {
  return session.endsAt === null ? null : Math.max(0, session.endsAt - now);
}

/** "4:05": minutes and seconds left, for the countdown everyone sees. */
export function formatCountdown(ms: number): string {
  const seconds = Math.ceil(ms / 1000);
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

/** How many votes `voter` has placed across `items`. */
export function votesUsed(items: readonly Pick<CanvasItem, 'votes'>[], voter: string): number {
  let used = 0;
  for (const item of items) used += item.votes[voter] ?? 0;
  return used;
}

/** Votes `voter` may still place in the session (0 when voting is not open). */
export function votesLeft(session: VoteSession | null, items: readonly Pick<CanvasItem, 'votes'>[], voter: string, now: number): number {
  if (!isVotingOpen(session, now)) return 0;
  return Math.max(0, session.votesEach - votesUsed(items, voter));
}

/** True when `voter` may place one more vote (on any item). Connectors cannot be voted on. */
export function canPlaceVote(
  session: VoteSession | null,
  items: readonly Pick<CanvasItem, 'votes'>[],
  target: Pick<CanvasItem, 'kind'>,
  voter: string,
  now: number,
): boolean {
  return target.kind !== 'connector' && votesLeft(session, items, voter, now) > 0;
}

/** True when `voter` may take back one of their own votes on `item`. Nobody removes another person's votes. */
export function canRemoveVote(session: VoteSession | null, item: Pick<CanvasItem, 'votes'>, voter: string, now: number): boolean {
  return isVotingOpen(session, now) && (item.votes[voter] ?? 0) > 0;
}

/** The sum of every voter's votes on an item. */
export function voteTotal(item: Pick<CanvasItem, 'votes'>): number {
  let total = 0;
  for (const count of Object.values(item.votes)) total += count;
  return total;
}

/**
 * The number a person should see on an item: the total once revealed, otherwise only their own votes.
 * (Presentation only: see the note at the top of this module.)
 */
export function visibleVotes(
  session: VoteSession | null,
  item: Pick<CanvasItem, 'votes'>,
  viewer: string,
): { count: number; isTotal: boolean } {
  if (session?.revealed) return { count: voteTotal(item), isTotal: true };
  return { count: item.votes[viewer] ?? 0, isTotal: false };
}

function readVotes(record: Y.Map<unknown>): Record<string, number> {
  const votes = record.get('votes');
  return votes instanceof Y.Map ? (votes.toJSON() as Record<string, number>) : {};
}

/** Places one of `voter`'s votes on an item if the rules allow. Returns whether it did. */
export function placeVote(doc: Y.Doc, itemId: string, voter: string, now: number): boolean {
  const { canvas } = getRoots(doc);
  const record = recordIn(canvas, itemId);
  const votes = record?.get('votes');
  if (!record || !(votes instanceof Y.Map)) return false;
  const all = recordsIn(canvas).map((r) => ({ votes: readVotes(r) }));
  const kind = record.get('kind') as CanvasItem['kind'];
  if (!canPlaceVote(getVoteSession(doc), all, { kind }, voter, now)) return false;
  const current = votes.get(voter);
  votes.set(voter, (typeof current === 'number' ? current : 0) + 1);
  return true;
}

/** Takes back one of `voter`'s own votes on an item if the rules allow. Returns whether it did. */
export function removeVote(doc: Y.Doc, itemId: string, voter: string, now: number): boolean {
  const record = recordIn(getRoots(doc).canvas, itemId);
  const votes = record?.get('votes');
  if (!record || !(votes instanceof Y.Map)) return false;
  if (!canRemoveVote(getVoteSession(doc), { votes: readVotes(record) }, voter, now)) return false;
  const next = ((votes.get(voter) as number | undefined) ?? 0) - 1;
  if (next < 1) votes.delete(voter);
  else votes.set(voter, next);
  return true;
}
