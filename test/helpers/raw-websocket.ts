import { randomBytes } from 'node:crypto';
import net from 'node:net';
import { waitUntil } from './wait.js';

/**
 * A plain TCP connection to the server that records every byte it receives, for tests that must speak HTTP and
 * WebSocket by hand (to send what no WebSocket library would send).
 */
export interface RawSocket {
  socket: net.Socket;
  /** Everything received so far. */
  received(): Buffer;
  /** True once the server has ended or closed the TCP connection. */
  readonly ended: boolean;
  /** Resolves once the server has ended or closed the TCP connection. */
  closed: Promise<void>;
  /** Writes bytes, ignoring a connection the server has already closed (that is what some tests expect). */
  write(bytes: Uint8Array | string): void;
  /** Closes the connection from this side. */
  destroy(): void;
}

/** Opens a TCP connection to 127.0.0.1:`port` that records what it receives. */
export async function openRawSocket(port: number): Promise<RawSocket> {
  const socket = net.connect({ host: '127.0.0.1', port });
  const chunks: Buffer[] = [];
  let ended = false;
  socket.on('data', (chunk: Buffer) => chunks.push(chunk));
  // A reset by the server is one of the answers tests accept; it must not fail the run as an unhandled error.
  socket.on('error', () => {});
  const closed = new Promise<void>((resolve) => socket.once('close', () => {
    ended = true;
    resolve();
  }));
  socket.on('end', () => {
    ended = true;
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  return {
    socket,
    received: () => Buffer.concat(chunks),
    get ended() {
      return ended;
    },
    closed,
    write(bytes) {
      if (!socket.destroyed && socket.writable) socket.write(bytes);
    },
    destroy() {
      socket.destroy();
    },
  };
}

/** The HTTP response to an upgrade request: its status line and headers, and the bytes received after them. */
export interface HandshakeResponse {
  status: number;
  statusLine: string;
  headers: Record<string, string>;
  /** Bytes after the header block: a JSON body for a refusal, WebSocket frames after a 101. */
  rest: Buffer;
}

/**
 * Sends a WebSocket upgrade request for `path` on `raw` and waits for the response head. On a 101 the socket is
 * an open WebSocket on which frames made with {@link buildFrame} can be written. `extraHeaders` are added to (or
 * replace) the standard ones: credentials such as `Authorization: Bearer <token>` go here.
 */
export async function handshake(raw: RawSocket, path: string, extraHeaders: Record<string, string> = {}): Promise<HandshakeResponse> {
  const headers: Record<string, string> = {
    Host: `127.0.0.1:${(raw.socket.remotePort ?? 0).toString()}`,
    Upgrade: 'websocket',
    Connection: 'Upgrade',
    'Sec-WebSocket-Key': randomBytes(16).toString('base64'),
    'Sec-WebSocket-Version': '13',
    ...extraHeaders,
  };
  raw.write(`GET ${path} HTTP/1.1\r\n${Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n`);
  await waitUntil(() => raw.received().includes('\r\n\r\n') || raw.ended);
  return parseResponseHead(raw.received());
}

/** Splits raw HTTP response bytes into status, headers and the rest. */
export function parseResponseHead(bytes: Buffer): HandshakeResponse {
  const end = bytes.indexOf('\r\n\r\n');
  if (end < 0) throw new Error(`no HTTP response head in ${JSON.stringify(bytes.toString('latin1'))}`);
  const [statusLine = '', ...lines] = bytes.subarray(0, end).toString('latin1').split('\r\n');
  const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(statusLine)?.[1] ?? NaN);
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { status, statusLine, headers, rest: bytes.subarray(end + 4) };
}

/** WebSocket opcodes (RFC 6455 §5.2). */
export const Opcode = {
  continuation: 0x0,
  text: 0x1,
  binary: 0x2,
  close: 0x8,
  ping: 0x9,
  pong: 0xa,
} as const;

/** What goes into one hand-made WebSocket frame. */
export interface FrameSpec {
  /** Final fragment. @default true */
  fin?: boolean;
  /** The three reserved bits, as a number 0-7: 4 = RSV1, 2 = RSV2, 1 = RSV3. @default 0 */
  rsv?: number;
  /** Opcode, 0-15 (see {@link Opcode}); anything may be sent, including reserved ones. */
  opcode: number;
  /** Mask the payload, as a client must. @default true */
  mask?: boolean;
  /** Payload bytes actually written after the header. @default empty */
  payload?: Uint8Array;
  /**
   * The payload length written in the header, when it should differ from the payload's (to announce a body that
   * never comes). Lengths over 65535 use the 64-bit form. @default payload.length
   */
  announcedLength?: number;
}

/** Encodes one WebSocket frame exactly as described, valid or not. */
export function buildFrame(spec: FrameSpec): Buffer {
  const payload = Buffer.from(spec.payload ?? new Uint8Array());
  const length = spec.announcedLength ?? payload.length;
  const mask = spec.mask ?? true;
  const first = ((spec.fin ?? true) ? 0x80 : 0) | (((spec.rsv ?? 0) & 0x7) << 4) | (spec.opcode & 0xf);
  let lengthBytes: Buffer;
  if (length < 126) {
    lengthBytes = Buffer.from([(mask ? 0x80 : 0) | length]);
  } else if (length <= 0xffff) {
    lengthBytes = Buffer.alloc(3);
    lengthBytes[0] = (mask ? 0x80 : 0) | 126;
    lengthBytes.writeUInt16BE(length, 1);
  } else {
    lengthBytes = Buffer.alloc(9);
    lengthBytes[0] = (mask ? 0x80 : 0) | 127;
    lengthBytes.writeBigUInt64BE(BigInt(length), 1);
  }
  if (!mask) return Buffer.concat([Buffer.from([first]), lengthBytes, payload]);
  const key = randomBytes(4);
  const masked = Buffer.from(payload.map((byte, i) => byte ^ key[i % 4]!));
  return Buffer.concat([Buffer.from([first]), lengthBytes, key, masked]);
}

/** A close frame's status code and reason. */
export interface CloseFrame {
  code: number | undefined;
  reason: string;
}

/**
 * Finds the first close frame among the frames the server sent (`bytes` = everything after the 101 head) and
 * returns its code, or undefined if no complete close frame has arrived. Server frames are unmasked; other frames
 * (the server's sync greeting) are skipped.
 */
export function readCloseFrame(bytes: Buffer): CloseFrame | undefined {
  let offset = 0;
  while (offset + 2 <= bytes.length) {
    const opcode = bytes[offset]! & 0x0f;
    const masked = (bytes[offset + 1]! & 0x80) !== 0;
    let length = bytes[offset + 1]! & 0x7f;
    let header = 2;
    if (length === 126) {
      if (offset + 4 > bytes.length) return undefined;
      length = bytes.readUInt16BE(offset + 2);
      header = 4;
    } else if (length === 127) {
      if (offset + 10 > bytes.length) return undefined;
      length = Number(bytes.readBigUInt64BE(offset + 2));
      header = 10;
    }
    if (masked) header += 4;
    if (offset + header + length > bytes.length) return undefined;
    if (opcode === Opcode.close) {
      const body = bytes.subarray(offset + header, offset + header + length);
      return body.length >= 2
        ? { code: body.readUInt16BE(0), reason: body.subarray(2).toString('utf8') }
        : { code: undefined, reason: '' };
    }
    offset += header + length;
  }
  return undefined;
}

/**
 * Waits until the server has sent a close frame or closed the TCP connection, whichever comes first, and
 * returns the close frame if there was one. `skip` bytes at the start (the 101 head) are ignored.
 */
export async function waitForServerClose(raw: RawSocket, skip: number): Promise<CloseFrame | undefined> {
  await waitUntil(() => raw.ended || readCloseFrame(raw.received().subarray(skip)) !== undefined);
  return readCloseFrame(raw.received().subarray(skip));
}

/**
 * Opens a raw socket and upgrades it on `path`, sending `headers` with the request (the server refuses an upgrade
 * without credentials: pass a session's `Authorization: Bearer` header); throws unless the server answers 101.
 */
export async function openRawWebSocket(
  port: number,
  path: string,
  headers: Record<string, string> = {},
): Promise<{ raw: RawSocket; headLength: number }> {
  const raw = await openRawSocket(port);
  const response = await handshake(raw, path, headers);
  if (response.status !== 101) {
    raw.destroy();
    throw new Error(`expected 101, got ${response.statusLine}`);
  }
  return { raw, headLength: raw.received().indexOf('\r\n\r\n') + 4 };
}
