import { getBoardMeta, getRoots, migrateBoard, type BoardId } from '@placeboard/board';
import {
  CloseCode,
  ProtocolError,
  decodeMessage,
  encodeAwarenessMessage,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeSyncUpdate,
  type ProtocolMessage,
} from '@placeboard/protocol';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { errorMessage, type Logger } from '../log.js';
import type { BoardStore } from '../store/types.js';
import { Connection } from './connection.js';
import { validateUpdate } from './validate-update.js';

/** Options of a {@link Room}. */
export interface RoomOptions {
  boardId: BoardId;
  store: BoardStore;
  log: Logger;
  /** Fold the update log into one state row past this many updates. @default 500 */
  compactAfterUpdates: number;
  /** ...or past this many bytes of updates. @default 4 MiB */
  compactAfterBytes: number;
  /** Clock for stored timestamps. @default Date.now */
  now?: () => number;
}

/** Origin of changes the server makes itself (renames): persisted like any client's. */
export const SERVER_ORIGIN = Symbol('placeboard-server');
/** Origin of applying what the store holds when a room loads: already stored, and nobody is connected yet. */
const LOAD_ORIGIN = Symbol('placeboard-load');
/** Origin of stored updates a loaded room had not seen (written by the CLI or another process): sent, not stored. */
const STORED_ORIGIN = Symbol('placeboard-stored');

type MessageOf<T extends ProtocolMessage['type']> = Extract<ProtocolMessage, { type: T }>;
type Handlers = { [T in ProtocolMessage['type']]: (connection: Connection, message: MessageOf<T>) => Promise<void> | void };

/** Thrown by a handler to close the sending connection with a given code. */
class RefusedMessage extends Error {
  constructor(readonly code: number, message: string) {
    super(message);
  }
}

/**
 * One open board: its Y.Doc, loaded from the store before any client is answered, the clients on it, and their
 * presence. Every message is handled in arrival order through one queue, so a client's update is stored before
 * it is applied and before anyone else sees it.
 */
export class Room {
  readonly doc = new Y.Doc();
  readonly awareness = new awarenessProtocol.Awareness(this.doc);
  private readonly connections = new Set<Connection>();
  private queue: Promise<void> = Promise.resolve();
  private lastSeq = 0;
  private updatesSinceCompaction = 0;
  private bytesSinceCompaction = 0;
  private compactionScheduled = false;
  private pendingServerUpdates: Uint8Array[] = [];
  private closed = false;
  private readonly now: () => number;

  private constructor(private readonly options: RoomOptions) {
    this.now = options.now ?? Date.now;
    this.awareness.setLocalState(null);
    this.doc.on('update', this.onDocUpdate);
    this.awareness.on('update', this.onAwarenessUpdate);
    getRoots(this.doc).meta.observe(this.onMetaChange);
  }

  /** Loads a board from the store, runs any pending schema migrations, and returns its room. */
  static async load(options: RoomOptions): Promise<Room | undefined> {
    const stored = await options.store.loadDocument(options.boardId);
    if (!stored) return undefined;
    const room = new Room(options);
    room.doc.transact(() => {
      if (stored.state) Y.applyUpdate(room.doc, stored.state);
      for (const update of stored.updates) Y.applyUpdate(room.doc, update);
    }, LOAD_ORIGIN);
    room.lastSeq = stored.lastSeq;
    room.updatesSinceCompaction = stored.updates.length;
    room.bytesSinceCompaction = stored.updates.reduce((sum, u) => sum + u.byteLength, 0);
    await room.change(() => migrateBoard(room.doc));
    return room;
  }

  /** The board this room holds. */
  get boardId(): BoardId {
    return this.options.boardId;
  }

  /** True once the room has been closed; a closed room takes no more clients. */
  get isClosed(): boolean {
    return this.closed;
  }

  /** How many clients are connected. */
  get size(): number {
    return this.connections.size;
  }

