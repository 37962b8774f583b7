import type pg from 'pg';
import { inSnapshot, inTransaction, type Queryable } from './postgres-db.js';
import type {
  BoardVersion,
  DeleteVersionResult,
  SignoffResult,
  VersionPartner,
  VersionStore,
} from './version-types.js';
import { VERSION_COLUMNS, toVersion, type SignoffRow, type VersionRow } from './version-rows.js';

/**
 * Schema of the version tables: the third step of the PostgreSQL schema (see postgres.ts), the same tables and columns
 * as sqlite-versions.ts: `partners` is the JSON list of the version's partners, `version_numbers` the last number
 * given per board.
 */
export const PG_VERSIONS_SCHEMA = `
  CREATE TABLE versions (
    id TEXT PRIMARY KEY,
    board_id TEXT NOT NULL REFERENCES boards(id) ON DELETE CASCADE,
    number INTEGER NOT NULL,
    name TEXT NOT NULL,
    note TEXT NOT NULL,
    state BYTEA NOT NULL,
    partners TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_by_name TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    status TEXT NOT NULL DEFAULT 'saved' CHECK (status IN ('saved', 'proposed', 'agreed')),
    proposed_at BIGINT,
    agreed_at BIGINT,
    UNIQUE (board_id, number)
  );
  CREATE TABLE version_signoffs (
    version_id TEXT NOT NULL REFERENCES versions(id) ON DELETE CASCADE,
    partner_id TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('agreed', 'concerns')),
    comment TEXT NOT NULL,
    by_actor TEXT NOT NULL,
    by_name TEXT NOT NULL,
    at BIGINT NOT NULL,
    PRIMARY KEY (version_id, partner_id)
  );
  CREATE TABLE version_numbers (
    board_id TEXT PRIMARY KEY REFERENCES boards(id) ON DELETE CASCADE,
    last INTEGER NOT NULL
  );
`;

/**
 * The {@link VersionStore} part of the PostgreSQL store. Each call that reads a version and then changes it locks the
 * version's row first (`FOR UPDATE`), so two partners answering at once take turns, and the second sees the first's
 * answer: they cannot both miss that together they completed the agreement (SQLite gets this from its one writer).
 */
