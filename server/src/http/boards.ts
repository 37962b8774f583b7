import { Hono } from 'hono';
import { CloseCode } from '@placeboard/protocol';
import { BOARD_TITLE_MAX_LENGTH, TEMPLATE_IDS, canEditPlan, canManageAccess, applyTemplate, getTemplate, initBoard, isBoardId, newBoardId, setBoardTitle, type BoardId } from '@placeboard/board';
import * as Y from 'yjs';
import { z } from 'zod';
import type { PlaceboardStore } from '../store/types.js';
import { SERVER_ORIGIN } from '../sync/room.js';
import type { RoomManager } from '../sync/rooms.js';
import { ApiError, parseBody, readJson } from './errors.js';
import { anyRole, requireBoardRole, requireUser, type SessionEnv } from './session.js';

/** Options of {@link createBoardRoutes}. */
export interface BoardRoutesOptions {
  store: PlaceboardStore;
  rooms: RoomManager;
  now?: () => number;
}

const titleSchema = z.string().trim().min(1, 'title must not be empty').max(BOARD_TITLE_MAX_LENGTH, `title must be at most ${BOARD_TITLE_MAX_LENGTH} characters`);
const templateSchema = z
  .string()
  .refine((id) => TEMPLATE_IDS.includes(id), { message: `template must be one of: ${TEMPLATE_IDS.join(', ')}` });
const createBody = z.object({ title: titleSchema, template: templateSchema.optional() });

/** Who the server writes template content as. */
const TEMPLATE_AUTHOR = 'Placeboard template';
const patchBody = z.object({ title: titleSchema });

function boardIdParam(value: string): BoardId {
  if (!isBoardId(value)) throw new ApiError(404, 'not_found', 'No board with that id.');
  return value;
}

/** `/api/boards`: list, create, read, rename and delete boards. */
export function createBoardRoutes(options: BoardRoutesOptions): Hono<SessionEnv> {
  const { store, rooms } = options;
  const now = options.now ?? Date.now;
  const app = new Hono<SessionEnv>();

  /** The boards the caller can open: every board for the server's admin, else those they are a member of. */
  app.get('/', async (c) => {
    const identity = c.get('identity');
    if (identity.kind === 'anonymous') throw new ApiError(401, 'unauthenticated', 'Sign in to see your boards.');
    const boards = await store.listBoards();
    let visible = boards;
    if (identity.kind === 'link') visible = boards.filter((b) => b.id === identity.link.boardId && identity.link.kind === 'board');
    else if (!identity.user.isAdmin) {
      const mine = new Set(await store.boardsOfUser(identity.user.id));
      visible = boards.filter((b) => mine.has(b.id));
    }
    return c.json(visible.map(({ id, title, updatedAt }) => ({ id, title, updatedAt })));
  });

  app.post('/', async (c) => {
    const { title, template: templateId } = parseBody(createBody, await readJson(c));
    const template = templateId === undefined ? undefined : getTemplate(templateId);
    const at = now();
    // A template is data applied here, on the server, so no client ever seeds content (see templates.ts).
    const seed = template
      ? (doc: Y.Doc) => {
          initBoard(doc, { title });
          applyTemplate(doc, template, { name: TEMPLATE_AUTHOR, now: () => at });
        }
      : undefined;
    const { user } = requireUser(c);
    const board = await createOwnedBoard(store, user, { title, at, content: seed, detail: `created the board${templateId ? ` from the ${templateId} template` : ''}` });
    return c.json({ id: board.id }, 201);
  });

  app.get('/:id', async (c) => {
    const id = boardIdParam(c.req.param('id'));
    await requireBoardRole(c, id, anyRole, 'open this board');
    const board = await store.getBoard(id);
    if (!board) throw new ApiError(404, 'not_found', 'No board with that id.');
    return c.json(board);
  });

  app.patch('/:id', async (c) => {
    const id = boardIdParam(c.req.param('id'));
    const access = await requireBoardRole(c, id, canEditPlan, 'rename the board');
    const { title } = parseBody(patchBody, await readJson(c));
    const board = await store.renameBoard(id, title, now());
    if (!board) throw new ApiError(404, 'not_found', 'No board with that id.');
    // Keep the title in the document too, so everyone on the board sees the new name at once.
    const room = await rooms.acquire(id);
    if (room) {
      await room.change((doc) => doc.transact(() => setBoardTitle(doc, title), SERVER_ORIGIN), { actor: access.actor, actorName: access.name });
      rooms.release(room);
    }
    return c.json(board);
  });

  app.delete('/:id', async (c) => {
    const id = boardIdParam(c.req.param('id'));
    await requireBoardRole(c, id, canManageAccess, 'delete the board');
    // Delete from the store first, so nobody can load the board again while its room closes.
    const existed = await store.deleteBoard(id);
    await rooms.unload(id, CloseCode.boardGone, 'board deleted');
    if (!existed) throw new ApiError(404, 'not_found', 'No board with that id.');
    return c.body(null, 204);
  });

  return app;
}

/**
 * Creates a board whose document is made on the server, so no client ever seeds content: an empty board, or what
 * `content` makes of a new doc, or `content` itself when it is a ready state (a saved copy, opened and checked).
 */
export async function createBoard(store: PlaceboardStore, title: string, now: number, content?: ((doc: Y.Doc) => void) | Uint8Array) {
  if (content instanceof Uint8Array) return store.createBoard({ id: newBoardId(), title, state: content, now });
  const doc = new Y.Doc();
  if (content) content(doc);
  else initBoard(doc, { title });
  const state = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return store.createBoard({ id: newBoardId(), title, state, now });
}

/**
 * Creates a board for `user`, who owns it (whoever creates a board owns it), and starts its audit log with `detail`
 * ("created the board…"); `bytes` is the size of what it was made from, if anything was uploaded.
 */
export async function createOwnedBoard(
  store: PlaceboardStore,
  user: { id: string; name: string },
  made: { title: string; at: number; content?: ((doc: Y.Doc) => void) | Uint8Array; detail: string; bytes?: number },
) {
  const { title, at, content, detail, bytes = 0 } = made;
  const board = await createBoard(store, title, at, content);
  await store.putMember({ boardId: board.id, userId: user.id, role: 'owner', partnerId: null, addedAt: at });
  await store.appendAudit([
    { boardId: board.id, at, actor: `user:${user.id}`, actorName: user.name, kind: 'board', roots: [], records: [], bytes, detail },
  ]);
  return board;
}
