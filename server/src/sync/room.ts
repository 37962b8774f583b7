import { getBoardMeta, getRoots, migrateBoard, type BoardId } from '@placeboard/board';
import {
  CloseCode,
  ProtocolError,
  carriesDocumentChange,
  decodeMessage,
  encodeAwarenessMessage,
  encodePermissionDenied,
  encodeCaughtUp,
  encodeStored,
  encodeQueryAwareness,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeSyncUpdate,
  type ProtocolMessage,
} from '@placeboard/protocol';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { errorMessage, type Logger } from '../log.js';
import { presenceKey, type BoardAccess } from '../auth/access.js';
import type { AuditEvent, RecordCreator } from '../store/access-types.js';
import type { AppendEntry, PlaceboardStore, StoredDocument, UpdateAttachments } from '../store/types.js';
import { clearsPresence, decodeAwarenessEntries, encodeAwarenessEntries, type AwarenessEntry } from './awareness-entries.js';
import { createLocalClaims, type Claimant, type ClientClaims } from './client-claims.js';
import { Connection } from './connection.js';
import type { FanoutMessage, ReceivedMessage } from './fanout.js';
import { authorizeUpdate, type Actor, type RecordRef } from './permissions.js';
import { StoredBoardState } from './stored-state.js';
import { NO_SYNC_METRICS, type SyncMetrics } from './sync-metrics.js';
import { validateUpdate } from './validate-update.js';

/** Options of a {@link Room}. */
export interface RoomOptions {
  boardId: BoardId;
  store: PlaceboardStore;
  log: Logger;
  /** Fold the update log into one state row past this many updates. @default 500 */
  compactAfterUpdates: number;
  /** ...or past this many bytes of updates. @default 4 MiB */
  compactAfterBytes: number;
  /** Clock for stored timestamps. @default Date.now */
  now?: () => number;
  /**
   * Clock for the room's own intervals (ms; never goes back): how long since it last read the store to judge a
   * catch-up (see {@link STORE_READ_INTERVAL_MS}). @default performance.now
   */
  monotonicNow?: () => number;
  /**
   * Presence changes are sent to the clients at most once per this many milliseconds, all changes of that time in
   * one message; 0 sends each change at once. @default 50
   */
  awarenessTickMs?: number;
  /**
   * While {@link load} says the process is busy, messages are handled once per this many milliseconds rather than on
   * every turn of the event loop (see "Group commit" on {@link Room}); 0 never waits. @default 10
   */
  busyBatchMs?: number;
  /** How busy the process is. @default never busy */
  load?: { readonly busy: boolean };
  /**
   * Tells the other server processes what this room accepted (see {@link BoardFanout}): updates once stored,
   * presence changes of its own clients once per tick. @default nobody to tell
   */
  publish?: (message: FanoutMessage) => void;
  /** Who holds which client ids in the other server processes (see "Client ids" on {@link Room}). @default none */
  claims?: ClientClaims;
  /** Where the room counts what it stores, relays and refuses (the server's `/api/metrics`). @default counts nothing */
  metrics?: SyncMetrics;
}

/** How long a room gathers messages while the process is busy, by default. */
export const DEFAULT_BUSY_BATCH_MS = 10;

/** How often presence goes out by default: 20 times a second, smooth enough for cursors. */
export const DEFAULT_AWARENESS_TICK_MS = 50;

/** Longest delay setTimeout takes (about 24.8 days); sessions are shorter. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Longest a cold board waits, after answering a client from its stored bytes, for that client to say it has handled
 * them before the room decodes the board anyway (see "Cold load" in {@link Room}).
 */
const DECODE_FALLBACK_MS = 2_000;
/**
 * Least time between two reads of the whole board from the store that a client's step 2 asks for (see "a
 * reconnecting client's step 2" in {@link Room}): the race is rare, and a read costs as much as a cold load, so a
 * client that sends such step 2s on purpose cannot make the room read the store over and over.
 */
export const STORE_READ_INTERVAL_MS = 2_000;

/** Origin of the document transaction a drain applies its clients' updates in (see {@link Room}). */
const BATCH_ORIGIN = Symbol('placeboard-batch');
/** Origin of changes the server makes itself (renames): persisted like any client's. */
export const SERVER_ORIGIN = Symbol('placeboard-server');
/** Origin of applying what the store holds when a room loads: already stored, and nobody is connected yet. */
const LOAD_ORIGIN = Symbol('placeboard-load');
/** Origin of stored updates a loaded room had not seen (written by the CLI or another process): sent, not stored. */
const STORED_ORIGIN = Symbol('placeboard-stored');
/** Origin of updates another server process accepted (and stored): sent to clients, not stored again. */
const REMOTE_ORIGIN = Symbol('placeboard-remote');
/** Origin of removing the presence of a connection that closed: sent to clients and to the other processes. */
const LEFT_ORIGIN = Symbol('placeboard-left');
/** Origin of presence another process published: that process's to publish, and to remove if it dies. */
class RemotePresence {
  constructor(readonly from: string) {}
}
/** Origin of removing the presence of another process's clients when that process is gone: each process does it. */
const GONE_ORIGIN = Symbol('placeboard-process-gone');

/** Who the server records for a change it makes on someone's behalf (a community post, an import). */
export interface ChangeAttribution {
  actor: string;
  actorName: string;
  /** Records the change creates, so their creator may change them later (contributors change only their own). */
  createdRecords?: readonly RecordRef[];
  /**
   * Records the change touches without creating them (a version restore), named in its audit line beside the created
   * ones, so the audit's section filter finds it. They get no creator.
   */
  touchedRecords?: readonly RecordRef[];
}

type MessageOf<T extends ProtocolMessage['type']> = Extract<ProtocolMessage, { type: T }>;
type Handlers = { [T in ProtocolMessage['type']]: (connection: Connection, message: MessageOf<T>) => void };

/** A message as it came off a connection's socket, waiting for the room's next drain (null: a text frame). */
interface Inbound {
  connection: Connection;
  bytes: Uint8Array | null;
  /** When it arrived (`performance.now()`), for the relay time in the metrics. */
  arrivedAt: number;
}

/**
 * An update applied to the doc and waiting, with the rest of its drain, to be stored: as its `author` sent it (null:
 * the server).
 */
interface Pending extends AppendEntry {
  author: Connection | null;
}

/** Thrown by a handler to close the sending connection with a given code. */
class RefusedMessage extends Error {
  constructor(readonly code: number, message: string) {
    super(message);
  }
}

