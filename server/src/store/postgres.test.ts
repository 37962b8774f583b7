import { randomUUID } from 'node:crypto';
import net from 'node:net';
import { newBoardId, type BoardId } from '@placeboard/board';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { POSTGRES_SCHEMA_VERSION, PostgresUnreachableError, createPostgresStore } from './postgres.js';
import { quoteIdent } from './postgres-db.js';
import { storeContract } from './store-contract.js';
import type { PlaceboardStore, StoredDocument } from './types.js';

/**
 * These tests need PostgreSQL: by default the CI one (`.ci/run` starts it), or the database `TEST_DATABASE_URL` names.
 * Each test works in a schema of its own, dropped after it.
 */
const DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

const admin = new pg.Pool({ connectionString: DATABASE_URL, max: 2 });
admin.on('error', () => {});
let schemas: string[] = [];

beforeAll(async () => {
  try {
    await admin.query('SELECT 1');
  } catch (error) {
    const where = new URL(DATABASE_URL).host;
    throw new Error(
      `PostgreSQL is not reachable at ${where} (start it with \`pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql)" main start\`, ` +
        `as .ci/run does, or set TEST_DATABASE_URL); the store tests need it: ${(error as Error).message || String(error)}`,
    );
  }
});
afterAll(async () => {
  await admin.end();
});

