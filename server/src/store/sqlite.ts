import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { BoardId } from '@placeboard/board';
import {
  ACCESS_SCHEMA,
  INSERT_AUDIT_SQL,
  INSERT_CREATOR_SQL,
  SETUP_TOKENS_SCHEMA,
  auditParams,
  createSqliteAccess,
  creatorParams,
  prepareAccessWriters,
} from './sqlite-access.js';
import { VERSIONS_SCHEMA, createSqliteVersions } from './sqlite-versions.js';
import { SqliteWriter, type WriteOp } from './sqlite-writer.js';
import type { AppendEntry, BoardSummary, PlaceboardStore, StoredDocument } from './types.js';

/** Options for {@link createSqliteStore}. */
export interface SqliteStoreOptions {
  /** Database file, or ':memory:'. Its folder is created if missing. */
  filename: string;
}

/** Schema changes of the SQLite database, in order; `PRAGMA user_version` records how many have run. */
const SCHEMA: readonly string[] = [
  `CREATE TABLE boards (
     id TEXT PRIMARY KEY,
     title TEXT NOT NULL,
     created_at INTEGER NOT NULL,
     updated_at INTEGER NOT NULL
   );
   CREATE TABLE states (
     board_id TEXT PRIMARY KEY REFERENCES boards(id) ON DELETE CASCADE,
     state BLOB NOT NULL,
     upto_seq INTEGER NOT NULL
   );
   CREATE TABLE updates (
     seq INTEGER PRIMARY KEY AUTOINCREMENT,
     board_id TEXT NOT NULL REFERENCES boards(id) ON DELETE CASCADE,
     data BLOB NOT NULL,
     created_at INTEGER NOT NULL
   );
   CREATE INDEX updates_by_board ON updates(board_id, seq);`,
  ACCESS_SCHEMA,
  VERSIONS_SCHEMA,
  SETUP_TOKENS_SCHEMA,
];

interface BoardRow {
  id: string;
  title: string;
  created_at: number;
  updated_at: number;
}

function toSummary(row: BoardRow): BoardSummary {
  return { id: row.id as BoardId, title: row.title, createdAt: row.created_at, updatedAt: row.updated_at };
}

/** The update log's statements, run by the {@link SqliteWriter} of a file-backed store: appends and compaction. */
const APPEND_STATEMENTS = {
  append: 'INSERT INTO updates (board_id, data, created_at) VALUES (?, ?, ?)',
  touch: 'UPDATE boards SET updated_at = ? WHERE id = ?',
  audit: INSERT_AUDIT_SQL,
  creator: INSERT_CREATOR_SQL,
  // A state never replaces one with later updates folded in (as PostgreSQL's compact checks too).
  upsertState: `INSERT INTO states (board_id, state, upto_seq) VALUES (?, ?, ?)
    ON CONFLICT(board_id) DO UPDATE SET state = excluded.state, upto_seq = excluded.upto_seq
    WHERE excluded.upto_seq >= states.upto_seq`,
  dropUpdates: 'DELETE FROM updates WHERE board_id = ? AND seq <= ?',
} as const;

/**
 * The embedded store: one SQLite file in WAL mode with `synchronous = FULL`, so an update is on disk
 * before `appendUpdate` returns and survives a crash of the process or the machine.
 *
 * Updates are appended from a worker thread ({@link SqliteWriter}), so the wait for the disk does not hold up the
 * event loop, and appends asked for while one is on its way share the next disk flush. An in-memory database (for
 * tests) has no file a second connection could open, so it appends on the main thread.
 */
