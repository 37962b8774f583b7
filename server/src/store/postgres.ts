import pg from 'pg';
import type { BoardId } from '@placeboard/board';
import { silentLogger, type Logger } from '../log.js';
import { AUDIT_COLUMNS, PG_ACCESS_SCHEMA, PG_SETUP_TOKENS_SCHEMA, auditArrays, auditRowsSql, createPostgresAccess } from './postgres-access.js';
import { STORE_TYPES, inSnapshot, inTransaction, searchPathSql } from './postgres-db.js';
import { PG_VERSIONS_SCHEMA, createPostgresVersions } from './postgres-versions.js';
import type { AppendEntry, BoardSummary, PlaceboardStore, StoredDocument } from './types.js';

/** Options for {@link createPostgresStore}. */
export interface PostgresStoreOptions {
  /** A libpq connection URL: `postgres://user:password@host:5432/database`, as in `DATABASE_URL`. */
  connectionString: string;
  /**
   * The schema the tables live in, set as `search_path` on every connection; tests give each store a fresh one.
   * It must exist. @default the connection's own search_path (normally `public`; a URL may set another with
   * `?options=-c%20search_path%3Dname`)
   */
  schema?: string;
  /** Most connections the store opens at once. @default 10 */
  maxConnections?: number;
  /** How long to wait for PostgreSQL to answer at start before giving up. @default 10000 */
  connectTimeoutMs?: number;
  /**
   * Once started, how long a connection may take to open and a statement to run before it is given up. PostgreSQL
   * itself cancels a statement that runs longer (`statement_timeout`), so a write that timed out has certainly not
   * happened and cannot land later, after the room has reloaded the board and taken the same edit again (stored
   * twice, with two audit lines). Only when PostgreSQL does not answer at all (a network dropping packets) does the
   * client give up on its own, {@link NO_ANSWER_GRACE_MS} later: the query rejects, and its connection is closed
   * rather than used again, instead of leaving a write waiting forever.
   * @default 20000
   */
  timeoutMs?: number;
  /** Told of a connection the pool lost while idle (PostgreSQL restarted); the next query opens a new one. */
  log?: Logger;
}

/**
 * How much longer than the store's `timeoutMs` the client waits for PostgreSQL to answer before giving up on its own:
 * time for a statement PostgreSQL cancelled at `timeoutMs` to be reported as cancelled, so that an answer that is
 * only slow is not mistaken for none.
 */
const NO_ANSWER_GRACE_MS = 5_000;

/** Thrown by {@link createPostgresStore} when it cannot connect at start: the message names the host and the cause. */
export class PostgresUnreachableError extends Error {
  override name = 'PostgresUnreachableError';
}

/**
 * Schema changes of the PostgreSQL database, in order: the same tables and columns as the SQLite store's (BYTEA for
 * blobs, BIGINT for ms timestamps, BIGSERIAL for the update log's sequence). `schema_migrations` has one row per step
 * run.
 */
const SCHEMA: readonly string[] = [
  `CREATE TABLE boards (
     id TEXT PRIMARY KEY,
     title TEXT NOT NULL,
     created_at BIGINT NOT NULL,
     updated_at BIGINT NOT NULL
   );
   CREATE TABLE states (
     board_id TEXT PRIMARY KEY REFERENCES boards(id) ON DELETE CASCADE,
     state BYTEA NOT NULL,
     upto_seq BIGINT NOT NULL
   );
   CREATE TABLE updates (
     seq BIGSERIAL PRIMARY KEY,
     board_id TEXT NOT NULL REFERENCES boards(id) ON DELETE CASCADE,
     data BYTEA NOT NULL,
     created_at BIGINT NOT NULL
   );
   CREATE INDEX updates_by_board ON updates(board_id, seq);`,
  PG_ACCESS_SCHEMA,
  PG_VERSIONS_SCHEMA,
  PG_SETUP_TOKENS_SCHEMA,
];

/** How many schema steps this server knows: the version a database it migrated is at. */
export const POSTGRES_SCHEMA_VERSION = SCHEMA.length;

interface BoardRow {
  id: string;
  title: string;
  created_at: number;
  updated_at: number;
}

function toSummary(row: BoardRow): BoardSummary {
  return { id: row.id as BoardId, title: row.title, createdAt: row.created_at, updatedAt: row.updated_at };
}

/**
 * Appends updates with their audit lines and record creators, as one statement: one round trip, atomic on its own.
 * Parameters: $1 board id, $2 time (ms), $3 the updates (bytea[], in order), $4–$12 the audit lines
 * ({@link auditArrays}), $13–$15 the creators' roots, records and actors. Returns the new sequence numbers, one per
 * update, ascending; none for an unknown board, and then nothing is written.
 *
 * Touching the board first takes its row lock, held until commit, and only then does the insert draw the next
 * sequence numbers (every row it inserts joins the board's row): so a board's updates commit in the order of their
 * numbers, and a reader never sees seq 12 while seq 11 is still to come (which would let a compaction up to 12 drop
 * 11). The updates take their numbers in the order given, as `ORDER BY n` feeds them to the insert.
 */