/** A new, empty schema, dropped by {@link dropSchemas}. */
async function freshSchema(): Promise<string> {
  const schema = `pb_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
  await admin.query(`CREATE SCHEMA ${quoteIdent(schema)}`);
  schemas.push(schema);
  return schema;
}
async function dropSchemas(): Promise<void> {
  for (const schema of schemas) await admin.query(`DROP SCHEMA IF EXISTS ${quoteIdent(schema)} CASCADE`);
  schemas = [];
}
const open = (schema: string) => createPostgresStore({ connectionString: DATABASE_URL, schema });

let current = '';
storeContract('postgres', {
  async make() {
    current = await freshSchema();
    return open(current);
  },
  async reopen() {
    return open(current);
  },
  cleanup: dropSchemas,
});

/** Replays a stored document into a fresh doc. */
function replay(stored: StoredDocument): Y.Doc {
  const doc = new Y.Doc();
  if (stored.state) Y.applyUpdate(doc, stored.state);
  for (const update of stored.updates) Y.applyUpdate(doc, update);
  return doc;
}

/** A port nothing listens on (it was free a moment ago). */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('postgres store specifics', () => {
  const stores: PlaceboardStore[] = [];
  const track = (store: PlaceboardStore) => (stores.push(store), store);
  /** Transactions a test left open when it failed: rolled back first, or they would hold up the rest. */
  const openClients = new Set<pg.PoolClient>();
  afterEach(async () => {
    for (const client of openClients) {
      await client.query('ROLLBACK').catch(() => {});
      client.release();
    }
    openClients.clear();
    for (const store of stores.splice(0)) await store.close();
    await dropSchemas();
  });

  const versionsIn = async (schema: string) =>
    (await admin.query<{ version: number }>(`SELECT version FROM ${quoteIdent(schema)}.schema_migrations ORDER BY version`)).rows.map(
      (row) => row.version,
    );

  it('says which server it cannot reach and why, without retrying', async () => {
    const port = await closedPort();
    const attempt = createPostgresStore({ connectionString: `postgres://postgres@127.0.0.1:${port}/test` });
    await expect(attempt).rejects.toBeInstanceOf(PostgresUnreachableError);
    await expect(attempt).rejects.toThrow(new RegExp(`^cannot reach PostgreSQL at 127\\.0\\.0\\.1:${port}: .*ECONNREFUSED`));
  });

  it('two processes appending to one board while both compact it: nothing lost, seqs unique and increasing', async () => {
    const schema = await freshSchema();
    // Two stores, two pools: as two server processes on one database.
    const [a, b] = [track(await open(schema)), track(await open(schema))] as const;
    const id = newBoardId();
    await a.createBoard({ id, title: 'Shared', state: Y.encodeStateAsUpdate(new Y.Doc()), now: 1 });

    const perWriter = 30;
    let writing = true;
    const seqs: number[][] = [];
    const expected: Record<string, number> = {};
    /** One client's edits, appended one after the other through `store`. */
    const writer = async (store: PlaceboardStore, clientId: number) => {
      const doc = new Y.Doc();
      doc.clientID = clientId;
      const mine: number[] = [];
      seqs.push(mine);
      for (let i = 0; i < perWriter; i++) {
        let update!: Uint8Array;
        doc.once('update', (u: Uint8Array) => (update = u));
        doc.getMap('canvas').set(`c${clientId}-${i}`, i);
        expected[`c${clientId}-${i}`] = i;
        mine.push(await store.appendUpdate(id, update, 1000 + i));
      }
    };
    /** Compacts as a room does: load, fold in, store the state up to the last seq loaded. */
    let compactions = 0;
    const compactor = async (store: PlaceboardStore) => {
      while (writing) {
        const stored = (await store.loadDocument(id))!;
        await store.compact(id, Y.encodeStateAsUpdate(replay(stored)), stored.lastSeq);
        compactions++;
      }
    };
    const compactors = [compactor(a), compactor(a), compactor(b), compactor(b)];
    const clients = [1, 2, 3, 4, 5, 6];
    await Promise.all(clients.flatMap((n) => [writer(a, n), writer(b, 100 + n)]));
    writing = false;
    await Promise.all(compactors);

    for (const mine of seqs) for (let i = 1; i < mine.length; i++) expect(mine[i]).toBeGreaterThan(mine[i - 1]!);
    const all = seqs.flat();
    expect(new Set(all).size).toBe(2 * clients.length * perWriter);
    expect(compactions).toBeGreaterThan(0);

    const stored = (await b.loadDocument(id))!;
    expect(stored.lastSeq).toBe(Math.max(...all));
    expect(replay(stored).getMap('canvas').toJSON()).toEqual(expected);
    // Nothing is both folded into the state and still in the log.
    const overlap = await admin.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM ${quoteIdent(schema)}.updates u JOIN ${quoteIdent(schema)}.states s ON s.board_id = u.board_id
       WHERE u.board_id = $1 AND u.seq <= s.upto_seq`,
      [id],
    );
    expect(overlap.rows[0]?.n).toBe(0);
  });

  /**
   * A transaction of another process, left open on `schema`: what it locks stays locked until `finish`. `waitedOn`
   * resolves once some other connection is blocked behind it, or rejects when `until` settles first.
   */
  async function openTransaction(schema: string) {
    const client = await admin.connect();
    openClients.add(client);
    await client.query('BEGIN');
    await client.query(`SET LOCAL search_path TO ${quoteIdent(schema)}`);
    const pid = (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
    return {
      query: (text: string, values: unknown[] = []) => client.query(text, values),
      async waitedOn(until: Promise<unknown>): Promise<'blocked' | 'went ahead'> {
        let settled = false;
        const done = until.then(() => ((settled = true), 'went ahead' as const));
        const blocked = (async () => {
          while (!settled) {
            const n = (await admin.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_stat_activity WHERE $1 = ANY(pg_blocking_pids(pid))', [pid]))
              .rows[0]!.n;
            if (n > 0) return 'blocked' as const;
            await new Promise((resolve) => setTimeout(resolve, 10));
          }
          return 'went ahead' as const;
        })();
        return Promise.race([done, blocked]);
      },
      /** The backends waiting on this transaction. */
      async blockedPids(): Promise<number[]> {
        const rows = await admin.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE $1 = ANY(pg_blocking_pids(pid))', [pid]);
        return rows.rows.map((row) => row.pid);
      },
      async finish() {
        await client.query('COMMIT');
        openClients.delete(client);
        client.release();
      },
    };
  }

  it('an append waits for one in flight on the same board, so a reader never sees a later seq before an earlier one', async () => {
    const schema = await freshSchema();
    const store = track(await open(schema));
    const id = newBoardId();
    await store.createBoard({ id, title: 'T', state: new Uint8Array([0, 0]), now: 1 });
    const before = await store.appendUpdate(id, new Uint8Array([1]), 2);
    // Another process is appending: it has touched the board and drawn its seq, and not committed yet.
    const other = await openTransaction(schema);
    await other.query('UPDATE boards SET updated_at = 3 WHERE id = $1', [id]);
    const inserted = await other.query('INSERT INTO updates (board_id, data, created_at) VALUES ($1, $2, 3) RETURNING seq', [id, Buffer.from([2])]);
    const earlier = Number(inserted.rows[0].seq);
    const appended = store.appendUpdate(id, new Uint8Array([3]), 4);
    expect(await other.waitedOn(appended)).toBe('blocked');
    expect((await store.loadDocument(id))?.lastSeq).toBe(before);
    await other.finish();
    const later = await appended;
    expect(later).toBeGreaterThan(earlier);
    expect((await store.loadDocument(id))?.updates.map((u) => [...u])).toEqual([[1], [2], [3]]);
  });

  it('cancels a write that takes longer than its timeout in PostgreSQL, so it cannot land after it was given up', async () => {
    const schema = await freshSchema();
    const store = track(await createPostgresStore({ connectionString: DATABASE_URL, schema, timeoutMs: 300 }));
    const id = newBoardId();
    await store.createBoard({ id, title: 'T', state: new Uint8Array([0, 0]), now: 1 });
    // Another transaction holds the board's row, so the append waits on it past its timeout.
    const other = await openTransaction(schema);
    await other.query('UPDATE boards SET updated_at = 2 WHERE id = $1', [id]);
    const audit = { boardId: id, at: 3, actor: 'user:u1', actorName: 'Ann', kind: 'update' as const, roots: [], records: [], bytes: 1, detail: '' };
    const appended = store.appendUpdate(id, new Uint8Array([1]), 3, { audit });
    const settled = appended.then(
      () => 'stored',
      (error: Error) => error.message,
    );
    expect(await other.waitedOn(appended.catch(() => {}))).toBe('blocked');
    const waiting = await other.blockedPids();
    expect(waiting).toHaveLength(1);
    expect(await settled).toMatch(/statement timeout/);
    // Once the row is free, a write PostgreSQL still held would go ahead: wait until that backend runs nothing.
    await other.finish();
    for (;;) {
      const active = await admin.query('SELECT 1 FROM pg_stat_activity WHERE pid = $1 AND state = $2', [waiting[0], 'active']);
      if (active.rowCount === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect((await store.loadDocument(id))?.updates).toEqual([]);
    expect(await store.listAudit({ boardId: id, limit: 10 })).toEqual([]);
  });

  it('compaction takes the board’s advisory lock, so processes compacting one board take turns', async () => {
    const schema = await freshSchema();
    const store = track(await open(schema));
    const id = newBoardId();
    await store.createBoard({ id, title: 'T', state: new Uint8Array([0, 0]), now: 1 });
    const seq = await store.appendUpdate(id, new Uint8Array([1]), 2);
    const other = await openTransaction(schema);
    await other.query("SELECT pg_advisory_xact_lock(hashtext('placeboard:compact:' || $1::text))", [id]);
    const compacted = store.compact(id, new Uint8Array([9]), seq);
    expect(await other.waitedOn(compacted)).toBe('blocked');
    await other.finish();
    await compacted;
    expect((await store.loadDocument(id))?.updates).toEqual([]);
  });

  it('ignores a compaction older than the stored state, so a slow process cannot bring dropped updates back', async () => {
    const store = track(await open(await freshSchema()));
    const id = newBoardId();
    await store.createBoard({ id, title: 'T', state: new Uint8Array([0, 0]), now: 1 });
    const s1 = await store.appendUpdate(id, new Uint8Array([1]), 2);
    const s2 = await store.appendUpdate(id, new Uint8Array([2]), 3);
    const s3 = await store.appendUpdate(id, new Uint8Array([3]), 4);
    await store.compact(id, new Uint8Array([9, 2]), s2);
    await store.compact(id, new Uint8Array([9, 1]), s1); // late: loaded before the other process compacted
    const stored = await store.loadDocument(id);
    expect([...stored!.state!]).toEqual([9, 2]);
    expect(stored!.updates.map((u) => [...u])).toEqual([[3]]);
    expect(stored!.lastSeq).toBe(s3);
  });

  it('partners agreeing at the same time through different processes make the version agreed', async () => {
    const schema = await freshSchema();
    const [a, b] = [track(await open(schema)), track(await open(schema))] as const;
    const partners = Array.from({ length: 6 }, (_, i) => ({ id: `p${i}`, organisation: `Org ${i}` }));
    for (let round = 0; round < 5; round++) {
      const id = newBoardId();
      await a.createBoard({ id, title: 'T', state: new Uint8Array([0, 0]), now: 1 });
      await a.createVersion({ id: `v-${id}`, boardId: id, name: 'Plan', note: '', state: new Uint8Array([1]), createdBy: 'server', createdByName: 'S', createdAt: 1, partners });
      await a.proposeVersion(id, 1, 2);
      const results = await Promise.all(
        partners.map((p, i) =>
          (i % 2 ? a : b).recordSignoff(id, 1, { partnerId: p.id, state: 'agreed', comment: '', byActor: `user:${p.id}`, byName: p.id, at: 10 + i }),
        ),
      );
      expect(results.every((r) => r.ok)).toBe(true);
      expect((await b.getVersion(id, 1))?.status).toBe('agreed');
      expect((await a.getVersion(id, 1))?.signoffs).toHaveLength(partners.length);
    }
  });

  it('migrates once when several processes start on a new database at the same time', async () => {
    const schema = await freshSchema();
    const started = await Promise.all([open(schema), open(schema), open(schema)]);
    started.forEach(track);
    expect(await versionsIn(schema)).toEqual(Array.from({ length: POSTGRES_SCHEMA_VERSION }, (_, i) => i + 1));
    const id = newBoardId();
    await started[0]!.createBoard({ id, title: 'Seen by all', state: new Uint8Array([0, 0]), now: 1 });
    for (const store of started) expect((await store.getBoard(id))?.title).toBe('Seen by all');
  });

  it('upgrades a database left at schema version 1 (boards only), keeping its boards', async () => {
    const schema = await freshSchema();
    const first = await open(schema);
    const id = newBoardId();
    await first.createBoard({ id, title: 'Old board', state: new Uint8Array([0, 0]), now: 1 });
    const seq = await first.appendUpdate(id, new Uint8Array([5]), 2);
    await first.close();
    // Take the schema back to version 1, as a server from before accounts and versions left it.
    await admin.query(`SET search_path TO ${quoteIdent(schema)};
      DROP TABLE setup_tokens, version_signoffs, versions, version_numbers, audit, record_creators, invites, members, sessions, share_links, users;
      DELETE FROM schema_migrations WHERE version > 1;
      RESET search_path;`);
    expect(await versionsIn(schema)).toEqual([1]);

    const store = track(await open(schema));
    expect(await versionsIn(schema)).toEqual([1, 2, 3, 4]);
    expect((await store.getBoard(id))?.title).toBe('Old board');
    expect((await store.loadDocument(id))?.lastSeq).toBe(seq);
    await store.createUser({ id: 'u1', email: 'A@example.test', name: 'A', isAdmin: true, createdAt: 3, passwordHash: null, oidcIssuer: null, oidcSubject: null });
    expect((await store.getUserByEmail('a@EXAMPLE.test'))?.isAdmin).toBe(true);
    const version = await store.createVersion({
      id: 'v1', boardId: id as BoardId, name: 'First', note: '', state: new Uint8Array([1]), createdBy: 'server', createdByName: 'Server', createdAt: 4, partners: [],
    });
    expect(version.number).toBe(1);
  });

  it('refuses a database written by a newer schema', async () => {
    const schema = await freshSchema();
    track(await open(schema));
    await admin.query(`INSERT INTO ${quoteIdent(schema)}.schema_migrations (version) VALUES (99)`);
    await expect(open(schema)).rejects.toThrow(/schema version 99 is newer than this server/);
  });

  it('returns timestamps and sequence numbers as numbers, and keeps each schema to itself', async () => {
    const [one, two] = [await freshSchema(), await freshSchema()];
    const a = track(await open(one));
    const b = track(await open(two));
    const id = newBoardId();
    await a.createBoard({ id, title: 'Only in one', state: new Uint8Array([0, 0]), now: 1_700_000_000_000 });
    expect(typeof (await a.appendUpdate(id, new Uint8Array([1]), 1_700_000_000_001))).toBe('number');
    expect(await a.getBoard(id)).toEqual({ id, title: 'Only in one', createdAt: 1_700_000_000_000, updatedAt: 1_700_000_000_001 });
    expect(await b.listBoards()).toEqual([]);
    expect(await b.countUsers()).toBe(0);
  });
});
