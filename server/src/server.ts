import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import type { ServerType } from '@hono/node-server';
import type { ServerConfig } from './config.js';
import { connectCoordination } from './coordination.js';
import { seedDemoIfEmpty } from './demo.js';
import { createApp } from './http/app.js';
import { createAddressOfRequest } from './client-address.js';
import { createLimiters } from './limits/limiters.js';
import { createLogger, type Logger } from './log.js';
import { createStore } from './store/create-store.js';
import { createAccess, type Access } from './auth/access.js';
import { OIDC_CALLBACK_PATH, createOidc } from './auth/oidc.js';
import { createUpgradeAuthenticator } from './auth/upgrade-auth.js';
import type { PlaceboardStore } from './store/types.js';
import { connectionLimits } from './sync/connection.js';
import { createLocalClaims, createRedisClaims } from './sync/client-claims.js';
import { createLocalFanout, createRedisFanout, type BoardFanout } from './sync/fanout.js';
import { createLoadGauge } from './sync/load-gauge.js';
import { RoomManager } from './sync/rooms.js';
import { createUpgradeHandler } from './sync/upgrade.js';
import { createPagePrinter } from './pack/printer.js';
import { createMetrics } from './metrics.js';

/** The built web app beside the server in this repository. */
export const DEFAULT_WEB_DIST = fileURLToPath(new URL('../../web/dist/', import.meta.url));

/** A running Placeboard server. */
export interface PlaceboardServer {
  /** The port it listens on (useful with port 0). */
  port: number;
  store: PlaceboardStore;
  rooms: RoomManager;
  /** Accounts, sessions and board access. */
  access: Access;
  /**
   * The one-time link that creates the owner account, while the server has none (also logged at start), as a path
   * to put after the server's address; undefined once an account exists.
   */
  setupPath: string | undefined;
  /**
   * {@link setupPath} as a whole link: on `PUBLIC_URL` when it is set (behind a proxy, the link must go through it),
   * else on this process's own address.
   */
  setupUrl: string | undefined;
  /** Closes every room (compacting each), the HTTP server and the store. */
  close(): Promise<void>;
}

/**
 * Starts the HTTP API, the sync endpoint and the web app on one port. `deps` replaces parts made from `config`: the
 * logger, the store, the fan-out, and the rooms' clock for their own intervals (tests step it).
 */
export async function startServer(
  config: ServerConfig,
  deps: { log?: Logger; store?: PlaceboardStore; fanout?: BoardFanout; monotonicNow?: () => number } = {},
): Promise<PlaceboardServer> {
  const log = deps.log ?? createLogger();
  // With REDIS_URL, rooms fan updates and presence out to the other processes; Redis unreachable at start throws.
  const fanout = deps.fanout ?? (config.redisUrl ? await createRedisFanout({ url: config.redisUrl, log }) : createLocalFanout());
  // With REDIS_URL the per-address limits are counted there too, once for all the processes, and client ids are held
  // there (see ClientClaims).
  const coordination = config.redisUrl ? await connectCoordination(config.redisUrl, log) : undefined;
  const limiters = createLimiters({ redis: coordination, communityPostsPerHour: config.communityPostsPerHour, log });
  const claims = coordination ? createRedisClaims(coordination, { log }) : createLocalClaims();
  // SQLite in DATA_DIR, or PostgreSQL with DATABASE_URL (unreachable at start throws, naming the host).
  const store = deps.store ?? (await createStore(config, { log }));
  if (config.seedDemo) {
    const demo = await seedDemoIfEmpty(store, Date.now());
    if (demo) log.info('created demo board', { board: demo });
  }
  const access = createAccess({ store });
  const setupToken = await access.setupToken();
  const setupPath = setupToken ? `/setup?token=${setupToken}` : undefined;
  const load = createLoadGauge();
  const metrics = createMetrics();
  const addressOf = createAddressOfRequest(config.trustProxy);
  const rooms = new RoomManager({
    store,
    log,
    idleMs: config.roomIdleMs,
    compactAfterUpdates: config.compactAfterUpdates,
    compactAfterBytes: config.compactAfterBytes,
    awarenessTickMs: config.awarenessTickMs,
    busyBatchMs: config.busyBatchMs,
    load,
    fanout,
    claims,
    monotonicNow: deps.monotonicNow,
    metrics: metrics.sync,
  });
  metrics.watch(rooms);
  metrics.watchFanout(fanout);
  // Chromium for the board pack: started on the first PDF or PNG asked for, closed with the server.
  const pagePrinter = createPagePrinter({ executablePath: config.chromiumPath, log });
  const app = createApp({
    pagePrinter,
    store,
    access,
    rooms,
    log,
    basemapStyleUrl: config.basemapStyleUrl,
    webDist: config.webDist ?? DEFAULT_WEB_DIST,
    importMaxBytes: config.importMaxBytes,
    importMaxFeatures: config.importMaxFeatures,
    boardMaxFeatures: config.boardMaxFeatures,
    pmtilesPath: config.pmtilesPath,
    limiters,
    addressOf,
    metrics,
    metricsToken: config.metricsToken,
    oidc: config.oidc ? createOidc({ config: config.oidc, redirectUri: `${config.publicUrl}${OIDC_CALLBACK_PATH}`, log }) : undefined,
  });
  const upgrades = createUpgradeHandler({
    rooms,
    authenticate: createUpgradeAuthenticator(access, { publicUrl: config.publicUrl }),
    log,
    maxMessageBytes: config.maxMessageBytes,
    heartbeatMs: config.heartbeatMs,
    addressOf,
    limits: connectionLimits({
      messagesPerSecond: config.maxMessagesPerSecond,
      bytesPerSecond: config.maxMessageBytesPerSecond,
      maxMessageBytes: config.maxMessageBytes,
    }),
  });

  const server = await new Promise<ServerType>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, () => resolve(s));
    s.once('error', reject);
  });
  server.on('upgrade', upgrades.onUpgrade);
  server.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
  });
  const port = (server.address() as AddressInfo).port;
  if (config.oidc) {
    log.info('OpenID Connect sign-in is on: register this redirect URI with the provider', {
      issuer: config.oidc.issuer,
      redirectUri: `${config.publicUrl}${OIDC_CALLBACK_PATH}`,
    });
  }
  // Without PUBLIC_URL, on this process's own address, with the port it got (PORT may be 0).
  const ownAddress = `http://${['0.0.0.0', '127.0.0.1', '::', '::1'].includes(config.host) ? 'localhost' : config.host}:${port}`;
  const setupUrl = setupPath ? `${config.publicUrlGiven ? config.publicUrl : ownAddress}${setupPath}` : undefined;
  if (setupUrl) log.info('no accounts yet: open this link once to create the owner account', { url: setupUrl });

  return {
    port,
    store,
    rooms,
    access,
    setupPath,
    setupUrl,
    async close() {
      await pagePrinter.close();
      await rooms.closeAll();
      await fanout.close();
      claims.close();
      await coordination?.quit().catch(() => coordination.disconnect());
      upgrades.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        if ('closeAllConnections' in server) server.closeAllConnections();
      });
      await store.close();
      load.stop();
    },
  };
}
