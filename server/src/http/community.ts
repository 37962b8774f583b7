import {
  COMMUNITY_CATEGORIES,
  CONTRIBUTION_TEXT_MAX,
  addContribution,
  newRecordId,
  type RecordId,
} from '@placeboard/board';
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { linkIsLive } from '../auth/access.js';
import { hashToken } from '../auth/tokens.js';
import { clientAddress, type AddressOfRequest } from '../client-address.js';
import { communityBoardView } from '../community/public-board.js';
import type { WindowLimiter } from '../limits/window-limiter.js';
import type { ShareLink } from '../store/access-types.js';
import type { PlaceboardStore } from '../store/types.js';
import type { Room } from '../sync/room.js';
import type { RoomManager } from '../sync/rooms.js';
import { changeBoard, withBoardRoom } from './board-room.js';
import { ApiError, parseBody, readJson } from './errors.js';
import type { SessionEnv } from './session.js';

/** Options of {@link createCommunityRoutes}. */
export interface CommunityRoutesOptions {
  store: PlaceboardStore;
  rooms: RoomManager;
  /** Counts the posts of each IP address and each link (`ip:…`, `link:…`): see createLimiters. */
  postLimiter: WindowLimiter;
  /** How to read a sender's address (see {@link createAddressOfRequest}). */
  addressOf: AddressOfRequest;
  /** Clock in milliseconds. @default Date.now */
  now?: () => number;
}

/** Said when a community link is revoked, expired, unknown, or not a community link at all. */
const LINK_GONE = 'This community page link has expired or been withdrawn. Ask whoever shared it with you for a new one.';
/** Said when a sender or a link has posted its allowance for the hour. */
export const RATE_LIMITED_MESSAGE = 'You have added a lot of local knowledge in the last hour. Please wait a little and try again.';

const contributionBody = z.object({
  point: z.tuple(
    [
      z.number({ error: 'longitude must be a number' }).min(-180, 'longitude must be between -180 and 180').max(180, 'longitude must be between -180 and 180'),
      z.number({ error: 'latitude must be a number' }).min(-90, 'latitude must be between -90 and 90').max(90, 'latitude must be between -90 and 90'),
    ],
    { error: 'give the place as [longitude, latitude]' },
  ),
  category: z.enum(COMMUNITY_CATEGORIES, {
    error: (issue) => (issue.input === undefined ? 'choose a category' : `must be one of: ${COMMUNITY_CATEGORIES.join(', ')}`),
  }),
  text: z
    .string({ error: (issue) => (issue.input === undefined ? 'write what you know' : 'must be text') })
    .trim()
    .min(1, 'write what you know')
    .max(CONTRIBUTION_TEXT_MAX, `must be ${CONTRIBUTION_TEXT_MAX.toLocaleString('en-GB')} characters or fewer`),
});

/** Who a community link's posts are recorded as: the group the link was made for, never a person. */
export function communityAuthorName(link: Pick<ShareLink, 'label'>): string {
  return `Community (${link.label.trim() || 'community link'})`;
}

/**
 * The public community lane, `/api/community/:token`: no session, only the token of a live community link.
 *
 * - `GET` answers the board's community page ({@link communityBoardView}): title, categories, published layers,
 *   published contributions, map view. Never who made anything.
 * - `POST /contributions {point, category, text}` adds a `pending` contribution to the board, through its room (so it
 *   is stored before anyone sees it, audited as the link, and the link recorded as its creator). 201 `{id, status}`.
 *   Each IP address and each link may post `COMMUNITY_POSTS_PER_HOUR` an hour (429 with Retry-After beyond that).
 *
 * A revoked, expired or unknown link, or a board link, is a 410 `link_expired`.
 */
export function createCommunityRoutes(options: CommunityRoutesOptions): Hono<SessionEnv> {
  const { store, rooms } = options;
  const now = options.now ?? Date.now;
  const limiter = options.postLimiter;
  const { addressOf } = options;
  const app = new Hono<SessionEnv>();

  const liveLink = async (token: string): Promise<ShareLink> => {
    const link = await store.getLinkByToken(hashToken(token));
    if (!link || link.kind !== 'community' || !linkIsLive(link, now())) throw new ApiError(410, 'link_expired', LINK_GONE);
    return link;
  };
  /** The board of a live link; a board deleted since the link was made is as gone as the link. */
  const onBoard = async <T>(link: ShareLink, fn: (room: Room) => Promise<T> | T): Promise<T> => {
    try {
      return await withBoardRoom(rooms, link.boardId, fn);
    } catch (error) {
      if (error instanceof ApiError && error.code === 'not_found') throw new ApiError(410, 'link_expired', LINK_GONE);
      throw error;
    }
  };

  app.get('/:token', async (c) => {
    const link = await liveLink(c.req.param('token'));
    const view = await onBoard(link, (room) => communityBoardView(room.doc));
    c.header('Cache-Control', 'no-store');
    return c.json(view);
  });

  app.post('/:token/contributions', async (c) => {
    const link = await liveLink(c.req.param('token'));
    const body = parseBody(contributionBody, await readJson(c));
    const reservation = await limiter.take([`ip:${clientAddress(c, addressOf)}`, `link:${link.id}`]);
    if (!reservation.ok) {
      c.header('Retry-After', String(Math.ceil(reservation.retryAfterMs / 1000)));
      throw new ApiError(429, 'rate_limited', RATE_LIMITED_MESSAGE);
    }
    const actor = `link:${link.id}`;
    const actorName = communityAuthorName(link);
    const id: RecordId = newRecordId();
    try {
      await onBoard(link, (room) =>
        changeBoard(room, (doc) => addContribution(doc, { point: body.point, category: body.category, text: body.text }, { name: actorName, now }, id), {
          actor,
          actorName,
          createdRecords: [{ root: 'community', record: id }],
        }),
      );
    } catch (error) {
      // Not stored, so it does not count against anyone's allowance.
      reservation.release();
      throw error;
    }
    c.header('Cache-Control', 'no-store');
    return c.json({ id, status: 'pending' as const }, 201);
  });

  return app;
}
