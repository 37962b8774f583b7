import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  addCanvasItem,
  canPlaceVote,
  canRemoveVote,
  endVoteSession,
  formatCountdown,
  getCanvasItem,
  getRoots,
  getVoteSession,
  initBoard,
  isVotingOpen,
  placeVote,
  remainingMs,
  removeVote,
  revealVotes,
  startVoteSession,
  visibleVotes,
  votesLeft,
  votesUsed,
  VOTE_SESSION_KEY,
  type VoteSession,
} from './index.js';

const session = (over: Partial<VoteSession> = {}): VoteSession => ({
  id: 's',
  votesEach: 3,
  startedBy: 'amy',
  startedAt: 0,
  endsAt: null,
  revealed: false,
  closed: false,
  ...over,
});

function votesOf(doc: Y.Doc, id: string): Record<string, number> {
  const r = getCanvasItem(doc, id);
  return r?.ok ? r.value.votes : {};
}

describe('voting rules (pure)', () => {
  it('voting is open only with a session that is not closed and whose timer has not run out', () => {
    expect(isVotingOpen(null, 0)).toBe(false);
    expect(isVotingOpen(session(), 1e12)).toBe(true);
    expect(isVotingOpen(session({ closed: true }), 0)).toBe(false);
    expect(isVotingOpen(session({ endsAt: 100 }), 99)).toBe(true);
    expect(isVotingOpen(session({ endsAt: 100 }), 100)).toBe(false);
  });

  it('a person places at most votesEach votes in total across items', () => {
    const items: { votes: Record<string, number> }[] = [{ votes: { amy: 2, bo: 3 } }, { votes: { amy: 1 } }];
    expect(votesUsed(items, 'amy')).toBe(3);
    expect(votesLeft(session(), items, 'amy', 0)).toBe(0);
    expect(canPlaceVote(session(), items, { kind: 'sticky' }, 'amy', 0)).toBe(false);
    expect(votesLeft(session(), items, 'cy', 0)).toBe(3);
    expect(canPlaceVote(session(), items, { kind: 'sticky' }, 'cy', 0)).toBe(true);
    expect(canPlaceVote(session(), items, { kind: 'connector' }, 'cy', 0)).toBe(false);
    expect(canPlaceVote(session({ endsAt: 5 }), items, { kind: 'sticky' }, 'cy', 5)).toBe(false);
  });

  it('a person removes only their own votes, while voting is open', () => {
    expect(canRemoveVote(session(), { votes: { amy: 1 } }, 'amy', 0)).toBe(true);
    expect(canRemoveVote(session(), { votes: { amy: 1 } }, 'bo', 0)).toBe(false);
    expect(canRemoveVote(session({ closed: true }), { votes: { amy: 1 } }, 'amy', 0)).toBe(false);
  });

  it('before the reveal a person sees only their own votes; after it, the total', () => {
    const item = { votes: { amy: 2, bo: 3 } };
    expect(visibleVotes(session(), item, 'amy')).toEqual({ count: 2, isTotal: false });
    expect(visibleVotes(session(), item, 'cy')).toEqual({ count: 0, isTotal: false });
    expect(visibleVotes(session({ revealed: true }), item, 'amy')).toEqual({ count: 5, isTotal: true });
  });

  it('the countdown uses endsAt and the clock passed in', () => {
    expect(remainingMs(session(), 50)).toBeNull();
    expect(remainingMs(session({ endsAt: 1000 }), 250)).toBe(750);
    expect(remainingMs(session({ endsAt: 1000 }), 2000)).toBe(0);
    expect(formatCountdown(125_000)).toBe('2:05');
    expect(formatCountdown(400)).toBe('0:01');
    expect(formatCountdown(0)).toBe('0:00');
  });
});

describe('voting on a doc', () => {
  it('starts a session in meta, places and removes votes within the budget, reveals and ends', () => {
    const doc = new Y.Doc();
    initBoard(doc, { title: 'x' });
    const a = addCanvasItem(doc, { kind: 'sticky', x: 0, y: 0 }, { name: 'amy', now: () => 1 });
    const b = addCanvasItem(doc, { kind: 'outcome', x: 0, y: 0 }, { name: 'amy', now: () => 1 });
    expect(placeVote(doc, a, 'amy', 0)).toBe(false); // no session yet
    const started = startVoteSession(doc, { votesEach: 2, durationMs: 60_000 }, { name: 'fac', now: () => 1000 });
    expect(getVoteSession(doc)).toEqual(started);
    expect(started).toMatchObject({ votesEach: 2, startedBy: 'fac', startedAt: 1000, endsAt: 61_000, revealed: false, closed: false });
    expect(getRoots(doc).meta.get(VOTE_SESSION_KEY)).toBeInstanceOf(Y.Map);
    expect(placeVote(doc, a, 'amy', 2000)).toBe(true);
    expect(placeVote(doc, b, 'amy', 2000)).toBe(true);
    expect(placeVote(doc, b, 'amy', 2000)).toBe(false); // budget spent
    expect(placeVote(doc, b, 'bo', 2000)).toBe(true);
    expect(removeVote(doc, a, 'bo', 2000)).toBe(false); // not bo's vote
    expect(removeVote(doc, a, 'amy', 2000)).toBe(true);
    expect(votesOf(doc, a)).toEqual({});
    expect(placeVote(doc, b, 'amy', 2000)).toBe(true);
    expect(votesOf(doc, b)).toEqual({ amy: 2, bo: 1 });
    expect(placeVote(doc, a, 'cy', 61_000)).toBe(false); // timer ran out
    revealVotes(doc);
    expect(getVoteSession(doc)?.revealed).toBe(true);
    endVoteSession(doc);
    expect(getVoteSession(doc)).toMatchObject({ closed: true, revealed: true });
    expect(removeVote(doc, b, 'amy', 2000)).toBe(false);
    // A new session clears the previous votes.
    startVoteSession(doc, { votesEach: 5, durationMs: null }, { name: 'fac', now: () => 70_000 });
    expect(votesOf(doc, b)).toEqual({});
    expect(getVoteSession(doc)).toMatchObject({ votesEach: 5, endsAt: null, revealed: false, closed: false });
  });

  it('a concurrent reveal and end both take effect', () => {
    const a = new Y.Doc();
    initBoard(a, { title: 'x' });
    startVoteSession(a, { votesEach: 3, durationMs: null }, { name: 'fac', now: () => 1 });
    const b = new Y.Doc();
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    revealVotes(a);
    endVoteSession(b);
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    expect(getVoteSession(a)).toMatchObject({ revealed: true, closed: true });
    expect(getVoteSession(b)).toEqual(getVoteSession(a));
  });

  it('a malformed session reads as none', () => {
    const doc = new Y.Doc();
    getRoots(doc).meta.set(VOTE_SESSION_KEY, 'nope');
    expect(getVoteSession(doc)).toBeNull();
  });
});
