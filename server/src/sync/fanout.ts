import { randomUUID } from 'node:crypto';
import { ROOT_NAMES, type BoardId, type RootName } from '@placeboard/board';
import { Redis } from 'ioredis';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { errorMessage, type Logger } from '../log.js';
import type { RecordCreator } from '../store/access-types.js';

/** Whose open connections an {@link AccessMessage} closes: one person's, or one share link's. */
export type AccessMatch = { userId: string } | { linkId: string };

/** A document update a process accepted and stored: the others apply it without storing it again. */
export interface UpdateMessage {
  kind: 'update';
  update: Uint8Array;
  /** Records the update created, with their creator: the others need them for "contributors change only their own". */
  creators: readonly RecordCreator[];
}

/** Presence changes of a process's own clients (identity already stamped, foreign entries already dropped). */
export interface AwarenessMessage {
  kind: 'awareness';
  update: Uint8Array;
}

/** Someone's access to the board was withdrawn or changed: every process closes the matching connections. */
export interface AccessMessage {
  kind: 'access';
  match: AccessMatch;
  code: number;
  reason: string;
}

/** The board was deleted: every process unloads it and closes its connections. */
export interface UnloadMessage {
  kind: 'unload';
  code: number;
  reason: string;
}

/**
 * The board's store may hold updates this process never published: re-read it. Sent by the fan-out itself once its
 * connection is back, for updates it could not publish while it was down, and by a room whose write failed (it may
 * have landed all the same).
 */
export interface CatchUpMessage {
  kind: 'catch-up';
}

/** What a process tells the others about one board. */
export type FanoutMessage = UpdateMessage | AwarenessMessage | AccessMessage | UnloadMessage | CatchUpMessage;

/** A message as another process sent it: `from` is that process's {@link BoardFanout.processId}. */
export type ReceivedMessage = FanoutMessage & { from: string };

/** Handles the messages other processes publish about one board. */
export type FanoutHandler = (message: ReceivedMessage) => void;

/**
 * How server processes that serve the same boards tell each other what changed: one channel per board. A process
 * never receives its own messages.
 *
 * The ordering argument that makes it safe, given that a process stores an update before it publishes it:
 * - A room subscribes before it loads the board from the store ({@link subscribe} resolves once the subscription
 *   is active). An update stored before the load read it is in what the load returns; one stored after was
 *   published after that, so while the subscription was already active, and arrives as a message. Messages that
 *   arrive during the load are kept and applied after it; those already in the loaded state are harmless, since
 *   Yjs ignores what a document already holds.
 * - When a subscription lapses (the connection to Redis dropped), messages published meanwhile are lost to it. Once
 *   the connection is back, every board's channel is subscribed again first, and only then are the
 *   {@link onResubscribed} listeners called: each loaded room re-reads the store, which holds everything published
 *   while the subscription was down.
 * - When the publishing side is down, updates are not queued (a long outage would fill memory) but dropped, and
 *   the board remembered; once the connection is back a {@link CatchUpMessage} tells the others to re-read the store,
 *   which already holds the dropped updates. Presence is simply dropped: the next move re-sends it. Access and unload
 *   messages wait in the client's queue until the connection is back, since the store cannot replay them.
 */
export interface BoardFanout {
  /** This process's id, sent with each message so that nobody applies its own. */
  readonly processId: string;
  /**
   * Calls `handler` with each message other processes publish about a board; resolves once the subscription is
   * active (or, while the connection is down, at once: {@link onResubscribed} then covers the gap). Resolves with
   * the function that stops it.
   */
  subscribe(boardId: BoardId, handler: FanoutHandler): Promise<() => void>;
  /** Sends a message to the other processes; never throws (a failure is logged). */
  publish(boardId: BoardId, message: FanoutMessage): void;
  /** Calls `listener` each time subscriptions are active again after a lapse. Returns the function that stops it. */
  onResubscribed(listener: () => void): () => void;
  /**
   * Calls `listener` with the id of another process that has stopped answering (killed, or cut off from Redis),
   * so that the presence of its clients can be removed at once rather than when it times out. Returns the function
   * that stops it.
   */
  onProcessGone(listener: (processId: string) => void): () => void;
  /**
   * Whether the other processes can be reached now: both Redis connections up, the subscriptions active, and this
   * process's own heartbeats coming back through Redis. Null for the single-process fan-out (nobody to reach).
   */
  reachable(): boolean | null;
  /** Closes the connections. */
  close(): Promise<void>;
}

