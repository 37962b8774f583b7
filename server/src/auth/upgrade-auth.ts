import type { IncomingMessage } from 'node:http';
import type { BoardId } from '@placeboard/board';
import { parse as parseCookies } from 'hono/utils/cookie';
import { SESSION_COOKIE } from '../http/session.js';
import type { Access, BoardAccess } from './access.js';

/**
 * True when a browser's upgrade comes from a page of this server: its `Origin` names the host the request was sent
 * to, or the configured public address. Browsers always send `Origin` with a WebSocket; scripts may leave it out.
 */
export function isSameOrigin(request: IncomingMessage, publicUrl: string | undefined): boolean {
  const origin = request.headers.origin;
  if (origin === undefined) return true;
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    return false;
  }
  if (host === request.headers.host) return true;
  return publicUrl !== undefined && new URL(publicUrl).host === host;
}

/**
 * The `authenticate` hook of the WebSocket upgrade: a share link's `?token=`, else `Authorization: Bearer`, else
 * the session cookie. Browsers send the cookie with any upgrade to this host, even one opened by a page on another
 * site of the same domain, so an upgrade authenticated by the cookie must come from one of this server's pages
 * ({@link isSameOrigin}); tokens in the URL or a header are never sent by a browser on its own.
 */
export function createUpgradeAuthenticator(access: Access, options: { publicUrl?: string | undefined } = {}) {
  return async (request: IncomingMessage, boardId: BoardId): Promise<{ access: BoardAccess } | { refuse: 401 | 404 }> => {
    const url = new URL(request.url ?? '/', 'http://placeboard.invalid');
    const bearer = request.headers.authorization?.match(/^Bearer\s+(\S+)$/i)?.[1];
    const cookie = request.headers.cookie ? parseCookies(request.headers.cookie, SESSION_COOKIE)[SESSION_COOKIE] : undefined;
    const explicit = url.searchParams.get('token') || bearer;
    if (!explicit && cookie && !isSameOrigin(request, options.publicUrl)) return { refuse: 401 };
    const secret = explicit || cookie;
    const identity = await access.identify(secret);
    if (identity.kind === 'anonymous') return { refuse: 401 };
    const granted = await access.boardAccess(identity, boardId);
    return granted ? { access: granted } : { refuse: 404 };
  };
}
