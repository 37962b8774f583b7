import { ROLES, canManageAccess, canReadAudit, getRoots, type BoardId, type Role } from '@placeboard/board';
import { CloseCode } from '@placeboard/protocol';
import { Hono } from 'hono';
import { nanoid } from 'nanoid';
import { z } from 'zod';
import { presenceKey, type BoardAccess } from '../auth/access.js';
import { hashToken, newToken } from '../auth/tokens.js';
import type { AuditEvent, Invite, ShareLink } from '../store/access-types.js';
import type { PlaceboardStore } from '../store/types.js';
import type { RoomManager } from '../sync/rooms.js';
import { setSessionCookie } from './auth.js';
import { boardIdParam, withBoardRoom } from './board-room.js';
import { ApiError, parseBody, readJson } from './errors.js';
import { anyRole, requireBoardRole, type SessionEnv } from './session.js';

/** Options of {@link createMemberRoutes}. */
export interface MemberRoutesOptions {
  store: PlaceboardStore;
  rooms: RoomManager;
  now?: () => number;
}

/** How long an invitation link stays valid. */
export const INVITE_MS = 14 * 24 * 60 * 60 * 1000;
/** Roles a share link may grant: never owner, so access settings stay with named people. */
const LINK_ROLES = ROLES.filter((role) => role !== 'owner') as [Role, ...Role[]];

const roleSchema = z.enum(ROLES);
const partnerIdSchema = z.string().trim().min(1).max(100).nullable().optional();
const inviteBody = z.object({
  email: z.string().trim().toLowerCase().email('email must be an email address').max(320),
  role: roleSchema,
  partnerId: partnerIdSchema,
});
const memberPatch = z
  .object({ role: roleSchema.optional(), partnerId: partnerIdSchema })
  .refine((body) => body.role !== undefined || body.partnerId !== undefined, 'give a role, a partnerId, or both');
const linkBody = z.object({
  role: z.enum(LINK_ROLES, { message: `role must be one of: ${LINK_ROLES.join(', ')}` }),
  expiresAt: z.union([z.number().int().positive(), z.iso.datetime({ offset: true }).transform((s) => Date.parse(s)), z.null()]).optional(),
  partnerId: partnerIdSchema,
  label: z.string().trim().max(100).optional(),
  kind: z.enum(['board', 'community']).optional(),
});
const acceptBody = z.object({
  name: z.string().trim().min(1).max(100).optional(),
  password: z.string().min(10, 'password must be at least 10 characters').max(200).optional(),
});

/** The public view of a share link (never its token). */
function linkView(link: ShareLink) {
  const { tokenHash: _t, ...rest } = link;
  return rest;
}
function inviteView(invite: Invite) {
  const { tokenHash: _t, ...rest } = invite;
  return rest;
}

/** Board-relative URL of a share link: `/s/:token` for the board, `/c/:token` for the community page. */
export function linkPath(kind: ShareLink['kind'], token: string): string {
  return kind === 'community' ? `/c/${token}` : `/s/${token}`;
}

/**
 * Members, invitations and share links of a board (`/api/boards/:id/members|invites|links`), the caller's own
 * access (`/api/boards/:id/access`), accepting an invitation (`/api/invites/:token`) and opening a share link
 * (`/s/:token`). Only owners change access; when they withdraw it, live connections go within the same request.
 */
