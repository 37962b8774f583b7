import type { BoardId, Role, RootName } from '@placeboard/board';
import type {
  AuditEvent,
  AuditKind,
  Invite,
  Member,
  Session,
  ShareLink,
  ShareLinkKind,
  User,
  UserCredentials,
} from './access-types.js';

/*
 * Rows of the access tables as both SQL stores read them (the schema is the same in SQLite and PostgreSQL; timestamps
 * are milliseconds since the epoch in both), and the mappers from rows to the store's types.
 */

export interface UserRow {
  id: string;
  email: string;
  name: string;
  password_hash: string | null;
  oidc_issuer: string | null;
  oidc_subject: string | null;
  /** 0 or 1 in SQLite, a boolean in PostgreSQL. */
  is_admin: number | boolean;
  created_at: number;
}
export interface SessionRow {
  token_hash: string;
  user_id: string | null;
  link_id: string | null;
  display_name: string | null;
  csrf_token: string;
  created_at: number;
  expires_at: number;
}
export interface MemberRow {
  board_id: string;
  user_id: string;
  role: string;
  partner_id: string | null;
  added_at: number;
}
export interface LinkRow {
  id: string;
  token_hash: string;
  board_id: string;
  kind: string;
  role: string;
  partner_id: string | null;
  label: string;
  created_by: string;
  created_at: number;
  expires_at: number | null;
  revoked_at: number | null;
}
export interface InviteRow {
  id: string;
  token_hash: string;
  board_id: string;
  email: string;
  role: string;
  partner_id: string | null;
  created_by: string;
  created_at: number;
  expires_at: number;
  accepted_at: number | null;
}
export interface AuditRow {
  id: number;
  board_id: string | null;
  at: number;
  actor: string;
  actor_name: string;
  kind: string;
  roots: string;
  records: string;
  bytes: number;
  detail: string;
}

export const toUser = (row: UserRow): UserCredentials => ({
  id: row.id,
  email: row.email,
  name: row.name,
  isAdmin: row.is_admin === 1 || row.is_admin === true,
  createdAt: row.created_at,
  passwordHash: row.password_hash,
  oidcIssuer: row.oidc_issuer,
  oidcSubject: row.oidc_subject,
});
export const publicUser = ({ passwordHash: _p, oidcIssuer: _i, oidcSubject: _s, ...user }: UserCredentials): User => user;
export const toSession = (row: SessionRow): Session => ({
  tokenHash: row.token_hash,
  userId: row.user_id,
  linkId: row.link_id,
  displayName: row.display_name,
  csrfToken: row.csrf_token,
  createdAt: row.created_at,
  expiresAt: row.expires_at,
});
export const toMember = (row: MemberRow): Member => ({
  boardId: row.board_id as BoardId,
  userId: row.user_id,
  role: row.role as Role,
  partnerId: row.partner_id,
  addedAt: row.added_at,
});
export const toLink = (row: LinkRow): ShareLink => ({
  id: row.id,
  tokenHash: row.token_hash,
  boardId: row.board_id as BoardId,
  kind: row.kind as ShareLinkKind,
  role: row.role as Role,
  partnerId: row.partner_id,
  label: row.label,
  createdBy: row.created_by,
  createdAt: row.created_at,
  expiresAt: row.expires_at,
  revokedAt: row.revoked_at,
});
export const toInvite = (row: InviteRow): Invite => ({
  id: row.id,
  tokenHash: row.token_hash,
  boardId: row.board_id as BoardId,
  email: row.email,
  role: row.role as Role,
  partnerId: row.partner_id,
  createdBy: row.created_by,
  createdAt: row.created_at,
  expiresAt: row.expires_at,
  acceptedAt: row.accepted_at,
});
export const toAudit = (row: AuditRow): AuditEvent => ({
  id: row.id,
  boardId: row.board_id as BoardId | null,
  at: row.at,
  actor: row.actor,
  actorName: row.actor_name,
  kind: row.kind as AuditKind,
  roots: JSON.parse(row.roots) as RootName[],
  records: JSON.parse(row.records) as string[],
  bytes: row.bytes,
  detail: row.detail,
});
