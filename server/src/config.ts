import fs from 'node:fs';
import path from 'node:path';
import { DEFAULT_IMPORT_MAX_BYTES, DEFAULT_IMPORT_MAX_FEATURES } from '@placeboard/geo';
import { z } from 'zod';
import { checkTrustedProxies } from './client-address.js';
import { DEFAULT_BOARD_MAX_FEATURES } from './import/apply-import.js';

/** A whole number written in plain digits: a blank value, `0x50` or `1e3` is a mistake, not a number. */
const wholeNumber = z
  .string()
  .trim()
  .regex(/^\d+$/, 'must be a whole number written in digits')
  .transform(Number);
const bytes = wholeNumber.pipe(z.number().int().positive());

const envSchema = z.object({
  PORT: wholeNumber.pipe(z.number().max(65535)).default(8080),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z.string().trim().optional(),
  DATABASE_TIMEOUT_MS: wholeNumber.pipe(z.number().int().positive()).default(20_000),
  MAX_MESSAGE_BYTES: bytes.default(8 * 1024 * 1024),
  BASEMAP_STYLE_URL: z.string().min(1).default('/basemap/style.json'),
  ROOM_IDLE_MS: wholeNumber.default(30_000),
  COMPACT_AFTER_UPDATES: wholeNumber.pipe(z.number().positive()).default(500),
  COMPACT_AFTER_BYTES: bytes.default(4 * 1024 * 1024),
  HEARTBEAT_MS: wholeNumber.default(15_000),
  AWARENESS_TICK_MS: wholeNumber.pipe(z.number().max(1000)).default(50),
  BUSY_BATCH_MS: wholeNumber.pipe(z.number().max(1000)).default(10),
  REDIS_URL: z.string().trim().optional(),
  MAX_MESSAGES_PER_SECOND: wholeNumber.pipe(z.number().int().positive()).default(200),
  MAX_MESSAGE_BYTES_PER_SECOND: bytes.default(1024 * 1024),
  SEED_DEMO: z.enum(['true', 'false']).default('true'),
  WEB_DIST: z.string().optional(),
  IMPORT_MAX_BYTES: bytes.default(DEFAULT_IMPORT_MAX_BYTES),
  IMPORT_MAX_FEATURES: wholeNumber.pipe(z.number().int().positive()).default(DEFAULT_IMPORT_MAX_FEATURES),
  BOARD_MAX_FEATURES: wholeNumber.pipe(z.number().int().positive()).default(DEFAULT_BOARD_MAX_FEATURES),
  PMTILES_PATH: z.string().trim().optional(),
  COMMUNITY_POSTS_PER_HOUR: wholeNumber.pipe(z.number().int().positive()).default(20),
  PUBLIC_URL: z.string().trim().optional(),
  OIDC_ISSUER: z.string().trim().optional(),
  OIDC_CLIENT_ID: z.string().trim().optional(),
  OIDC_CLIENT_SECRET: z.string().optional(),
  OIDC_LABEL: z.string().trim().max(100, 'must be at most 100 characters').optional(),
  OIDC_SCOPES: z.string().trim().optional(),
  CHROMIUM_PATH: z.string().trim().min(1).default('/usr/bin/chromium'),
  TRUST_PROXY: z.string().optional(),
  METRICS_TOKEN: z.string().trim().optional(),
});

/** How the server signs people in with an OpenID Connect provider (Microsoft Entra ID, NHS CIS2 and the like). */
export interface OidcConfig {
  /**
   * The provider's issuer URL, from `OIDC_ISSUER`; its `/.well-known/openid-configuration` is read on first use.
   * For Entra ID use the tenant's own (`https://login.microsoftonline.com/<tenant id>/v2.0`), not `common`, whose
   * document names a templated issuer. https only, except http on localhost or 127.0.0.1 for tests.
   */
  issuer: string;
  /** The client id registered with the provider, from `OIDC_CLIENT_ID`. */
  clientId: string;
  /** The client secret registered with the provider (sent as `client_secret_post`), from `OIDC_CLIENT_SECRET`. */
  clientSecret: string;
  /** Text of the sign-in button, from `OIDC_LABEL`. @default 'Sign in with your organisation' */
  label: string;
  /** Scopes asked for, space-separated, from `OIDC_SCOPES`; must include `openid`. @default 'openid email profile' */
  scopes: string;
}

