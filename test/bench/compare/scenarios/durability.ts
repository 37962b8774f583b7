/**
 * Durability: how many updates a second a store makes durable, one after another, each awaited as a room awaits it
 * before passing the update on. The update is a real text edit of the fan-out workload (a few dozen bytes).
 *
 * - SQLite: Placeboard's own store (`createSqliteStore`, WAL with `synchronous = FULL`), `appendUpdate` bare and with
 *   the audit line a room writes with every update, on 1, 8 and 64 writers at once (one board each, as rooms of a busy
 *   server): appends that wait together share a disk flush (group commit, server/src/store/sqlite-writer.ts).
 * - PostgreSQL (127.0.0.1:5432, user postgres, database test, `synchronous_commit = on`): Placeboard's PostgreSQL
 *   store (`createPostgresStore`, in a schema of its own, dropped afterwards), and as the floor under any store, one
 *   `INSERT` of an update row per commit through `pg`; each on 1 and on 8 writers at once (one board each).
 */
import fs from 'node:fs';
import path from 'node:path';
import { newBoardId, type BoardId } from '@placeboard/board';
import { createPostgresStore, createSqliteStore, type AuditEvent, type PlaceboardStore } from '@placeboard/server';
import pg from 'pg';
import { tempDir } from '../../../helpers/server.js';
import type { CompareSettings } from '../settings.js';
import { scriptEditor } from '../workload.js';

/** Where the PostgreSQL server for benchmarks is. */
export const POSTGRES = { host: '127.0.0.1', port: 5432, user: 'postgres', database: 'test' } as const;
const POSTGRES_URL = `postgres://${POSTGRES.user}@${POSTGRES.host}:${POSTGRES.port}/${POSTGRES.database}`;

/** One measured store. */
export interface DurabilityFigure {
  label: string;
  /** Concurrent writers (1: one update after another). */
  writers: number;
  updatesPerSecond: number;
}

/** All durability figures. */
export interface DurabilityResult {
  updateBytes: number;
  sqlite: DurabilityFigure[];
  postgres: DurabilityFigure[];
  /** What the PostgreSQL figures are: Placeboard's store, or the stand-in, and why. */
  postgresSource: string;
}

/** Runs `append` back to back on each of `writers` loops for `seconds`; updates per second over all. */
async function measure(seconds: number, writers: number, append: (writer: number) => Promise<unknown>): Promise<number> {
  const end = performance.now() + seconds * 1000;
  const started = performance.now();
  const counts = await Promise.all(
    Array.from({ length: writers }, async (_, writer) => {
      let count = 0;
      while (performance.now() < end) {
        await append(writer);
        count += 1;
      }
      return count;
    }),
  );
  return counts.reduce((a, b) => a + b, 0) / ((performance.now() - started) / 1000);
}

function auditOf(boardId: BoardId, bytes: number): AuditEvent {
  return { boardId, at: Date.now(), actor: 'user:bench', actorName: 'Bench', kind: 'update', roots: ['purposes'], records: ['purposes/bench'], bytes, detail: '' };
}

async function storeFigures(store: PlaceboardStore, label: string, update: Uint8Array, seconds: number, writersList: number[]): Promise<DurabilityFigure[]> {
  const figures: DurabilityFigure[] = [];
  for (const writers of writersList) {
    const boards: BoardId[] = [];
    for (let i = 0; i < writers; i++) {
      const id = newBoardId();
      await store.createBoard({ id, title: 'durability', state: new Uint8Array([0, 0]), now: Date.now() });
      boards.push(id);
    }
    figures.push({
      label: `${label}: appendUpdate with its audit line`,
      writers,
      updatesPerSecond: await measure(seconds, writers, (w) => store.appendUpdate(boards[w] as BoardId, update, Date.now(), { audit: auditOf(boards[w] as BoardId, update.byteLength) })),
    });
  }
  return figures;
}