  /** Adds a client: greets it with the server's state vector and everyone's presence, then handles its messages. */
  connect(connection: Connection): void {
    if (this.closed) {
      connection.close(CloseCode.goingAway, 'board unloaded, reconnect');
      return;
    }
    this.connections.add(connection);
    const { socket } = connection;
    socket.on('message', (data, isBinary) => {
      const bytes = isBinary ? toBytes(data) : null;
      this.enqueue(() => this.receive(connection, bytes));
    });
    socket.on('close', () => this.disconnect(connection));
    connection.send(encodeSyncStep1(Y.encodeStateVector(this.doc)));
    const states = this.awareness.getStates();
    if (states.size > 0) {
      connection.send(encodeAwarenessMessage(awarenessProtocol.encodeAwarenessUpdate(this.awareness, [...states.keys()])));
    }
  }

  /**
   * Makes a change on the server's behalf (a migration, a rename): it is stored, then sent to every client.
   * `fn` runs its own transactions with whatever origin it likes (migrations use theirs); any change not made by a
   * client connection counts as the server's. Resolves once it is durable.
   */
  change(fn: (doc: Y.Doc) => void): Promise<void> {
    return this.enqueue(async () => {
      fn(this.doc);
      const updates = this.pendingServerUpdates;
      this.pendingServerUpdates = [];
      for (const update of updates) {
        await this.persist(update);
        this.broadcast(encodeSyncUpdate(update), null);
      }
    });
  }

  /** Closes every connection with `code` and stops accepting messages. Waits for queued work to finish. */
  async close(code: number, reason: string): Promise<void> {
    this.closed = true;
    for (const connection of this.connections) connection.close(code, reason);
    await this.queue;
    this.doc.off('update', this.onDocUpdate);
    this.awareness.off('update', this.onAwarenessUpdate);
    this.awareness.destroy();
    this.doc.destroy();
  }

  /** Folds the update log into one state row if anything was appended since the last time. */
  compactNow(): Promise<void> {
    return this.enqueue(async () => {
      if (this.updatesSinceCompaction === 0) return;
      // The log may hold updates this room never saw (an admin's `pnpm cli import`, another process): fold them
      // into the document first, and pass them on to the clients, so compaction can never drop an edit.
      const stored = await this.options.store.loadDocument(this.boardId);
      if (!stored) return;
      this.doc.transact(() => {
        for (const update of stored.updates) Y.applyUpdate(this.doc, update);
      }, STORED_ORIGIN);
      await this.options.store.compact(this.boardId, Y.encodeStateAsUpdate(this.doc), stored.lastSeq);
      this.lastSeq = Math.max(this.lastSeq, stored.lastSeq);
      this.updatesSinceCompaction = 0;
      this.bytesSinceCompaction = 0;
    });
  }

  /** Resolves when every message received so far has been handled. */
  idle(): Promise<void> {
    return this.queue;
  }

  private readonly handlers: Handlers = {
    'sync-step1': (connection, message) => {
      let reply: Uint8Array;
      try {
        reply = Y.encodeStateAsUpdate(this.doc, message.stateVector);
      } catch (error) {
        throw new RefusedMessage(CloseCode.malformedMessage, `bad state vector: ${errorMessage(error)}`);
      }
      connection.send(encodeSyncStep2(reply));
    },
    'sync-step2': (connection, message) => this.acceptUpdate(connection, message.update),
    'sync-update': (connection, message) => this.acceptUpdate(connection, message.update),
    awareness: (connection, message) => {
      try {
        awarenessProtocol.applyAwarenessUpdate(this.awareness, message.update, connection);
      } catch (error) {
        throw new RefusedMessage(CloseCode.malformedMessage, `bad awareness update: ${errorMessage(error)}`);
      }
    },
    'query-awareness': (connection) => {
      const clients = [...this.awareness.getStates().keys()];
      connection.send(encodeAwarenessMessage(awarenessProtocol.encodeAwarenessUpdate(this.awareness, clients)));
    },
    'auth-denied': () => {
      // Clients have no business refusing the server anything; ignore it.
    },
  };

  private async receive(connection: Connection, bytes: Uint8Array | null): Promise<void> {
    if (!this.connections.has(connection)) return;
    try {
      if (bytes === null) throw new RefusedMessage(CloseCode.malformedMessage, 'text frames are not part of the protocol');
      const message = decodeMessage(bytes);
      const handle = this.handlers[message.type] as (c: Connection, m: ProtocolMessage) => Promise<void> | void;
      await handle(connection, message);
    } catch (error) {
      if (error instanceof RefusedMessage || error instanceof ProtocolError) {
        const code = error instanceof RefusedMessage ? error.code : CloseCode.malformedMessage;
        this.options.log.warn('message refused', { board: this.boardId, remote: connection.remote, code, reason: error.message });
        connection.close(code, error.message);
        this.disconnect(connection);
        return;
      }
      throw error;
    }
  }