/** Everything the server reads from its environment, validated. */
export interface ServerConfig {
  /** Port to listen on; 0 picks a free one. @default 8080 */
  port: number;
  /** Interface to bind: this machine only until accounts and roles exist (issue 5). @default '127.0.0.1' */
  host: string;
  /** Folder for the embedded SQLite database (unused with `DATABASE_URL`). @default './data' */
  dataDir: string;
  /**
   * PostgreSQL to keep everything in instead of the SQLite file, from `DATABASE_URL`
   * (`postgres://user:password@host:5432/database`, or `postgresql://`; libpq parameters such as `sslmode` or
   * `options=-c%20search_path%3Dname` may follow as a query). Needed for several server processes on one database.
   * Its schema is created or migrated at start; an unreachable server stops the start with an error. @default undefined
   */
  databaseUrl: string | undefined;
  /**
   * How long PostgreSQL may take to open a connection or run a statement, from `DATABASE_TIMEOUT_MS`, before the
   * statement is cancelled (see `PostgresStoreOptions.timeoutMs`): a write that is too slow, or a PostgreSQL that
   * stops answering without closing anything (packets dropped), then fails like one that went away, instead of
   * holding the board's edits forever. @default 20000
   */
  databaseTimeoutMs: number;
  /** Largest WebSocket message accepted; larger ones close the connection with 1009. @default 8 MiB */
  maxMessageBytes: number;
  /** MapLibre style the web app loads. @default '/basemap/style.json' (bundled, offline) */
  basemapStyleUrl: string;
  /** How long a board with nobody on it stays in memory. @default 30000 */
  roomIdleMs: number;
  /** Fold a board's update log into one state row after this many updates... @default 500 */
  compactAfterUpdates: number;
  /** ...or this many bytes of updates. @default 4 MiB */
  compactAfterBytes: number;
  /**
   * Messages one WebSocket may send per second, sustained, with bursts of twice that; more closes it with 4429.
   * Every message counts (document updates, presence, sync requests). A fast typist or a dragging user sends about
   * 60 updates and 60 presence changes a second. @default 200
   */
  maxMessagesPerSecond: number;
  /** Ping every socket this often and drop one that missed the previous ping (0: never). @default 15000 */
  heartbeatMs: number;
  /**
   * Presence (cursors, selections) goes to each client at most once per this many milliseconds, every change of
   * that time in one message, from `AWARENESS_TICK_MS`; 0 sends each change at once. At most 1000. @default 50
   */
  awarenessTickMs: number;
  /**
   * While the event loop is busy (see createLoadGauge: over 60% of its time running code), each room handles what
   * its clients sent once per this many milliseconds rather than on every turn of the loop, so the updates of that
   * time are stored with one disk flush and go to each client in one frame; from `BUSY_BATCH_MS`, 0: never wait.
   * At most 1000.
   * @default 10
   */
  busyBatchMs: number;
  /**
   * Redis that server processes serving the same boards fan updates and presence out through, from `REDIS_URL`
   * (`redis://[:password@]host:6379[/db]` or `rediss://`), or undefined for one process on its own. @default undefined
   */
  redisUrl: string | undefined;
  /**
   * Bytes one WebSocket may send per second, sustained, with bursts of twice that or one message of
   * `maxMessageBytes`, whichever is more; more closes it with 4429. @default 1 MiB
   */
  maxMessageBytesPerSecond: number;
  /** Create the Trafford demo board when the store has no boards. @default true */
  seedDemo: boolean;
  /** Folder holding the built web app, or undefined for the one beside the server. */
  webDist: string | undefined;
  /**
   * Largest file accepted by map import and join (API and CLI) and by opening a saved copy of a board.
   * @default DEFAULT_IMPORT_MAX_BYTES (50 MB)
   */
  importMaxBytes: number;
  /**
   * Most features one map import (API and CLI) may add; a file that would add more is refused whole.
   * @default DEFAULT_IMPORT_MAX_FEATURES (20,000)
   */
  importMaxFeatures: number;
  /**
   * Most map features one board may hold: an import or join that would take it past this is refused whole.
   * @default DEFAULT_BOARD_MAX_FEATURES (50,000)
   */
  boardMaxFeatures: number;
  /** Absolute path of a PMTiles archive served at /tiles/basemap.pmtiles, or undefined for none. */
  pmtilesPath: string | undefined;
  /**
   * Community contributions (`POST /api/community/:token/contributions`) one IP address may send per hour, and,
   * separately, one community link may receive per hour; more are refused with 429 and Retry-After. @default 20
   */
  communityPostsPerHour: number;
  /**
   * The address people reach the server at, from `PUBLIC_URL`, without a trailing slash: behind a proxy, the
   * proxy's. The OpenID Connect redirect URI is `${publicUrl}/api/auth/oidc/callback`, registered as such with the
   * provider. @default `http://localhost:${PORT}`
   */
  publicUrl: string;
  /** True when `PUBLIC_URL` was set, not defaulted: the one-time setup link is then printed on it. */
  publicUrlGiven: boolean;
  /**
   * OpenID Connect sign-in, on when `OIDC_ISSUER`, `OIDC_CLIENT_ID` and `OIDC_CLIENT_SECRET` are all set (setting
   * only some is an error), else undefined: then only local accounts sign in.
   */
  oidc: OidcConfig | undefined;
  /**
   * The reverse proxies or load balancers in front of the server, from `TRUST_PROXY` (comma-separated addresses,
   * CIDR ranges, or `loopback`, `linklocal`, `uniquelocal`). A request whose socket peer is one of them counts as
   * coming from the client its `X-Forwarded-For` names, for the per-address limits (sign-in attempts, community
   * posts) and logs; any other request counts as its socket peer's, whatever its headers say. @default [] (none)
   */
  trustProxy: string[];
  /**
   * The Chromium (or Chrome) executable that prints the board pack as PDF and renders map views and canvas frames as
   * PNG, from `CHROMIUM_PATH`. It is started on the first such request and kept for the next; when it is missing those
   * requests answer 503 `pdf_unavailable` and everything else works. Debian: `apt-get install chromium`.
   * @default '/usr/bin/chromium'
   */
  chromiumPath: string;
  /**
   * The secret a Prometheus (or any scraper) presents as `Authorization: Bearer <token>` to read `/api/metrics`, from
   * `METRICS_TOKEN`; at least 16 characters. Without it, `/api/metrics` answers only requests made on this machine
   * and not through a proxy. @default undefined
   */
  metricsToken: string | undefined;
}

