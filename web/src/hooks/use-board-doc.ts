import { useEffect, useRef, useState } from 'react';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { readAuthMessage } from 'y-protocols/auth';
import type { PresenceState } from '@placeboard/board';
import type { Map as MapLibreMap } from 'maplibre-gl';
import type { TerraDraw } from 'terra-draw';

/** State of the link to the sync server, as shown to the user. */
export type ConnectionStatus = 'connecting' | 'connected' | 'offline';

/** One open board: its doc, the provider that syncs it, and how the sync is going. */
export interface BoardConnection {
  doc: Y.Doc;
  provider: WebsocketProvider;
  status: ConnectionStatus;
  /** True once the first sync with the server has completed. */
  synced: boolean;
}

/** Handles the end-to-end tests use to drive and inspect the board (see web/README.md). */
export interface PlaceboardTestHandle {
  doc: Y.Doc;
  provider: WebsocketProvider;
  map?: MapLibreMap;
  /** The terra-draw instance of the Map pane, once the map has loaded. */
  draw?: TerraDraw;
}

declare global {
  interface Window {
    /** Set while a board is open; read by browser tests. */
    __placeboard?: PlaceboardTestHandle;
  }
}

/** URL of the sync endpoint on the server that served this page (`/sync/<boardId>` once the room is appended). */
export function syncUrl(): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/sync`;
}

/** y-websocket's message type of an auth message (y-protocols/auth): the server refused something. */
const MESSAGE_AUTH = 2;
/**
 * Close codes of the sync server this hook reacts to (their meaning is documented with `CloseCode` in
 * packages/protocol/src/close-codes.ts; the web app does not depend on that package, so the two numbers are here).
 */
const CLOSE_ACCESS_CHANGED = 4401;
const CLOSE_FORBIDDEN = 4403;

/** What the board does when the server refuses an edit or changes this connection's access. */
export interface BoardDocOptions {
  /**
   * The server refused an update this role may not make (an auth message, then close 4403). The local doc, which
   * holds that edit, has already been thrown away and a fresh one is syncing; `reason` is the server's.
   */
  onRefused?: (reason: string) => void;
  /**
   * The server closed the connection because this person's access changed or was withdrawn (4401). Resolve true to
   * reconnect (with whatever role the server now gives), false to stay disconnected.
   */
  onAccessChanged?: (reason: string) => Promise<boolean> | boolean;
}

/**
 * Opens one Y.Doc for `boardId`, syncs it with the stock y-websocket provider and publishes `presence`
 * in awareness. The doc and provider are destroyed when the board closes.
 *
 * When the server refuses an update for this role (auth message or close 4403), the local doc holds an edit the
 * board will never take, so the doc and provider are destroyed and a fresh pair syncs from the server (the
 * connection then has a new `doc`). On close 4401 it asks `options.onAccessChanged` before reconnecting.
 */
export function useBoardDoc(boardId: string, presence: PresenceState, options: BoardDocOptions = {}): BoardConnection | null {
  const [connection, setConnection] = useState<BoardConnection | null>(null);
  const optionsRef = useRef(options);
  optionsRef.current = options;

  useEffect(() => {
    let disposed = false;
    let teardown = (): void => {};

    const open = (): void => {
      const doc = new Y.Doc();
      // No BroadcastChannel between tabs: every edit goes through the server, which is the permission guard.
      const provider = new WebsocketProvider(syncUrl(), boardId, doc, { disableBc: true, connect: false });
      let current: BoardConnection = { doc, provider, status: 'connecting', synced: false };
      let refused = false;
      const publish = (patch: Partial<BoardConnection>): void => {
        if (disposed || refused) return;
        current = { ...current, ...patch };
        setConnection(current);
      };
      publish({});
      const onStatus = ({ status }: { status: 'connecting' | 'connected' | 'disconnected' }): void => {
        // After a drop the provider keeps retrying ("connecting"); to the user that is still offline.
        if (status === 'connecting' && current.status === 'offline') return;
        publish({ status: status === 'disconnected' ? 'offline' : status });
      };
      const onSync = (synced: boolean): void => publish({ synced: synced || current.synced });
      /** Throws this doc away and syncs a fresh one (outside the provider's own message handler). */
      const refuse = (reason: string): void => {
        if (refused || disposed) return;
        refused = true;
        setTimeout(() => {
          if (disposed) return;
          teardown();
          open();
          optionsRef.current.onRefused?.(reason);
        }, 0);
      };
      provider.messageHandlers[MESSAGE_AUTH] = (_encoder, decoder) => {
        readAuthMessage(decoder, doc, (_doc, reason: string) => refuse(reason));
      };
      const onClosed = ({ code, reason }: { code: number; reason: string }): void => {
        if (code === CLOSE_FORBIDDEN) refuse(reason || 'update refused');
        else if (code === CLOSE_ACCESS_CHANGED) {
          const ask = optionsRef.current.onAccessChanged ?? (() => true);
          void Promise.resolve(ask(reason)).then((again) => {
            if (again && !disposed && !refused) provider.connect();
          });
        }
      };
      provider.on('status', onStatus);
      provider.on('sync', onSync);
      provider.on('closed', onClosed);
      window.__placeboard = { doc, provider };
      provider.connect();
      teardown = () => {
        provider.off('status', onStatus);
        provider.off('sync', onSync);
        provider.off('closed', onClosed);
        if (window.__placeboard?.doc === doc) delete window.__placeboard;
        provider.destroy();
        doc.destroy();
      };
    };

    open();
    return () => {
      disposed = true;
      teardown();
    };
  }, [boardId]);

  const provider = connection?.provider;
  const { user, pane } = presence;
  useEffect(() => {
    if (!provider) return;
    provider.awareness.setLocalStateField('user', user);
  }, [provider, user]);
  useEffect(() => {
    if (!provider) return;
    provider.awareness.setLocalStateField('pane', pane);
  }, [provider, pane]);

  return connection;
}
