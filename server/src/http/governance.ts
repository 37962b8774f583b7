import { GOVERNANCE_CSV_COLUMNS, governanceCsvRows, getBoardMeta } from '@placeboard/board';
import { rowsToCsv } from '@placeboard/geo';
import { Hono } from 'hono';
import { safeFileName } from '../import/export-features.js';
import type { RoomManager } from '../sync/rooms.js';
import { anyRole, requireBoardRole, type SessionEnv } from './session.js';
import { boardIdParam, withBoardRoom } from './board-room.js';

/** Options of {@link createGovernanceRoutes}. */
export interface GovernanceRoutesOptions {
  rooms: RoomManager;
}

/**
 * `GET /api/boards/:id/governance.csv`: the board's governance log (decisions, data-sharing register, risks)
 * as one CSV download, a `kind` column first and then the union of every kind's fields. Read from the live
 * room, or the board loaded for the occasion; an unknown board is a 404.
 */
export function createGovernanceRoutes(options: GovernanceRoutesOptions): Hono<SessionEnv> {
  const { rooms } = options;
  const app = new Hono<SessionEnv>();

  app.get('/:id/governance.csv', async (c) => {
    const boardId = boardIdParam(c.req.param('id'));
    await requireBoardRole(c, boardId, anyRole, 'export from this board');
    const { csv, title } = await withBoardRoom(rooms, boardId, (room) => ({
      csv: rowsToCsv(governanceCsvRows(room.doc), GOVERNANCE_CSV_COLUMNS),
      title: getBoardMeta(room.doc).title,
    }));
    c.header('Content-Type', 'text/csv; charset=utf-8');
    c.header('Content-Disposition', `attachment; filename="${safeFileName(`${title} governance`)}.csv"`);
    return c.body(csv);
  });

  return app;
}
