import type { IncomingMessage } from 'node:http';
import type { BoardId } from '@placeboard/board';
import { parse as parseCookies } from 'hono/utils/cookie';
import { SESSION_COOKIE } from '../http/session.js';
import type { Access, BoardAccess } from './access.js';

/**
 * The `authenticate` hook of the WebSocket upgrade: a share link's `?token=`, else `Authorization: Bearer`, else
 * the session cookie (browsers send it with the upgrade; it is SameSite=Lax and the upgrade is same-site).
 */
export function createUpgradeAuthenticator(access: Access) {
  return async (request: IncomingMessage, boardId: BoardId): Promise<{ access: BoardAccess } | { refuse: 401 | 404 }> => {
    const url = new URL(request.url ?? '/', 'http://placeboard.invalid');
    const bearer = request.headers.authorization?.match(/^Bearer\s+(\S+)$/i)?.[1];
    const cookie = request.headers.cookie ? parseCookies(request.headers.cookie, SESSION_COOKIE)[SESSION_COOKIE] : undefined;
    const secret = url.searchParams.get('token') || bearer || cookie;
    const identity = await access.identify(secret);
    if (identity.kind === 'anonymous') return { refuse: 401 };
    const granted = await access.boardAccess(identity, boardId);
    return granted ? { access: granted } : { refuse: 404 };
  };
}