/**
 * One open board: its Y.Doc, the clients on it, and their presence. Every message is handled in arrival order
 * through one queue, and nobody sees an update before it is stored.
 *
 * **Group commit.** Messages are not handled one by one as they arrive: they wait in an inbox until the event loop
 * has read every socket that was ready ({@link drain}, on `setImmediate`). A drain then checks and applies each
 * update in order, all in one document transaction (a later update may build on an earlier one of the same batch),
 * stores all of them in one store transaction ({@link PlaceboardStore.appendUpdates}: one disk flush, not one per
 * update), and only then sends what the document transaction changed, as one frame to each client
 * ({@link commit}). At low load a batch is one message and nothing waits. Under load batches grow by themselves (more
 * arrives while one is being stored); and while the process is busy ({@link RoomOptions.load}) a room gathers
 * messages for {@link RoomOptions.busyBatchMs} before handling them, so the disk flushes and socket writes per second
 * stay bounded however many people type: with 200 people typing, one frame per client every 10 ms instead of one per
 * keystroke of each of the others. A sync step 1 met in a drain is answered after what came before it is stored, so
 * no answer holds anything unstored. If the store fails, nothing of the batch has been sent: the room closes and
 * reloads, and the authors' clients send their edits again in their sync step 2 when they reconnect (and since the
 * write may have landed all the same, the other processes are told to re-read the store).
 *
 * **Cold load.** A room loads the board from the store as bytes ({@link StoredBoardState}: the stored state and the
 * updates after it, as one update) and decodes them into its Y.Doc only after its first client has the board, so
 * that the client gets the board without waiting for the server to decode it, then encode it again. Until then:
 * - a client's sync step 1 is answered from the bytes: all of them when the client has nothing, else the difference.
 *   They are the complete stored board, so this is not syncing against a half-loaded doc;
 * - the server's own sync step 1 (its state vector, asking the client for what it lacks) goes out once the doc is
 *   decoded: reading a state vector from the bytes costs about as much as decoding them;
 * - nothing else reads the doc: every task that does (an update, {@link change}, {@link snapshot}, compaction,
 *   {@link catchUp}, {@link applyRemote}, {@link ready}) decodes it first, in its turn in the queue. Presence needs no doc.
 * Right after an answer from the bytes the room asks that client for its presence (query-awareness): a stock client
 * answers once it has applied the board, and that answer starts the decode, so that the two do not compete for
 * the CPU when they share a machine (as in the benchmark, or a server busy with other rooms). Decoding starts earlier
 * if a task needs the doc, and at most {@link DECODE_FALLBACK_MS} after the answer if the client says nothing. It
 * runs the schema migrations ({@link migrateBoard}) before any client update is accepted; their changes are stored
 * and go out to the clients like any server change. If the stored board cannot be decoded or migrated, the room
 * closes its clients (1011) and the next connection loads it again.
 *
 * **Ahead of the catch-up.** A stock y-websocket client sends its sync step 1 as its socket opens, and sends each
 * edit as it is made; the edits it made offline go in its sync step 2, its answer to the server's step 1, a round
 * trip later. An edit made in that round trip reaches the server before the offline edits it builds on (the next
 * clock of the same client id), so on its own it cannot apply in full. Such an update, from a connection whose step
 * 2 is still awaited, is kept on the connection ({@link Connection.holdUntilCatchUp}, up to `MAX_MESSAGE_BYTES` of
 * them) and judged right after the step 2, as part of it: the step 2 is encoded from the client's whole doc
 * after the edit was made, so for a stock client it holds the edit and the kept copy changes nothing. What still
 * does not apply then is refused like any other update. Once the catch-up is stored, the commit that stored it tells
 * the client so (`AUTH_CAUGHT_UP`, an auth message of Placeboard's own sub-type): its sync completes a round trip
 * before the server even has the step 2, so that completion says nothing of whether the offline edits were kept.
 *
 * Every update is checked before anything is stored: it must apply in full ({@link validateUpdate}), and the
 * connection's role must allow everything it touches ({@link authorizeUpdate}: a refusal sends an auth message and
 * closes with 4403). An accepted update is stored with its audit line (who, from the session, never from a Yjs client
 * id; which sections and records; its size) and the creators of the records it adds.
 *
 * Hostile clients are also held to three rules:
 * - **Limits.** Each connection has an allowance of messages and bytes per second ({@link Connection.admit}),
 *   counted as messages arrive, before they are queued; going over closes it with 4429, and what it still had
 *   waiting in the queue is dropped with it (a stock client re-sends its edits in its sync step 2 on reconnect).
 * - **Client ids.** A connection *holds* the Yjs client ids it introduced: an id no other open connection holds
 *   becomes its own with its first live update (`sync-update`) adding structs under it, or its first awareness
 *   entry setting a presence (for an id the room has not seen, or with a newer clock than it has seen). Only the
 *   holder may add structs (items or garbage-collected ranges) under a held id; an update adding any under an id
 *   held by another connection, or under the server's own id, is refused with 4409. Deleting anyone's content is
 *   not affected. When a connection closes its ids are free again, so a browser that reconnects with the same
 *   Y.Doc (same client id) takes its id back with its presence or its next edit; until then the next connection
 *   that writes under a free id takes it. A sync step 2 (the catch-up a client sends after connecting) may carry
 *   structs under free ids without taking them: a browser tab relays the offline edits of its sibling tabs
 *   (BroadcastChannel) that way, and those tabs must still get their own ids back. Another connection of the same
 *   person (same actor) may also write under their held ids: their tabs relay each other's edits.
 * - **Presence.** A connection sets and clears only the awareness entries of ids it holds (or takes, as above);
 *   other entries in its messages are dropped, not refused, because the stock y-websocket client echoes every
 *   presence change it hears back to the server. When it closes, the entries of its ids are removed.
 *
 * Presence goes out on a tick ({@link RoomOptions.awarenessTickMs}): every change of the tick, whoever made it, in
 * one message to each client, so a client hears at most one presence message per tick however many people move.
 * A client that connects gets everyone's presence at once.
 *
 * With several server processes ({@link RoomOptions.publish}, {@link applyRemote}), each process stores only what
 * its own clients send, and publishes it once stored; what other processes publish is applied without being stored
 * or checked again (it was checked where it arrived) and sent on to this room's clients. Client ids are held across
 * the processes too ({@link RoomOptions.claims}, in Redis): before a drain handles its messages, every id they would
 * write under or set the presence of, and that no connection here holds, is claimed for the connection there (or,
 * for a sync step 2, only checked); an id another person holds through another process is refused as if they were
 * here (4409, or the presence entry dropped). The same person may take their id over at once: a browser whose
 * process died reconnects elsewhere with the same Y.Doc. A reconnecting client's step 2 may carry someone else's
 * edit that this process has not yet had through the fan-out (a process stores an edit before it publishes it, and
 * one that dies in between never publishes it): when a step 2 carries structs under an id held through another
 * process, the room first reads the board from the store, so the step 2 is judged against everything stored and
 * only what is in no store is refused, like a forgery. It reads the store so at most once every
 * {@link STORE_READ_INTERVAL_MS}; within that a step 2 is judged against what the room has, and the client's
 * reconnect a moment later goes through. The room notes which process each remote presence came
 * from; when a process dies nobody is left to remove its clients' presence, so when the fan-out reports it gone
 * ({@link forgetProcess}: a few missed heartbeats) each room removes it, rather than leave its cursors for the 30 s
 * of y-protocols' `outdatedTimeout`.
 */
