import { ROOT_NAMES, canReadAudit, isRootName } from '@placeboard/board';
import { rowsToCsv } from '@placeboard/geo';
import { Hono, type Context } from 'hono';
import type { AuditQuery } from '../store/access-types.js';
import type { PlaceboardStore } from '../store/types.js';
import { boardIdParam } from './board-room.js';
import { ApiError } from './errors.js';
import { requireBoardRole, type SessionEnv } from './session.js';

/** Options of {@link createAuditRoutes}. */
export interface AuditRoutesOptions {
  store: PlaceboardStore;
}

/** Columns of the audit CSV, in order. */
export const AUDIT_CSV_COLUMNS = ['time', 'person', 'actor', 'kind', 'sections', 'records', 'bytes', 'detail'] as const;

/** A date filter: an ISO date (`2026-11-25`), a date and time, or milliseconds since the epoch. */
function timeParam(name: string, value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  const at = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
  if (!Number.isFinite(at)) throw new ApiError(400, 'validation_failed', `${name}: not a date`);
  return at;
}

async function queryOf(c: Context<SessionEnv>): Promise<AuditQuery> {
  const access = await requireBoardRole(c, boardIdParam(c.req.param('id') ?? ''), canReadAudit, 'read the audit log');
  const root = c.req.query('section');
  if (root !== undefined && root !== '' && !isRootName(root)) {
    throw new ApiError(400, 'validation_failed', `section: must be one of ${ROOT_NAMES.join(', ')}`);
  }
  const limit = c.req.query('limit');
  return {
    boardId: access.boardId,
    ...(c.req.query('actor') ? { actor: c.req.query('actor') } : {}),
    ...(root ? { root } : {}),
    from: timeParam('from', c.req.query('from')),
    to: timeParam('to', c.req.query('to')),
    limit: limit && /^\d+$/.test(limit) ? Math.min(Number(limit), 10_000) : 500,
  };
}

/**
 * `GET /api/boards/:id/audit` (JSON) and `/audit.csv`: who changed what and when, filtered by `actor`, `section`
 * (a board root), `from` and `to`. Owners, moderators and editors may read it.
 */
export function createAuditRoutes(options: AuditRoutesOptions): Hono<SessionEnv> {
  const app = new Hono<SessionEnv>();

  app.get('/:id/audit', async (c) => {
    const query = await queryOf(c);
    const events = await options.store.listAudit(query);
    // The people in the log, for the filter's choices.
    const people = new Map<string, string>();
    for (const event of await options.store.listAudit({ boardId: query.boardId, limit: 10_000 })) {
      if (!people.has(event.actor)) people.set(event.actor, event.actorName);
    }
    return c.json({ events, people: [...people].map(([actor, name]) => ({ actor, name })) });
  });

  app.get('/:id/audit.csv', async (c) => {
    const query = await queryOf(c);
    const events = await options.store.listAudit({ ...query, limit: query.limit === 500 ? 100_000 : query.limit });
    const rows = events.map((e) => ({
      time: new Date(e.at).toISOString(),
      person: e.actorName,
      actor: e.actor,
      kind: e.kind,
      sections: e.roots.join(' '),
      records: e.records.join(' '),
      bytes: e.bytes,
      detail: e.detail,
    }));
    c.header('Content-Type', 'text/csv; charset=utf-8');
    c.header('Content-Disposition', `attachment; filename="audit-${query.boardId}.csv"`);
    return c.body(rowsToCsv(rows, AUDIT_CSV_COLUMNS));
  });

  return app;
}