export function createSqliteStore(options: SqliteStoreOptions): PlaceboardStore {
  if (options.filename !== ':memory:') fs.mkdirSync(path.dirname(options.filename), { recursive: true });
  const db = new Database(options.filename);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrateSchema(db);

  const q = {
    list: db.prepare<[], BoardRow>('SELECT * FROM boards ORDER BY updated_at DESC, id'),
    get: db.prepare<[string], BoardRow>('SELECT * FROM boards WHERE id = ?'),
    insertBoard: db.prepare('INSERT INTO boards (id, title, created_at, updated_at) VALUES (?, ?, ?, ?)'),
    rename: db.prepare('UPDATE boards SET title = ?, updated_at = ? WHERE id = ?'),
    touch: db.prepare(APPEND_STATEMENTS.touch),
    delete: db.prepare('DELETE FROM boards WHERE id = ?'),
    // The state is left out (NULL) when its upto_seq is the one the caller holds (-1: nobody's).
    state: db.prepare<[number, string], { state: Buffer | null; upto_seq: number }>(
      'SELECT CASE WHEN upto_seq = ? THEN NULL ELSE state END AS state, upto_seq FROM states WHERE board_id = ?',
    ),
    updates: db.prepare<[string, number], { seq: number; data: Buffer }>(
      'SELECT seq, data FROM updates WHERE board_id = ? AND seq > ? ORDER BY seq',
    ),
    append: db.prepare(APPEND_STATEMENTS.append),
    upsertState: db.prepare(APPEND_STATEMENTS.upsertState),
    dropUpdates: db.prepare(APPEND_STATEMENTS.dropUpdates),
  };

  const writers = prepareAccessWriters(db);
  const appendTx = db.transaction((id: string, entries: readonly AppendEntry[], now: number): number[] => {
    const seqs = entries.map(({ update, attaches }) => {
      const result = q.append.run(id, update, now);
      if (attaches?.audit) writers.appendAudit(attaches.audit);
      for (const creator of attaches?.creators ?? []) writers.addRecordCreator(id, creator);
      return Number(result.lastInsertRowid);
    });
    if (seqs.length > 0) q.touch.run(now, id);
    return seqs;
  });
  const writer = options.filename === ':memory:' ? undefined : new SqliteWriter(options.filename, APPEND_STATEMENTS);
  const appendUpdates = async (id: string, entries: readonly AppendEntry[], now: number): Promise<number[]> => {
    if (!writer) return appendTx(id, entries, now);
    if (entries.length === 0) return [];
    const ops: WriteOp[] = [];
    const appends: number[] = [];
    for (const { update, attaches } of entries) {
      appends.push(ops.length);
      ops.push(['append', [id, update, now]]);
      if (attaches?.audit) ops.push(['audit', auditParams(attaches.audit)]);
      for (const creator of attaches?.creators ?? []) ops.push(['creator', creatorParams(id, creator)]);
    }
    ops.push(['touch', [now, id]]);
    const rowids = await writer.transaction(ops);
    return appends.map((index) => rowids[index] as number);
  };
  const compactTx = db.transaction((id: string, state: Uint8Array, uptoSeq: number) => {
    q.upsertState.run(id, state, uptoSeq);
    q.dropUpdates.run(id, uptoSeq);
  });
  const createTx = db.transaction((id: string, title: string, state: Uint8Array, now: number) => {
    q.insertBoard.run(id, title, now, now);
    q.upsertState.run(id, state, 0);
  });

  return {
    ...createSqliteAccess(db, writers),
    ...createSqliteVersions(db),
    async listBoards() {
      return q.list.all().map(toSummary);
    },
    async getBoard(id) {
      const row = q.get.get(id);
      return row ? toSummary(row) : undefined;
    },
    async createBoard({ id, title, state, now }) {
      createTx(id, title, state, now);
      return { id, title, createdAt: now, updatedAt: now };
    },
    async renameBoard(id, title, now) {
      const result = q.rename.run(title, now, id);
      if (result.changes === 0) return undefined;
      const row = q.get.get(id);
      return row ? toSummary(row) : undefined;
    },
    async deleteBoard(id) {
      return q.delete.run(id).changes > 0;
    },
    async loadDocument(id, { heldStateSeq = -1 } = {}): Promise<StoredDocument | undefined> {
      if (!q.get.get(id)) return undefined;
      const state = q.state.get(heldStateSeq, id);
      const after = state?.upto_seq ?? 0;
      const rows = q.updates.all(id, after);
      return {
        state: state?.state ? new Uint8Array(state.state) : null,
        updates: rows.map((row) => new Uint8Array(row.data)),
        lastSeq: rows.at(-1)?.seq ?? after,
        stateSeq: after,
      };
    },
    async appendUpdate(id, update, now, attaches) {
      return (await appendUpdates(id, [{ update, attaches }], now))[0] as number;
    },
    appendUpdates,
    async compact(id, state, uptoSeq) {
      // Through the writer's thread, like appends: its disk flush (and any folding of the log into the file that
      // SQLite does in that commit) never holds up the event loop.
      if (!writer) {
        compactTx(id, state, uptoSeq);
        return;
      }
      await writer.transaction([
        ['upsertState', [id, state, uptoSeq]],
        ['dropUpdates', [id, uptoSeq]],
      ]);
    },
    async close() {
      await writer?.close();
      db.close();
    },
  };
}

function migrateSchema(db: Database.Database): void {
  const current = Number(db.pragma('user_version', { simple: true }));
  if (current > SCHEMA.length) {
    throw new Error(`database schema version ${current} is newer than this server (${SCHEMA.length})`);
  }
  for (let version = current; version < SCHEMA.length; version++) {
    db.transaction(() => {
      db.exec(SCHEMA[version] as string);
      db.pragma(`user_version = ${version + 1}`);
    })();
  }
}
