import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import { WebsocketProvider, messageAwareness } from 'y-websocket';
import type * as Y from 'yjs';

/** Options of {@link createBoardProvider}: the stock provider's, less `disableBc` (always off, see there). */
export type BoardProviderOptions = Omit<NonNullable<ConstructorParameters<typeof WebsocketProvider>[3]>, 'disableBc'>;

/** What the awareness 'update' event reports: the client ids whose presence was added, changed or removed. */
interface AwarenessChanges {
  added: number[];
  updated: number[];
  removed: number[];
}

/**
 * The stock y-websocket `WebsocketProvider`, except that it sends the server only this client's own presence.
 *
 * Why: the stock provider's `_awarenessUpdateHandler` sends every awareness change it sees, remote ones included,
 * so each presence message a client receives goes straight back to the server: with N people moving cursors the
 * server receives N·(N−1) messages per tick where N would do (issue 7). Our server relays presence itself (on its
 * tick) and drops entries a connection does not hold, so echoing them is pure waste.
 *
 * What changes: the stock handler is taken off the awareness and replaced with one that encodes only the local
 * client's entry (`awareness.clientID`, which is `doc.clientID`) and sends it over the socket when the socket is
 * open, as the stock one does. It is stored as `provider._awarenessUpdateHandler`, so the stock `destroy()` removes
 * it. Everything else is the stock provider: sync, reconnects and backoff, the reply to a query-awareness (everyone
 * the client knows, as asked), the own state sent on (re)connect, clearing remote states on disconnect, and the
 * Node `process.on('exit')` handler that clears the local state (y-websocket 3.x has no browser unload handler:
 * when a tab closes, the server removes that connection's presence itself).
 *
 * BroadcastChannel is always off: every edit and presence goes through the server, which is the permission guard,
 * and a tab that hears its siblings' presence only from the server needs no relay between tabs.
 *
 * `connect` (default true) is honoured after the handler has been swapped, so not a byte goes out the stock way.
 */
export function createBoardProvider(serverUrl: string, roomName: string, doc: Y.Doc, options: BoardProviderOptions = {}): WebsocketProvider {
  const { connect = true, ...rest } = options;
  const provider = new WebsocketProvider(serverUrl, roomName, doc, { ...rest, connect: false, disableBc: true });
  const { awareness } = provider;
  const sendOwnChanges = ({ added, updated, removed }: AwarenessChanges, _origin: unknown): void => {
    const own = [...added, ...updated, ...removed].filter((client) => client === awareness.clientID);
    if (own.length === 0) return;
    const ws = provider.ws;
    if (!provider.wsconnected || !ws || ws.readyState !== ws.OPEN) return;
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, messageAwareness);
    encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(awareness, own));
    ws.send(encoding.toUint8Array(encoder));
  };
  awareness.off('update', provider._awarenessUpdateHandler);
  provider._awarenessUpdateHandler = sendOwnChanges;
  awareness.on('update', sendOwnChanges);
  if (connect) provider.connect();
  return provider;
}
