import { BOARD_TITLE_MAX_LENGTH, LAYER_KINDS, canEditPlan, type BoardId, type LayerKind } from '@placeboard/board';
import type { BoardAccess } from '../auth/access.js';
import { describeBytes, parseImport, parseTable } from '@placeboard/geo';
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { applyImport, parseLimit } from '../import/apply-import.js';
import { BoardCopyRefused } from '../import/board-copy.js';
import { openBoardCopyOffThread } from '../import/board-copy-thread.js';
import { applyJoin } from '../import/apply-join.js';
import { errorMessage } from '../log.js';
import { SERVER_ORIGIN } from '../sync/room.js';
import type { RoomManager } from '../sync/rooms.js';
import { asApiErrors, boardIdParam, changeBoard, withBoardRoom } from './board-room.js';
import { ApiError } from './errors.js';
import type { PlaceboardStore } from '../store/types.js';
import { createOwnedBoard } from './boards.js';
import { requireBoardRole, requireUser, type SessionEnv } from './session.js';

/** Options of {@link createImportRoutes}. */
export interface ImportRoutesOptions {
  rooms: RoomManager;
  /** Where boards opened from a saved copy are created. */
  store: PlaceboardStore;
  /** Largest file accepted. */
  importMaxBytes: number;
  /** Most features one import may add. */
  importMaxFeatures: number;
  /** Most map features a board may hold after an import or join. */
  boardMaxFeatures: number;
  /** Clock for record timestamps and default source dates. @default Date.now */
  now?: () => number;
}

/** Paths (under /api) whose bodies are file uploads: the API's 1 MiB JSON limit does not apply to them. */
export const UPLOAD_PATH = /^\/api\/boards\/(?:[^/]+\/(?:import|join)|from-copy)\/?$/;

/** Room for the multipart framing and the small text fields around the file. */
const FORM_OVERHEAD_BYTES = 1024 * 1024;


type Form = Record<string, string | File>;

/**
 * `POST /api/boards/:id/import` (a GeoJSON, CSV, KML or zipped Shapefile into a layer) and
 * `POST /api/boards/:id/join` (a CSV joined onto a layer of areas, as a new indicator layer). Both take
 * multipart/form-data, refuse a body over the import limit before reading it, and write in one transaction.
 */
