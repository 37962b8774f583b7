import type { BoardId } from '@placeboard/board';
import { CloseCode } from '@placeboard/protocol';
import { errorMessage, type Logger } from '../log.js';
import type { BoardAccess } from '../auth/access.js';
import type { PlaceboardStore } from '../store/types.js';
import { Room } from './room.js';

/** Options of {@link RoomManager}. */
export interface RoomManagerOptions {
  store: PlaceboardStore;
  log: Logger;
  /** How long a room with nobody in it stays loaded. @default 30000 */
  idleMs: number;
  compactAfterUpdates: number;
  compactAfterBytes: number;
}

/** Keeps one {@link Room} per open board: loads it on first use, unloads it once it has been empty a while. */
export class RoomManager {
  private readonly rooms = new Map<BoardId, Promise<Room | undefined>>();
  private readonly idleTimers = new Map<BoardId, NodeJS.Timeout>();

  constructor(private readonly options: RoomManagerOptions) {}

  /**
   * The room of a board, loading it if needed; undefined if the board does not exist. The caller must connect a
   * client at once, or call {@link release}, so an empty room is not left loaded forever.
   */
  async acquire(boardId: BoardId): Promise<Room | undefined> {
    this.cancelIdle(boardId);
    let loading = this.rooms.get(boardId);
    if (loading) {
      const existing = await loading;
      if (existing && existing.isClosed) {
        if (this.rooms.get(boardId) === loading) this.rooms.delete(boardId);
        loading = undefined;
      }
    }
    if (!loading) {
      loading = Room.load({ boardId, ...this.options });
      this.rooms.set(boardId, loading);
      loading.then(
        (room) => {
          if (!room) this.rooms.delete(boardId);
          else room.onEmpty = () => this.scheduleIdle(boardId, room);
        },
        (error) => {
          this.rooms.delete(boardId);
          this.options.log.error('board failed to load', { board: boardId, error: errorMessage(error) });
        },
      );
    }
    const room = await loading;
    this.cancelIdle(boardId);
    return room;
  }

  /** Lets an acquired room go idle when no client ended up joining it. */
  release(room: Room): void {
    if (room.size === 0) this.scheduleIdle(room.boardId, room);
  }

  /** The loaded room of a board, if any, without loading it. */
  async peek(boardId: BoardId): Promise<Room | undefined> {
    return this.rooms.get(boardId);
  }

  /** Unloads a board now, closing its clients with `code` (used when a board is deleted). */
  async unload(boardId: BoardId, code: number = CloseCode.goingAway, reason = 'board unloaded'): Promise<void> {
    this.cancelIdle(boardId);
    const loading = this.rooms.get(boardId);
    if (!loading) return;
    this.rooms.delete(boardId);
    const room = await loading.catch(() => undefined);
    if (!room) return;
    if (code !== CloseCode.boardGone) await room.compactNow().catch(() => {});
    await room.close(code, reason);
  }

  /** Closes the connections on a board whose access matches (see {@link Room.disconnectWhere}); none if it is not loaded. */
  async disconnectWhere(boardId: BoardId, match: (access: BoardAccess) => boolean, code: number, reason: string): Promise<number> {
    const room = await this.rooms.get(boardId)?.catch(() => undefined);
    return room ? room.disconnectWhere(match, code, reason) : 0;
  }

  /** Compacts and closes every room (server shutdown). */
  async closeAll(): Promise<void> {
    await Promise.all([...this.rooms.keys()].map((id) => this.unload(id, CloseCode.goingAway, 'server shutting down')));
  }

  /** How many boards are loaded. */
  get loadedCount(): number {
    return this.rooms.size;
  }

  private scheduleIdle(boardId: BoardId, room: Room): void {
    this.cancelIdle(boardId);
    const timer = setTimeout(() => {
      this.idleTimers.delete(boardId);
      if (room.size > 0) return;
      this.unload(boardId).catch((error) =>
        this.options.log.error('board failed to unload', { board: boardId, error: errorMessage(error) }),
      );
    }, this.options.idleMs);
    timer.unref();
    this.idleTimers.set(boardId, timer);
  }

  private cancelIdle(boardId: BoardId): void {
    const timer = this.idleTimers.get(boardId);
    if (timer) clearTimeout(timer);
    this.idleTimers.delete(boardId);
  }
}
