import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { ApiError } from './errors.js';

/** Where the web app finds the basemap archive, when there is one. */
export const PMTILES_URL = '/tiles/basemap.pmtiles';

/** Options of {@link createTileRoutes}. */
export interface TileRoutesOptions {
  /** Absolute path of the PMTiles archive (checked at startup), or undefined when none is configured. */
  pmtilesPath: string | undefined;
}

/**
 * `/tiles/basemap.pmtiles`: the configured PMTiles archive, served with HTTP range requests (206 with
 * Content-Range, 416 for a range past the end), which is how the `pmtiles` protocol reads it tile by tile.
 * Mounted at `/tiles`; without an archive every path here is a 404.
 */
export function createTileRoutes(options: TileRoutesOptions): Hono {
  const app = new Hono();
  if (options.pmtilesPath !== undefined) {
    const serve = serveStatic({ path: options.pmtilesPath });
    app.get('/basemap.pmtiles', (c, next) => {
      c.header('Accept-Ranges', 'bytes');
      c.header('Cache-Control', 'no-cache');
      return serve(c, next);
    });
  }
  app.all('*', () => {
    throw new ApiError(404, 'not_found', 'No such tile archive.');
  });
  return app;
}
