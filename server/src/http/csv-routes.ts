import { GOVERNANCE_CSV_COLUMNS, canModerate, communityCsv, governanceCsvRows, getBoardMeta } from '@placeboard/board';
import { rowsToCsv } from '@placeboard/geo';
import { Hono, type Context } from 'hono';
import { safeFileName } from '../import/export-features.js';
import type { RoomManager } from '../sync/rooms.js';
import { anyRole, requireBoardRole, type SessionEnv } from './session.js';
import { boardIdParam, withBoardRoom } from './board-room.js';

/** Options of {@link createCsvRoutes}. */
export interface CsvRoutesOptions {
  rooms: RoomManager;
}

/** Sends `csv` as a download, `name` made safe for a file name. */
export function csvDownload(c: Context<SessionEnv>, csv: string, name: string): Response {
  c.header('Content-Type', 'text/csv; charset=utf-8');
  c.header('Content-Disposition', `attachment; filename="${safeFileName(name)}.csv"`);
  return c.body(csv);
}

/**
 * CSV downloads of a board's registers, for every role on the board, read from the live room or the board loaded
 * for the occasion (an unknown board is a 404). Every cell is quoted as needed and formula-guarded (`rowsToCsv`).
 * - `GET /api/boards/:id/governance.csv`: the governance log (decisions, data-sharing register, risks), a `kind`
 *   column first and then the union of every kind's fields.
 * - `GET /api/boards/:id/community.csv`: the community knowledge, newest first, with where each is. Moderators and
 *   owners get every contribution with its status and the link it came through; other roles the published ones only,
 *   as their Community pane shows them.
 */
export function createCsvRoutes(options: CsvRoutesOptions): Hono<SessionEnv> {
  const { rooms } = options;
  const app = new Hono<SessionEnv>();

  app.get('/:id/governance.csv', async (c) => {
    const boardId = boardIdParam(c.req.param('id'));
    await requireBoardRole(c, boardId, anyRole, 'export from this board');
    const { csv, title } = await withBoardRoom(rooms, boardId, (room) => ({
      csv: rowsToCsv(governanceCsvRows(room.doc), GOVERNANCE_CSV_COLUMNS),
      title: getBoardMeta(room.doc).title,
    }));
    return csvDownload(c, csv, `${title} governance`);
  });

  app.get('/:id/community.csv', async (c) => {
    const boardId = boardIdParam(c.req.param('id'));
    const access = await requireBoardRole(c, boardId, anyRole, 'export from this board');
    const { csv, title } = await withBoardRoom(rooms, boardId, (room) => {
      const { rows, columns } = communityCsv(room.doc, canModerate(access.role));
      return { csv: rowsToCsv(rows, columns), title: getBoardMeta(room.doc).title };
    });
    return csvDownload(c, csv, `${title} community knowledge`);
  });

  return app;
}