export function createPostgresVersions(pool: pg.Pool): VersionStore {
  const getRow = async (db: Queryable, boardId: string, number: number, lock = false): Promise<VersionRow | undefined> =>
    (
      await db.query<VersionRow>(`SELECT ${VERSION_COLUMNS} FROM versions WHERE board_id = $1 AND number = $2${lock ? ' FOR UPDATE' : ''}`, [
        boardId,
        number,
      ])
    ).rows[0];
  const signoffsOf = async (db: Queryable, versionId: string): Promise<SignoffRow[]> =>
    (await db.query<SignoffRow>('SELECT * FROM version_signoffs WHERE version_id = $1', [versionId])).rows;
  /** The version as it now stands, on `db` (inside the caller's transaction). */
  const reread = async (db: Queryable, boardId: string, number: number): Promise<BoardVersion> => {
    const row = (await getRow(db, boardId, number)) as VersionRow;
    return toVersion(row, await signoffsOf(db, row.id));
  };

  return {
    async createVersion(v) {
      return inTransaction(pool, async (db) => {
        const next = await db.query<{ last: number }>(
          `INSERT INTO version_numbers (board_id, last) VALUES ($1, 1)
           ON CONFLICT (board_id) DO UPDATE SET last = version_numbers.last + 1 RETURNING last`,
          [v.boardId],
        );
        const number = next.rows[0]?.last ?? 1;
        await db.query(
          `INSERT INTO versions (id, board_id, number, name, note, state, partners, created_by, created_by_name, created_at, status)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'saved')`,
          [v.id, v.boardId, number, v.name, v.note, v.state, JSON.stringify(v.partners), v.createdBy, v.createdByName, v.createdAt],
        );
        return toVersion((await getRow(db, v.boardId, number)) as VersionRow, []);
      });
    },
    async listVersions(boardId) {
      return inSnapshot(pool, async (db) => {
        const signoffs = new Map<string, SignoffRow[]>();
        const signoffRows = await db.query<SignoffRow>(
          'SELECT s.* FROM version_signoffs s JOIN versions v ON v.id = s.version_id WHERE v.board_id = $1',
          [boardId],
        );
        for (const row of signoffRows.rows) {
          const list = signoffs.get(row.version_id) ?? [];
          list.push(row);
          signoffs.set(row.version_id, list);
        }
        const rows = await db.query<VersionRow>(`SELECT ${VERSION_COLUMNS} FROM versions WHERE board_id = $1 ORDER BY number DESC`, [boardId]);
        return rows.rows.map((row) => toVersion(row, signoffs.get(row.id) ?? []));
      });
    },
    async getVersion(boardId, number) {
      return inSnapshot(pool, async (db) => {
        const row = await getRow(db, boardId, number);
        return row ? toVersion(row, await signoffsOf(db, row.id)) : undefined;
      });
    },
    async getVersionState(boardId, number) {
      const row = (await pool.query<{ state: Buffer }>('SELECT state FROM versions WHERE board_id = $1 AND number = $2', [boardId, number]))
        .rows[0];
      return row ? new Uint8Array(row.state) : undefined;
    },
    async proposeVersion(boardId, number, now) {
      return inTransaction(pool, async (db) => {
        const row = await getRow(db, boardId, number, true);
        if (!row) return undefined;
        await db.query("UPDATE versions SET status = 'proposed', proposed_at = $1 WHERE id = $2 AND status = 'saved'", [now, row.id]);
        return reread(db, boardId, number);
      });
    },
    async recordSignoff(boardId, number, s): Promise<SignoffResult> {
      return inTransaction(pool, async (db): Promise<SignoffResult> => {
        const row = await getRow(db, boardId, number, true);
        if (!row) return { ok: false, reason: 'not_found' };
        if (row.status === 'saved') return { ok: false, reason: 'not_proposed' };
        const partners = JSON.parse(row.partners) as VersionPartner[];
        if (!partners.some((p) => p.id === s.partnerId)) return { ok: false, reason: 'not_a_partner' };
        await db.query(
          `INSERT INTO version_signoffs (version_id, partner_id, state, comment, by_actor, by_name, at) VALUES ($1, $2, $3, $4, $5, $6, $7)
           ON CONFLICT (version_id, partner_id) DO UPDATE SET
             state = excluded.state, comment = excluded.comment, by_actor = excluded.by_actor, by_name = excluded.by_name, at = excluded.at`,
          [row.id, s.partnerId, s.state, s.comment, s.byActor, s.byName, s.at],
        );
        const agreed = new Set((await signoffsOf(db, row.id)).filter((r) => r.state === 'agreed').map((r) => r.partner_id));
        const allAgreed = partners.length > 0 && partners.every((p) => agreed.has(p.id));
        const setStatus = 'UPDATE versions SET status = $1, agreed_at = $2 WHERE id = $3';
        if (allAgreed && row.status !== 'agreed') await db.query(setStatus, ['agreed', s.at, row.id]);
        else if (!allAgreed && row.status === 'agreed') await db.query(setStatus, ['proposed', null, row.id]);
        return { ok: true, version: await reread(db, boardId, number) };
      });
    },
    async deleteVersion(boardId, number): Promise<DeleteVersionResult> {
      return inTransaction(pool, async (db): Promise<DeleteVersionResult> => {
        const row = await getRow(db, boardId, number, true);
        if (!row) return 'not_found';
        if (row.status === 'agreed') return 'agreed';
        await db.query('DELETE FROM versions WHERE id = $1', [row.id]);
        return 'deleted';
      });
    },
  };
}