/** The single-process fan-out: nobody else to tell, so nothing is sent and nothing arrives. */
export function createLocalFanout(): BoardFanout {
  return {
    processId: randomUUID(),
    async subscribe() {
      return () => {};
    },
    publish() {},
    onResubscribed() {
      return () => {};
    },
    onProcessGone() {
      return () => {};
    },
    reachable() {
      return null;
    },
    async close() {},
  };
}

/** Options of {@link createRedisFanout}. */
export interface RedisFanoutOptions {
  /** `redis://[user:password@]host:port[/db]` (or `rediss://`), from `REDIS_URL`. */
  url: string;
  log: Logger;
  /** Prefix of every board's channel name. @default 'placeboard:board:' */
  channelPrefix?: string;
  /** The channel on which every process says, every {@link heartbeatMs}, that it is alive. @default 'placeboard:processes' */
  heartbeatChannel?: string;
  /**
   * How often a process says it is alive. One not heard from for {@link MISSED_HEARTBEATS} of these is gone.
   * @default 2000
   */
  heartbeatMs?: number;
}

/** Heartbeats a process may miss before the others take it to be gone. */
export const MISSED_HEARTBEATS = 3;

/** Thrown by {@link createRedisFanout} when Redis cannot be reached at start. */
export class FanoutUnavailable extends Error {
  override name = 'FanoutUnavailable';
}

const KIND = { update: 0, awareness: 1, access: 2, unload: 3, 'catch-up': 4 } as const;

/**
 * The fan-out over Redis pub/sub (ioredis): one connection publishes, one subscribes. Resolves once both are
 * connected; throws a {@link FanoutUnavailable} naming the address if Redis cannot be reached at start. After
 * that a lost connection is retried for ever, and the process keeps serving its own clients meanwhile (see
 * {@link BoardFanout} for what happens to the messages of that time).
 *
 * **Heartbeats.** Each process publishes its id on the heartbeat channel every `heartbeatMs`, and notes when it last
 * heard each of the others. One not heard from for {@link MISSED_HEARTBEATS} beats is reported gone
 * ({@link BoardFanout.onProcessGone}). Nothing is judged while this process's own subscription is down, and the
 * count starts again when it is back: not hearing anyone then says nothing about them. Nor right after this
 * process's own event loop stalled, before it has read the beats that came in meanwhile. A process that stops
 * cleanly ({@link BoardFanout.close}) says so on the same channel, and is reported gone at once.
 */
