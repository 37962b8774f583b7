import type { BoardId } from '@placeboard/board';
import { CloseCode } from '@placeboard/protocol';
import { errorMessage, type Logger } from '../log.js';
import type { BoardAccess } from '../auth/access.js';
import type { PlaceboardStore } from '../store/types.js';
import type { ClientClaims } from './client-claims.js';
import { createLocalFanout, type AccessMatch, type BoardFanout, type ReceivedMessage } from './fanout.js';
import type { LoadGauge } from './load-gauge.js';
import { Room, type RoomOptions } from './room.js';
import type { SyncMetrics } from './sync-metrics.js';

/** Options of {@link RoomManager}. */
export interface RoomManagerOptions {
  store: PlaceboardStore;
  log: Logger;
  /** How long a room with nobody in it stays loaded. @default 30000 */
  idleMs: number;
  compactAfterUpdates: number;
  compactAfterBytes: number;
  /** Presence is sent to clients at most once per this many milliseconds (0: at once). @default 50 */
  awarenessTickMs?: number;
  /** While `load` says busy, a room handles its messages once per this many milliseconds (0: never waits). @default 10 */
  busyBatchMs?: number;
  /** How busy the process is. @default never busy */
  load?: LoadGauge;
  /** How the other server processes hear of this one's changes, and it of theirs. @default none (one process) */
  fanout?: BoardFanout;
  /** Who holds which client ids in the other server processes. @default none (one process) */
  claims?: ClientClaims;
  /** The rooms' clock for their own intervals (see {@link RoomOptions.monotonicNow}). @default performance.now */
  monotonicNow?: () => number;
  /** Where the rooms count what they store, relay and refuse (see {@link RoomOptions.metrics}). @default nowhere */
  metrics?: SyncMetrics;
}

/**
 * Keeps one {@link Room} per open board: loads it on first use, unloads it once it has been empty a while.
 *
 * With several server processes, each room is subscribed to its board's channel of the {@link BoardFanout} before
 * it loads (see there for why that order loses nothing), for as long as it is loaded; withdrawn access and deleted
 * boards are published too, so the other processes close the same connections.
 */
export class RoomManager {
  private readonly rooms = new Map<BoardId, Promise<Room | undefined>>();
  private readonly idleTimers = new Map<BoardId, NodeJS.Timeout>();
  private readonly fanout: BoardFanout;

  constructor(private readonly options: RoomManagerOptions) {
    this.fanout = options.fanout ?? createLocalFanout();
    // Subscriptions lapsed and are back: whatever was published meanwhile is in the store.
    this.fanout.onResubscribed(() => {
      for (const [boardId, loading] of this.rooms) {
        loading
          .then((room) => room?.catchUp())
          .catch((error) => this.options.log.error('board failed to catch up', { board: boardId, error: errorMessage(error) }));
      }
    });
    // Another process died: nobody is left to remove its clients' presence but each process, from its own rooms.
    this.fanout.onProcessGone((processId) => {
      for (const loading of this.rooms.values()) {
        loading.then((room) => room?.forgetProcess(processId)).catch(() => {}); // a room that failed to load was logged
      }
    });
  }

  /**
   * The room of a board, loading it if needed; undefined if the board does not exist. The caller must connect a
   * client at once, or call {@link release}, so an empty room is not left loaded forever.
   *
   * The room's doc is decoded and migrated before it is handed back ({@link Room.ready}), unless `lazy` is set: then
   * it may still hold the board as stored bytes, which is all {@link Room.connect} needs (see "Cold load" in
   * {@link Room}); nothing may read its `doc` then without awaiting {@link Room.ready}.
   */
  async acquire(boardId: BoardId, { lazy = false }: { lazy?: boolean } = {}): Promise<Room | undefined> {
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
      loading = this.load(boardId);
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
    if (room && !lazy) await room.ready();
    return room;
  }

