import {
  boardFromState,
  canEditPlan,
  diffBoards,
  getBoardMeta,
  getRoots,
  restoreBoard,
  type BoardId,
  type Role,
} from '@placeboard/board';
import { Hono, type Context } from 'hono';
import { nanoid } from 'nanoid';
import * as Y from 'yjs';
import { z } from 'zod';
import type { BoardAccess } from '../auth/access.js';
import type { PlaceboardStore } from '../store/types.js';
import type { BoardVersion, VersionPartner } from '../store/version-types.js';
import { SERVER_ORIGIN, type ChangeAttribution, type Room } from '../sync/room.js';
import type { RecordRef } from '../sync/permissions.js';
import type { RoomManager } from '../sync/rooms.js';
import { boardIdParam, withBoardRoom } from './board-room.js';
import { ApiError, parseBody, readJson } from './errors.js';
import { anyRole, requireBoardRole, type SessionEnv } from './session.js';

/** Options of {@link createVersionRoutes}. */
export interface VersionRoutesOptions {
  store: PlaceboardStore;
  rooms: RoomManager;
  /** Clock for stored timestamps. @default Date.now */
  now?: () => number;
}

const saveBody = z.object({
  name: z.string().trim().min(1, 'name must not be empty').max(200, 'name must be at most 200 characters'),
  note: z.string().trim().max(2000, 'note must be at most 2000 characters').default(''),
});
const signoffBody = z
  .object({
    state: z.enum(['agreed', 'concerns'], { message: "state must be 'agreed' or 'concerns'" }),
    comment: z.string().trim().max(2000, 'comment must be at most 2000 characters').default(''),
  })
  .refine((body) => body.state !== 'concerns' || body.comment !== '', {
    message: 'say what the concerns are',
    path: ['comment'],
  });

/** Anyone on the board but a viewer may answer for the partner they speak for. */
const maySignOff = (role: Role): boolean => role !== 'viewer';

/** A version's number from the URL, or `current` (the live board) where the route takes it; anything else is a 404. */
function versionParam(value: string, allowCurrent: true): number | 'current';
function versionParam(value: string, allowCurrent?: false): number;
function versionParam(value: string, allowCurrent = false): number | 'current' {
  if (allowCurrent && value === 'current') return 'current';
  if (/^[1-9][0-9]{0,8}$/.test(value)) return Number(value);
  throw new ApiError(404, 'not_found', `No version "${value}" on this board.`);
}

function notAPartner(): ApiError {
  return new ApiError(403, 'forbidden', 'The partner you speak for is not one of the partners in this version.');
}

function noSuchVersion(number: number): ApiError {
  return new ApiError(404, 'not_found', `No version ${number} on this board.`);
}

/** The partners of a board document, as a version records them: who must agree to it. */
function partnersOf(doc: Y.Doc): VersionPartner[] {
  const partners: VersionPartner[] = [];
  for (const [id, record] of getRoots(doc).partners.entries()) {
    if (!(record instanceof Y.Map)) continue;
    const organisation = record.get('organisation');
    partners.push({ id, organisation: typeof organisation === 'string' && organisation !== '' ? organisation : id });
  }
  return partners.sort((a, b) => a.organisation.localeCompare(b.organisation) || (a.id < b.id ? -1 : 1));
}

/** A version as the API shows it: its details and where its sign-off stands ("agreed by 5 of 6 partners"). */
export function versionView(version: BoardVersion) {
  const organisation = new Map(version.partners.map((p) => [p.id, p.organisation]));
  const answered = new Set(version.signoffs.map((s) => s.partnerId));
  return {
    number: version.number,
    name: version.name,
    note: version.note,
    createdByName: version.createdByName,
    createdAt: version.createdAt,
    status: version.status,
    proposedAt: version.proposedAt,
    agreedAt: version.agreedAt,
    signoff: {
      agreed: version.signoffs.filter((s) => s.state === 'agreed').length,
      concerns: version.signoffs.filter((s) => s.state === 'concerns').length,
      total: version.partners.length,
      entries: version.signoffs.map((s) => ({
        partnerId: s.partnerId,
        organisation: organisation.get(s.partnerId) ?? s.partnerId,
        state: s.state,
        comment: s.comment,
        byName: s.byName,
        at: s.at,
      })),
      /** Partners of the version who have not answered yet. */
      pending: version.partners.filter((p) => !answered.has(p.id)).map((p) => ({ partnerId: p.id, organisation: p.organisation })),
    },
  };
}

/**
 * Named versions of a board under `/api/boards/:id/versions`: save, list, open (details, or the Yjs state for a
 * read-only view), compare two (or one with the live board, `current`), restore as a new change, put forward for
 * agreement, sign off per partner, and delete (never an agreed one).
 *
 * A version is the board's full Yjs state, taken in turn with the room's other work. A restore first saves the board
 * as it is as a version of its own ("Before restoring version N"), in the same turn of the room's queue as the
 * restore, so nothing is ever lost; then it is one server change, stored and sent to every client like any edit.
 */
