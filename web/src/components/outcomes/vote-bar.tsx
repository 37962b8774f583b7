import { useState } from 'react';
import { formatCountdown, remainingMs, type VoteSession } from '@placeboard/board';

interface VoteBarProps {
  session: VoteSession | null;
  now: number;
  open: boolean;
  votesLeft: number;
  onStart: (votesEach: number, minutes: number) => void;
  onReveal: () => void;
  onEnd: () => void;
}

/**
 * Dot-voting controls: start a vote with N votes each and an optional timer, the countdown everyone sees,
 * the viewer's votes left, and reveal and end. Totals are hidden until revealed (presentation only).
 */
export function VoteBar({ session, now, open, votesLeft, onStart, onReveal, onEnd }: VoteBarProps) {
  const [votesEach, setVotesEach] = useState('3');
  const [minutes, setMinutes] = useState('0');
  const running = session !== null && !session.closed;
  const left = session ? remainingMs(session, now) : null;
  return (
    <div className="vote-bar" role="group" aria-label="Dot voting" data-testid="vote-bar" data-state={running ? (open ? 'open' : 'timed-out') : session ? 'ended' : 'none'}>
      {running ? (
        <>
          <span className="vote-bar__countdown" data-testid="vote-countdown" role="timer" aria-live="off">
            {left === null ? 'Voting open, no timer' : left > 0 ? `${formatCountdown(left)} left` : 'Time is up'}
          </span>
          <span data-testid="vote-left">
            {open ? `You have ${votesLeft} of ${session.votesEach} votes left` : 'Voting has stopped'}
          </span>
          {!session.revealed && (
            <button type="button" className="button button--secondary" onClick={onReveal} data-testid="vote-reveal">
              Reveal totals
            </button>
          )}
          <button type="button" className="button button--secondary" onClick={onEnd} data-testid="vote-end">
            End vote
          </button>
        </>
      ) : (
        <>
          {session && <span data-testid="vote-ended">Vote ended: totals shown.</span>}
          <label className="vote-bar__field">
            Votes each
            <input type="number" min={1} max={100} value={votesEach} onChange={(e) => setVotesEach(e.currentTarget.value)} data-testid="vote-votes-each" />
          </label>
          <label className="vote-bar__field">
            Timer (minutes, 0 for none)
            <input type="number" min={0} max={240} value={minutes} onChange={(e) => setMinutes(e.currentTarget.value)} data-testid="vote-timer" />
          </label>
          <button
            type="button"
            className="button"
            data-testid="vote-start"
            onClick={() => onStart(Math.min(100, Math.max(1, Math.floor(Number(votesEach) || 3))), Math.max(0, Number(minutes) || 0))}
          >
            Start vote
          </button>
        </>
      )}
    </div>
  );
}
