/**
 * A light client: a raw WebSocket that speaks just enough of a server's framing ({@link Framing}) to join a room,
 * then sends pre-encoded updates and presence on schedule and counts what arrives without applying it. It costs the
 * load generator a fraction of what a y-websocket or Hocuspocus provider with its Y.Doc costs, so that at 200
 * editors the figures measure the server, not the clients.
 *
 * Joining as a stock client would: Hocuspocus first gets the Auth message; then a sync step 1 with an empty state
 * vector (the server answers with the whole document, which is counted, not applied); a step 1 from the server is
 * answered with an empty step 2, as a client with nothing to add answers it.
 */
import { WebSocket } from 'ws';
import { roomUrl, type ConnectTarget } from './servers.js';
import {
  EMPTY_STATE_VECTOR,
  EMPTY_UPDATE,
  awarenessFrame,
  classify,
  hocuspocusAuthFrame,
  presenceUpdate,
  syncStep1Frame,
  syncStep2Frame,
  updateFrame,
  type IncomingKind,
} from './wire.js';

/** What a light client received, by kind. */
export interface ReceivedCounts {
  frames: number;
  bytes: number;
  updates: number;
  awareness: number;
}

/** One raw-WebSocket client in one room. */
export class LightClient {
  readonly received: ReceivedCounts = { frames: 0, bytes: 0, updates: 0, awareness: 0 };
  /** The close code, once the socket closed (1006 when it just dropped). */
  closeCode: number | null = null;
  /** Resolves once the server has sent the room's document (its answer to our step 1). */
  readonly joined: Promise<void>;
  private readonly ws: WebSocket;
  private presenceClock = 0;
  private readonly handlers: Record<IncomingKind, (() => void) | undefined>;

  constructor(
    private readonly target: ConnectTarget,
    readonly room: string,
    readonly clientId: number,
  ) {
    this.ws = new WebSocket(roomUrl(target, room), { headers: target.headers, perMessageDeflate: false });
    let joined!: () => void;
    let failed!: (error: Error) => void;
    this.joined = new Promise<void>((resolve, reject) => {
      joined = resolve;
      failed = reject;
    });
    // Rejections after joining (a later close) concern nobody; one before it reaches whoever awaits `joined`.
    this.joined.catch(() => {});
    this.handlers = {
      'sync-step1': () => this.send(syncStep2Frame(target.framing, room, EMPTY_UPDATE)),
      'sync-step2': joined,
      update: () => {
        this.received.updates += 1;
      },
      awareness: () => {
        this.received.awareness += 1;
      },
      auth: undefined,
      'sync-status': undefined,
      other: undefined,
    };
    this.ws.on('open', () => {
      if (target.framing === 'hocuspocus') this.send(hocuspocusAuthFrame(room, target.token));
      this.send(syncStep1Frame(target.framing, room, EMPTY_STATE_VECTOR));
    });
    this.ws.on('message', (data: Buffer) => {
      this.received.frames += 1;
      this.received.bytes += data.byteLength;
      this.handlers[classify(target.framing, data)]?.();
    });
    this.ws.on('error', (error) => failed(error));
    this.ws.on('close', (code) => {
      this.closeCode = code;
      failed(new Error(`closed with ${code} before joining`));
    });
  }

  /** True while the socket is open. */
  get isOpen(): boolean {
    return this.ws.readyState === WebSocket.OPEN;
  }

  /** Sends bytes as they are (a pre-encoded frame); dropped once the socket is not open. */
  send(frame: Uint8Array): void {
    if (this.ws.readyState === WebSocket.OPEN) this.ws.send(frame);
  }

  /** Frames a document update for this client's server and room. */
  frameUpdate(update: Uint8Array): Uint8Array {
    return updateFrame(this.target.framing, this.room, update);
  }

  /** Publishes `stateJson` as this client's presence, with the next awareness clock. */
  sendPresence(stateJson: string): void {
    this.send(awarenessFrame(this.target.framing, this.room, presenceUpdate(this.clientId, this.presenceClock++, stateJson)));
  }

  /** Closes the socket and waits until it is closed. */
  close(): Promise<void> {
    if (this.ws.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.ws.terminate();
        resolve();
      }, 2_000);
      this.ws.once('close', () => {
        clearTimeout(timer);
        resolve();
      });
      this.ws.close();
    });
  }

  /** Drops the socket at once, without a closing handshake. */
  terminate(): void {
    this.ws.terminate();
  }
}
