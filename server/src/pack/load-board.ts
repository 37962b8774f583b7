import { boardFromState, type BoardId } from '@placeboard/board';
import * as Y from 'yjs';
import { withBoardRoom } from '../http/board-room.js';
import { ApiError } from '../http/errors.js';
import type { BoardVersion, VersionStore } from '../store/version-types.js';
import type { RoomManager } from '../sync/rooms.js';
import type { PackSignOff, PackVersion } from './render-pack.js';

/** A board as a pack is made from it: a copy of its document, and the version and sign-off when it is a saved version. */
export interface LoadedBoard {
  doc: Y.Doc;
  version?: PackVersion | undefined;
  signOff?: PackSignOff[] | undefined;
}

/**
 * Where saved versions come from: the versions feature (server/src/http/versions.ts and the store's version
 * tables) provides it. `load` returns the board as version `version` (its number, as in `?version=3`) saved it,
 * with that version's sign-off rows, or undefined when the board has no such version.
 */
export interface BoardVersionSource {
  load(boardId: BoardId, version: string): Promise<LoadedBoard | undefined>;
}

/** Loads a board for the pack: the board as it is now, or one of its saved versions. */
export type BoardDocLoader = (boardId: BoardId, version?: string) => Promise<LoadedBoard>;

/** A copy of a doc's content that later edits of the original do not reach. */
export function copyDoc(doc: Y.Doc): Y.Doc {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  return copy;
}

/**
 * The pack's `loadBoardDoc`. Without a version it copies the live room's document (the room is loaded for the
 * occasion when nobody is on the board, and migrated like any room), so rendering never races with edits. With a
 * version it asks `versions` ({@link storeVersionSource}); an unknown version is a 404 "No such version".
 */
export function createBoardDocLoader(options: { rooms: RoomManager; versions?: BoardVersionSource | undefined }): BoardDocLoader {
  const { rooms, versions } = options;
  return async (boardId, version) => {
    if (version !== undefined) {
      const loaded = versions ? await versions.load(boardId, version) : undefined;
      if (!loaded) throw new ApiError(404, 'not_found', 'No such version');
      return loaded;
    }
    return withBoardRoom(rooms, boardId, (room) => ({ doc: copyDoc(room.doc) }));
  };
}

/** The sign-off table of a version: every partner of it, answered or still awaited. */
export function signOffRows(version: BoardVersion): PackSignOff[] {
  const answers = new Map(version.signoffs.map((s) => [s.partnerId, s]));
  return version.partners.map((partner) => {
    const answer = answers.get(partner.id);
    return {
      partner: partner.organisation,
      state: answer ? (answer.state === 'agreed' ? 'agreed' : 'concerns raised') : version.status === 'saved' ? 'not asked yet' : 'awaiting',
      by: answer?.byName ?? '',
      at: answer?.at ?? null,
      comment: answer?.comment ?? '',
    };
  });
}

/** Saved versions from the store, as the pack needs them: the document as saved (and migrated), and its sign-off. */
export function storeVersionSource(store: VersionStore): BoardVersionSource {
  return {
    async load(boardId, text) {
      if (!/^[1-9]\d{0,9}$/.test(text)) return undefined;
      const number = Number(text);
      const [version, state] = await Promise.all([store.getVersion(boardId, number), store.getVersionState(boardId, number)]);
      if (!version || !state) return undefined;
      return {
        doc: boardFromState(state),
        version: { number, name: version.name, createdAt: version.createdAt, createdBy: version.createdByName },
        signOff: signOffRows(version),
      };
    },
  };
}
