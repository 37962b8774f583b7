import type pg from 'pg';
import type { BoardId, RootName } from '@placeboard/board';
import type {
  AccessStore,
  AuditEvent,
  MemberView,
  RecordCreator,
} from './access-types.js';
import {
  toUser,
  publicUser,
  toSession,
  toMember,
  toLink,
  toInvite,
  toAudit,
  type UserRow,
  type SessionRow,
  type MemberRow,
  type LinkRow,
  type InviteRow,
  type AuditRow,
} from './access-rows.js';
import type { Queryable } from './postgres-db.js';

/** The one-time setup tokens' hashes, one per process that started without an account: the fourth schema step. */
export const PG_SETUP_TOKENS_SCHEMA = `
  CREATE TABLE setup_tokens (
    token_hash TEXT PRIMARY KEY,
    created_at BIGINT NOT NULL
  );
`;

/**
 * Schema of the access tables: the second step of the PostgreSQL schema (see postgres.ts), the same tables and columns
 * as sqlite-access.ts. Emails are unique whatever their case through an index on `lower(email)`, which lookups use.
 */
export const PG_ACCESS_SCHEMA = `
  CREATE TABLE users (
    id TEXT PRIMARY KEY,
    email TEXT NOT NULL,
    name TEXT NOT NULL,
    password_hash TEXT,
    oidc_issuer TEXT,
    oidc_subject TEXT,
    is_admin BOOLEAN NOT NULL DEFAULT FALSE,
    created_at BIGINT NOT NULL,
    UNIQUE (oidc_issuer, oidc_subject)
  );
  CREATE UNIQUE INDEX users_by_email ON users (lower(email));
  CREATE TABLE share_links (
    id TEXT PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    board_id TEXT NOT NULL REFERENCES boards(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    role TEXT NOT NULL,
    partner_id TEXT,
    label TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT,
    revoked_at BIGINT
  );
  CREATE INDEX share_links_by_board ON share_links(board_id);
  CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id TEXT REFERENCES users(id) ON DELETE CASCADE,
    link_id TEXT REFERENCES share_links(id) ON DELETE CASCADE,
    display_name TEXT,
    csrf_token TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
  );
  CREATE TABLE members (
    board_id TEXT NOT NULL REFERENCES boards(id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    role TEXT NOT NULL,
    partner_id TEXT,
    added_at BIGINT NOT NULL,
    PRIMARY KEY (board_id, user_id)
  );
  CREATE INDEX members_by_user ON members(user_id);
  CREATE TABLE invites (
    id TEXT PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    board_id TEXT NOT NULL REFERENCES boards(id) ON DELETE CASCADE,
    email TEXT NOT NULL,
    role TEXT NOT NULL,
    partner_id TEXT,
    created_by TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    accepted_at BIGINT
  );
  CREATE TABLE record_creators (
    board_id TEXT NOT NULL REFERENCES boards(id) ON DELETE CASCADE,
    root TEXT NOT NULL,
    record TEXT NOT NULL,
    actor TEXT NOT NULL,
    PRIMARY KEY (board_id, root, record)
  );
  CREATE TABLE audit (
    id BIGSERIAL PRIMARY KEY,
    board_id TEXT REFERENCES boards(id) ON DELETE CASCADE,
    at BIGINT NOT NULL,
    actor TEXT NOT NULL,
    actor_name TEXT NOT NULL,
    kind TEXT NOT NULL,
    roots TEXT NOT NULL,
    records TEXT NOT NULL,
    bytes INTEGER NOT NULL,
    detail TEXT NOT NULL
  );
  CREATE INDEX audit_by_board ON audit(board_id, at);
`;


/** Columns of an audit line, in the order of {@link auditArrays} and {@link auditRowsSql}. */
export const AUDIT_COLUMNS = 'board_id, at, actor, actor_name, kind, roots, records, bytes, detail';

/**
 * The rows of audit lines as a FROM item, in order of their `n`: `unnest` of the nine arrays of {@link auditArrays},
 * given as parameters from `$first` on.
 */
export function auditRowsSql(first: number): string {
  const types = ['text', 'bigint', 'text', 'text', 'text', 'text', 'text', 'int', 'text'];
  return `unnest(${types.map((type, i) => `$${first + i}::${type}[]`).join(', ')}) WITH ORDINALITY AS e(${AUDIT_COLUMNS}, n)`;
}

/** Audit lines as nine parameter arrays, one a column: see {@link auditRowsSql}. */
export function auditArrays(events: readonly AuditEvent[]): unknown[][] {
  return [
    events.map((e) => e.boardId),
    events.map((e) => e.at),
    events.map((e) => e.actor),
    events.map((e) => e.actorName),
    events.map((e) => e.kind),
    events.map((e) => JSON.stringify(e.roots)),
    events.map((e) => JSON.stringify(e.records)),
    events.map((e) => e.bytes),
    events.map((e) => e.detail),
  ];
}

