import { z } from 'zod';

/** Key in the `meta` root under which the board's dot-voting session is held (a nested Y.Map). */
export const VOTE_SESSION_KEY = 'voteSession';

/**
 * A dot-voting session on the outcome canvas. Held as a Y.Map in `meta` (one per board) so that a reveal and an
 * end made at the same moment by two facilitators both take effect. The votes themselves live on the canvas
 * items (`votes`: voter -> count).
 */
export const voteSessionSchema = z.object({
  /** Changes whenever a new session starts. */
  id: z.string().min(1),
  /** How many votes each person may place in total, across every item. */
  votesEach: z.number().int().min(1).max(100),
  startedBy: z.string(),
  startedAt: z.number().int().nonnegative(),
  /** When voting stops (milliseconds since the epoch), or null for no timer. */
  endsAt: z.number().int().nonnegative().nullable(),
  /** Whether everyone sees the totals. */
  revealed: z.boolean(),
  /** Whether the facilitator has ended the session (no more votes). */
  closed: z.boolean(),
});
export type VoteSession = z.infer<typeof voteSessionSchema>;