const APPEND_SQL = `
  WITH board AS (UPDATE boards SET updated_at = $2::bigint WHERE id = $1::text RETURNING id),
  appended AS (
    INSERT INTO updates (board_id, data, created_at)
    SELECT board.id, u.data, $2::bigint FROM board, unnest($3::bytea[]) WITH ORDINALITY AS u(data, n) ORDER BY u.n
    RETURNING seq
  ),
  audited AS (
    INSERT INTO audit (${AUDIT_COLUMNS})
    SELECT ${AUDIT_COLUMNS.split(', ').map((column) => `e.${column}`).join(', ')} FROM board, ${auditRowsSql(4)} ORDER BY e.n
  ),
  created AS (
    INSERT INTO record_creators (board_id, root, record, actor)
    SELECT board.id, c.root, c.record, c.actor FROM board, unnest($13::text[], $14::text[], $15::text[]) AS c(root, record, actor)
    ON CONFLICT DO NOTHING
  )
  SELECT seq FROM appended ORDER BY seq`;

/**
 * The store for deployments that outgrow one process: PostgreSQL through a pool of `pg` connections. It connects and
 * migrates the schema before it resolves (throwing {@link PostgresUnreachableError} when it cannot connect). Every
 * write that the SQLite store does in one transaction is one PostgreSQL transaction here.
 *
 * Several server processes may share one database. Compaction of a board runs under the transaction-scoped advisory
 * lock `pg_advisory_xact_lock(hashtext('placeboard:compact:' || board_id))`, so processes compacting the same board
 * take turns; a compaction that arrives after another has already folded in a later update (its `uptoSeq` is older
 * than the stored state's) changes nothing. Updates appended after `uptoSeq` are never dropped.
 */