export function createVersionRoutes(options: VersionRoutesOptions): Hono<SessionEnv> {
  const { store, rooms } = options;
  const now = options.now ?? Date.now;
  const app = new Hono<SessionEnv>();

  /** The caller's access to the board of the route, which must exist (the server's admin may open any board id). */
  const boardAccess = async (c: Context<SessionEnv>, allowed: (role: Role) => boolean, action: string): Promise<BoardAccess> => {
    const access = await requireBoardRole(c, boardIdParam(c.req.param('id') ?? ''), allowed, action);
    if (!(await store.getBoard(access.boardId))) throw new ApiError(404, 'not_found', 'No board with that id.');
    return access;
  };

  const audit = (access: BoardAccess, detail: string) =>
    store.appendAudit([
      { boardId: access.boardId, at: now(), actor: access.actor, actorName: access.name, kind: 'version', roots: [], records: [], bytes: 0, detail },
    ]);

  const saveVersion = (access: BoardAccess, name: string, note: string, state: Uint8Array, partners: VersionPartner[]) =>
    store.createVersion({
      id: nanoid(),
      boardId: access.boardId,
      name,
      note,
      state,
      createdBy: access.actor,
      createdByName: access.name,
      createdAt: now(),
      partners,
    });

  const getVersion = async (boardId: BoardId, number: number): Promise<BoardVersion> => {
    const version = await store.getVersion(boardId, number);
    if (!version) throw noSuchVersion(number);
    return version;
  };

  /** A version's document (brought up to the current schema), or the live board's. */
  const openDoc = async (boardId: BoardId, which: number | 'current'): Promise<Y.Doc> => {
    const state =
      which === 'current' ? await withBoardRoom(rooms, boardId, (room) => room.snapshot()) : await store.getVersionState(boardId, which);
    if (!state) throw noSuchVersion(which as number);
    return boardFromState(state);
  };

  app.post('/:id/versions', async (c) => {
    const access = await boardAccess(c, canEditPlan, 'save a version');
    const { name, note } = parseBody(saveBody, await readJson(c));
    const version = await withBoardRoom(rooms, access.boardId, async (room) => {
      const state = await room.snapshot();
      const doc = boardFromState(state);
      try {
        return await saveVersion(access, name, note, state, partnersOf(doc));
      } finally {
        doc.destroy();
      }
    });
    await audit(access, `saved version ${version.number} "${version.name}"`);
    return c.json({ version: versionView(version) }, 201);
  });

  app.get('/:id/versions', async (c) => {
    const access = await boardAccess(c, anyRole, 'see the versions of this board');
    const versions = await store.listVersions(access.boardId);
    // The Agreed plan is the latest version every partner agreed to.
    const agreedPlan = versions.find((v) => v.status === 'agreed')?.number ?? null;
    return c.json({ versions: versions.map(versionView), agreedPlan });
  });

  app.get('/:id/versions/:v', async (c) => {
    const access = await boardAccess(c, anyRole, 'see the versions of this board');
    const version = await getVersion(access.boardId, versionParam(c.req.param('v')));
    return c.json({ version: versionView(version) });
  });

  app.get('/:id/versions/:v/update', async (c) => {
    const access = await boardAccess(c, anyRole, 'open the versions of this board');
    const doc = await openDoc(access.boardId, versionParam(c.req.param('v'), true));
    const update = Y.encodeStateAsUpdate(doc);
    doc.destroy();
    c.header('Content-Type', 'application/octet-stream');
    c.header('Cache-Control', 'no-store');
    return c.body(update as Uint8Array<ArrayBuffer>);
  });

  app.get('/:id/versions/:a/diff/:b', async (c) => {
    const access = await boardAccess(c, anyRole, 'compare the versions of this board');
    const a = versionParam(c.req.param('a'), true);
    const b = versionParam(c.req.param('b'), true);
    const before = await openDoc(access.boardId, a);
    try {
      const after = await openDoc(access.boardId, b);
      try {
        return c.json(diffBoards(before, after));
      } finally {
        after.destroy();
      }
    } finally {
      before.destroy();
    }
  });

  app.post('/:id/versions/:v/restore', async (c) => {
    const access = await boardAccess(c, canEditPlan, 'restore a version');
    const number = versionParam(c.req.param('v'));
    const version = await getVersion(access.boardId, number);
    const target = await openDoc(access.boardId, number);
    try {
      const savedBefore = await withBoardRoom(rooms, access.boardId, (room) => restoreInRoom(room, access, version, target));
      await audit(access, `restored version ${number} "${version.name}" (the board as it was is version ${savedBefore.number})`);
      return c.json({ restored: number, savedBefore: savedBefore.number });
    } finally {
      target.destroy();
    }
  });

  /**
   * Saves the board as it is, then restores `target` over it, both in one turn of the room's queue, so no edit can
   * fall between the saved state and the restore. Keeps the board list's title in step with a restored title.
   */
  async function restoreInRoom(room: Room, access: BoardAccess, version: BoardVersion, target: Y.Doc): Promise<BoardVersion> {
    let savedBefore: BoardVersion | undefined;
    let failure: { error: unknown } | undefined;
    // Filled in by the change itself, which the room reads after running it for the audit line of the update.
    const touched: RecordRef[] = [];
    const attribution: ChangeAttribution = { actor: access.actor, actorName: access.name, touchedRecords: touched };
    await room.change(
      (doc) => {
        if (!savedBefore) return;
        try {
          touched.push(...restoreBoard(doc, target, SERVER_ORIGIN));
        } catch (error) {
          failure = { error };
        }
      },
      attribution,
      async (doc) => {
        try {
          const name = `Before restoring version ${version.number}`;
          const note = `Saved automatically before "${version.name}" was restored.`;
          savedBefore = await saveVersion(access, name, note, Y.encodeStateAsUpdate(doc), partnersOf(doc));
        } catch (error) {
          failure = { error };
        }
      },
    );
    if (failure) throw failure.error;
    if (!savedBefore) throw new Error('restore did not run');
    await audit(access, `saved version ${savedBefore.number} "${savedBefore.name}"`);
    const title = getBoardMeta(room.doc).title;
    const board = await store.getBoard(access.boardId);
    if (board && board.title !== title) await store.renameBoard(access.boardId, title, now());
    return savedBefore;
  }

  app.post('/:id/versions/:v/propose', async (c) => {
    const access = await boardAccess(c, canEditPlan, 'put a version forward for agreement');
    const number = versionParam(c.req.param('v'));
    const before = await getVersion(access.boardId, number);
    if (before.partners.length === 0) {
      throw new ApiError(409, 'version_has_no_partners', 'This version has no partners to agree to it. Add the partners, then save a new version.');
    }
    const version = await store.proposeVersion(access.boardId, number, now());
    if (!version) throw noSuchVersion(number);
    if (before.status === 'saved') await audit(access, `put version ${number} "${version.name}" forward for agreement`);
    return c.json({ version: versionView(version) });
  });

  app.put('/:id/versions/:v/signoff', async (c) => {
    const access = await boardAccess(c, maySignOff, 'sign off a version');
    const number = versionParam(c.req.param('v'));
    const body = parseBody(signoffBody, await readJson(c));
    const version = await getVersion(access.boardId, number);
    if (!access.partnerId) {
      throw new ApiError(
        403,
        'forbidden',
        'You do not speak for a partner organisation on this board, so you cannot sign off a version. ' +
          'Ask the board owner to link you to your organisation.',
      );
    }
    const partner = version.partners.find((p) => p.id === access.partnerId);
    if (!partner) throw notAPartner();
    const result = await store.recordSignoff(access.boardId, number, {
      partnerId: partner.id,
      state: body.state,
      comment: body.comment,
      byActor: access.actor,
      byName: access.name,
      at: now(),
    });
    if (!result.ok) {
      if (result.reason === 'not_proposed') {
        throw new ApiError(409, 'version_not_proposed', 'This version has not been put forward for agreement.');
      }
      if (result.reason === 'not_a_partner') throw notAPartner();
      throw noSuchVersion(number);
    }
    const updated = result.version;
    const answer = body.state === 'agreed' ? 'agreed to' : 'raised concerns about';
    let detail = `${partner.organisation} ${answer} version ${number} "${updated.name}"`;
    if (updated.status === 'agreed' && version.status !== 'agreed') detail += '; every partner has agreed: it is the Agreed plan';
    if (updated.status !== 'agreed' && version.status === 'agreed') detail += '; it is no longer agreed';
    await audit(access, detail);
    return c.json({ version: versionView(updated) });
  });

  app.delete('/:id/versions/:v', async (c) => {
    const access = await boardAccess(c, canEditPlan, 'delete a version');
    const number = versionParam(c.req.param('v'));
    const version = await getVersion(access.boardId, number);
    const result = await store.deleteVersion(access.boardId, number);
    if (result === 'not_found') throw noSuchVersion(number);
    if (result === 'agreed') {
      throw new ApiError(409, 'version_agreed', 'This version is the Agreed plan: every partner agreed to it, so it cannot be deleted.');
    }
    await audit(access, `deleted version ${number} "${version.name}"`);
    return c.body(null, 204);
  });

  return app;
}
