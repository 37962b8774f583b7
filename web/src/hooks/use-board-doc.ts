import { useEffect, useState } from 'react';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
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

/**
 * Opens one Y.Doc for `boardId`, syncs it with the stock y-websocket provider and publishes `presence`
 * in awareness. The doc and provider are destroyed when the board closes.
 */
export function useBoardDoc(boardId: string, presence: PresenceState): BoardConnection | null {
  const [connection, setConnection] = useState<BoardConnection | null>(null);

  useEffect(() => {
    const doc = new Y.Doc();
    // No BroadcastChannel between tabs: every edit goes through the server, which is the permission guard.
    const provider = new WebsocketProvider(syncUrl(), boardId, doc, { disableBc: true });
    let current: BoardConnection = { doc, provider, status: 'connecting', synced: false };
    const publish = (patch: Partial<BoardConnection>): void => {
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
    provider.on('status', onStatus);
    provider.on('sync', onSync);
    window.__placeboard = { doc, provider };
    return () => {
      provider.off('status', onStatus);
      provider.off('sync', onSync);
      if (window.__placeboard?.doc === doc) delete window.__placeboard;
      provider.destroy();
      doc.destroy();
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