/** Thrown for an environment variable with a value the server cannot use. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Reads and validates configuration; a bad value throws a {@link ConfigError} naming the variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`invalid configuration: ${problems.join('; ')}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(e.DATA_DIR),
    databaseUrl: e.DATABASE_URL ? checkDatabaseUrl(e.DATABASE_URL) : undefined,
    databaseTimeoutMs: e.DATABASE_TIMEOUT_MS,
    maxMessageBytes: e.MAX_MESSAGE_BYTES,
    basemapStyleUrl: e.BASEMAP_STYLE_URL,
    roomIdleMs: e.ROOM_IDLE_MS,
    compactAfterUpdates: e.COMPACT_AFTER_UPDATES,
    compactAfterBytes: e.COMPACT_AFTER_BYTES,
    maxMessagesPerSecond: e.MAX_MESSAGES_PER_SECOND,
    heartbeatMs: e.HEARTBEAT_MS,
    awarenessTickMs: e.AWARENESS_TICK_MS,
    busyBatchMs: e.BUSY_BATCH_MS,
    redisUrl: e.REDIS_URL ? checkRedisUrl(e.REDIS_URL) : undefined,
    maxMessageBytesPerSecond: e.MAX_MESSAGE_BYTES_PER_SECOND,
    seedDemo: e.SEED_DEMO === 'true',
    webDist: e.WEB_DIST === undefined ? undefined : path.resolve(e.WEB_DIST),
    importMaxBytes: e.IMPORT_MAX_BYTES,
    importMaxFeatures: e.IMPORT_MAX_FEATURES,
    boardMaxFeatures: e.BOARD_MAX_FEATURES,
    pmtilesPath: e.PMTILES_PATH ? checkPmtiles(path.resolve(e.PMTILES_PATH)) : undefined,
    communityPostsPerHour: e.COMMUNITY_POSTS_PER_HOUR,
    publicUrl: e.PUBLIC_URL ? checkPublicUrl(e.PUBLIC_URL) : `http://localhost:${e.PORT}`,
    publicUrlGiven: Boolean(e.PUBLIC_URL),
    oidc: oidcConfig(e),
    chromiumPath: e.CHROMIUM_PATH,
    trustProxy: e.TRUST_PROXY === undefined ? [] : checkTrustProxy(e.TRUST_PROXY),
    metricsToken: e.METRICS_TOKEN ? checkMetricsToken(e.METRICS_TOKEN) : undefined,
  };
}

/** The proxies listed in `TRUST_PROXY`, each checked: a blank list is none. */
function checkTrustProxy(value: string): string[] {
  const entries = value
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  try {
    checkTrustedProxies(entries);
  } catch (error) {
    throw invalid('TRUST_PROXY', `${error instanceof Error ? error.message : String(error)}: give IP addresses, CIDR ranges (10.0.0.0/8) or loopback, linklocal, uniquelocal, separated by commas`);
  }
  return entries;
}

