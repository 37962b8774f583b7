import path from 'node:path';
import type { ServerConfig } from '../config.js';
import type { Logger } from '../log.js';
import { createPostgresStore } from './postgres.js';
import { createSqliteStore } from './sqlite.js';
import type { PlaceboardStore } from './types.js';

/**
 * Opens the store the configuration names: PostgreSQL when `DATABASE_URL` is set, else the embedded SQLite file
 * `placeboard.sqlite` in `DATA_DIR`. Either is migrated to the current schema before this resolves. PostgreSQL that
 * cannot be reached throws a `PostgresUnreachableError` naming the host and the cause, once: there is no retry, so a
 * supervisor restarting the process sees a plain failure rather than a process that never becomes ready.
 */
export async function createStore(
  config: Pick<ServerConfig, 'dataDir' | 'databaseUrl' | 'databaseTimeoutMs'>,
  options: { log?: Logger } = {},
): Promise<PlaceboardStore> {
  if (config.databaseUrl) {
    return createPostgresStore({ connectionString: config.databaseUrl, timeoutMs: config.databaseTimeoutMs, log: options.log });
  }
  return createSqliteStore({ filename: path.join(config.dataDir, 'placeboard.sqlite') });
}
