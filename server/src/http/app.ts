import fs from 'node:fs';
import path from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import { DEFAULT_IMPORT_MAX_BYTES, DEFAULT_IMPORT_MAX_FEATURES } from '@placeboard/geo';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AddressOfRequest } from '../client-address.js';
import type { WindowLimiter } from '../limits/window-limiter.js';
import type { Logger } from '../log.js';
import type { Access } from '../auth/access.js';
import type { Oidc } from '../auth/oidc.js';
import type { PlaceboardStore } from '../store/types.js';
import type { RoomManager } from '../sync/rooms.js';
import { createAuditRoutes } from './audit.js';
import { createAuthRoutes } from './auth.js';
import { createBoardRoutes } from './boards.js';
import { createCommunityRoutes } from './community.js';
import { ApiError, createErrorHandler } from './errors.js';
import { createExportRoutes } from './export.js';
import { createCsvRoutes } from './csv-routes.js';
import { createMemberRoutes } from './members.js';
import { createMetricsRoutes } from './metrics.js';
import type { Metrics } from '../metrics.js';
import { createOidcRoutes } from './oidc.js';
import { storeVersionSource } from '../pack/load-board.js';
import { createPackRoutes } from './pack.js';
import type { PagePrinter } from '../pack/printer.js';
import { createSessionMiddleware, type SessionEnv } from './session.js';
import { DEFAULT_BOARD_MAX_FEATURES } from '../import/apply-import.js';
import { UPLOAD_PATH, createImportRoutes } from './import.js';
import { createTemplateRoutes } from './templates.js';
import { PMTILES_URL, createTileRoutes } from './tiles.js';
import { createVersionRoutes } from './versions.js';

/** Options of {@link createApp}. */
export interface AppOptions {
  store: PlaceboardStore;
  rooms: RoomManager;
  access: Access;
  log: Logger;
  /** MapLibre style URL handed to the web app. */
  basemapStyleUrl: string;
  /** Folder of the built web app; when it has no index.html only the API is served. */
  webDist: string;
  /** Largest JSON body accepted by the API. @default 1 MiB */
  maxJsonBytes?: number;
  /** Largest file accepted by map import and join. @default DEFAULT_IMPORT_MAX_BYTES (50 MB) */
  importMaxBytes?: number;
  /** Most features one map import may add. @default DEFAULT_IMPORT_MAX_FEATURES (20,000) */
  importMaxFeatures?: number;
  /** Most map features a board may hold after an import or join. @default DEFAULT_BOARD_MAX_FEATURES (50,000) */
  boardMaxFeatures?: number;
  /** PMTiles archive served at /tiles/basemap.pmtiles; none when undefined. */
  pmtilesPath?: string | undefined;
  /** OpenID Connect sign-in, served under /api/auth/oidc and offered by /api/session; off when undefined. */
  oidc?: Oidc | undefined;
  /**
   * The per-address and per-link limits (see createLimiters): in Redis when several processes serve one deployment,
   * so that each key has one allowance, not one per process.
   */
  limiters: { signIns: WindowLimiter; communityPosts: WindowLimiter };
  /** How to read a caller's address for per-address limits (see {@link createAddressOfRequest}). */
  addressOf: AddressOfRequest;
  /** Chromium for the board pack's PDF and PNGs (see createPagePrinter); without it they answer 503. */
  pagePrinter?: PagePrinter | undefined;
  /** What `/api/metrics` serves; not served when undefined. */
  metrics?: Metrics | undefined;
  /** `METRICS_TOKEN`: who may read `/api/metrics` (see createMetricsRoutes). */
  metricsToken?: string | undefined;
}