/** The scraper's secret: long enough not to be guessed (a blank one is none, and leaves the metrics to this machine). */
function checkMetricsToken(value: string): string {
  if (value.length < 16) throw invalid('METRICS_TOKEN', 'must be at least 16 characters (make one with `openssl rand -base64 32`)');
  return value;
}

/** The default text of the OpenID Connect sign-in button. */
export const DEFAULT_OIDC_LABEL = 'Sign in with your organisation';
/** The scopes asked for by default: the account id, its email address and its name. */
export const DEFAULT_OIDC_SCOPES = 'openid email profile';

/** True for an http(s) URL whose host is this machine, where http is allowed (a test's provider). */
export function isLoopbackUrl(url: URL): boolean {
  return url.hostname === 'localhost' || url.hostname === '127.0.0.1' || url.hostname === '[::1]';
}

function invalid(variable: string, problem: string): ConfigError {
  return new ConfigError(`invalid configuration: ${variable}: ${problem}`);
}

/** An http(s) URL with no query or fragment, and https unless it is this machine. */
function checkHttpUrl(variable: string, value: string, httpsOnly: boolean): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw invalid(variable, `${JSON.stringify(value)} is not a URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw invalid(variable, 'must be an http or https URL');
  if (url.search || url.hash) throw invalid(variable, 'must not have a query or fragment');
  if (httpsOnly && url.protocol === 'http:' && !isLoopbackUrl(url)) {
    throw invalid(variable, 'must be an https URL (http is allowed only for localhost and 127.0.0.1)');
  }
  return url;
}

function checkRedisUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw invalid('REDIS_URL', 'is not a URL');
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') throw invalid('REDIS_URL', 'must be a redis:// or rediss:// URL');
  return value;
}

/** A postgres:// or postgresql:// URL; the value is kept as written (pg reads its libpq parameters). */
function checkDatabaseUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw invalid('DATABASE_URL', 'is not a URL');
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw invalid('DATABASE_URL', 'must be a postgres:// or postgresql:// URL');
  }
  return value;
}

function checkPublicUrl(value: string): string {
  return checkHttpUrl('PUBLIC_URL', value, false).href.replace(/\/+$/, '');
}

/** OpenID Connect settings: all three of issuer, client id and secret, or none of them. A blank value counts as unset. */
function oidcConfig(e: z.infer<typeof envSchema>): OidcConfig | undefined {
  const required = { OIDC_ISSUER: e.OIDC_ISSUER, OIDC_CLIENT_ID: e.OIDC_CLIENT_ID, OIDC_CLIENT_SECRET: e.OIDC_CLIENT_SECRET };
  const missing = Object.entries(required).filter(([, value]) => !value).map(([name]) => name);
  if (missing.length === 3) return undefined;
  if (missing.length > 0) {
    const given = Object.keys(required).filter((name) => !missing.includes(name));
    throw invalid(missing.join(', '), `must be set too when ${given.join(' and ')} ${given.length > 1 ? 'are' : 'is'} (OpenID Connect needs all three)`);
  }
  const issuer = e.OIDC_ISSUER as string;
  checkHttpUrl('OIDC_ISSUER', issuer, true);
  const scopes = (e.OIDC_SCOPES || DEFAULT_OIDC_SCOPES).split(/\s+/);
  if (!scopes.includes('openid')) throw invalid('OIDC_SCOPES', 'must include openid');
  return {
    // As written: the provider's discovery document must name exactly this issuer.
    issuer,
    clientId: e.OIDC_CLIENT_ID as string,
    clientSecret: e.OIDC_CLIENT_SECRET as string,
    label: e.OIDC_LABEL || DEFAULT_OIDC_LABEL,
    scopes: scopes.join(' '),
  };
}

/** PMTiles v3 archives start with these bytes ("PMTiles" and the spec version). */
const PMTILES_MAGIC = Buffer.from('PMTiles', 'latin1');

/** Checks at startup that PMTILES_PATH names a readable PMTiles archive, so a typo is not found by the first map. */
function checkPmtiles(file: string): string {
  let head: Buffer;
  try {
    const fd = fs.openSync(file, 'r');
    try {
      if (!fs.fstatSync(fd).isFile()) throw new Error('not a file');
      head = Buffer.alloc(PMTILES_MAGIC.length);
      fs.readSync(fd, head, 0, head.length, 0);
    } finally {
      fs.closeSync(fd);
    }
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    throw new ConfigError(`invalid configuration: PMTILES_PATH: cannot read ${file} (${reason})`);
  }
  if (!head.equals(PMTILES_MAGIC)) {
    throw new ConfigError(`invalid configuration: PMTILES_PATH: ${file} is not a PMTiles archive`);
  }
  return file;
}