export async function createRedisFanout(options: RedisFanoutOptions): Promise<BoardFanout> {
  const { log } = options;
  const prefix = options.channelPrefix ?? 'placeboard:board:';
  const heartbeatChannel = options.heartbeatChannel ?? 'placeboard:processes';
  const heartbeatMs = options.heartbeatMs ?? 2_000;
  /** What a process that stops cleanly sends on the heartbeat channel, before its id. */
  const LEAVING = 'leaving:';
  const processId = randomUUID();
  const where = redactedUrl(options.url);
  const connectionOptions = {
    lazyConnect: true,
    // Subscriptions are made again by hand on reconnection, so that listeners run only once they are active.
    autoResubscribe: false,
    // Commands made while the connection is down wait for it (access and unload messages; see BoardFanout).
    maxRetriesPerRequest: null,
    retryStrategy: (times: number) => Math.min(times * 100, 2000),
  };
  const pub = new Redis(options.url, { ...connectionOptions, connectionName: `placeboard-pub-${processId}` });
  const sub = new Redis(options.url, {
    ...connectionOptions,
    // A Redis that stops answering without closing anything (packets dropped) fails a subscription rather than hold
    // it, so a board loads and is subscribed on the reconnection (see beat). Not on `pub`: what it sends while
    // Redis is silent is sent again when the connection is made again (ioredis resends unanswered commands).
    commandTimeout: heartbeatMs * MISSED_HEARTBEATS,
    connectionName: `placeboard-sub-${processId}`,
  });
  const handlers = new Map<string, Set<FanoutHandler>>();
  const resubscribedListeners = new Set<() => void>();
  const goneListeners = new Set<(processId: string) => void>();
  /** When each other process was last heard (performance.now()). */
  const lastHeard = new Map<string, number>();
  /** Boards whose updates were dropped while the publishing connection was down. */
  const dropped = new Set<BoardId>();
  let closing = false;
  let startError: Error | undefined;
  /** False from the moment the subscribing connection drops until its subscriptions are made again. */
  let listening = true;

  // One warning per outage and connection, not one per retry.
  for (const [name, connection] of [['publish', pub], ['subscribe', sub]] as const) {
    let up = false;
    connection.on('error', (error: Error) => {
      startError ??= error;
      if (up && !closing) log.warn('redis connection lost; retrying', { connection: name, redis: where, error: errorMessage(error) });
      up = false;
    });
    connection.on('close', () => {
      if (up && !closing) log.warn('redis connection closed; retrying', { connection: name, redis: where });
      up = false;
    });
    connection.on('ready', () => {
      up = true;
    });
  }

  try {
    await Promise.all([pub.connect(), sub.connect()]);
  } catch (error) {
    closing = true;
    pub.disconnect();
    sub.disconnect();
    throw new FanoutUnavailable(`cannot reach Redis at ${where} (REDIS_URL): ${errorMessage(startError ?? error)}`);
  }

  // Added once connected (connect() resolves as the first 'ready' is emitted): every 'ready' from now on is a
  // reconnection.
  sub.on('ready', () => void resubscribe());
  sub.on('close', () => {
    listening = false;
  });
  pub.on('ready', () => {
    for (const boardId of dropped) send(boardId, { kind: 'catch-up' });
    dropped.clear();
  });

  async function resubscribe(): Promise<void> {
    try {
      const channels = [heartbeatChannel, ...handlers.keys()];
      // Resolves once Redis has answered, so the subscriptions are active before any room re-reads the store.
      if (channels.length > 0) await sub.subscribe(...channels);
      listening = true;
      log.info('redis subscriptions restored', { redis: where, boards: channels.length - 1 });
    } catch (error) {
      if (!closing) log.error('redis resubscription failed', { redis: where, error: errorMessage(error) });
      return;
    }
    // Beats missed while this process could not hear count against nobody.
    const now = performance.now();
    for (const processId of lastHeard.keys()) lastHeard.set(processId, now);
    for (const listener of resubscribedListeners) listener();
  }

  let lastBeat = performance.now();
  /** When this process last heard its own heartbeat come back through Redis (see {@link beat}). */
  let ownBeatHeard = performance.now();
  const beat = (): void => {
    if (pub.status === 'ready') {
      pub.publish(heartbeatChannel, processId).catch(() => {}); // the connection's own warning says why
    }
    const now = performance.now();
    // After a stall of this process's own event loop, the others' beats are still unread: judge no one until read.
    const stalled = now - lastBeat > heartbeatMs * 2;
    lastBeat = now;
    if (stalled) ownBeatHeard = now;
    if (pub.status !== 'ready' || sub.status !== 'ready') {
      ownBeatHeard = now; // the connections' own events say what is wrong, and they are reconnecting
      return;
    }
    if (now - ownBeatHeard > heartbeatMs * MISSED_HEARTBEATS) {
      // Both connections say they are up, yet this process's own beats no longer come back: Redis, or the network to
      // it, stopped answering without closing them. Drop them and connect again; what is published meanwhile is lost
      // in the silence, so every board open here is caught up (and tells the others to catch up) once back.
      log.warn('redis stopped answering; reconnecting', { redis: where, silentMs: Math.round(now - ownBeatHeard) });
      ownBeatHeard = now;
      for (const channel of handlers.keys()) dropped.add(channel.slice(prefix.length) as BoardId);
      pub.disconnect(true);
      sub.disconnect(true);
      return;
    }
    if (stalled) return;
    for (const [other, heard] of lastHeard) {
      if (now - heard <= heartbeatMs * MISSED_HEARTBEATS) continue;
      log.warn('server process stopped answering; its clients\' presence is removed', { process: other, silentMs: Math.round(now - heard) });
      gone(other);
    }
  };
  const gone = (other: string): void => {
    lastHeard.delete(other);
    for (const listener of goneListeners) {
      try {
        listener(other);
      } catch (error) {
        log.error('process-gone listener failed', { process: other, error: errorMessage(error) });
      }
    }
  };

  sub.on('messageBuffer', (channelBytes: Buffer, payload: Buffer) => {
    const channel = channelBytes.toString();
    if (channel === heartbeatChannel) {
      const said = payload.toString();
      if (said.startsWith(LEAVING)) {
        const from = said.slice(LEAVING.length);
        if (from !== processId) gone(from);
      } else if (said === processId) {
        ownBeatHeard = performance.now();
      } else {
        lastHeard.set(said, performance.now());
      }
      return;
    }
    const listeners = handlers.get(channel);
    if (!listeners) return;
    let message: ReceivedMessage;
    try {
      message = decodeFanoutMessage(new Uint8Array(payload.buffer, payload.byteOffset, payload.byteLength));
    } catch (error) {
      log.error('fan-out message cannot be read; dropped', { channel, error: errorMessage(error) });
      return;
    }
    if (message.from === processId) return;
    for (const handler of [...listeners]) {
      try {
        handler(message);
      } catch (error) {
        log.error('fan-out handler failed', { channel, error: errorMessage(error) });
      }
    }
  });

  try {
    await sub.subscribe(heartbeatChannel);
  } catch (error) {
    closing = true;
    pub.disconnect();
    sub.disconnect();
    throw new FanoutUnavailable(`cannot subscribe on Redis at ${where} (REDIS_URL): ${errorMessage(error)}`);
  }
  beat();
  const heartbeat = setInterval(beat, heartbeatMs);
  heartbeat.unref();

  function send(boardId: BoardId, message: FanoutMessage): void {
    pub.publish(prefix + boardId, Buffer.from(encodeFanoutMessage({ ...message, from: processId }))).catch((error: unknown) => {
      if (!closing) log.error('fan-out publish failed', { board: boardId, kind: message.kind, error: errorMessage(error) });
    });
  }

  return {
    processId,
    async subscribe(boardId, handler) {
      const channel = prefix + boardId;
      let listeners = handlers.get(channel);
      if (!listeners) {
        listeners = new Set();
        handlers.set(channel, listeners);
      }
      listeners.add(handler);
      // While the connection is down the channel is subscribed on reconnection, before the catch-up: no need to wait.
      // Nor when Redis does not answer in time: the connection is then dropped and made again (see beat).
      if (sub.status === 'ready') {
        await sub.subscribe(channel).catch((error: unknown) => log.warn('redis subscribe failed; subscribed on reconnection', { channel, error: errorMessage(error) }));
      }
      return () => {
        const current = handlers.get(channel);
        if (!current?.delete(handler) || current.size > 0) return;
        handlers.delete(channel);
        if (sub.status === 'ready') {
          sub.unsubscribe(channel).catch((error: unknown) => {
            if (!closing) log.warn('redis unsubscribe failed', { channel, error: errorMessage(error) });
          });
        }
      };
    },
    publish(boardId, message) {
      if (closing) return;
      if (pub.status !== 'ready') {
        if (message.kind === 'update' || message.kind === 'catch-up') {
          dropped.add(boardId);
          return;
        }
        if (message.kind === 'awareness') return;
      }
      send(boardId, message);
    },
    onResubscribed(listener) {
      resubscribedListeners.add(listener);
      return () => resubscribedListeners.delete(listener);
    },
    onProcessGone(listener) {
      goneListeners.add(listener);
      return () => goneListeners.delete(listener);
    },
    reachable() {
      const ready = pub.status === 'ready' && sub.status === 'ready';
      return !closing && ready && listening && performance.now() - ownBeatHeard <= heartbeatMs * MISSED_HEARTBEATS;
    },
    async close() {
      closing = true;
      clearInterval(heartbeat);
      if (pub.status === 'ready') await pub.publish(heartbeatChannel, LEAVING + processId).catch(() => {});
      await Promise.all([pub.quit().catch(() => pub.disconnect()), sub.quit().catch(() => sub.disconnect())]);
    },
  };
}