/** Placeboard's PostgreSQL store in a schema of its own, dropped afterwards; figures for each writer count. */
async function postgresStoreFigures(update: Uint8Array, seconds: number, writersList: number[]): Promise<DurabilityFigure[]> {
  const schema = `bench_compare_${process.pid}`;
  const admin = new pg.Client(POSTGRES);
  await admin.connect();
  try {
    await admin.query(`CREATE SCHEMA ${schema}`);
    const store = await createPostgresStore({ connectionString: POSTGRES_URL, schema, maxConnections: Math.max(...writersList) });
    try {
      return await storeFigures(store, 'PostgreSQL (Placeboard store)', update, seconds, writersList);
    } finally {
      await store.close();
    }
  } finally {
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => {});
    await admin.end();
  }
}

/** The floor under any store: raw INSERTs of update rows, one commit each, into a table of its own. */
async function rawInsertFigures(update: Uint8Array, seconds: number, writersList: number[]): Promise<DurabilityFigure[]> {
  const table = `bench_compare_updates_${process.pid}`;
  const pool = new pg.Pool({ ...POSTGRES, max: Math.max(...writersList) });
  try {
    const setting = await pool.query<{ synchronous_commit: string }>('SHOW synchronous_commit');
    if (setting.rows[0]?.synchronous_commit !== 'on') throw new Error(`synchronous_commit is ${setting.rows[0]?.synchronous_commit}`);
    await pool.query(`CREATE TABLE ${table} (seq bigserial PRIMARY KEY, board_id text NOT NULL, data bytea NOT NULL, created_at bigint NOT NULL)`);
    const figures: DurabilityFigure[] = [];
    const data = Buffer.from(update);
    for (const writers of writersList) {
      const clients = await Promise.all(Array.from({ length: writers }, () => pool.connect()));
      try {
        figures.push({
          label: 'PostgreSQL, raw: INSERT of an update row, one commit each (no store)',
          writers,
          updatesPerSecond: await measure(seconds, writers, (w) =>
            (clients[w] as pg.PoolClient).query(`INSERT INTO ${table} (board_id, data, created_at) VALUES ($1, $2, $3)`, [`board-${w}`, data, Date.now()]),
          ),
        });
      } finally {
        for (const client of clients) client.release();
      }
    }
    return figures;
  } finally {
    await pool.query(`DROP TABLE IF EXISTS ${table}`).catch(() => {});
    await pool.end();
  }
}

/** Measures durable updates a second on SQLite and PostgreSQL. */
export async function runDurability(settings: CompareSettings): Promise<DurabilityResult> {
  const { seconds, postgresConnections } = settings.durability;
  const update = scriptEditor(0, 1).edits[0] as Uint8Array;

  const dir = tempDir('placeboard-compare-');
  const sqlite = createSqliteStore({ filename: path.join(dir, 'placeboard.sqlite') });
  const sqliteFigures: DurabilityFigure[] = [];
  try {
    const id = newBoardId();
    await sqlite.createBoard({ id, title: 'durability', state: new Uint8Array([0, 0]), now: Date.now() });
    sqliteFigures.push({ label: 'SQLite (Placeboard store): appendUpdate alone', writers: 1, updatesPerSecond: await measure(seconds, 1, () => sqlite.appendUpdate(id, update, Date.now())) });
    sqliteFigures.push(...(await storeFigures(sqlite, 'SQLite (Placeboard store)', update, seconds, settings.durability.sqliteWriters)));
  } finally {
    await sqlite.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }

  const postgres: DurabilityFigure[] = [];
  const problems: string[] = [];
  try {
    postgres.push(...(await postgresStoreFigures(update, seconds, postgresConnections)));
  } catch (error) {
    problems.push(`Placeboard's PostgreSQL store failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  try {
    postgres.push(...(await rawInsertFigures(update, seconds, postgresConnections)));
  } catch (error) {
    problems.push(`raw INSERTs failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  const postgresSource = [
    `Placeboard's PostgreSQL store (server/src/store/postgres.ts) in a schema of its own, and raw INSERTs as the floor; ${POSTGRES.host}:${POSTGRES.port}, database ${POSTGRES.database}, synchronous_commit on`,
    ...problems,
  ].join('; ');
  return { updateBytes: update.byteLength, sqlite: sqliteFigures, postgres, postgresSource };
}
