import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { isBoardId, type BoardId } from '@placeboard/board';
import { WebSocketServer, type WebSocket } from 'ws';
import type { BoardAccess } from '../auth/access.js';
import type { AddressOfRequest } from '../client-address.js';
import { errorMessage, type Logger } from '../log.js';
import { Connection, type ConnectionLimits } from './connection.js';
import type { Room } from './room.js';
import type { RoomManager } from './rooms.js';

/** Options of {@link createUpgradeHandler}. */
export interface UpgradeOptions {
  rooms: RoomManager;
  /**
   * Who is connecting and what they may do on the board: from the session cookie, an `Authorization: Bearer`
   * header, or a share link's `?token=`. `undefined` refuses the handshake with 401 (nobody) or 404 (no access).
   */
  authenticate(request: IncomingMessage, boardId: BoardId): Promise<{ access: BoardAccess } | { refuse: 401 | 404 }>;
  log: Logger;
  /** Largest message accepted; ws closes the socket with 1009 as soon as a frame header announces more. */
  maxMessageBytes: number;
  /** What each connection may send per second; unlimited when left out. */
  limits?: ConnectionLimits;
  /**
   * Every this many milliseconds each socket is pinged, and one that has not answered the previous ping is
   * dropped. A laptop that sleeps or loses its network leaves a half-open socket that would otherwise hold its
   * Yjs client ids (and refuse the same browser's reconnection) until TCP gives up, minutes later. 0 turns it off.
   * @default 15000
   */
  heartbeatMs?: number;
  /** How to read a client's address, for logs (see {@link createAddressOfRequest}). */
  addressOf: AddressOfRequest;
}

const SYNC_PATH = /^\/sync\/([^/?#]+)$/;

/**
 * Handles HTTP upgrades for `/sync/:boardId`: refuses unknown paths and boards before the handshake, loads the
 * board's room, then hands the socket to `ws`. No input on any socket can end the process: every socket has an
 * error listener, before and after the upgrade.
 */
export function createUpgradeHandler(options: UpgradeOptions) {
  const wss = new WebSocketServer({ noServer: true, maxPayload: options.maxMessageBytes, perMessageDeflate: false });
  const answered = new WeakMap<WebSocket, boolean>();
  const heartbeatMs = options.heartbeatMs ?? 15_000;
  const { addressOf } = options;
  const heartbeat =
    heartbeatMs > 0
      ? setInterval(() => {
          for (const ws of wss.clients) {
            if (answered.get(ws) === false) {
              options.log.warn('websocket did not answer a ping; dropped');
              ws.terminate();
              continue;
            }
            answered.set(ws, false);
            ws.ping();
          }
        }, heartbeatMs)
      : undefined;
  heartbeat?.unref();

  const refuse = (socket: Duplex, status: 401 | 404 | 503, text: string) => {
    const code = { 401: 'unauthenticated', 404: 'not_found', 503: 'internal' }[status];
    const statusText = { 401: 'Unauthorized', 404: 'Not Found', 503: 'Service Unavailable' }[status];
    const body = JSON.stringify({ error: { code, message: text } });
    socket.end(
      `HTTP/1.1 ${status} ${statusText}\r\n` +
        `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  };

  // Made once, not in `handle`: a listener made there would keep the upgrade request for the socket's life.
  const onSocketError = (error: Error): void => options.log.warn('socket error', { error: errorMessage(error) });

  const handle = async (request: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> => {
    socket.on('error', onSocketError);
    const url = new URL(request.url ?? '/', 'http://placeboard.invalid');
    const match = SYNC_PATH.exec(url.pathname);
    const boardId = match ? safeDecode(match[1] as string) : undefined;
    if (!boardId || !isBoardId(boardId)) return refuse(socket, 404, 'No such board.');
    const auth = await options.authenticate(request, boardId);
    if ('refuse' in auth) {
      return auth.refuse === 401
        ? refuse(socket, 401, 'Sign in, or open a share link, to join this board.')
        : refuse(socket, 404, 'No such board.');
    }
    // Lazy: a cold board is answered from its stored bytes, and decoded while the client applies them.
    const room = await options.rooms.acquire(boardId, { lazy: true });
    if (!room) return refuse(socket, 404, 'No such board.');
    if (socket.destroyed) return options.rooms.release(room);
    const remote = addressOf(request);
    let joined = false;
    wss.handleUpgrade(request, socket, head, (ws) => {
      joined = true;
      join(ws, room, new Connection(ws, remote, auth.access, options.limits));
    });
    // ws answers a bad handshake (400) without calling back: let the room go idle again.
    setImmediate(() => joined || options.rooms.release(room));
  };

  /**
   * Hands an upgraded socket to its room. Apart from `handle`, so that the listeners that live as long as the socket
   * hold on to nothing of the upgrade request (its headers, its head buffer): a closure keeps its whole scope.
   */
  const join = (ws: WebSocket, room: Room, connection: Connection): void => {
    answered.set(ws, true);
    ws.on('pong', () => answered.set(ws, true));
    ws.on('error', (error) => options.log.warn('websocket error', { board: room.boardId, error: errorMessage(error) }));
    room.connect(connection);
  };

  return {
    /** The `upgrade` listener to attach to the HTTP server. */
    onUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
      handle(request, socket, head).catch((error) => {
        options.log.error('upgrade failed', { error: errorMessage(error) });
        if (!socket.destroyed) refuse(socket, 503, 'The board could not be opened.');
      });
    },
    /** Closes the WebSocket server (clients are closed by their rooms). */
    close(): void {
      if (heartbeat) clearInterval(heartbeat);
      wss.close();
    },
  };
}

/** decodeURIComponent, or undefined for a malformed escape (`/sync/%ZZ` is a bad path, not a server error). */
function safeDecode(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}