/** Encodes a message for the wire (lib0 encoding: binary updates travel as they are). */
export function encodeFanoutMessage(message: ReceivedMessage): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarString(encoder, message.from);
  encoding.writeVarUint(encoder, KIND[message.kind]);
  switch (message.kind) {
    case 'update':
      encoding.writeVarUint8Array(encoder, message.update);
      encoding.writeVarUint(encoder, message.creators.length);
      for (const { root, record, actor } of message.creators) {
        encoding.writeVarString(encoder, root);
        encoding.writeVarString(encoder, record);
        encoding.writeVarString(encoder, actor);
      }
      break;
    case 'awareness':
      encoding.writeVarUint8Array(encoder, message.update);
      break;
    case 'access':
      encoding.writeVarUint(encoder, 'userId' in message.match ? 0 : 1);
      encoding.writeVarString(encoder, 'userId' in message.match ? message.match.userId : message.match.linkId);
      encoding.writeVarUint(encoder, message.code);
      encoding.writeVarString(encoder, message.reason);
      break;
    case 'unload':
      encoding.writeVarUint(encoder, message.code);
      encoding.writeVarString(encoder, message.reason);
      break;
    case 'catch-up':
      break;
  }
  return encoding.toUint8Array(encoder);
}

/** Decodes what {@link encodeFanoutMessage} wrote; throws on anything else. */
export function decodeFanoutMessage(bytes: Uint8Array): ReceivedMessage {
  const decoder = decoding.createDecoder(bytes);
  const from = decoding.readVarString(decoder);
  const kind = decoding.readVarUint(decoder);
  let message: ReceivedMessage;
  switch (kind) {
    case KIND.update: {
      const update = decoding.readVarUint8Array(decoder);
      const creators: RecordCreator[] = [];
      for (let count = decoding.readVarUint(decoder); count > 0; count--) {
        const root = decoding.readVarString(decoder);
        if (!(ROOT_NAMES as readonly string[]).includes(root)) throw new Error(`unknown root ${root}`);
        creators.push({ root: root as RootName, record: decoding.readVarString(decoder), actor: decoding.readVarString(decoder) });
      }
      message = { from, kind: 'update', update, creators };
      break;
    }
    case KIND.awareness:
      message = { from, kind: 'awareness', update: decoding.readVarUint8Array(decoder) };
      break;
    case KIND.access: {
      const byLink = decoding.readVarUint(decoder) === 1;
      const id = decoding.readVarString(decoder);
      message = {
        from,
        kind: 'access',
        match: byLink ? { linkId: id } : { userId: id },
        code: decoding.readVarUint(decoder),
        reason: decoding.readVarString(decoder),
      };
      break;
    }
    case KIND.unload:
      message = { from, kind: 'unload', code: decoding.readVarUint(decoder), reason: decoding.readVarString(decoder) };
      break;
    case KIND['catch-up']:
      message = { from, kind: 'catch-up' };
      break;
    default:
      throw new Error(`unknown fan-out message kind ${kind}`);
  }
  if (decoding.hasContent(decoder)) throw new Error('trailing bytes after the fan-out message');
  return message;
}

/** The Redis address without its password, for logs and errors. */
function redactedUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.href;
  } catch {
    return '(unparseable REDIS_URL)';
  }
}