  private async acceptUpdate(connection: Connection, update: Uint8Array): Promise<void> {
    const verdict = validateUpdate(this.doc, update);
    if (!verdict.ok) throw new RefusedMessage(CloseCode.updateRejected, verdict.reason);
    if (verdict.empty) return;
    const copy = update.slice();
    const seq = await this.persist(copy);
    try {
      Y.applyUpdate(this.doc, copy, connection);
    } catch (error) {
      // It passed validation yet Yjs threw part-way: take it back out of the log and reload the board from the
      // store, so that the document every client syncs against is exactly what is stored.
      await this.options.store.removeUpdate(this.boardId, seq);
      this.options.log.error('update failed to apply; board reloads', { board: this.boardId, error: errorMessage(error) });
      connection.close(CloseCode.updateRejected, 'update cannot be applied');
      this.closed = true;
      setImmediate(() => void this.close(CloseCode.internalError, 'board reloading, reconnect'));
    }
  }

  private async persist(update: Uint8Array): Promise<number> {
    const seq = await this.options.store.appendUpdate(this.boardId, update, this.now());
    this.lastSeq = seq;
    this.updatesSinceCompaction += 1;
    this.bytesSinceCompaction += update.byteLength;
    if (
      !this.compactionScheduled &&
      (this.updatesSinceCompaction >= this.options.compactAfterUpdates ||
        this.bytesSinceCompaction >= this.options.compactAfterBytes)
    ) {
      this.compactionScheduled = true;
      setImmediate(() => {
        this.compactionScheduled = false;
        if (!this.closed) this.compactNow().catch((error) => this.options.log.error('compaction failed', { board: this.boardId, error: errorMessage(error) }));
      });
    }
    return seq;
  }

  private readonly onDocUpdate = (update: Uint8Array, origin: unknown): void => {
    if (origin instanceof Connection) {
      // A client's update: already stored by acceptUpdate.
      this.broadcast(encodeSyncUpdate(update), origin);
    } else if (origin === STORED_ORIGIN) {
      this.broadcast(encodeSyncUpdate(update), null);
    } else if (origin !== LOAD_ORIGIN) {
      this.pendingServerUpdates.push(update);
    }
  };

  /** Keeps the board list's title in step with the title people edit in the board. */
  private readonly onMetaChange = (event: Y.YMapEvent<unknown>): void => {
    if (!event.keysChanged.has('title') || !(event.transaction.origin instanceof Connection)) return;
    const title = getBoardMeta(this.doc).title;
    void this.enqueue(async () => {
      await this.options.store.renameBoard(this.boardId, title, this.now());
    });
  };

  private readonly onAwarenessUpdate = (
    { added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
    origin: unknown,
  ): void => {
    const changed = [...added, ...updated, ...removed];
    if (this.connections.has(origin as Connection)) {
      const connection = origin as Connection;
      for (const client of added) connection.awarenessClients.add(client);
      for (const client of removed) connection.awarenessClients.delete(client);
    }
    if (changed.length === 0) return;
    this.broadcast(encodeAwarenessMessage(awarenessProtocol.encodeAwarenessUpdate(this.awareness, changed)), null);
  };

  private broadcast(bytes: Uint8Array, except: Connection | null): void {
    for (const connection of this.connections) {
      if (connection !== except) connection.send(bytes);
    }
  }

  private disconnect(connection: Connection): void {
    if (!this.connections.delete(connection)) return;
    if (connection.awarenessClients.size > 0) {
      awarenessProtocol.removeAwarenessStates(this.awareness, [...connection.awarenessClients], null);
    }
    if (this.connections.size === 0) this.onEmpty?.();
  }

  /** Called whenever the last client leaves. Set by the room manager. */
  onEmpty: (() => void) | undefined;

  private enqueue(task: () => Promise<void> | void): Promise<void> {
    const run = this.queue.then(task);
    this.queue = run.catch((error) => {
      this.options.log.error('room task failed', { board: this.boardId, error: errorMessage(error) });
    });
    return run;
  }
}

function toBytes(data: Buffer | ArrayBuffer | Buffer[]): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}
