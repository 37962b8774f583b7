/**
 * A full client, as a browser holds one: a Y.Doc with the server's own provider, the stock y-websocket
 * `WebsocketProvider` for Placeboard and `@y/websocket-server`, `HocuspocusProvider` for Hocuspocus. Used as latency
 * observers, as the crash trial's witness and verifier, and for cold loads.
 */
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import { WebsocketProvider } from 'y-websocket';
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import type { ConnectTarget } from './servers.js';

/** A connected full client. */
export interface FullClient {
  doc: Y.Doc;
  awareness: awarenessProtocol.Awareness;
  /** Resolves when the provider first reports itself synced. */
  synced: Promise<void>;
  /** Close codes of its sockets, in order. */
  closeCodes: number[];
  destroy(): void;
}

/** Options of {@link connectFullClient}. */
export interface FullClientOptions {
  /**
   * Keep the stock y-websocket client's habit of sending every awareness change it hears, its own or not, back to
   * the server. Off by default: see the README (Placeboard's 200 messages/s limit closes such a client in a busy
   * room, so the observers send only their own presence, as HocuspocusProvider does).
   * @default false
   */
  echoPresence?: boolean;
  /** Called with each socket the provider opens, before the provider attaches its own listeners. */
  onSocket?: (socket: WebSocket) => void;
}

/** A constructor of WebSockets, as providers take one. */
type SocketClass = new (address: string | URL, protocols?: string | string[]) => WebSocket;

/** The WebSocket class a provider gets: `ws`, with the target's upgrade headers, without compression. */
function socketClass(target: ConnectTarget, onSocket?: (socket: WebSocket) => void): SocketClass {
  return class extends WebSocket {
    constructor(address: string | URL, protocols?: string | string[]) {
      super(address, protocols, { headers: target.headers, perMessageDeflate: false });
      onSocket?.(this);
    }
  };
}

/** Connects `doc` to `room` with the target server's own provider. */
export function connectFullClient(target: ConnectTarget, room: string, doc: Y.Doc, options: FullClientOptions = {}): FullClient {
  const closeCodes: number[] = [];
  const WebSocketClass = socketClass(target, options.onSocket);
  if (target.framing === 'hocuspocus') {
    // Node 20 has no global WebSocket: the socket provider gets `ws`. Given a socket provider, the document
    // provider does not attach itself.
    const socket = new HocuspocusProviderWebsocket({ url: target.wsBase, WebSocketPolyfill: WebSocketClass });
    const provider = new HocuspocusProvider({
      websocketProvider: socket,
      name: room,
      document: doc,
      token: target.token,
      onClose: ({ event }) => closeCodes.push(event.code),
    });
    provider.attach();
    const synced = new Promise<void>((resolve) => {
      if (provider.isSynced) resolve();
      provider.on('synced', () => resolve());
    });
    return {
      doc,
      awareness: provider.awareness as awarenessProtocol.Awareness,
      synced,
      closeCodes,
      destroy() {
        provider.destroy();
        socket.destroy();
      },
    };
  }
  const provider = new WebsocketProvider(target.wsBase, room, doc, {
    WebSocketPolyfill: WebSocketClass as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    maxBackoffTime: 500,
  });
  provider.on('connection-close', (event) => {
    if (event) closeCodes.push(event.code);
  });
  if (!options.echoPresence) {
    const { awareness } = provider;
    awareness.off('update', provider._awarenessUpdateHandler);
    awareness.on('update', ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }, origin: unknown) => {
      if (origin !== 'local') return;
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, 1);
      encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(awareness, [...added, ...updated, ...removed]));
      const ws = provider.ws;
      if (provider.wsconnected && ws && ws.readyState === ws.OPEN) ws.send(encoding.toUint8Array(encoder));
    });
  }
  const synced = new Promise<void>((resolve) => {
    if (provider.synced) resolve();
    provider.on('sync', (isSynced: boolean) => {
      if (isSynced) resolve();
    });
  });
  return {
    doc,
    awareness: provider.awareness,
    synced,
    closeCodes,
    destroy() {
      provider.destroy();
    },
  };
}

/** A Y.Doc that writes as `clientId`. */
export function docWithClientId(clientId: number): Y.Doc {
  const doc = new Y.Doc();
  doc.clientID = clientId;
  return doc;
}