  /**
   * Subscribes to the board's channel, then loads it: messages that arrive during the load are kept and applied
   * after it, so nothing published between the two is missed.
   */
  private async load(boardId: BoardId): Promise<Room | undefined> {
    let room: Room | undefined;
    const early: ReceivedMessage[] = [];
    const unsubscribe = await this.fanout.subscribe(boardId, (message) => {
      if (message.kind === 'unload') {
        // A board deleted through another process: unload it here too, if this room is still the loaded one.
        if (room) void this.unloadRoom(boardId, room, message.code, message.reason);
        else early.push(message);
      } else if (room) {
        this.deliver(room, message);
      } else {
        early.push(message);
      }
    });
    try {
      room = await Room.load({
        boardId,
        store: this.options.store,
        log: this.options.log,
        compactAfterUpdates: this.options.compactAfterUpdates,
        compactAfterBytes: this.options.compactAfterBytes,
        awarenessTickMs: this.options.awarenessTickMs,
        busyBatchMs: this.options.busyBatchMs,
        load: this.options.load,
        publish: (message) => this.fanout.publish(boardId, message),
        claims: this.options.claims,
        monotonicNow: this.options.monotonicNow,
        metrics: this.options.metrics,
      });
    } catch (error) {
      unsubscribe();
      throw error;
    }
    if (!room) {
      unsubscribe();
      return undefined;
    }
    room.onClosed = unsubscribe;
    for (const message of early) {
      if (message.kind === 'unload') void this.unloadRoom(boardId, room, message.code, message.reason);
      else this.deliver(room, message);
    }
    return room;
  }

  private deliver(room: Room, message: ReceivedMessage): void {
    if (message.kind === 'access') room.disconnectWhere(matcherOf(message.match), message.code, message.reason);
    else room.applyRemote(message);
  }

  /** Unloads `room` if it is still the board's loaded room (a message about an old room must not close a new one). */
  private async unloadRoom(boardId: BoardId, room: Room, code: number, reason: string): Promise<void> {
    const loading = this.rooms.get(boardId);
    if (!loading || (await loading.catch(() => undefined)) !== room || this.rooms.get(boardId) !== loading) return;
    await this.unloadHere(boardId, code, reason);
  }

  /** Lets an acquired room go idle when no client ended up joining it. */
  release(room: Room): void {
    if (room.size === 0) this.scheduleIdle(room.boardId, room);
  }

  /** The loaded room of a board, if any, without loading it. */
  async peek(boardId: BoardId): Promise<Room | undefined> {
    return this.rooms.get(boardId);
  }

  /**
   * Unloads a board now, closing its clients with `code`. With {@link CloseCode.boardGone} (the board was deleted)
   * every other process unloads it too.
   */
  async unload(boardId: BoardId, code: number = CloseCode.goingAway, reason = 'board unloaded'): Promise<void> {
    if (code === CloseCode.boardGone) this.fanout.publish(boardId, { kind: 'unload', code, reason });
    await this.unloadHere(boardId, code, reason);
  }

  private async unloadHere(boardId: BoardId, code: number, reason: string): Promise<void> {
    this.cancelIdle(boardId);
    const loading = this.rooms.get(boardId);
    if (!loading) return;
    this.rooms.delete(boardId);
    const room = await loading.catch(() => undefined);
    if (!room) return;
    if (code !== CloseCode.boardGone) await room.compactNow().catch(() => {});
    await room.close(code, reason);
  }

  /**
   * Closes the connections on a board of one person or one share link (see {@link Room.disconnectWhere}), in this
   * process and every other; returns how many closed here (none if the board is not loaded here).
   */
  async disconnectWhere(boardId: BoardId, match: AccessMatch, code: number, reason: string): Promise<number> {
    this.fanout.publish(boardId, { kind: 'access', match, code, reason });
    const room = await this.rooms.get(boardId)?.catch(() => undefined);
    return room ? room.disconnectWhere(matcherOf(match), code, reason) : 0;
  }

  /** Compacts and closes every room (server shutdown). */
  async closeAll(): Promise<void> {
    await Promise.all([...this.rooms.keys()].map((id) => this.unload(id, CloseCode.goingAway, 'server shutting down')));
  }

  /** How many boards are loaded. */
  get loadedCount(): number {
    return this.rooms.size;
  }

  /** The boards loaded (or loading) and the clients connected to them, for the metrics. */
  async openCounts(): Promise<{ boards: number; connections: number }> {
    const rooms = await Promise.all([...this.rooms.values()].map((loading) => loading.catch(() => undefined)));
    return { boards: this.rooms.size, connections: rooms.reduce((sum, room) => sum + (room?.size ?? 0), 0) };
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

/** The test of a connection's access that an {@link AccessMatch} describes. */
function matcherOf(match: AccessMatch): (access: BoardAccess) => boolean {
  return 'userId' in match ? (access) => access.userId === match.userId : (access) => access.linkId === match.linkId;
}
