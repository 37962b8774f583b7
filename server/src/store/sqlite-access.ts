import type Database from 'better-sqlite3';
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

/** The one-time setup tokens' hashes, one per process that started without an account: the fourth schema step. */
export const SETUP_TOKENS_SCHEMA = `
  CREATE TABLE setup_tokens (
    token_hash TEXT PRIMARY KEY,
    created_at INTEGER NOT NULL
  );
`;

/** Schema of the access tables: the second step of the SQLite schema (see sqlite.ts). */
export const ACCESS_SCHEMA = `
  CREATE TABLE users (
    id TEXT PRIMARY KEY,
    email TEXT NOT NULL UNIQUE COLLATE NOCASE,
    name TEXT NOT NULL,
    password_hash TEXT,
    oidc_issuer TEXT,
    oidc_subject TEXT,
    is_admin INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    UNIQUE (oidc_issuer, oidc_subject)
  );
  CREATE TABLE share_links (
    id TEXT PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    board_id TEXT NOT NULL REFERENCES boards(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    role TEXT NOT NULL,
    partner_id TEXT,
    label TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER,
    revoked_at INTEGER
  );
  CREATE INDEX share_links_by_board ON share_links(board_id);
  CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id TEXT REFERENCES users(id) ON DELETE CASCADE,
    link_id TEXT REFERENCES share_links(id) ON DELETE CASCADE,
    display_name TEXT,
    csrf_token TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
  );
  CREATE TABLE members (
    board_id TEXT NOT NULL REFERENCES boards(id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    role TEXT NOT NULL,
    partner_id TEXT,
    added_at INTEGER NOT NULL,
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
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    accepted_at INTEGER
  );
  CREATE TABLE record_creators (
    board_id TEXT NOT NULL REFERENCES boards(id) ON DELETE CASCADE,
    root TEXT NOT NULL,
    record TEXT NOT NULL,
    actor TEXT NOT NULL,
    PRIMARY KEY (board_id, root, record)
  );
  CREATE TABLE audit (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    board_id TEXT REFERENCES boards(id) ON DELETE CASCADE,
    at INTEGER NOT NULL,
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

/** The statements that write audit lines and record creators, shared with the update log's transaction. */
export interface AccessWriters {
  appendAudit(event: AuditEvent): void;
  addRecordCreator(boardId: string, creator: RecordCreator): void;
}

/** Inserts an audit line: see {@link auditParams}. */
export const INSERT_AUDIT_SQL = `INSERT INTO audit (board_id, at, actor, actor_name, kind, roots, records, bytes, detail)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`;
/** Records who created a record: see {@link creatorParams}. */
export const INSERT_CREATOR_SQL = 'INSERT INTO record_creators (board_id, root, record, actor) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING';

/** The parameters of {@link INSERT_AUDIT_SQL}. */
export function auditParams(e: AuditEvent): unknown[] {
  return [e.boardId, e.at, e.actor, e.actorName, e.kind, JSON.stringify(e.roots), JSON.stringify(e.records), e.bytes, e.detail];
}

/** The parameters of {@link INSERT_CREATOR_SQL}. */
export function creatorParams(boardId: string, c: RecordCreator): unknown[] {
  return [boardId, c.root, c.record, c.actor];
}

/** Prepares the writers {@link createSqliteStore} runs inside its append transaction. */
export function prepareAccessWriters(db: Database.Database): AccessWriters {
  const insertAudit = db.prepare(INSERT_AUDIT_SQL);
  const insertCreator = db.prepare(INSERT_CREATOR_SQL);
  return {
    appendAudit(e) {
      insertAudit.run(...auditParams(e));
    },
    addRecordCreator(boardId, c) {
      insertCreator.run(...creatorParams(boardId, c));
    },
  };
}

/** The {@link AccessStore} half of the SQLite store, on the same database as the boards. */
export function createSqliteAccess(db: Database.Database, writers: AccessWriters): AccessStore {
  const q = {
    countUsers: db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM users'),
    addSetupToken: db.prepare<[string, number]>('INSERT OR IGNORE INTO setup_tokens (token_hash, created_at) VALUES (?, ?)'),
    // One statement: it deletes them all only when the token is among them.
    consumeSetupToken: db.prepare<[string]>('DELETE FROM setup_tokens WHERE EXISTS (SELECT 1 FROM setup_tokens WHERE token_hash = ?)'),
    insertUser: db.prepare(
      `INSERT INTO users (id, email, name, password_hash, oidc_issuer, oidc_subject, is_admin, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    user: db.prepare<[string], UserRow>('SELECT * FROM users WHERE id = ?'),
    userByEmail: db.prepare<[string], UserRow>('SELECT * FROM users WHERE email = ?'),
    userByOidc: db.prepare<[string, string], UserRow>('SELECT * FROM users WHERE oidc_issuer = ? AND oidc_subject = ?'),
    insertSession: db.prepare(
      `INSERT INTO sessions (token_hash, user_id, link_id, display_name, csrf_token, created_at, expires_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ),
    session: db.prepare<[string], SessionRow>('SELECT * FROM sessions WHERE token_hash = ?'),
    deleteSession: db.prepare('DELETE FROM sessions WHERE token_hash = ?'),
    sessionName: db.prepare('UPDATE sessions SET display_name = ? WHERE token_hash = ?'),
    putMember: db.prepare(
      `INSERT INTO members (board_id, user_id, role, partner_id, added_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (board_id, user_id) DO UPDATE SET role = excluded.role, partner_id = excluded.partner_id`,
    ),
    member: db.prepare<[string, string], MemberRow>('SELECT * FROM members WHERE board_id = ? AND user_id = ?'),
    members: db.prepare<[string], MemberRow & { email: string; name: string }>(
      `SELECT members.*, users.email, users.name FROM members JOIN users ON users.id = members.user_id
       WHERE board_id = ? ORDER BY users.name COLLATE NOCASE, users.email`,
    ),
    removeMember: db.prepare('DELETE FROM members WHERE board_id = ? AND user_id = ?'),
    boardsOfUser: db.prepare<[string], { board_id: string }>('SELECT board_id FROM members WHERE user_id = ?'),
    insertLink: db.prepare(
      `INSERT INTO share_links (id, token_hash, board_id, kind, role, partner_id, label, created_by, created_at, expires_at, revoked_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    link: db.prepare<[string], LinkRow>('SELECT * FROM share_links WHERE id = ?'),
    linkByToken: db.prepare<[string], LinkRow>('SELECT * FROM share_links WHERE token_hash = ?'),
    links: db.prepare<[string], LinkRow>('SELECT * FROM share_links WHERE board_id = ? ORDER BY created_at, id'),
    revokeLink: db.prepare('UPDATE share_links SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL'),
    insertInvite: db.prepare(
      `INSERT INTO invites (id, token_hash, board_id, email, role, partner_id, created_by, created_at, expires_at, accepted_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    inviteByToken: db.prepare<[string], InviteRow>('SELECT * FROM invites WHERE token_hash = ?'),
    invites: db.prepare<[string], InviteRow>('SELECT * FROM invites WHERE board_id = ? ORDER BY created_at, id'),
    acceptInvite: db.prepare('UPDATE invites SET accepted_at = ? WHERE id = ?'),
    deleteInvite: db.prepare('DELETE FROM invites WHERE board_id = ? AND id = ?'),
    creators: db.prepare<[string], { root: string; record: string; actor: string }>(
      'SELECT root, record, actor FROM record_creators WHERE board_id = ?',
    ),
  };
  const addCreators = db.transaction((boardId: string, creators: readonly RecordCreator[]) => {
    for (const creator of creators) writers.addRecordCreator(boardId, creator);
  });
  const appendAudit = db.transaction((events: readonly AuditEvent[]) => {
    for (const event of events) writers.appendAudit(event);
  });

  return {
    async countUsers() {
      return q.countUsers.get()?.n ?? 0;
    },
    async addSetupToken(tokenHash, now) {
      q.addSetupToken.run(tokenHash, now);
    },
    async consumeSetupToken(tokenHash) {
      return q.consumeSetupToken.run(tokenHash).changes > 0;
    },
    async createUser(user) {
      q.insertUser.run(user.id, user.email, user.name, user.passwordHash, user.oidcIssuer, user.oidcSubject, user.isAdmin ? 1 : 0, user.createdAt);
      return publicUser(user);
    },
    async getUser(id) {
      const row = q.user.get(id);
      return row ? publicUser(toUser(row)) : undefined;
    },
    async getUserByEmail(email) {
      const row = q.userByEmail.get(email);
      return row ? toUser(row) : undefined;
    },
    async getUserByOidc(issuer, subject) {
      const row = q.userByOidc.get(issuer, subject);
      return row ? publicUser(toUser(row)) : undefined;
    },
    async createSession(s) {
      q.insertSession.run(s.tokenHash, s.userId, s.linkId, s.displayName, s.csrfToken, s.createdAt, s.expiresAt);
    },
    async getSession(tokenHash) {
      const row = q.session.get(tokenHash);
      return row ? toSession(row) : undefined;
    },
    async deleteSession(tokenHash) {
      q.deleteSession.run(tokenHash);
    },
    async setSessionName(tokenHash, name) {
      q.sessionName.run(name, tokenHash);
    },
    async putMember(m) {
      q.putMember.run(m.boardId, m.userId, m.role, m.partnerId, m.addedAt);
    },
    async getMember(boardId, userId) {
      const row = q.member.get(boardId, userId);
      return row ? toMember(row) : undefined;
    },
    async listMembers(boardId): Promise<MemberView[]> {
      return q.members.all(boardId).map((row) => ({ ...toMember(row), email: row.email, name: row.name }));
    },
    async removeMember(boardId, userId) {
      return q.removeMember.run(boardId, userId).changes > 0;
    },
    async boardsOfUser(userId) {
      return q.boardsOfUser.all(userId).map((row) => row.board_id as BoardId);
    },
    async createLink(l) {
      q.insertLink.run(l.id, l.tokenHash, l.boardId, l.kind, l.role, l.partnerId, l.label, l.createdBy, l.createdAt, l.expiresAt, l.revokedAt);
    },
    async getLink(id) {
      const row = q.link.get(id);
      return row ? toLink(row) : undefined;
    },
    async getLinkByToken(tokenHash) {
      const row = q.linkByToken.get(tokenHash);
      return row ? toLink(row) : undefined;
    },
    async listLinks(boardId) {
      return q.links.all(boardId).map(toLink);
    },
    async revokeLink(id, now) {
      return q.revokeLink.run(now, id).changes > 0;
    },
    async createInvite(i) {
      q.insertInvite.run(i.id, i.tokenHash, i.boardId, i.email, i.role, i.partnerId, i.createdBy, i.createdAt, i.expiresAt, i.acceptedAt);
    },
    async getInviteByToken(tokenHash) {
      const row = q.inviteByToken.get(tokenHash);
      return row ? toInvite(row) : undefined;
    },
    async listInvites(boardId) {
      return q.invites.all(boardId).map(toInvite);
    },
    async markInviteAccepted(id, now) {
      q.acceptInvite.run(now, id);
    },
    async deleteInvite(boardId, id) {
      return q.deleteInvite.run(boardId, id).changes > 0;
    },
    async listRecordCreators(boardId) {
      return q.creators.all(boardId).map((row) => ({ root: row.root as RootName, record: row.record, actor: row.actor }));
    },
    async addRecordCreators(boardId, creators) {
      addCreators(boardId, creators);
    },
    async appendAudit(events) {
      appendAudit(events);
    },
    async listAudit(query) {
      const where = ['board_id = ?'];
      const params: (string | number)[] = [query.boardId];
      if (query.actor !== undefined) {
        where.push('actor = ?');
        params.push(query.actor);
      }
      if (query.root !== undefined) {
        // roots is a JSON array of plain names: match the quoted name.
        where.push('instr(roots, ?) > 0');
        params.push(JSON.stringify(query.root));
      }
      if (query.from !== undefined) {
        where.push('at >= ?');
        params.push(query.from);
      }
      if (query.to !== undefined) {
        where.push('at < ?');
        params.push(query.to);
      }
      params.push(query.limit ?? 500);
      const rows = db
        .prepare<(string | number)[], AuditRow>(`SELECT * FROM audit WHERE ${where.join(' AND ')} ORDER BY at DESC, id DESC LIMIT ?`)
        .all(...params);
      return rows.map(toAudit);
    },
  };
}