/** Writes audit lines, in order, in one statement (so any number of them is atomic). */
export async function insertAudit(db: Queryable, events: readonly AuditEvent[]): Promise<void> {
  if (events.length === 0) return;
  await db.query(`INSERT INTO audit (${AUDIT_COLUMNS}) SELECT ${AUDIT_COLUMNS} FROM ${auditRowsSql(1)} ORDER BY n`, auditArrays(events));
}

/** Records who created records, keeping the first creator of each. */
export async function insertRecordCreators(db: Queryable, boardId: string, creators: readonly RecordCreator[]): Promise<void> {
  if (creators.length === 0) return;
  await db.query(
    `INSERT INTO record_creators (board_id, root, record, actor)
     SELECT $1, root, record, actor FROM unnest($2::text[], $3::text[], $4::text[]) AS c(root, record, actor)
     ON CONFLICT DO NOTHING`,
    [boardId, creators.map((c) => c.root), creators.map((c) => c.record), creators.map((c) => c.actor)],
  );
}

/** The {@link AccessStore} half of the PostgreSQL store, on the same database (and schema) as the boards. */
export function createPostgresAccess(pool: pg.Pool): AccessStore {
  const one = async <R extends pg.QueryResultRow>(text: string, values: unknown[]): Promise<R | undefined> =>
    (await pool.query<R>(text, values)).rows[0];
  const all = async <R extends pg.QueryResultRow>(text: string, values: unknown[]): Promise<R[]> =>
    (await pool.query<R>(text, values)).rows;
  const changed = async (text: string, values: unknown[]): Promise<boolean> => ((await pool.query(text, values)).rowCount ?? 0) > 0;

  return {
    async countUsers() {
      return (await one<{ n: number }>('SELECT count(*) AS n FROM users', []))?.n ?? 0;
    },
    async addSetupToken(tokenHash, now) {
      await pool.query('INSERT INTO setup_tokens (token_hash, created_at) VALUES ($1, $2) ON CONFLICT DO NOTHING', [tokenHash, now]);
    },
    async consumeSetupToken(tokenHash) {
      // One statement: of two at once, the second waits on the rows the first deletes, then finds them gone.
      return changed('DELETE FROM setup_tokens WHERE EXISTS (SELECT 1 FROM setup_tokens WHERE token_hash = $1)', [tokenHash]);
    },
    async createUser(user) {
      await pool.query(
        `INSERT INTO users (id, email, name, password_hash, oidc_issuer, oidc_subject, is_admin, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [user.id, user.email, user.name, user.passwordHash, user.oidcIssuer, user.oidcSubject, user.isAdmin, user.createdAt],
      );
      return publicUser(user);
    },
    async getUser(id) {
      const row = await one<UserRow>('SELECT * FROM users WHERE id = $1', [id]);
      return row ? publicUser(toUser(row)) : undefined;
    },
    async getUserByEmail(email) {
      const row = await one<UserRow>('SELECT * FROM users WHERE lower(email) = lower($1)', [email]);
      return row ? toUser(row) : undefined;
    },
    async getUserByOidc(issuer, subject) {
      const row = await one<UserRow>('SELECT * FROM users WHERE oidc_issuer = $1 AND oidc_subject = $2', [issuer, subject]);
      return row ? publicUser(toUser(row)) : undefined;
    },
    async createSession(s) {
      await pool.query(
        `INSERT INTO sessions (token_hash, user_id, link_id, display_name, csrf_token, created_at, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [s.tokenHash, s.userId, s.linkId, s.displayName, s.csrfToken, s.createdAt, s.expiresAt],
      );
    },
    async getSession(tokenHash) {
      const row = await one<SessionRow>('SELECT * FROM sessions WHERE token_hash = $1', [tokenHash]);
      return row ? toSession(row) : undefined;
    },
    async deleteSession(tokenHash) {
      await pool.query('DELETE FROM sessions WHERE token_hash = $1', [tokenHash]);
    },
    async setSessionName(tokenHash, name) {
      await pool.query('UPDATE sessions SET display_name = $1 WHERE token_hash = $2', [name, tokenHash]);
    },
    async putMember(m) {
      await pool.query(
        `INSERT INTO members (board_id, user_id, role, partner_id, added_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (board_id, user_id) DO UPDATE SET role = excluded.role, partner_id = excluded.partner_id`,
        [m.boardId, m.userId, m.role, m.partnerId, m.addedAt],
      );
    },
    async getMember(boardId, userId) {
      const row = await one<MemberRow>('SELECT * FROM members WHERE board_id = $1 AND user_id = $2', [boardId, userId]);
      return row ? toMember(row) : undefined;
    },
    async listMembers(boardId): Promise<MemberView[]> {
      // lower() and COLLATE "C" order as SQLite's NOCASE and binary collations do, whatever the database's locale.
      const rows = await all<MemberRow & { email: string; name: string }>(
        `SELECT members.*, users.email, users.name FROM members JOIN users ON users.id = members.user_id
         WHERE board_id = $1 ORDER BY lower(users.name) COLLATE "C", users.email COLLATE "C"`,
        [boardId],
      );
      return rows.map((row) => ({ ...toMember(row), email: row.email, name: row.name }));
    },
    async removeMember(boardId, userId) {
      return changed('DELETE FROM members WHERE board_id = $1 AND user_id = $2', [boardId, userId]);
    },
    async boardsOfUser(userId) {
      return (await all<{ board_id: string }>('SELECT board_id FROM members WHERE user_id = $1', [userId])).map(
        (row) => row.board_id as BoardId,
      );
    },
    async createLink(l) {
      await pool.query(
        `INSERT INTO share_links (id, token_hash, board_id, kind, role, partner_id, label, created_by, created_at, expires_at, revoked_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
        [l.id, l.tokenHash, l.boardId, l.kind, l.role, l.partnerId, l.label, l.createdBy, l.createdAt, l.expiresAt, l.revokedAt],
      );
    },
    async getLink(id) {
      const row = await one<LinkRow>('SELECT * FROM share_links WHERE id = $1', [id]);
      return row ? toLink(row) : undefined;
    },
    async getLinkByToken(tokenHash) {
      const row = await one<LinkRow>('SELECT * FROM share_links WHERE token_hash = $1', [tokenHash]);
      return row ? toLink(row) : undefined;
    },
    async listLinks(boardId) {
      return (await all<LinkRow>('SELECT * FROM share_links WHERE board_id = $1 ORDER BY created_at, id COLLATE "C"', [boardId])).map(toLink);
    },
    async revokeLink(id, now) {
      return changed('UPDATE share_links SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL', [now, id]);
    },
    async createInvite(i) {
      await pool.query(
        `INSERT INTO invites (id, token_hash, board_id, email, role, partner_id, created_by, created_at, expires_at, accepted_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
        [i.id, i.tokenHash, i.boardId, i.email, i.role, i.partnerId, i.createdBy, i.createdAt, i.expiresAt, i.acceptedAt],
      );
    },
    async getInviteByToken(tokenHash) {
      const row = await one<InviteRow>('SELECT * FROM invites WHERE token_hash = $1', [tokenHash]);
      return row ? toInvite(row) : undefined;
    },
    async listInvites(boardId) {
      return (await all<InviteRow>('SELECT * FROM invites WHERE board_id = $1 ORDER BY created_at, id COLLATE "C"', [boardId])).map(toInvite);
    },
    async markInviteAccepted(id, now) {
      await pool.query('UPDATE invites SET accepted_at = $1 WHERE id = $2', [now, id]);
    },
    async deleteInvite(boardId, id) {
      return changed('DELETE FROM invites WHERE board_id = $1 AND id = $2', [boardId, id]);
    },
    async listRecordCreators(boardId) {
      const rows = await all<{ root: string; record: string; actor: string }>(
        'SELECT root, record, actor FROM record_creators WHERE board_id = $1',
        [boardId],
      );
      return rows.map((row) => ({ root: row.root as RootName, record: row.record, actor: row.actor }));
    },
    async addRecordCreators(boardId, creators) {
      await insertRecordCreators(pool, boardId, creators);
    },
    async appendAudit(events) {
      await insertAudit(pool, events);
    },
    async listAudit(query) {
      const where = ['board_id = $1'];
      const params: (string | number)[] = [query.boardId];
      const add = (condition: (n: string) => string, value: string | number) => {
        params.push(value);
        where.push(condition(`$${params.length}`));
      };
      if (query.actor !== undefined) add((n) => `actor = ${n}`, query.actor);
      // roots is a JSON array of plain names: match the quoted name.
      if (query.root !== undefined) add((n) => `strpos(roots, ${n}) > 0`, JSON.stringify(query.root));
      if (query.from !== undefined) add((n) => `at >= ${n}`, query.from);
      if (query.to !== undefined) add((n) => `at < ${n}`, query.to);
      params.push(query.limit ?? 500);
      const rows = await all<AuditRow>(
        `SELECT * FROM audit WHERE ${where.join(' AND ')} ORDER BY at DESC, id DESC LIMIT $${params.length}`,
        params,
      );
      return rows.map(toAudit);
    },
  };
}
