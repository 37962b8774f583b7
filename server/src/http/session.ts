import type { BoardId, Role } from '@placeboard/board';
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import type { Access, BoardAccess, Identity } from '../auth/access.js';
import { sameSecret } from '../auth/tokens.js';
import { ApiError } from './errors.js';

/** Name of the HttpOnly cookie that holds a browser's session token. */
export const SESSION_COOKIE = 'placeboard_session';
/** Header that carries the session's CSRF token on every state-changing call made with the cookie. */
export const CSRF_HEADER = 'x-csrf-token';

/** Hono variables the session middleware sets for every API route. */
export interface SessionEnv {
  Variables: {
    identity: Identity;
    /** How the identity was presented: a cookie needs the CSRF header on state-changing calls; a Bearer token does not. */
    via: 'cookie' | 'bearer' | 'none';
    access: Access;
  };
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The secret a request presents: `Authorization: Bearer`, else the session cookie. */
export function presentedSecret(c: Context): { secret: string | undefined; via: 'cookie' | 'bearer' | 'none' } {
  const header = c.req.header('authorization');
  const bearer = header?.match(/^Bearer\s+(\S+)$/i)?.[1];
  if (bearer) return { secret: bearer, via: 'bearer' };
  const cookie = getCookie(c, SESSION_COOKIE);
  return cookie ? { secret: cookie, via: 'cookie' } : { secret: undefined, via: 'none' };
}

/**
 * Works out who is calling (see {@link Access.identify}) and refuses a state-changing call made with the session
 * cookie unless it carries that session's CSRF token in `X-CSRF-Token`: a page on another site can make the browser
 * send the cookie, but cannot read the token. Bearer tokens are never sent by a browser on its own, so need none.
 */
export function createSessionMiddleware(access: Access): MiddlewareHandler<SessionEnv> {
  return async (c, next) => {
    const { secret, via } = presentedSecret(c);
    const identity = await access.identify(secret);
    c.set('access', access);
    c.set('identity', identity);
    c.set('via', identity.kind === 'anonymous' ? 'none' : via);
    if (via === 'cookie' && identity.kind !== 'anonymous' && !SAFE_METHODS.has(c.req.method)) {
      const sent = c.req.header(CSRF_HEADER) ?? '';
      const expected = identity.session?.csrfToken ?? '';
      if (!expected || !sameSecret(sent, expected)) {
        throw new ApiError(403, 'csrf_failed', 'This request is missing its CSRF token. Reload the page and try again.');
      }
    }
    await next();
  };
}

/** The signed-in user of a request, or a 401. */
export function requireUser(c: Context<SessionEnv>) {
  const identity = c.get('identity');
  if (identity.kind !== 'user') throw new ApiError(401, 'unauthenticated', 'Sign in to do this.');
  return identity;
}

/**
 * The caller's access to a board, checked against what the route needs. Anonymous callers get a 401; callers with
 * no access at all get a 404, so board ids cannot be probed; callers whose role is too low get a 403 naming it.
 */
export async function requireBoardRole(
  c: Context<SessionEnv>,
  boardId: BoardId,
  allowed: (role: Role) => boolean,
  action: string,
): Promise<BoardAccess> {
  const identity = c.get('identity');
  if (identity.kind === 'anonymous') throw new ApiError(401, 'unauthenticated', 'Sign in, or open a share link, to see this board.');
  const access = await c.get('access').boardAccess(identity, boardId);
  if (!access) throw new ApiError(404, 'not_found', 'No board with that id.');
  if (!allowed(access.role)) throw new ApiError(403, 'forbidden', `A ${access.role} cannot ${action}.`);
  return access;
}

/** Any role at all: the board is readable to everyone who has access. */
export const anyRole = (): boolean => true;