export function createImportRoutes(options: ImportRoutesOptions): Hono<SessionEnv> {
  const { rooms, store, importMaxBytes, importMaxFeatures, boardMaxFeatures } = options;
  const now = options.now ?? Date.now;
  const app = new Hono<SessionEnv>();
  const tooLarge = () => new ApiError(413, 'payload_too_large', `The file is larger than the import limit of ${describeBytes(importMaxBytes)}.`);
  const limit = bodyLimit({
    maxSize: importMaxBytes + FORM_OVERHEAD_BYTES,
    onError: () => {
      throw tooLarge();
    },
  });

  /** Reads a multipart form with a file in its "file" field, within the import limit. */
  async function readForm(c: Context<SessionEnv>): Promise<{ form: Form; file: File; bytes: Uint8Array }> {
    if (!/^multipart\/form-data\b/i.test(c.req.header('content-type') ?? '')) {
      throw new ApiError(400, 'validation_failed', 'Send a multipart/form-data body with the file in a "file" field.');
    }
    let form: Form;
    try {
      form = await c.req.parseBody();
    } catch (error) {
      if (error instanceof ApiError) throw error;
      throw new ApiError(400, 'validation_failed', `The form could not be read: ${errorMessage(error)}`);
    }
    const file = form.file;
    if (!(file instanceof File)) throw new ApiError(400, 'validation_failed', 'Attach the file in a "file" field.');
    if (file.size > importMaxBytes) throw tooLarge();
    return { form, file, bytes: new Uint8Array(await file.arrayBuffer()) };
  }

  /** Reads the form after checking the board exists, so nobody waits for a big upload to learn of a typo. */
  async function readUpload(c: Context<SessionEnv>): Promise<{ boardId: BoardId; access: BoardAccess; form: Form; file: File; bytes: Uint8Array }> {
    const boardId = boardIdParam(c.req.param('id') ?? '');
    const access = await requireBoardRole(c, boardId, canEditPlan, 'change the map');
    return { boardId, access, ...(await readForm(c)) };
  }

  /**
   * A board saved as a Yjs update (the copy a board page offers when the server refuses its edits, or
   * `pnpm cli export`) opened as a new board that the caller owns, as "New board" makes one. The board it came from
   * is not touched: its changes are made again from the copy by whoever may.
   */
  app.post('/from-copy', limit, async (c) => {
    const { user } = requireUser(c);
    const { form, file, bytes } = await readForm(c);
    const title = textField(form, 'title', BOARD_TITLE_MAX_LENGTH);
    let copy: { state: Uint8Array; title: string };
    try {
      // In a worker: a copy of a big board takes seconds to check, which every other board here would wait for.
      copy = await openBoardCopyOffThread(bytes, { title });
    } catch (error) {
      if (error instanceof BoardCopyRefused) throw new ApiError(400, 'not_a_board_copy', `${file.name.slice(0, 200) || 'The file'} ${error.message}.`);
      throw error;
    }
    const fileName = file.name.slice(0, 200);
    const board = await createOwnedBoard(store, user, {
      title: copy.title,
      at: now(),
      content: copy.state,
      detail: `created the board from a saved copy (${fileName || 'unnamed file'})`,
      bytes: bytes.byteLength,
    });
    return c.json({ id: board.id }, 201);
  });

  app.post('/:id/import', limit, async (c) => {
    const { boardId, access, form, file, bytes } = await readUpload(c);
    const author = { name: access.name, now };
    const layerId = textField(form, 'layerId');
    const layerName = textField(form, 'layerName', 200);
    const source = textField(form, 'source', 500);
    const kind = kindField(form);
    if (layerId !== undefined && layerName !== undefined) {
      throw new ApiError(400, 'validation_failed', 'Give layerId (add to a layer) or layerName (make a new one), not both.');
    }
    const within = textField(form, 'within');
    const maxFeatures = parseLimit(within, importMaxFeatures);
    const parsed = await asApiErrors(() => parseImport({ fileName: file.name, bytes, maxBytes: importMaxBytes, maxFeatures }));
    const target = { fileName: file.name, layerId, layerName, kind, source, within, maxFeatures: importMaxFeatures, maxBoardFeatures: boardMaxFeatures };
    const imported = await withBoardRoom(rooms, boardId, (room) =>
      asApiErrors(() =>
        changeBoard(room, (doc) => applyImport(doc, parsed, target, author, SERVER_ORIGIN), { actor: access.actor, actorName: access.name }),
      ),
    );
    return c.json(imported, 201);
  });

  app.post('/:id/join', limit, async (c) => {
    const { boardId, access, form, file, bytes } = await readUpload(c);
    const author = { name: access.name, now };
    const required = (name: string) => {
      const value = textField(form, name);
      if (value === undefined) throw new ApiError(400, 'validation_failed', `The "${name}" field is required.`);
      return value;
    };
    const layerId = required('layerId');
    const featureKey = required('featureKey');
    const rowKey = required('rowKey');
    const columnsText = textField(form, 'columns');
    const columns = columnsText?.split(',').map((s) => s.trim()).filter((s) => s !== '');
    const indicator = textField(form, 'indicator');
    const layerName = textField(form, 'layerName', 200);
    const source = textField(form, 'source', 500);
    const table = await asApiErrors(async () => parseTable(new TextDecoder('utf-8').decode(bytes)));
    const outcome = await withBoardRoom(rooms, boardId, (room) =>
      asApiErrors(() =>
        changeBoard(room, (doc) =>
          applyJoin(
            doc,
            { fileName: file.name, table, layerId, featureKey, rowKey, columns, indicator, layerName, source, maxBoardFeatures: boardMaxFeatures },
            author,
            SERVER_ORIGIN,
          ),
        { actor: access.actor, actorName: access.name }),
      ),
    );
    return c.json(
      {
        layerId: outcome.layerId,
        matched: outcome.matched,
        unmatchedRowKeys: outcome.unmatchedRowKeys.slice(0, 100),
        unmatchedCount: outcome.unmatchedRowKeys.length,
        featuresWithoutMatch: outcome.featuresWithoutMatch,
        indicator: outcome.indicator,
        indicatorProperty: outcome.indicatorProperty,
      },
      201,
    );
  });

  return app;
}

/** A text field of the form, trimmed; blank counts as absent. A file where text belongs is refused. */
function textField(form: Form, name: string, maxLength?: number): string | undefined {
  const value = form[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new ApiError(400, 'validation_failed', `"${name}" must be text, not a file.`);
  const text = value.trim();
  if (text === '') return undefined;
  if (maxLength !== undefined && text.length > maxLength) {
    throw new ApiError(400, 'validation_failed', `"${name}" must be at most ${maxLength} characters.`);
  }
  return text;
}

function kindField(form: Form): LayerKind | undefined {
  const kind = textField(form, 'kind');
  if (kind === undefined) return undefined;
  if (!(LAYER_KINDS as readonly string[]).includes(kind)) {
    throw new ApiError(400, 'validation_failed', `"kind" must be one of ${LAYER_KINDS.join(', ')}.`);
  }
  return kind as LayerKind;
}
