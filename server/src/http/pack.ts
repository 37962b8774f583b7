import { getBoardMeta, getCanvasItem, getMapView, type BoardId } from '@placeboard/board';
import { Hono, type Context } from 'hono';
import { safeFileName } from '../import/export-features.js';
import { createBoardDocLoader, type BoardVersionSource, type LoadedBoard } from '../pack/load-board.js';
import { FRAME_PNG_MAX, FRAME_PNG_SELECTOR, MAP_PNG_SELECTOR, MAP_PNG_WIDTH, renderFramePage, renderMapViewPage } from '../pack/pages.js';
import { PrinterUnavailable, type PagePrinter } from '../pack/printer.js';
import { PACK_CONTENT_SECURITY_POLICY, packFooterText, renderPackHtml } from '../pack/render-pack.js';
import type { RoomManager } from '../sync/rooms.js';
import { boardIdParam } from './board-room.js';
import { ApiError } from './errors.js';
import { anyRole, requireBoardRole, type SessionEnv } from './session.js';

/** Options of {@link createPackRoutes}. */
export interface PackRoutesOptions {
  rooms: RoomManager;
  /** Chromium, for the PDF and the PNGs; without one they answer 503 `pdf_unavailable`. */
  printer?: PagePrinter | undefined;
  /** Saved versions, for `?version=`; without it every version is a 404 "No such version". */
  versions?: BoardVersionSource | undefined;
  /** Clock for the date printed on the pack. @default Date.now */
  now?: () => number;
}

/** The `?version=` of a request: undefined when absent or blank. */
function versionOf(c: Context<SessionEnv>): string | undefined {
  const version = c.req.query('version')?.trim();
  return version ? version : undefined;
}

/** `name.png` → `name`; anything else is a 404. */
function pngName(file: string, what: string): string {
  if (!file.endsWith('.png') || file.length <= 4) throw new ApiError(404, 'not_found', `No such ${what}.`);
  return file.slice(0, -4);
}

/** Runs a Chromium render, answering 503 `pdf_unavailable` when there is no Chromium to render with. */
async function render<T>(printer: PagePrinter | undefined, work: (printer: PagePrinter) => Promise<T>): Promise<T> {
  if (!printer) throw new ApiError(503, 'pdf_unavailable', 'PDF and image export is not set up on this server (no Chromium).');
  try {
    return await work(printer);
  } catch (error) {
    if (error instanceof PrinterUnavailable) throw new ApiError(503, 'pdf_unavailable', `PDF and image export is unavailable: ${error.message}`);
    throw error;
  }
}

/** Headers for a response made from board content: never cached by shared caches, never sniffed as something else. */
function privateHeaders(c: Context<SessionEnv>): void {
  c.header('Cache-Control', 'private, no-store');
  c.header('X-Content-Type-Options', 'nosniff');
}

function png(c: Context<SessionEnv>, bytes: Uint8Array, fileName: string) {
  privateHeaders(c);
  c.header('Content-Type', 'image/png');
  c.header('Content-Disposition', `inline; filename="${safeFileName(fileName)}.png"`);
  return c.body(bytes as Uint8Array<ArrayBuffer>);
}

/**
 * The board pack, for leaders to take the agreed plan to their boards, readable by every role:
 *
 * - `GET /api/boards/:id/pack.html[?version=v]`: the pack as one self-contained, printable HTML page.
 * - `GET /api/boards/:id/pack.pdf[?version=v]`: the same page printed by Chromium, A4 landscape, as a download.
 * - `GET /api/boards/:id/views/:viewId.png[?version=v]`: one saved map view (map, key and credits) as a PNG.
 * - `GET /api/boards/:id/frames/:frameId.png[?version=v]`: one frame of the outcome canvas as a PNG.
 *
 * Without `version` they show the board as it is now; with one, that saved version (see {@link BoardVersionSource}).
 */
export function createPackRoutes(options: PackRoutesOptions): Hono<SessionEnv> {
  const { printer } = options;
  const now = options.now ?? Date.now;
  const loadBoardDoc = createBoardDocLoader({ rooms: options.rooms, versions: options.versions });
  const app = new Hono<SessionEnv>();

  async function load(c: Context<SessionEnv>, action: string): Promise<{ boardId: BoardId; board: LoadedBoard }> {
    const boardId = boardIdParam(c.req.param('id') ?? '');
    await requireBoardRole(c, boardId, anyRole, action);
    return { boardId, board: await loadBoardDoc(boardId, versionOf(c)) };
  }

  function packInput(board: LoadedBoard) {
    return { doc: board.doc, generatedAt: now(), version: board.version, signOff: board.signOff };
  }

  app.get('/:id/pack.html', async (c) => {
    const { board } = await load(c, 'read the board pack');
    privateHeaders(c);
    c.header('Content-Security-Policy', `${PACK_CONTENT_SECURITY_POLICY}; frame-ancestors 'none'`);
    return c.html(renderPackHtml(packInput(board)));
  });

  app.get('/:id/pack.pdf', async (c) => {
    const { board } = await load(c, 'download the board pack');
    const input = packInput(board);
    const pdf = await render(printer, (p) => p.pdf(renderPackHtml(input), { footer: packFooterText(input) }));
    const title = getBoardMeta(board.doc).title;
    const version = board.version ? `-v${board.version.number}` : '';
    privateHeaders(c);
    c.header('Content-Type', 'application/pdf');
    c.header('Content-Disposition', `attachment; filename="${safeFileName(`${title} board pack${version}`)}.pdf"`);
    return c.body(pdf as Uint8Array<ArrayBuffer>);
  });

  app.get('/:id/views/:file', async (c) => {
    const viewId = pngName(c.req.param('file'), 'saved map view');
    const { board } = await load(c, 'see this map view');
    const view = getMapView(board.doc, viewId);
    if (!view?.ok) throw new ApiError(404, 'not_found', 'No saved map view with that id.');
    const bytes = await render(printer, (p) =>
      p.png(renderMapViewPage(board.doc, view.value), { selector: MAP_PNG_SELECTOR, width: MAP_PNG_WIDTH + 40 }),
    );
    return png(c, bytes, view.value.name);
  });

  app.get('/:id/frames/:file', async (c) => {
    const frameId = pngName(c.req.param('file'), 'frame');
    const { board } = await load(c, 'see this frame');
    const frame = getCanvasItem(board.doc, frameId);
    if (!frame?.ok || frame.value.kind !== 'frame') throw new ApiError(404, 'not_found', 'No frame with that id.');
    const bytes = await render(printer, (p) =>
      p.png(renderFramePage(board.doc, frame.value), { selector: FRAME_PNG_SELECTOR, width: Math.ceil(Math.min(frame.value.w, FRAME_PNG_MAX)) + 40 }),
    );
    return png(c, bytes, frame.value.text.trim() || 'frame');
  });

  return app;
}