export function createMemberRoutes(options: MemberRoutesOptions) {
  const { store, rooms } = options;
  const now = options.now ?? Date.now;
  const boards = new Hono<SessionEnv>();
  const audit = (access: BoardAccess, kind: AuditEvent['kind'], detail: string) =>
    store.appendAudit([{ boardId: access.boardId, at: now(), actor: access.actor, actorName: access.name, kind, roots: [], records: [], bytes: 0, detail }]);
  const owner = (c: Parameters<typeof requireBoardRole>[0], id: string) =>
    requireBoardRole(c, boardIdParam(id), canManageAccess, 'change who has access');
  const urlOf = (c: { req: { url: string } }, path: string) => new URL(path, c.req.url).toString();

  /** Refuses a partner id the board does not have, so agreement cannot be given in a made-up partner's name. */
  const checkPartner = async (boardId: BoardId, partnerId: string | null | undefined) => {
    if (!partnerId) return;
    const known = await withBoardRoom(rooms, boardId, (room) => getRoots(room.doc).partners.has(partnerId));
    if (!known) throw new ApiError(400, 'validation_failed', `partnerId: no partner "${partnerId}" on this board`);
  };

  boards.get('/:id/access', async (c) => {
    const access = await requireBoardRole(c, boardIdParam(c.req.param('id')), anyRole, 'open this board');
    const { role, partnerId, name, actor } = access;
    return c.json({ role, partnerId, name, actor, presenceKey: presenceKey(access) });
  });

  boards.get('/:id/members', async (c) => {
    const access = await requireBoardRole(c, boardIdParam(c.req.param('id')), canReadAudit, 'see the member list');
    const members = await store.listMembers(access.boardId);
    if (!canManageAccess(access.role)) return c.json({ members, invites: [], links: [] });
    const [invites, links] = await Promise.all([store.listInvites(access.boardId), store.listLinks(access.boardId)]);
    return c.json({ members, invites: invites.map(inviteView), links: links.map(linkView) });
  });

  boards.post('/:id/invites', async (c) => {
    const access = await owner(c, c.req.param('id'));
    const body = parseBody(inviteBody, await readJson(c));
    await checkPartner(access.boardId, body.partnerId);
    const token = newToken();
    const invite: Invite = {
      id: nanoid(),
      tokenHash: hashToken(token),
      boardId: access.boardId,
      email: body.email,
      role: body.role,
      partnerId: body.partnerId ?? null,
      createdBy: access.actor,
      createdAt: now(),
      expiresAt: now() + INVITE_MS,
      acceptedAt: null,
    };
    await store.createInvite(invite);
    await audit(access, 'invite', `invited ${body.email} as ${body.role}`);
    return c.json({ invite: inviteView(invite), token, url: urlOf(c, `/invite/${token}`) }, 201);
  });

  boards.delete('/:id/invites/:inviteId', async (c) => {
    const access = await owner(c, c.req.param('id'));
    if (!(await store.deleteInvite(access.boardId, c.req.param('inviteId')))) throw new ApiError(404, 'not_found', 'No such invitation.');
    await audit(access, 'invite', 'withdrew an invitation');
    return c.body(null, 204);
  });

  boards.patch('/:id/members/:userId', async (c) => {
    const access = await owner(c, c.req.param('id'));
    const userId = c.req.param('userId');
    const body = parseBody(memberPatch, await readJson(c));
    const member = await store.getMember(access.boardId, userId);
    if (!member) throw new ApiError(404, 'not_found', 'That person is not a member of this board.');
    await checkPartner(access.boardId, body.partnerId);
    const role = body.role ?? member.role;
    if (member.role === 'owner' && role !== 'owner') await keepAnOwner(access.boardId, userId);
    const partnerId = body.partnerId === undefined ? member.partnerId : body.partnerId;
    await store.putMember({ ...member, role, partnerId });
    // Their open connections carry the old role: close them, and they reconnect with the new one.
    await rooms.disconnectWhere(access.boardId, { userId }, CloseCode.accessChanged, 'your access to this board changed');
    await audit(access, 'member', `set ${userId} to ${role}${partnerId ? ` for partner ${partnerId}` : ''}`);
    return c.json({ ...member, role, partnerId });
  });

  boards.delete('/:id/members/:userId', async (c) => {
    const access = await owner(c, c.req.param('id'));
    const userId = c.req.param('userId');
    const member = await store.getMember(access.boardId, userId);
    if (!member) throw new ApiError(404, 'not_found', 'That person is not a member of this board.');
    if (member.role === 'owner') await keepAnOwner(access.boardId, userId);
    await store.removeMember(access.boardId, userId);
    await rooms.disconnectWhere(access.boardId, { userId }, CloseCode.accessChanged, 'you were removed from this board');
    await audit(access, 'member', `removed ${userId}`);
    return c.body(null, 204);
  });

  boards.post('/:id/links', async (c) => {
    const access = await owner(c, c.req.param('id'));
    const body = parseBody(linkBody, await readJson(c));
    if (body.expiresAt != null && body.expiresAt <= now()) throw new ApiError(400, 'validation_failed', 'expiresAt: must be in the future');
    await checkPartner(access.boardId, body.partnerId);
    const kind = body.kind ?? 'board';
    if (kind === 'community' && body.role !== 'contributor') {
      throw new ApiError(400, 'validation_failed', 'role: a community link is always for contributors');
    }
    const token = newToken();
    const link: ShareLink = {
      id: nanoid(),
      tokenHash: hashToken(token),
      boardId: access.boardId,
      kind,
      role: body.role,
      partnerId: body.partnerId ?? null,
      label: body.label ?? '',
      createdBy: access.actor,
      createdAt: now(),
      expiresAt: body.expiresAt ?? null,
      revokedAt: null,
    };
    await store.createLink(link);
    await audit(access, 'link', `created a ${kind} link for ${body.role}${link.label ? ` (${link.label})` : ''}`);
    return c.json({ link: linkView(link), token, url: urlOf(c, linkPath(kind, token)) }, 201);
  });

  boards.delete('/:id/links/:linkId', async (c) => {
    const access = await owner(c, c.req.param('id'));
    const linkId = c.req.param('linkId');
    const link = await store.getLink(linkId);
    if (!link || link.boardId !== access.boardId) throw new ApiError(404, 'not_found', 'No such link on this board.');
    await store.revokeLink(linkId, now());
    await rooms.disconnectWhere(access.boardId, { linkId }, CloseCode.accessChanged, 'this share link was withdrawn');
    await audit(access, 'link', `revoked a ${link.kind} link for ${link.role}${link.label ? ` (${link.label})` : ''}`);
    return c.body(null, 204);
  });

  /** Refuses to leave a board with no owner (the server's admin still owns it, but cannot be the only way in). */
  async function keepAnOwner(boardId: BoardId, leaving: string): Promise<void> {
    const owners = (await store.listMembers(boardId)).filter((m) => m.role === 'owner' && m.userId !== leaving);
    if (owners.length === 0) throw new ApiError(409, 'last_owner', 'A board needs at least one owner: make someone else owner first.');
  }

  const invites = new Hono<SessionEnv>();
  const liveInvite = async (token: string) => {
    const invite = await store.getInviteByToken(hashToken(token));
    if (!invite || invite.acceptedAt !== null || invite.expiresAt <= now()) {
      throw new ApiError(410, 'link_expired', 'This invitation has expired or has already been used. Ask the board owner for a new one.');
    }
    return invite;
  };

  invites.get('/:token', async (c) => {
    const invite = await liveInvite(c.req.param('token'));
    const board = await store.getBoard(invite.boardId);
    const account = await store.getUserByEmail(invite.email);
    return c.json({ boardTitle: board?.title ?? '', email: invite.email, role: invite.role, hasAccount: account !== undefined });
  });

  /**
   * Accepts an invitation: a signed-in user with the invited email joins at once; someone without an account
   * creates one with a name and password (and is signed in). The invitation works once.
   */
  invites.post('/:token/accept', async (c) => {
    const invite = await liveInvite(c.req.param('token'));
    const identity = c.get('identity');
    let userId: string;
    let userName: string;
    if (identity.kind === 'user') {
      if (identity.user.email.toLowerCase() !== invite.email.toLowerCase()) {
        throw new ApiError(403, 'forbidden', `This invitation is for ${invite.email}; you are signed in as ${identity.user.email}.`);
      }
      userId = identity.user.id;
      userName = identity.user.name;
    } else {
      const body = parseBody(acceptBody, await readJson(c));
      if (!body.name || !body.password) throw new ApiError(400, 'validation_failed', 'Give a name and a password to create your account.');
      const user = await c.get('access').createLocalUser({ email: invite.email, name: body.name, password: body.password });
      setSessionCookie(c, await c.get('access').sessionFor(user.id));
      userId = user.id;
      userName = user.name;
    }
    await store.putMember({ boardId: invite.boardId, userId, role: invite.role, partnerId: invite.partnerId, addedAt: now() });
    await store.markInviteAccepted(invite.id, now());
    await store.appendAudit([
      { boardId: invite.boardId, at: now(), actor: `user:${userId}`, actorName: userName, kind: 'member', roots: [], records: [], bytes: 0, detail: `joined as ${invite.role}` },
    ]);
    return c.json({ boardId: invite.boardId, role: invite.role });
  });

  const pages = new Hono<SessionEnv>();
  /** Opening a board share link: a session bound to the link, then the board. */
  pages.get('/s/:token', async (c) => {
    const created = await c.get('access').sessionForLink(c.req.param('token'));
    if (created.link.kind !== 'board') return c.redirect(linkPath(created.link.kind, c.req.param('token')));
    setSessionCookie(c, created);
    return c.redirect(`/b/${created.link.boardId}`);
  });

  return { boards, invites, pages };
}
