import { randomUUID } from 'node:crypto';
import type { WebSocket } from 'ws';
import type { BoardAccess } from '../auth/access.js';
import { TokenBucket } from './token-bucket.js';

/**
 * How much one connection may send. Every binary or text message counts (document updates, awareness, sync
 * requests), so one socket cannot keep its room's queue, and so the event loop, busy.
 */
export interface ConnectionLimits {
  /** Messages per second, sustained. @default 200 (`MAX_MESSAGES_PER_SECOND`) */
  messagesPerSecond: number;
  /** Messages allowed at once after a quiet spell. @default 2 × messagesPerSecond */
  messageBurst: number;
  /** Bytes per second, sustained. @default 1 MiB (`MAX_MESSAGE_BYTES_PER_SECOND`) */
  bytesPerSecond: number;
  /** Bytes allowed at once after a quiet spell; at least one message of the largest size. @default max(2 × bytesPerSecond, MAX_MESSAGE_BYTES) */
  byteBurst: number;
  /**
   * Bytes of updates that may wait for the client's catch-up (see "Ahead of the catch-up" in Room): a stock client
   * sends its catch-up a round trip after its first edits. @default MAX_MESSAGE_BYTES
   */
  aheadOfCatchUpBytes: number;
}

/**
 * One client's WebSocket on a room: the Yjs client ids it holds, and its allowance of messages and bytes.
 *
 * A connection holds a client id once it introduced it (see {@link Room}); only it may add structs under that id
 * or set and clear that id's presence, until it closes. The room writes `access.name` and `access.role` into the
 * connection's presence rather than trusting what the client sends, and records `access.actor` as the author of
 * every update it accepts.
 */
export class Connection {
  /** Yjs client ids this connection holds; released, and their presence removed, when it goes. */
  readonly clientIds = new Set<number>();
  /**
   * Where the client is in its catch-up (see "Ahead of the catch-up" in Room): `unasked` until its first sync step 1,
   * `awaited` from then until its sync step 2 (its answer to the server's step 1), `done` after.
   */
  catchUp: 'unasked' | 'awaited' | 'done' = 'unasked';
  /**
   * How many of its live updates (sync update messages) the room has handled: accepted, or found to change nothing.
   * Once the commit after them has stored what they changed, the client is told the count (`AUTH_STORED`).
   */
  updatesHandled = 0;
  /** Updates that arrived while the catch-up was awaited and build on changes the room lacks: judged with it. */
  private ahead: Uint8Array[] = [];
  private aheadBytes = 0;
  private readonly maxAheadBytes: number;
  private token: string | undefined;
  private readonly messages: TokenBucket | undefined;
  private readonly bytes: TokenBucket | undefined;

  constructor(
    readonly socket: WebSocket,
    /** Remote address, for logs. */
    readonly remote: string,
    /** Who is on the other end and what they may do: fixed for the connection's life (a change closes it). */
    readonly access: BoardAccess,
    /** What it may send; unlimited when left out. */
    limits?: ConnectionLimits,
    /** Clock for the limits, in milliseconds. @default Date.now */
    now?: () => number,
  ) {
    if (limits) {
      this.messages = new TokenBucket({ perSecond: limits.messagesPerSecond, capacity: limits.messageBurst, now });
      this.bytes = new TokenBucket({ perSecond: limits.bytesPerSecond, capacity: limits.byteBurst, now });
    }
    this.maxAheadBytes = limits?.aheadOfCatchUpBytes ?? DEFAULT_MAX_AHEAD_BYTES;
  }

  /**
   * Keeps (a copy of) an update to judge with the catch-up, if the catch-up is awaited and what is kept stays within
   * {@link ConnectionLimits.aheadOfCatchUpBytes}; false otherwise (the update is then judged now).
   */
  holdUntilCatchUp(update: Uint8Array): boolean {
    if (this.catchUp !== 'awaited' || this.aheadBytes + update.byteLength > this.maxAheadBytes) return false;
    this.ahead.push(update.slice());
    this.aheadBytes += update.byteLength;
    return true;
  }

  /** Marks the catch-up done and hands back the updates kept for it, in the order they arrived. */
  finishCatchUp(): Uint8Array[] {
    const ahead = this.ahead;
    this.catchUp = 'done';
    this.ahead = [];
    this.aheadBytes = 0;
    return ahead;
  }

  /** The token of this connection's claims on client ids across the server processes (see ClientClaims). */
  get claimToken(): string {
    // Made when first asked for: a single process never asks, and the idle connections of a big session add up.
    return (this.token ??= randomUUID());
  }

  /** Counts one received message of `byteLength` bytes against the limits; false once it goes over either. */
  admit(byteLength: number): boolean {
    return (this.messages?.take(1) ?? true) && (this.bytes?.take(byteLength) ?? true);
  }

  /** Sends bytes if the socket is still open; a closing socket just misses them (it will resync on reconnect). */
  send(bytes: Uint8Array): void {
    if (this.socket.readyState === this.socket.OPEN) this.socket.send(bytes);
  }

  /**
   * Sends bytes like {@link send}; resolves once they have been written to the socket (handed to the operating
   * system), or at once if the socket is not open. Never rejects: a socket that fails just misses them.
   */
  sendWritten(bytes: Uint8Array): Promise<void> {
    if (this.socket.readyState !== this.socket.OPEN) return Promise.resolve();
    return new Promise((resolve) => this.socket.send(bytes, () => resolve()));
  }

  /** Closes the socket with a close code and a short reason (at most 123 bytes on the wire). */
  close(code: number, reason: string): void {
    if (this.socket.readyState === this.socket.OPEN || this.socket.readyState === this.socket.CONNECTING) {
      this.socket.close(code, Buffer.from(reason).subarray(0, 120).toString());
    }
  }
}

/** How many bytes of updates a connection without limits may have waiting for its catch-up. */
const DEFAULT_MAX_AHEAD_BYTES = 8 * 1024 * 1024;

/** The default limits for a server whose largest message is `maxMessageBytes`. */
export function connectionLimits(options: {
  messagesPerSecond: number;
  bytesPerSecond: number;
  maxMessageBytes: number;
}): ConnectionLimits {
  return {
    messagesPerSecond: options.messagesPerSecond,
    messageBurst: 2 * options.messagesPerSecond,
    bytesPerSecond: options.bytesPerSecond,
    byteBurst: Math.max(2 * options.bytesPerSecond, options.maxMessageBytes),
    aheadOfCatchUpBytes: options.maxMessageBytes,
  };
}
