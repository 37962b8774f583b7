import type Database from 'better-sqlite3';
import type {
  BoardVersion,
  DeleteVersionResult,
  SignoffResult,
  VersionPartner,
  VersionSignoff,
  VersionStore,
} from './version-types.js';
import { VERSION_COLUMNS, toVersion, type SignoffRow, type VersionRow } from './version-rows.js';

/**
 * Schema of the version tables: the third step of the SQLite schema (see sqlite.ts). `partners` is the JSON list of
 * the partners in the version's document, kept so the list and the sign-off rules never decode a stored state.
 * `version_numbers` holds the last number given per board, so a deleted version's number is never given again.
 */
export const VERSIONS_SCHEMA = `
  CREATE TABLE versions (
    id TEXT PRIMARY KEY,
    board_id TEXT NOT NULL REFERENCES boards(id) ON DELETE CASCADE,
    number INTEGER NOT NULL,
    name TEXT NOT NULL,
    note TEXT NOT NULL,
    state BLOB NOT NULL,
    partners TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_by_name TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    status TEXT NOT NULL DEFAULT 'saved' CHECK (status IN ('saved', 'proposed', 'agreed')),
    proposed_at INTEGER,
    agreed_at INTEGER,
    UNIQUE (board_id, number)
  );
  CREATE TABLE version_signoffs (
    version_id TEXT NOT NULL REFERENCES versions(id) ON DELETE CASCADE,
    partner_id TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('agreed', 'concerns')),
    comment TEXT NOT NULL,
    by_actor TEXT NOT NULL,
    by_name TEXT NOT NULL,
    at INTEGER NOT NULL,
    PRIMARY KEY (version_id, partner_id)
  );
  CREATE TABLE version_numbers (
    board_id TEXT PRIMARY KEY REFERENCES boards(id) ON DELETE CASCADE,
    last INTEGER NOT NULL
  );
`;

/** The {@link VersionStore} part of the SQLite store, on the same database as the boards. */
export function createSqliteVersions(db: Database.Database): VersionStore {
  const q = {
    nextNumber: db.prepare<[string], { last: number }>(
      `INSERT INTO version_numbers (board_id, last) VALUES (?, 1)
       ON CONFLICT (board_id) DO UPDATE SET last = last + 1 RETURNING last`,
    ),
    insert: db.prepare(
      `INSERT INTO versions (id, board_id, number, name, note, state, partners, created_by, created_by_name, created_at, status)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'saved')`,
    ),
    list: db.prepare<[string], VersionRow>(`SELECT ${VERSION_COLUMNS} FROM versions WHERE board_id = ? ORDER BY number DESC`),
    get: db.prepare<[string, number], VersionRow>(`SELECT ${VERSION_COLUMNS} FROM versions WHERE board_id = ? AND number = ?`),
    state: db.prepare<[string, number], { state: Buffer }>('SELECT state FROM versions WHERE board_id = ? AND number = ?'),
    signoffs: db.prepare<[string], SignoffRow>('SELECT * FROM version_signoffs WHERE version_id = ?'),
    boardSignoffs: db.prepare<[string], SignoffRow>(
      'SELECT s.* FROM version_signoffs s JOIN versions v ON v.id = s.version_id WHERE v.board_id = ?',
    ),
    propose: db.prepare("UPDATE versions SET status = 'proposed', proposed_at = ? WHERE id = ? AND status = 'saved'"),
    setStatus: db.prepare('UPDATE versions SET status = ?, agreed_at = ? WHERE id = ?'),
    putSignoff: db.prepare(
      `INSERT INTO version_signoffs (version_id, partner_id, state, comment, by_actor, by_name, at) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (version_id, partner_id) DO UPDATE SET
         state = excluded.state, comment = excluded.comment, by_actor = excluded.by_actor, by_name = excluded.by_name, at = excluded.at`,
    ),
    delete: db.prepare('DELETE FROM versions WHERE id = ?'),
  };

  /** A row as a version, with its sign-offs (read here unless given). */
  const versionOf = (row: VersionRow, signoffRows: readonly SignoffRow[] = q.signoffs.all(row.id)): BoardVersion => toVersion(row, signoffRows);

  const createTx = db.transaction((v: Parameters<VersionStore['createVersion']>[0]): BoardVersion => {
    const number = q.nextNumber.get(v.boardId)?.last ?? 1;
    q.insert.run(v.id, v.boardId, number, v.name, v.note, v.state, JSON.stringify(v.partners), v.createdBy, v.createdByName, v.createdAt);
    return versionOf(q.get.get(v.boardId, number) as VersionRow, []);
  });

  const proposeTx = db.transaction((boardId: string, number: number, now: number): BoardVersion | undefined => {
    const row = q.get.get(boardId, number);
    if (!row) return undefined;
    q.propose.run(now, row.id);
    return versionOf(q.get.get(boardId, number) as VersionRow);
  });

  const signoffTx = db.transaction((boardId: string, number: number, s: VersionSignoff): SignoffResult => {
    const row = q.get.get(boardId, number);
    if (!row) return { ok: false, reason: 'not_found' };
    if (row.status === 'saved') return { ok: false, reason: 'not_proposed' };
    const partners = JSON.parse(row.partners) as VersionPartner[];
    if (!partners.some((p) => p.id === s.partnerId)) return { ok: false, reason: 'not_a_partner' };
    q.putSignoff.run(row.id, s.partnerId, s.state, s.comment, s.byActor, s.byName, s.at);
    const agreed = new Set(q.signoffs.all(row.id).filter((r) => r.state === 'agreed').map((r) => r.partner_id));
    const allAgreed = partners.length > 0 && partners.every((p) => agreed.has(p.id));
    if (allAgreed && row.status !== 'agreed') q.setStatus.run('agreed', s.at, row.id);
    else if (!allAgreed && row.status === 'agreed') q.setStatus.run('proposed', null, row.id);
    return { ok: true, version: versionOf(q.get.get(boardId, number) as VersionRow) };
  });

  const deleteTx = db.transaction((boardId: string, number: number): DeleteVersionResult => {
    const row = q.get.get(boardId, number);
    if (!row) return 'not_found';
    if (row.status === 'agreed') return 'agreed';
    q.delete.run(row.id);
    return 'deleted';
  });

  return {
    async createVersion(version) {
      return createTx(version);
    },
    async listVersions(boardId) {
      const signoffs = new Map<string, SignoffRow[]>();
      for (const row of q.boardSignoffs.all(boardId)) {
        const list = signoffs.get(row.version_id) ?? [];
        list.push(row);
        signoffs.set(row.version_id, list);
      }
      return q.list.all(boardId).map((row) => versionOf(row, signoffs.get(row.id) ?? []));
    },
    async getVersion(boardId, number) {
      const row = q.get.get(boardId, number);
      return row ? versionOf(row) : undefined;
    },
    async getVersionState(boardId, number) {
      const row = q.state.get(boardId, number);
      return row ? new Uint8Array(row.state) : undefined;
    },
    async proposeVersion(boardId, number, now) {
      return proposeTx(boardId, number, now);
    },
    async recordSignoff(boardId, number, signoff) {
      return signoffTx(boardId, number, signoff);
    },
    async deleteVersion(boardId, number) {
      return deleteTx(boardId, number);
    },
  };
}