export async function createPostgresStore(options: PostgresStoreOptions): Promise<PlaceboardStore> {
  const log = options.log ?? silentLogger;
  const setSchema = options.schema === undefined ? undefined : searchPathSql(options.schema);
  const connection: pg.ClientConfig = { connectionString: options.connectionString, types: STORE_TYPES };

  await migrate(new pg.Client({ ...connection, connectionTimeoutMillis: options.connectTimeoutMs ?? 10_000 }), setSchema);

  const timeoutMs = options.timeoutMs ?? 20_000;
  const pool = new pg.Pool({
    ...connection,
    max: options.maxConnections ?? 10,
    connectionTimeoutMillis: timeoutMs,
    // PostgreSQL cancels (and so rolls back) a statement that runs longer: a timed-out write never lands late.
    statement_timeout: timeoutMs,
    // Only when PostgreSQL does not answer in time, not even with that cancellation, does the client give up; pg-pool
    // closes a connection whose query failed this way rather than hand it out again.
    query_timeout: timeoutMs + NO_ANSWER_GRACE_MS,
    // So that the operating system, too, notices a connection left idle in the pool whose other end has gone.
    keepAlive: true,
    // Awaited before the connection is handed out, unlike the 'connect' event.
    onConnect: setSchema ? async (client) => void (await client.query(setSchema)) : undefined,
  });
  // A connection that breaks while idle is dropped by the pool; without a listener the error would end the process.
  pool.on('error', (error) => log.warn('PostgreSQL connection lost', { error: error.message }));

  const one = async <R extends pg.QueryResultRow>(text: string, values: unknown[]): Promise<R | undefined> =>
    (await pool.query<R>(text, values)).rows[0];

  const appendUpdates = async (id: BoardId, entries: readonly AppendEntry[], now: number): Promise<number[]> => {
    if (entries.length === 0) return [];
    const audits = entries.flatMap(({ attaches }) => (attaches?.audit ? [attaches.audit] : []));
    const creators = entries.flatMap(({ attaches }) => attaches?.creators ?? []);
    // Named, so each connection parses and plans it once.
    const { rows } = await pool.query<{ seq: number }>({ name: 'placeboard-append', text: APPEND_SQL }, [
      id,
      now,
      entries.map(({ update }) => update),
      ...auditArrays(audits),
      creators.map((c) => c.root),
      creators.map((c) => c.record),
      creators.map((c) => c.actor),
    ]);
    if (rows.length === 0) throw new Error(`cannot append an update to board ${id}: no such board`);
    return rows.map((row) => row.seq);
  };

  return {
    ...createPostgresAccess(pool),
    ...createPostgresVersions(pool),
    async listBoards() {
      return (await pool.query<BoardRow>('SELECT * FROM boards ORDER BY updated_at DESC, id COLLATE "C"')).rows.map(toSummary);
    },
    async getBoard(id) {
      const row = await one<BoardRow>('SELECT * FROM boards WHERE id = $1', [id]);
      return row ? toSummary(row) : undefined;
    },
    async createBoard({ id, title, state, now }) {
      await inTransaction(pool, async (db) => {
        await db.query('INSERT INTO boards (id, title, created_at, updated_at) VALUES ($1, $2, $3, $3)', [id, title, now]);
        await db.query('INSERT INTO states (board_id, state, upto_seq) VALUES ($1, $2, 0)', [id, state]);
      });
      return { id, title, createdAt: now, updatedAt: now };
    },
    async renameBoard(id, title, now) {
      const row = await one<BoardRow>('UPDATE boards SET title = $1, updated_at = $2 WHERE id = $3 RETURNING *', [title, now, id]);
      return row ? toSummary(row) : undefined;
    },
    async deleteBoard(id) {
      return ((await pool.query('DELETE FROM boards WHERE id = $1', [id])).rowCount ?? 0) > 0;
    },
    async loadDocument(id, { heldStateSeq = -1 } = {}): Promise<StoredDocument | undefined> {
      // One snapshot: a compaction committing between the reads could otherwise drop updates newer than the state read.
      return inSnapshot(pool, async (db) => {
        if ((await db.query('SELECT 1 FROM boards WHERE id = $1', [id])).rowCount === 0) return undefined;
        // The state is left out (NULL) when its upto_seq is the one the caller holds (-1: nobody's).
        const state = (
          await db.query<{ state: Buffer | null; upto_seq: number }>(
            'SELECT CASE WHEN upto_seq = $2 THEN NULL ELSE state END AS state, upto_seq FROM states WHERE board_id = $1',
            [id, heldStateSeq],
          )
        ).rows[0];
        const after = state?.upto_seq ?? 0;
        const rows = (
          await db.query<{ seq: number; data: Buffer }>('SELECT seq, data FROM updates WHERE board_id = $1 AND seq > $2 ORDER BY seq', [
            id,
            after,
          ])
        ).rows;
        return {
          state: state?.state ? new Uint8Array(state.state) : null,
          updates: rows.map((row) => new Uint8Array(row.data)),
          lastSeq: rows.at(-1)?.seq ?? after,
          stateSeq: after,
        };
      });
    },
    async appendUpdate(id, update, now, attaches) {
      return (await appendUpdates(id, [{ update, attaches }], now))[0] as number;
    },
    appendUpdates,
    async compact(id, state, uptoSeq) {
      await inTransaction(pool, async (db) => {
        await db.query("SELECT pg_advisory_xact_lock(hashtext('placeboard:compact:' || $1::text))", [id]);
        const current = (await db.query<{ upto_seq: number }>('SELECT upto_seq FROM states WHERE board_id = $1', [id])).rows[0];
        // Another process (or an earlier call of this one) already stored a state with later updates folded in.
        if (current && current.upto_seq > uptoSeq) return;
        await db.query(
          `INSERT INTO states (board_id, state, upto_seq) VALUES ($1, $2, $3)
           ON CONFLICT (board_id) DO UPDATE SET state = excluded.state, upto_seq = excluded.upto_seq`,
          [id, state, uptoSeq],
        );
        await db.query('DELETE FROM updates WHERE board_id = $1 AND seq <= $2', [id, uptoSeq]);
      });
    },
    async close() {
      await pool.end();
    },
  };
}

/**
 * Connects `client` (the first connection: a failure here is {@link PostgresUnreachableError}) and brings the schema
 * up to date, one transaction per step, under a session advisory lock per schema so that processes starting together
 * migrate once, one after the other. Ends the client.
 */
async function migrate(client: pg.Client, setSchema: string | undefined): Promise<void> {
  client.on('error', () => {}); // a broken connection also rejects the query in flight, which is what is reported
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => {});
    throw new PostgresUnreachableError(`cannot reach PostgreSQL at ${client.host}:${client.port}: ${causeOf(error)}`);
  }
  try {
    if (setSchema) await client.query(setSchema);
    await client.query("SELECT pg_advisory_lock(hashtext('placeboard:migrate:' || coalesce(current_schema(), '')))");
    await client.query('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY)');
    const current = (await client.query<{ version: number }>('SELECT coalesce(max(version), 0) AS version FROM schema_migrations'))
      .rows[0]?.version ?? 0;
    if (current > SCHEMA.length) {
      throw new Error(`database schema version ${current} is newer than this server (${SCHEMA.length})`);
    }
    for (let version = current; version < SCHEMA.length; version++) {
      await client.query('BEGIN');
      try {
        await client.query(SCHEMA[version] as string);
        await client.query('INSERT INTO schema_migrations (version) VALUES ($1)', [version + 1]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        throw error;
      }
    }
  } finally {
    // Ending the session releases the advisory lock.
    await client.end().catch(() => {});
  }
}

/** What went wrong connecting, in a few words: Node reports a refused dual-stack connect as an AggregateError with no message. */
function causeOf(error: unknown): string {
  if (error instanceof AggregateError && !error.message) return error.errors.map(causeOf).join('; ');
  if (error instanceof Error) return error.message || (error as NodeJS.ErrnoException).code || error.name;
  return String(error);
}