export class Room {
  readonly doc = new Y.Doc();
  readonly awareness = new awarenessProtocol.Awareness(this.doc);
  private readonly connections = new Set<Connection>();
  /** Which open connection holds each Yjs client id (see the class comment). */
  private readonly holders = new Map<number, Connection>();
  private queue: Promise<void> = Promise.resolve();
  /** Messages received since the last drain began (see the class comment). */
  private inbox: Inbound[] = [];
  private drainScheduled = false;
  /** Set when an update broke the doc: the drain stores what came before it, then the room reloads. */
  private mustReload = false;
  private reloading = false;
  /** Updates applied in the current drain (or server change), not yet stored. */
  private pending: Pending[] = [];
  /** What they changed, as Yjs emitted it (one update per document transaction): sent once they are stored. */
  private outgoing: Uint8Array[] = [];
  /** Connections whose catch-up (sync step 2) this drain has accepted: told once it is stored (see {@link commit}). */
  private caughtUp: Connection[] = [];
  /** Connections with live updates handled since the last commit: told their count once it is stored. */
  private handledUpdates = new Set<Connection>();
  /** When the inbound message being handled arrived, during a drain (see {@link Inbound.arrivedAt}). */
  private handlingArrivedAt: number | undefined;
  /** When the first client update of the batch waiting in {@link pending} arrived: the start of its relay time. */
  private batchArrivedAt: number | undefined;
  private lastSeq = 0;
  /**
   * The stored state (by the last update folded into it, see {@link StoredDocument.stateSeq}) that the doc holds all
   * of: read at load, or written by this room's compaction. A read of the store that finds it unchanged applies only
   * the updates after it, not the whole board again (a fifth of a second for a 3.5 MiB board).
   */
  private heldStateSeq = -1;
  private updatesSinceCompaction = 0;
  private bytesSinceCompaction = 0;
  /** The last compaction's write, settled (see {@link compactNow}): closing waits for it. */
  private compactionWrite: Promise<void> = Promise.resolve();
  /** True while {@link compactionWrite} is on its way. */
  private compactionWriting = false;
  private compactionScheduled = false;
  private closed = false;
  /** Client ids whose presence changed since the last presence message (see {@link flushPresence}). */
  private readonly presenceChanged = new Set<number>();
  /** ...and those of them changed by this process's own clients, to publish. */
  private readonly presenceToPublish = new Set<number>();
  /** Ids the connections of the current drain may not take: other processes' connections hold them. */
  private heldElsewhere: Map<Connection, Set<number>> | undefined;
  /** When the room last read the whole board from the store to catch up (see {@link STORE_READ_INTERVAL_MS}). */
  private lastStoreRead = Number.NEGATIVE_INFINITY;
  /** Ids each connection has claimed across the processes, to let go of when it closes. */
  private readonly claimed = new Map<Connection, Set<number>>();
  private readonly claims: ClientClaims;
  private readonly metrics: SyncMetrics;
  /** The process each presence set through the fan-out came from (see {@link forgetProcess}). */
  private readonly remotePresence = new Map<number, string>();
  private presenceTimer: NodeJS.Timeout | undefined;
  private readonly awarenessTickMs: number;
  private readonly now: () => number;
  private readonly monotonicNow: () => number;
  /** Who created each record (`root/record` → actor), for the rule that contributors change only their own. */
  private readonly creators = new Map<string, string>();
  /** The board as stored, until it is decoded into `doc` (see "Cold load" above); undefined once it is. */
  private stored: StoredBoardState | undefined;
  /** Why decoding the stored board failed, if it did: every task that needs the doc fails with it. */
  private decodeFailure: unknown;

  private constructor(private readonly options: RoomOptions) {
    this.now = options.now ?? Date.now;
    this.monotonicNow = options.monotonicNow ?? (() => performance.now());
    this.awarenessTickMs = options.awarenessTickMs ?? DEFAULT_AWARENESS_TICK_MS;
    this.claims = options.claims ?? createLocalClaims();
    this.metrics = options.metrics ?? NO_SYNC_METRICS;
    this.awareness.setLocalState(null);
    this.doc.on('update', this.onDocUpdate);
    this.awareness.on('update', this.onAwarenessUpdate);
    getRoots(this.doc).meta.observe(this.onMetaChange);
  }

  /**
   * Reads a board from the store and returns its room, holding the board as stored bytes: it is decoded and migrated
   * after the room's first answer, or by the first task that needs it (see "Cold load" above, and {@link ready}).
   */
  static async load(options: RoomOptions): Promise<Room | undefined> {
    const stored = await options.store.loadDocument(options.boardId);
    if (!stored) return undefined;
    const room = new Room(options);
    room.stored = new StoredBoardState(stored);
    room.lastSeq = stored.lastSeq;
    room.heldStateSeq = stored.stateSeq;
    room.updatesSinceCompaction = stored.updates.length;
    room.bytesSinceCompaction = stored.updates.reduce((sum, u) => sum + u.byteLength, 0);
    return room;
  }

