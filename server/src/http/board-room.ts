import { isBoardId, type BoardId } from '@placeboard/board';
import { ImportError } from '@placeboard/geo';
import type * as Y from 'yjs';
import { MapChangeRefused } from '../import/errors.js';
import type { ChangeAttribution, Room } from '../sync/room.js';
import type { RoomManager } from '../sync/rooms.js';
import { ApiError } from './errors.js';

/** The board id of a route parameter; anything that cannot be a board id is a 404 like an unknown board. */
export function boardIdParam(value: string): BoardId {
  if (!isBoardId(value)) throw new ApiError(404, 'not_found', 'No board with that id.');
  return value;
}

/**
 * Runs `fn` with the board's room (the live one when people are on the board, else loaded for the occasion) and
 * lets the room go idle afterwards. An unknown board is a 404.
 */
export async function withBoardRoom<T>(rooms: RoomManager, boardId: BoardId, fn: (room: Room) => Promise<T> | T): Promise<T> {
  const room = await rooms.acquire(boardId);
  if (!room) throw new ApiError(404, 'not_found', 'No board with that id.');
  try {
    return await fn(room);
  } finally {
    rooms.release(room);
  }
}

/**
 * Makes a server-side change through {@link Room.change} (stored, then sent to every client) and hands back what
 * `fn` returned. An error `fn` throws (it throws before writing anything) is rethrown here, to the route, rather
 * than logged by the room as a failed task.
 */
export async function changeBoard<T>(room: Room, fn: (doc: Y.Doc) => T, attribution?: ChangeAttribution): Promise<T> {
  let outcome: { ok: true; value: T } | { ok: false; error: unknown } | undefined;
  await room.change((doc) => {
    try {
      outcome = { ok: true, value: fn(doc) };
    } catch (error) {
      outcome = { ok: false, error };
    }
  }, attribution);
  if (!outcome) throw new Error('board change did not run');
  if (!outcome.ok) throw outcome.error;
  return outcome.value;
}

/** The API error for an importer or map-change refusal; anything else is passed through unchanged. */
export function toApiError(error: unknown): unknown {
  if (error instanceof ImportError) {
    if (error.code === 'too_large') return new ApiError(413, 'payload_too_large', error.message);
    return new ApiError(400, error.code, error.message);
  }
  if (error instanceof MapChangeRefused) {
    switch (error.reason) {
      case 'layer_not_found':
        return new ApiError(404, 'not_found', error.message);
      case 'nothing_matched':
        return new ApiError(400, 'nothing_matched', error.message);
      case 'invalid_join':
      case 'not_areas':
        return new ApiError(400, 'validation_failed', error.message);
      case 'board_full':
        return new ApiError(400, 'board_full', error.message);
    }
  }
  return error;
}

/** Awaits `work`, turning importer and map-change refusals into API errors. */
export async function asApiErrors<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw toApiError(error);
  }
}
