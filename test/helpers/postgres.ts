import { randomUUID } from 'node:crypto';
import pg from 'pg';

/** The PostgreSQL the tests use: the CI one (`.ci/run` starts it) unless `TEST_DATABASE_URL` names another. */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Runs `query` on a short-lived connection to the test database. */
export async function pgQuery<R extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<R[]> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  client.on('error', () => {});
  await client.connect();
  try {
    return (await client.query<R>(text, values)).rows;
  } finally {
    await client.end();
  }
}

/** Fails, saying what to do, when the test PostgreSQL is down: tests that need it must not pass by skipping. */
export async function requirePostgres(): Promise<void> {
  try {
    await pgQuery('SELECT 1');
  } catch (error) {
    throw new Error(
      `PostgreSQL is not reachable at ${new URL(TEST_DATABASE_URL).host} (start it with ` +
        '`pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql)" main start`, as .ci/run does, or set TEST_DATABASE_URL); ' +
        `these tests need it: ${(error as Error).message || String(error)}`,
    );
  }
}

/** A quoted SQL identifier. */
const ident = (name: string) => `"${name.replaceAll('"', '""')}"`;

/**
 * A new, empty schema in the test database, and a `DATABASE_URL` whose connections use it (libpq's
 * `options=-c search_path=…`, which the server passes through as written). `drop` removes it and everything in it.
 */
export async function freshPostgresSchema(): Promise<{ schema: string; url: string; drop(): Promise<void> }> {
  const schema = `pb_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
  await pgQuery(`CREATE SCHEMA ${ident(schema)}`);
  const url = new URL(TEST_DATABASE_URL);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return {
    schema,
    url: url.href,
    async drop() {
      await pgQuery(`DROP SCHEMA IF EXISTS ${ident(schema)} CASCADE`);
    },
  };
}
