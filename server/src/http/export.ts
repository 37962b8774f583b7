import { toCsv } from '@placeboard/geo';
import { Hono } from 'hono';
import { exportFeatures, layerFeatures } from '../import/export-features.js';
import type { RoomManager } from '../sync/rooms.js';
import { asApiErrors, boardIdParam, withBoardRoom } from './board-room.js';
import { csvDownload } from './csv-routes.js';
import { ApiError } from './errors.js';
import { anyRole, requireBoardRole, type SessionEnv } from './session.js';

/** Options of {@link createExportRoutes}. */
export interface ExportRoutesOptions {
  rooms: RoomManager;
}

/**
 * `GET /api/boards/:id/export.geojson[?layer=ID]` and `GET /api/boards/:id/export.csv?layer=ID`: the map's
 * features as downloads, read from the board's live room (or the board loaded for the occasion).
 */
export function createExportRoutes(options: ExportRoutesOptions): Hono<SessionEnv> {
  const { rooms } = options;
  const app = new Hono<SessionEnv>();

  app.get('/:id/export.geojson', async (c) => {
    const boardId = boardIdParam(c.req.param('id'));
    await requireBoardRole(c, boardId, anyRole, 'export from this board');
    const layerId = c.req.query('layer') || undefined;
    const exported = await withBoardRoom(rooms, boardId, (room) => asApiErrors(async () => exportFeatures(room.doc, layerId)));
    c.header('Content-Type', 'application/geo+json; charset=utf-8');
    c.header('Content-Disposition', `attachment; filename="${exported.fileBaseName}.geojson"`);
    return c.body(JSON.stringify(exported.collection));
  });

  app.get('/:id/export.csv', async (c) => {
    const boardId = boardIdParam(c.req.param('id'));
    await requireBoardRole(c, boardId, anyRole, 'export from this board');
    const layerId = c.req.query('layer');
    if (!layerId) throw new ApiError(400, 'validation_failed', 'CSV export is per layer: add ?layer=<layer id>.');
    const { layer, features } = await withBoardRoom(rooms, boardId, (room) => asApiErrors(async () => layerFeatures(room.doc, layerId)));
    return csvDownload(c, toCsv(features), layer.name);
  });

  return app;
}
