import pg from 'pg';

/** What the PostgreSQL store's parts run queries on: the pool, or one client inside a transaction. */
export interface Queryable {
  query<R extends pg.QueryResultRow>(text: string, values?: unknown[]): Promise<pg.QueryResult<R>>;
}

/**
 * Type parsers of the store's connections: BIGINT (ms timestamps, sequence numbers, counts) as a JS number rather than
 * pg's default string. Every such value stays far below 2^53. Given per pool, so other users of `pg` are untouched.
 */
export const STORE_TYPES: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === pg.types.builtins.INT8 ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format)) as pg.CustomTypesConfig['getTypeParser'],
};

/** `name` quoted as an SQL identifier. */
export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** The statement that points a connection at `schema` (tables are created and found there). */
export function searchPathSql(schema: string): string {
  return `SET search_path TO ${quoteIdent(schema)}`;
}

/**
 * Runs `work` in one transaction on a client of the pool: COMMIT when it resolves, ROLLBACK when it throws. A client
 * whose ROLLBACK failed (the connection broke) is destroyed rather than returned to the pool.
 */
export async function inTransaction<T>(
  pool: pg.Pool,
  work: (client: pg.PoolClient) => Promise<T>,
  begin = 'BEGIN',
): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query(begin);
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch((rollbackError: Error) => (broken = rollbackError));
    throw error;
  } finally {
    client.release(broken);
  }
}

/** Runs `work` on one consistent snapshot (REPEATABLE READ, read only): for reads of several statements. */
export function inSnapshot<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  return inTransaction(pool, work, 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
}