/** The HTTP side of Placeboard: the JSON API under /api and, in production, the built web app. */
export function createApp(options: AppOptions): Hono<SessionEnv> {
  const app = new Hono<SessionEnv>();
  const api = new Hono<SessionEnv>();
  const session = createSessionMiddleware(options.access);
  const members = createMemberRoutes({ store: options.store, rooms: options.rooms });

  const jsonLimit = bodyLimit({
    maxSize: options.maxJsonBytes ?? 1024 * 1024,
    onError: () => {
      throw new ApiError(413, 'payload_too_large', 'Request body is too large.');
    },
  });
  // File uploads have their own, larger limit (see createImportRoutes).
  api.use((c, next) => (UPLOAD_PATH.test(c.req.path) ? next() : jsonLimit(c, next)));
  // Before the session middleware: a scraper has a token of its own, or is this machine (see createMetricsRoutes).
  if (options.metrics) {
    api.route('/', createMetricsRoutes({ metrics: options.metrics, token: options.metricsToken, addressOf: options.addressOf }));
  }
  api.use(session);
  api.get('/health', (c) => c.json({ status: 'ok' }));
  const importLimits = {
    bytes: options.importMaxBytes ?? DEFAULT_IMPORT_MAX_BYTES,
    features: options.importMaxFeatures ?? DEFAULT_IMPORT_MAX_FEATURES,
  };
  api.get('/config', (c) =>
    c.json({ basemapStyleUrl: options.basemapStyleUrl, ...(options.pmtilesPath ? { pmtilesUrl: PMTILES_URL } : {}), importLimits }),
  );
  api.route(
    '/boards',
    createImportRoutes({
      rooms: options.rooms,
      store: options.store,
      importMaxBytes: importLimits.bytes,
      importMaxFeatures: importLimits.features,
      boardMaxFeatures: options.boardMaxFeatures ?? DEFAULT_BOARD_MAX_FEATURES,
    }),
  );
  api.route('/boards', createExportRoutes({ rooms: options.rooms }));
  api.route('/boards', createCsvRoutes({ rooms: options.rooms }));
  api.route('/templates', createTemplateRoutes());
  api.route(
    '/',
    createAuthRoutes({
      store: options.store,
      log: options.log,
      oidcLabel: options.oidc?.label,
      addressOf: options.addressOf,
      signInLimiter: options.limiters.signIns,
    }),
  );
  if (options.oidc) api.route('/auth/oidc', createOidcRoutes({ oidc: options.oidc, store: options.store, log: options.log }));
  api.route('/boards', members.boards);
  api.route('/boards', createAuditRoutes({ store: options.store }));
  api.route('/invites', members.invites);
  api.route('/boards', createBoardRoutes({ store: options.store, rooms: options.rooms }));
  api.route('/boards', createVersionRoutes({ store: options.store, rooms: options.rooms }));
  api.route('/boards', createPackRoutes({ rooms: options.rooms, printer: options.pagePrinter, versions: storeVersionSource(options.store) }));
  api.route(
    '/community',
    createCommunityRoutes({
      store: options.store,
      rooms: options.rooms,
      postLimiter: options.limiters.communityPosts,
      addressOf: options.addressOf,
    }),
  );
  // Not api.notFound: a mounted app's notFound never runs, so unknown /api routes fell through to the web app.
  api.all('*', () => {
    throw new ApiError(404, 'not_found', 'No such API route.');
  });

  app.route('/api', api);
  app.use('/s/*', session);
  app.route('/', members.pages);
  app.route('/tiles', createTileRoutes({ pmtilesPath: options.pmtilesPath }));
  app.onError(createErrorHandler(options.log));
  api.onError(createErrorHandler(options.log));

  const indexFile = path.join(options.webDist, 'index.html');
  if (fs.existsSync(indexFile)) {
    const root = path.relative(process.cwd(), options.webDist) || '.';
    // The build names every file under /assets/ by its content, so a file there never changes: browsers keep it a
    // year without asking again. The app shell names them, so it is asked for again on every load, and a new build
    // is picked up at once.
    app.use('/assets/*', async (c, next) => {
      await next();
      if (c.res.status === 200) c.header('Cache-Control', 'public, max-age=31536000, immutable');
    });
    app.use('/*', async (c, next) => {
      await next();
      if (c.res.headers.get('Content-Type')?.startsWith('text/html') && !c.res.headers.has('Cache-Control')) c.header('Cache-Control', 'no-cache');
    });
    app.use('/*', serveStatic({ root }));
    // An asset that is not there (a tab still open on an earlier build asking for one of its files) is not found,
    // rather than answered with the app shell.
    app.get('/assets/*', (c) => c.text('No such file in this build of Placeboard.', 404));
    // Client-side routes (/b/:id and the rest) all load the app shell.
    app.get('*', (c) => c.html(fs.readFileSync(indexFile, 'utf8')));
  } else {
    app.get('/', (c) =>
      c.text('Placeboard API is running, but the web app is not built. Run `npm start` from the repository root.', 503),
    );
  }
  return app;
}
