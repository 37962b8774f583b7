import type { WebSocket } from 'ws';

/** One client's WebSocket on a room, and the awareness client ids it speaks for. */
export class Connection {
  /** Awareness client ids this socket has published; removed when it goes. */
  readonly awarenessClients = new Set<number>();

  constructor(
    readonly socket: WebSocket,
    /** Remote address, for logs. */
    readonly remote: string,
  ) {}

  /** Sends bytes if the socket is still open; a closing socket just misses them (it will resync on reconnect). */
  send(bytes: Uint8Array): void {
    if (this.socket.readyState === this.socket.OPEN) this.socket.send(bytes);
  }

  /** Closes the socket with a close code and a short reason (at most 123 bytes on the wire). */
  close(code: number, reason: string): void {
    if (this.socket.readyState === this.socket.OPEN || this.socket.readyState === this.socket.CONNECTING) {
      this.socket.close(code, Buffer.from(reason).subarray(0, 120).toString());
    }
  }
}