  /**
   * Resolves once the room's doc is decoded from the store and migrated, so that `doc` can be read (the HTTP API's
   * reads); rejects if the stored board cannot be decoded or migrated.
   */
  ready(): Promise<void> {
    return this.enqueue(() => this.ensureDecoded());
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
      // Counted before anything is queued, decoded or stored, so a flood costs the room next to nothing.
      if (!this.connections.has(connection)) return;
      if (!connection.admit(byteLengthOf(data))) {
        this.refuse(connection, CloseCode.tooManyMessages, 'too many messages or bytes per second');
        return;
      }
      this.inbox.push({ connection, bytes: isBinary ? toBytes(data) : null, arrivedAt: performance.now() });
      if (!this.drainScheduled) {
        this.drainScheduled = true;
        const drain = () => void this.enqueue(() => this.drain());
        const wait = this.options.load?.busy ? (this.options.busyBatchMs ?? DEFAULT_BUSY_BATCH_MS) : 0;
        if (wait > 0) setTimeout(drain, wait);
        else setImmediate(drain);
      }
    });
    socket.on('close', () => this.disconnect(connection));
    const { expiresAt } = connection.access;
    if (expiresAt !== null) {
      // A share link or a sign-in that runs out while its socket is open must stop editing then, not at reconnect.
      const expiry = setTimeout(() => {
        if (!this.connections.has(connection)) return;
        connection.close(CloseCode.accessChanged, 'your access to this board has expired');
        this.disconnect(connection);
      }, Math.min(Math.max(0, expiresAt - this.now()), MAX_TIMER_MS));
      expiry.unref();
      socket.once('close', () => clearTimeout(expiry));
    }
    // While the doc is not decoded, the server's step 1 waits for it (see "Cold load" above).
    if (!this.stored) connection.send(encodeSyncStep1(Y.encodeStateVector(this.doc)));
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
  change(fn: (doc: Y.Doc) => void, attribution?: ChangeAttribution, before?: (doc: Y.Doc) => Promise<void>): Promise<void> {
    return this.enqueue(async () => {
      await this.ensureDecoded();
      await this.applyChange(fn, attribution, before);
    });
  }

  /** The body of {@link change}, run in its turn of the queue (and by the migrations when the doc is decoded). */
  private async applyChange(fn: (doc: Y.Doc) => void, attribution?: ChangeAttribution, before?: (doc: Y.Doc) => Promise<void>): Promise<void> {
    // `before` runs in the same turn of the queue as `fn`, so nothing reaches the doc between the two: a restore
    // saves the state it is about to replace there. If it throws, `fn` does not run.
    if (before) await before(this.doc);
    const first = this.pending.length;
    fn(this.doc);
    // The attribution goes with the first update; a change is nearly always one transaction.
    const made = this.pending[first];
    if (attribution && made) made.attaches = this.attachmentsOf(attribution, made.update);
    await this.commit();
  }


  /**
   * The board's full state as one update, taken in turn with the room's other work: it holds every change stored
   * before it was asked for, and nothing unstored (a drain in progress may have applied updates it has not stored).
   */
  snapshot(): Promise<Uint8Array> {
    let state: Uint8Array | undefined;
    return this.enqueue(async () => {
      await this.ensureDecoded();
      state = Y.encodeStateAsUpdate(this.doc);
    }).then(() => state as Uint8Array);
  }

  /**
   * Closes every connection whose access matches, with `code` (a member removed, a role changed, a link revoked).
   * Synchronous, so the request that withdrew the access returns only once the sockets are closing.
   */
  disconnectWhere(match: (access: BoardAccess) => boolean, code: number, reason: string): number {
    let closed = 0;
    for (const connection of [...this.connections]) {
      if (!match(connection.access)) continue;
      connection.close(code, reason);
      this.disconnect(connection);
      closed += 1;
    }
    return closed;
  }

  /** The audit line and record creators of a server change made on someone's behalf. */
  private attachmentsOf(attribution: ChangeAttribution, update: Uint8Array): UpdateAttachments {
    const created = attribution.createdRecords ?? [];
    for (const { root, record } of created) this.creators.set(`${root}/${record}`, attribution.actor);
    return {
      audit: this.auditOf(attribution.actor, attribution.actorName, [...created, ...(attribution.touchedRecords ?? [])], update.byteLength),
      creators: created.map(({ root, record }) => ({ root, record, actor: attribution.actor })),
    };
  }

  private auditOf(actor: string, actorName: string, touched: readonly RecordRef[], bytes: number, detail = ''): AuditEvent {
    return {
      boardId: this.boardId,
      at: this.now(),
      actor,
      actorName,
      kind: 'update',
      roots: [...new Set(touched.map((ref) => ref.root))],
      records: touched.map((ref) => `${ref.root}/${ref.record}`),
      bytes,
      detail,
    };
  }

  /** Closes every connection with `code` and stops accepting messages. Waits for queued work to finish. */
  async close(code: number, reason: string): Promise<void> {
    this.closed = true;
    for (const connection of this.connections) connection.close(code, reason);
    // Tell the other processes these clients are gone (a shutdown, a deleted board) rather than leave their
    // cursors there until they time out.
    const leaving = [...this.holders.keys()].filter((client) => this.awareness.getStates().has(client));
    if (leaving.length > 0) {
      awarenessProtocol.removeAwarenessStates(this.awareness, leaving, LEFT_ORIGIN);
      this.options.publish?.({ kind: 'awareness', update: awarenessProtocol.encodeAwarenessUpdate(this.awareness, leaving) });
    }
    await this.queue;
    await this.compactionWrite;
    clearTimeout(this.presenceTimer);
    this.onClosed?.();
    this.onClosed = undefined;
    this.doc.off('update', this.onDocUpdate);
    this.awareness.off('update', this.onAwarenessUpdate);
    this.awareness.destroy();
    this.doc.destroy();
  }

  /**
   * Folds the update log into one state row if anything was appended since the last time, and resolves once that
   * state is stored. The room's queue waits only while the state is made, not while it is written: the edits that
   * come meanwhile are stored after it, with later sequence numbers, which it leaves alone. While one compaction's
   * write is still on its way, another does nothing (the next one, at the latest when the room unloads, folds in
   * what it would have).
   */
  compactNow(): Promise<void> {
    let write: Promise<void> = Promise.resolve();
    return this.enqueue(async () => {
      if (this.updatesSinceCompaction === 0 || this.compactionWriting) return;
      await this.ensureDecoded();
      // The log may hold updates this room never saw (an admin's `pnpm cli import`, another process): fold them
      // into the document first, and pass them on to the clients, so compaction can never drop an edit. So may the
      // state, when another process compacted since this room loaded.
      const stored = await this.options.store.loadDocument(this.boardId, { heldStateSeq: this.heldStateSeq });
      if (!stored) return;
      this.applyStored(stored, STORED_ORIGIN);
      const upto = stored.lastSeq;
      write = this.options.store.compact(this.boardId, Y.encodeStateAsUpdate(this.doc), upto);
      this.compactionWriting = true;
      this.compactionWrite = write.then(
        () => {
          this.compactionWriting = false;
          // The stored state is now this doc's (or, on PostgreSQL, one of another process with more folded in, which
          // does not match and is applied at the next read).
          this.heldStateSeq = upto;
        },
        () => {
          // The log is as it was: the next compaction tries again.
          this.compactionWriting = false;
          this.updatesSinceCompaction = Math.max(this.updatesSinceCompaction, 1);
        },
      );
      this.lastSeq = Math.max(this.lastSeq, stored.lastSeq);
      this.updatesSinceCompaction = 0;
      this.bytesSinceCompaction = 0;
    }).then(() => write);
  }

  /**
   * Re-reads the store and applies what this room has not seen, passing it on to the clients: after a lapse of the
   * fan-out between processes, or when another process says its updates could not be published. Stored updates
   * it already holds are harmless (Yjs ignores them).
   */
  catchUp(): Promise<void> {
    return this.enqueue(async () => {
      if (this.closed) return;
      await this.ensureDecoded();
      await this.readStore();
    });
  }

  /** Applies what the store holds and this room does not (in its turn in the queue: see {@link catchUp}). */
  private async readStore(): Promise<void> {
    this.lastStoreRead = this.monotonicNow();
    const stored = await this.options.store.loadDocument(this.boardId, { heldStateSeq: this.heldStateSeq });
    if (!stored) return;
    this.applyStored(stored, STORED_ORIGIN);
    await this.loadCreators();
  }

  /**
   * Applies what another server process published about this board: an update it accepted and stored (applied
   * and sent to this room's clients, not stored again, and not checked again: it was checked where it arrived), or
   * presence changes of its clients. Taken in turn with the room's other work, like a client's message.
   */
  applyRemote(message: ReceivedMessage): void {
    if (this.closed) return;
    if (message.kind === 'update') {
      void this.enqueue(async () => {
        await this.ensureDecoded();
        for (const { root, record, actor } of message.creators) this.creators.set(`${root}/${record}`, actor);
        Y.applyUpdate(this.doc, message.update, REMOTE_ORIGIN);
      }).catch(() => {}); // logged by enqueue
    } else if (message.kind === 'awareness') {
      void this.enqueue(() => {
        // The origin says which process it came from: onAwarenessUpdate notes it for each entry applied.
        awarenessProtocol.applyAwarenessUpdate(this.awareness, message.update, new RemotePresence(message.from));
      });
    } else if (message.kind === 'catch-up') {
      void this.catchUp();
    }
  }

  /**
   * Removes the presence of every client of another process that is gone (see the class comment), unless the client
   * has since moved to this process or another; the clients here hear of it in the next presence message.
   */
  forgetProcess(processId: string): void {
    if (this.closed) return;
    void this.enqueue(() => {
      const gone = [...this.remotePresence].filter(([, from]) => from === processId).map(([client]) => client);
      if (gone.length > 0) awarenessProtocol.removeAwarenessStates(this.awareness, gone, GONE_ORIGIN);
    });
  }

  /** Resolves when every message received so far has been handled (and the doc is decoded: see "Cold load" above). */
  idle(): Promise<void> {
    return this.stored ? this.ready().catch(() => {}) : this.queue;
  }

  /** Applies a stored document in one transaction: what the room already holds of it changes nothing. */
  private applyStored(stored: StoredDocument, origin: symbol): void {
    this.doc.transact(() => {
      // Null when the doc holds it already: every read passes heldStateSeq, and the store leaves that state out.
      if (stored.state) Y.applyUpdate(this.doc, stored.state);
      for (const update of stored.updates) Y.applyUpdate(this.doc, update);
    }, origin);
    this.heldStateSeq = stored.stateSeq;
  }

  /**
   * Decodes the stored board into the doc if it is not yet (see "Cold load" above): applies it, sends each client
   * the server's sync step 1, reads the record creators, and runs the schema migrations, storing and sending their
   * changes. Runs in a turn of the queue, so no client update is handled before it. On failure the room closes.
   */
  private async ensureDecoded(): Promise<void> {
    if (this.decodeFailure !== undefined) throw this.decodeFailure;
    const stored = this.stored;
    if (!stored) return;
    try {
      // The stored board is nobody's update (it is stored, and no client is owed it): without an 'update' listener
      // Yjs does not encode it all again for one, which is a third of the decode.
      this.doc.off('update', this.onDocUpdate);
      try {
        stored.applyTo(this.doc, LOAD_ORIGIN);
      } finally {
        this.doc.on('update', this.onDocUpdate);
      }
      this.stored = undefined;
      this.broadcast(encodeSyncStep1(Y.encodeStateVector(this.doc)), null);
      await this.loadCreators();
      await this.applyChange(() => migrateBoard(this.doc));
    } catch (error) {
      this.decodeFailure = error;
      this.stored = undefined;
      this.options.log.error('board failed to load; its room closes', { board: this.boardId, error: errorMessage(error) });
      this.closed = true;
      setImmediate(() => void this.close(CloseCode.internalError, 'board could not be loaded'));
      throw error;
    }
  }

  /**
   * Decodes the stored board once `connection`, just answered from its bytes, has handled them: it is asked for its
   * presence, which a stock client answers after applying the board, and a message it sends after the answer has
   * been `written` to its socket starts the decode. A stock client also sends its presence on opening, before it has
   * the board, and on a busy machine that may arrive late: until the room has handled a presence of this connection
   * (it then holds the connection's client id), one message is taken for that and skipped. After
   * {@link DECODE_FALLBACK_MS} without an answer, the decode starts anyway.
   */
  private decodeWhenApplied(connection: Connection, written: Promise<void>): void {
    const { socket } = connection;
    let started = false;
    let skipped = false;
    const decode = (): void => {
      if (started) return;
      started = true;
      clearTimeout(fallback);
      socket.off('message', onMessage);
      if (this.stored && !this.closed) this.ready().catch(() => {}); // a failure is logged by enqueue
    };
    const onMessage = (): void => {
      if (connection.clientIds.size === 0 && !skipped) skipped = true;
      else decode();
    };
    const fallback = setTimeout(decode, DECODE_FALLBACK_MS);
    fallback.unref();
    connection.send(encodeQueryAwareness());
    void written.then(() => {
      if (!started) socket.on('message', onMessage);
    });
  }

  private async loadCreators(): Promise<void> {
    for (const { root, record, actor } of await this.options.store.listRecordCreators(this.boardId)) {
      this.creators.set(`${root}/${record}`, actor);
    }
  }

  private readonly handlers: Handlers = {
    // The drain stores what it applied before it answers a step 1, so the answer holds nothing unstored.
    'sync-step1': (connection, message) => {
      const { stored } = this;
      let reply: Uint8Array;
      try {
        reply = stored ? stored.missingFrom(message.stateVector) : Y.encodeStateAsUpdate(this.doc, message.stateVector);
      } catch (error) {
        throw new RefusedMessage(CloseCode.malformedMessage, `bad state vector: ${errorMessage(error)}`);
      }
      // Answered from the stored bytes of a cold board: decode it once the client has applied them.
      if (stored) this.decodeWhenApplied(connection, connection.sendWritten(encodeSyncStep2(reply)));
      else connection.send(encodeSyncStep2(reply));
      // Its answer to the server's step 1 (its catch-up) comes next: see "Ahead of the catch-up" above.
      if (connection.catchUp === 'unasked') connection.catchUp = 'awaited';
    },
    // A step 2 is a catch-up and may relay other tabs' edits: it writes under free ids without taking them. The
    // updates that came ahead of it are judged with it, as part of it.
    'sync-step2': (connection, message) => {
      const ahead = connection.finishCatchUp();
      this.acceptUpdate(connection, message.update, false);
      for (const update of ahead) this.acceptUpdate(connection, update, false);
      // Accepted (a refusal threw): the client is told once it is stored, by the commit that stores it; so are the
      // live updates that came ahead of it, handled only now.
      this.caughtUp.push(connection);
      if (ahead.length > 0) this.noteHandled(connection, ahead.length);
    },
    'sync-update': (connection, message) => {
      if (this.acceptUpdate(connection, message.update, true)) this.noteHandled(connection, 1);
    },
    awareness: (connection, message) => {
      let entries: AwarenessEntry[];
      try {
        entries = decodeAwarenessEntries(message.update);
      } catch (error) {
        throw new RefusedMessage(CloseCode.malformedMessage, `bad awareness update: ${errorMessage(error)}`);
      }
      const own = entries.filter((entry) => this.mayPublish(connection, entry)).map((entry) => withIdentity(entry, connection.access));
      if (own.length === 0) return;
      try {
        awarenessProtocol.applyAwarenessUpdate(this.awareness, encodeAwarenessEntries(own), connection);
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
    'auth-caught-up': () => {
      // Nor telling it what it has stored.
    },
    'auth-stored': () => {
      // Nor that.
    },
  };

  /** The message `bytes` hold, or undefined when they hold none (the connection is then refused). */
  private decode(connection: Connection, bytes: Uint8Array | null): ProtocolMessage | undefined {
    if (!this.connections.has(connection)) return undefined;
    if (bytes === null) {
      this.refuse(connection, CloseCode.malformedMessage, 'text frames are not part of the protocol');
      return undefined;
    }
    try {
      return decodeMessage(bytes);
    } catch (error) {
      if (!(error instanceof ProtocolError)) throw error;
      this.refuse(connection, CloseCode.malformedMessage, error.message);
      return undefined;
    }
  }

  private handle(connection: Connection, message: ProtocolMessage): void {
    if (!this.connections.has(connection)) return;
    try {
      (this.handlers[message.type] as (c: Connection, m: ProtocolMessage) => void)(connection, message);
    } catch (error) {
      if (error instanceof RefusedMessage || error instanceof ProtocolError) {
        this.refuse(connection, error instanceof RefusedMessage ? error.code : CloseCode.malformedMessage, error.message);
        return;
      }
      throw error;
    }
  }

  /** Closes a connection for what it sent, and forgets it at once so nothing more of it is handled. */
  private refuse(connection: Connection, code: number, reason: string): void {
    this.metrics.refused(code);
    this.options.log.warn('message refused', { board: this.boardId, remote: connection.remote, code, reason });
    connection.close(code, reason);
    this.disconnect(connection);
  }

  /**
   * True when `connection` may add structs under `client`: it holds it, or nobody does (and it is not the id the
   * server writes migrations and renames under).
   */
  private mayWriteAs(connection: Connection, client: number): boolean {
    if (client === this.doc.clientID || this.heldElsewhere?.get(connection)?.has(client)) return false;
    const holder = this.holders.get(client);
    // The same person's other tab may relay their edits (BroadcastChannel); nobody else may write as them.
    return holder === undefined || holder === connection || holder.access.actor === connection.access.actor;
  }

  private hold(connection: Connection, client: number): void {
    this.holders.set(client, connection);
    // A client of another process that moved here: its presence is this process's now.
    this.remotePresence.delete(client);
    connection.clientIds.add(client);
  }

  /**
   * Whether an awareness entry from `connection` is applied: its own ids always; a free id only by an entry that
   * sets a presence of an id the room has not seen, or with a newer clock than it has seen (which takes the id). An
   * echo of someone else's entry is never newer, and a clearing entry never takes an id, so neither can lock a
   * reconnecting browser out.
   */
  private mayPublish(connection: Connection, entry: AwarenessEntry): boolean {
    const { clientId } = entry;
    const holder = this.holders.get(clientId);
    if (holder === connection) return true;
    if (holder !== undefined || clientId === this.doc.clientID || clearsPresence(entry)) return false;
    if (this.heldElsewhere?.get(connection)?.has(clientId)) return false;
    // A stock client's first entry has clock 0; a client the room has seen must come with a newer clock.
    const seen = this.awareness.meta.get(clientId);
    if (seen !== undefined && entry.clock <= seen.clock) return false;
    this.hold(connection, clientId);
    return true;
  }

  /**
   * Handles what arrived since the last drain, in order, then stores every update it applied in one transaction and
   * sends them (see the class comment). Runs in turn with the room's other work.
   */
  private async drain(): Promise<void> {
    this.drainScheduled = false;
    const inbox = this.inbox;
    this.inbox = [];
    // Updates are checked against the doc: a cold board is decoded first (see "Cold load" above). A drain of sync
    // step 1s and presence alone does not need it, and a step 1 is then answered from the stored bytes.
    if (this.stored && inbox.some(({ bytes }) => bytes !== null && carriesDocumentChange(bytes))) {
      try {
        await this.ensureDecoded();
      } catch {
        return; // the room is closing; ensureDecoded said why
      }
    }
    if (this.claims.shared) {
      const { refused, catchUpRefused } = await this.claimAcrossProcesses(inbox);
      this.heldElsewhere = refused;
      // See "a reconnecting client's step 2" in the class comment: read what the other processes stored first, so the
      // step 2 is judged against it, not against what the fan-out has brought so far.
      if (catchUpRefused && this.monotonicNow() - this.lastStoreRead >= STORE_READ_INTERVAL_MS) {
        // A store that cannot be read leaves the step 2 judged against what the room has (refused, like a forgery).
        await this.readStore().catch((error: unknown) =>
          this.options.log.warn('board could not be read to judge a catch-up', { board: this.boardId, error: errorMessage(error) }),
        );
      }
    }
    let next = 0;
    while (next < inbox.length && !this.closed) {
      // Everything up to the next sync step 1 is handled in one document transaction: Yjs does its per-transaction
      // work (state vectors as long as the board has writers) once, and emits one update holding all of it, which is
      // what goes out. A step 1 is answered once that is stored.
      let step1: { connection: Connection; message: ProtocolMessage } | undefined;
      this.doc.transact(() => {
        while (next < inbox.length && !this.closed && !step1) {
          const { connection, bytes, arrivedAt } = inbox[next++] as Inbound;
          this.handlingArrivedAt = arrivedAt;
          const message = this.decode(connection, bytes);
          if (message?.type === 'sync-step1') step1 = { connection, message };
          else if (message) this.handle(connection, message);
        }
      }, BATCH_ORIGIN);
      this.handlingArrivedAt = undefined;
      await this.commit();
      if (step1 && !this.closed) this.handle(step1.connection, step1.message);
    }
    await this.commit();
    this.heldElsewhere = undefined;
    if (this.mustReload) this.reload();
  }

  /**
   * Asks the claims shared with the other processes about every id the messages of a drain would take or write
   * under that no connection here holds (see "Client ids" above); returns, per connection, those held elsewhere,
   * and whether any of them was only checked for a step 2 (a catch-up, which may relay edits this process lacks).
   * What does not decode is left for its turn, which refuses it.
   */
  private async claimAcrossProcesses(inbox: readonly Inbound[]): Promise<{ refused: Map<Connection, Set<number>>; catchUpRefused: boolean }> {
    const asks = new Map<Connection, Map<number, boolean>>();
    const ask = (connection: Connection, client: number, take: boolean): void => {
      if (client === this.doc.clientID || this.holders.has(client)) return; // decided here
      let ids = asks.get(connection);
      if (!ids) asks.set(connection, (ids = new Map()));
      ids.set(client, take || (ids.get(client) ?? false));
    };
    for (const { connection, bytes } of inbox) {
      if (bytes === null || !this.connections.has(connection)) continue;
      try {
        const message = decodeMessage(bytes);
        if (message.type === 'sync-update' || message.type === 'sync-step2') {
          // A catch-up (step 2) may relay the same person's other tabs' edits: checked, not taken.
          for (const [client, clock] of Y.parseUpdateMeta(message.update).to) {
            if (clock > Y.getState(this.doc.store, client)) ask(connection, client, message.type === 'sync-update');
          }
        } else if (message.type === 'awareness') {
          // Only an entry that could take its id here (see mayPublish): not the echoes of a stock client.
          for (const entry of decodeAwarenessEntries(message.update)) {
            const seen = this.awareness.meta.get(entry.clientId);
            if (!clearsPresence(entry) && (seen === undefined || entry.clock > seen.clock)) ask(connection, entry.clientId, true);
          }
        }
      } catch {
        continue;
      }
    }
    const refused = new Map<Connection, Set<number>>();
    let catchUpRefused = false;
    await Promise.all(
      [...asks].flatMap(([connection, ids]) =>
        [...ids].map(async ([client, take]) => {
          if (await this.claims.claim(this.boardId, client, claimantOf(connection), take)) {
            if (!take) return;
            let ids = this.claimed.get(connection);
            if (!ids) this.claimed.set(connection, (ids = new Set()));
            ids.add(client);
            return;
          }
          if (!take) catchUpRefused = true;
          let held = refused.get(connection);
          if (!held) refused.set(connection, (held = new Set()));
          held.add(client);
        }),
      ),
    );
    return { refused, catchUpRefused };
  }

  /**
   * Stores the updates applied since the last commit in one transaction, then sends what they changed to the clients
   * (in the frame of one document transaction: to everyone but its author when it has one, else to everyone, as the
   * reference y-websocket server sends every update; Yjs ignores what a client already holds) and to the other
   * processes.
   */
  private async commit(): Promise<void> {
    let batch = this.pending;
    const outgoing = this.outgoing;
    const caughtUp = this.caughtUp;
    const handled = this.handledUpdates;
    const arrivedAt = this.batchArrivedAt;
    this.batchArrivedAt = undefined;
    this.caughtUp = [];
    this.handledUpdates = new Set();
    /** Tells the clients what of theirs this commit has stored (see AUTH_CAUGHT_UP and AUTH_STORED). */
    const acknowledge = (): void => {
      for (const connection of caughtUp) connection.send(encodeCaughtUp());
      for (const connection of handled) connection.send(encodeStored(connection.updatesHandled));
    };
    // Updates that changed nothing (a catch-up with no offline edits, say) have nothing to wait for.
    if (batch.length === 0 && outgoing.length === 0) {
      acknowledge();
      return;
    }
    this.pending = [];
    this.outgoing = [];
    // Whatever changed the doc is stored, even were it not an accepted update (it never should be).
    if (batch.length === 0) batch = outgoing.map((update) => ({ author: null, update }));
    let seqs: number[];
    const storeStart = performance.now();
    try {
      seqs = await this.options.store.appendUpdates(this.boardId, batch, this.now());
      this.metrics.stored(batch.length, (performance.now() - storeStart) / 1000);
    } catch (error) {
      this.metrics.storeFailed();
      // The doc now holds updates the store does not, and nobody has been sent them. Reload the board from the
      // store: the clients reconnect, and the authors' clients send their edits again in their sync step 2.
      this.options.log.error('updates could not be stored; board reloads', { board: this.boardId, error: errorMessage(error) });
      // They may have been stored all the same (PostgreSQL committed them, and the answer was lost): then the room
      // reloads with them, their authors have nothing to send again, and nobody would publish them. The other
      // processes re-read the store instead.
      this.options.publish?.({ kind: 'catch-up' });
      this.reload();
      return;
    }
    this.noteStored(seqs, batch);
    // An update that broke the doc left part of itself in what Yjs emitted: send nothing; the room reloads.
    if (this.mustReload) return;
    const authors = new Set(batch.map((entry) => entry.author));
    const except = authors.size === 1 ? (batch[0] as Pending).author : null;
    const creators = batch.flatMap((entry) => entry.attaches?.creators ?? []);
    for (const [index, update] of outgoing.entries()) {
      this.broadcast(encodeSyncUpdate(update), except);
      this.options.publish?.({ kind: 'update', update, creators: index === 0 ? creators : [] });
    }
    if (arrivedAt !== undefined) this.metrics.relayed((performance.now() - arrivedAt) / 1000);
    acknowledge();
  }

  /** Closes the room so that it loads again from the store: its doc no longer matches what is stored. */
  private reload(): void {
    if (this.reloading) return;
    this.reloading = true;
    this.closed = true;
    setImmediate(() => void this.close(CloseCode.internalError, 'board reloading, reconnect'));
  }

  /** Counts live updates of `connection` handled in this drain, for the commit to acknowledge. */
  private noteHandled(connection: Connection, count: number): void {
    connection.updatesHandled += count;
    this.handledUpdates.add(connection);
  }

  /**
   * Checks an update, applies it and queues it to be stored (see the class comment); throws {@link RefusedMessage}
   * for one that is refused. False when it is kept on the connection to be judged with its catch-up instead.
   */
  private acceptUpdate(connection: Connection, update: Uint8Array, takesIds: boolean): boolean {
    // drain() decodes a cold board before it handles an update; this would be a bug in that.
    if (this.stored) throw new RefusedMessage(CloseCode.internalError, 'board not loaded yet, reconnect');
    const verdict = validateUpdate(this.doc, update);
    if (!verdict.ok) {
      if (verdict.missingDependencies && takesIds && connection.holdUntilCatchUp(update)) return false;
      throw new RefusedMessage(CloseCode.updateRejected, verdict.reason);
    }
    for (const client of verdict.writesUnder) {
      if (!this.mayWriteAs(connection, client)) {
        throw new RefusedMessage(CloseCode.clientIdInUse, `update writes as client ${client}, which another connection holds`);
      }
    }
    if (verdict.empty) return true;
    const { access } = connection;
    const actor: Actor = { role: access.role, key: access.actor, partnerId: access.partnerId ?? undefined, name: access.name };
    const allowed = authorizeUpdate(this.doc, verdict.decoded, actor, ({ root, record }) => this.creators.get(`${root}/${record}`));
    if (!allowed.ok) {
      // Never stored, never sent on. The client holds an edit the board will not take: the auth message says why,
      // and the close tells it to throw its copy away and sync afresh rather than send the same edit again.
      connection.send(encodePermissionDenied(allowed.reason));
      throw new RefusedMessage(CloseCode.forbidden, allowed.reason);
    }
    if (takesIds) for (const client of verdict.writesUnder) this.hold(connection, client);
    const creators: RecordCreator[] = allowed.created.map(({ root, record }) => ({ root, record, actor: access.actor }));
    for (const { root, record } of allowed.created) this.creators.set(`${root}/${record}`, access.actor);
    // A copy: the bytes may be a view into the socket's buffer, and Yjs may keep views into what it applies.
    const copy = update.slice();
    try {
      Y.applyUpdate(this.doc, copy, connection);
    } catch (error) {
      // It passed validation yet Yjs threw part-way, leaving part of it in the doc: store what this drain applied
      // before it, then reload the board from the store, so that the document every client syncs against is exactly
      // what is stored.
      this.options.log.error('update failed to apply; board reloads', { board: this.boardId, error: errorMessage(error) });
      connection.close(CloseCode.updateRejected, 'update cannot be applied');
      // The drain stops here, stores what it has, and then reloads the room.
      this.closed = true;
      this.mustReload = true;
      return true;
    }
    this.batchArrivedAt ??= this.handlingArrivedAt;
    this.pending.push({
      author: connection,
      update: copy,
      attaches: { audit: this.auditOf(access.actor, access.name, allowed.touched, copy.byteLength), creators },
    });
    return true;
  }

  /** Counts what a commit stored towards the next compaction, and schedules one past the thresholds. */
  private noteStored(seqs: readonly number[], batch: readonly Pending[]): void {
    this.lastSeq = Math.max(this.lastSeq, ...seqs);
    this.updatesSinceCompaction += batch.length;
    for (const { update } of batch) this.bytesSinceCompaction += update.byteLength;
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
  }

  private readonly onDocUpdate = (update: Uint8Array, origin: unknown): void => {
    if (origin === BATCH_ORIGIN) {
      // Clients' updates of a drain, which acceptUpdate added to the batch to store: sent once stored.
      this.outgoing.push(update);
    } else if (origin === STORED_ORIGIN || origin === REMOTE_ORIGIN) {
      // Stored already, by this room before (STORED) or by another process (REMOTE).
      this.broadcast(encodeSyncUpdate(update), null);
    } else if (origin !== LOAD_ORIGIN) {
      // The server's own change (a migration, a rename): stored and sent by change().
      this.pending.push({ author: null, update });
      this.outgoing.push(update);
    }
  };

  /** Keeps the board list's title in step with the title people edit in the board. */
  private readonly onMetaChange = (event: Y.YMapEvent<unknown>): void => {
    if (!event.keysChanged.has('title') || event.transaction.origin !== BATCH_ORIGIN) return;
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
    if (changed.length === 0) return;
    for (const client of removed) this.remotePresence.delete(client);
    if (origin instanceof RemotePresence) {
      for (const client of [...added, ...updated]) if (!this.holders.has(client)) this.remotePresence.set(client, origin.from);
    }
    // Only this process's own clients' changes are published: each process times out stale entries by itself
    // ('timeout'), and what came from another process (RemotePresence) is that process's to publish.
    const own = origin instanceof Connection || origin === LEFT_ORIGIN;
    for (const client of changed) {
      this.presenceChanged.add(client);
      if (own) this.presenceToPublish.add(client);
    }
    if (this.awarenessTickMs <= 0) this.flushPresence();
    else this.presenceTimer ??= setTimeout(this.flushPresence, this.awarenessTickMs);
  };

  /**
   * Sends every presence change since the last time as one message to every client, and publishes the changes of
   * this process's own clients as one message. A change seen twice in a tick goes once, with its latest state
   * (and clock): that is all a client would keep of the two anyway.
   */
  private readonly flushPresence = (): void => {
    this.presenceTimer = undefined;
    if (this.closed) return;
    if (this.presenceChanged.size > 0) {
      const update = awarenessProtocol.encodeAwarenessUpdate(this.awareness, [...this.presenceChanged]);
      this.presenceChanged.clear();
      this.broadcast(encodeAwarenessMessage(update), null);
    }
    if (this.presenceToPublish.size > 0) {
      const update = awarenessProtocol.encodeAwarenessUpdate(this.awareness, [...this.presenceToPublish]);
      this.presenceToPublish.clear();
      this.options.publish?.({ kind: 'awareness', update });
    }
  };

  private broadcast(bytes: Uint8Array, except: Connection | null): void {
    for (const connection of this.connections) {
      if (connection !== except) connection.send(bytes);
    }
  }

  private disconnect(connection: Connection): void {
    if (!this.connections.delete(connection)) return;
    for (const client of this.claimed.get(connection) ?? []) void this.claims.release(this.boardId, client, claimantOf(connection));
    this.claimed.delete(connection);
    const held = [...connection.clientIds];
    for (const client of held) if (this.holders.get(client) === connection) this.holders.delete(client);
    connection.clientIds.clear();
    const present = held.filter((client) => this.awareness.getStates().has(client));
    if (present.length > 0) awarenessProtocol.removeAwarenessStates(this.awareness, present, LEFT_ORIGIN);
    if (this.connections.size === 0) this.onEmpty?.();
  }

  /** Called whenever the last client leaves. Set by the room manager. */
  onEmpty: (() => void) | undefined;
  /** Called once when the room closes (after its queued work). Set by the room manager. */
  onClosed: (() => void) | undefined;

  private enqueue(task: () => Promise<void> | void): Promise<void> {
    const run = this.queue.then(task);
    this.queue = run.catch((error) => {
      this.options.log.error('room task failed', { board: this.boardId, error: errorMessage(error) });
    });
    return run;
  }
}

function byteLengthOf(data: Buffer | ArrayBuffer | Buffer[]): number {
  return Array.isArray(data) ? data.reduce((sum, chunk) => sum + chunk.byteLength, 0) : data.byteLength;
}

function toBytes(data: Buffer | ArrayBuffer | Buffer[]): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

/** Each connection's {@link presenceKey}, worked out once. */
const presenceKeys = new WeakMap<BoardAccess, string>();

/**
 * An awareness entry with the connection's name, role and {@link presenceKey} written into `user`, whatever the
 * client put there: nobody can show everyone a name that is not theirs, or pass for someone else's other tab.
 * Clearing entries and states that are not objects pass unchanged.
 */
function withIdentity(entry: AwarenessEntry, access: BoardAccess): AwarenessEntry {
  let state: unknown;
  try {
    state = JSON.parse(entry.stateJson);
  } catch {
    return entry;
  }
  if (typeof state !== 'object' || state === null || Array.isArray(state)) return entry;
  const given = (state as { user?: unknown }).user;
  const user = typeof given === 'object' && given !== null && !Array.isArray(given) ? given : {};
  let key = presenceKeys.get(access);
  if (key === undefined) presenceKeys.set(access, (key = presenceKey(access)));
  return { ...entry, stateJson: JSON.stringify({ ...state, user: { ...user, name: access.name, role: access.role, key } }) };
}

/** Who a connection is to the shared claims. */
function claimantOf(connection: Connection): Claimant {
  return { actor: connection.access.actor, token: connection.claimToken };
}
