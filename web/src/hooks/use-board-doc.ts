import { useEffect, useRef, useState } from 'react';
import * as Y from 'yjs';
import type { WebsocketProvider } from 'y-websocket';
import * as decoding from 'lib0/decoding';
import type { PresenceState } from '@placeboard/board';
import type { Map as MapLibreMap } from 'maplibre-gl';
import type { TerraDraw } from 'terra-draw';
import { deleteLocalCopy, forgetPreloadedCopies, openLocalCopy, reportUnsent, type LocalCopy } from '../lib/sync/local-copy';
import { createBoardProvider } from '../lib/sync/provider';
import { trackUnsentChanges } from '../lib/sync/unsent-changes';

/** Why the server refused an edit made here (see {@link BoardDocOptions.onRefused}). */
export type RefusalCause = 'role' | 'invalid';

/** State of the link to the sync server, as shown to the user. */
export type ConnectionStatus = 'connecting' | 'connected' | 'offline';

/** One open board: its doc, the provider that syncs it, and how the sync is going. */
export interface BoardConnection {
  doc: Y.Doc;
  provider: WebsocketProvider;
  status: ConnectionStatus;
  /** True once the first sync with the server has completed. */
  synced: boolean;
  /** True once the copy of the board kept in this browser (IndexedDB) has been loaded into `doc` and held some of it. */
  cached: boolean;
  /**
   * Edits made here that the server has not stored yet, as shown: those made while the socket was closed (see
   * lib/sync/unsent-changes.ts), and those sent on it that it has not acknowledged (`inFlight`) once they have waited
   * `SLOW_STORE_MS`. Before that an edit on its way is left out, so that the board does not render for each one.
   */
  unsent: number;
  /** Of `unsent`, those sent on the open socket and not yet acknowledged. */
  inFlight: number;
  /** The exact count of edits the server has not stored yet, now (for a question asked as the page is left). */
  unsentNow: () => number;
  /** True when the board is kept in this browser, so unsent edits survive a reload (see {@link BoardDocOptions}). */
  keptInBrowser: boolean;
}

/** Handles the end-to-end tests use to drive and inspect the board (see web/README.md). */
export interface PlaceboardTestHandle {
  doc: Y.Doc;
  provider: WebsocketProvider;
  map?: MapLibreMap;
  /** The terra-draw instance of the Map pane, once the map has loaded. */
  draw?: TerraDraw;
  /**
   * Milliseconds from the start of the page's navigation (`performance.now()`) to the doc holding the board loaded
   * from this browser's copy (IndexedDB): the warm-start time. Unset on a cold start (no copy yet) and for boards
   * not kept in the browser.
   */
  loadedFromCache?: number;
  /** Milliseconds from the start of the page's navigation to the first completed sync with the server. */
  syncedWithServer?: number;
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

/** y-websocket's message type of an auth message (y-protocols/auth). */
const MESSAGE_AUTH = 2;
/**
 * Sub-types of an auth message (`AUTH_PERMISSION_DENIED`, `AUTH_CAUGHT_UP` and `AUTH_STORED` in packages/protocol,
 * which the web app does not depend on): the server refused something; it has stored this connection's catch-up;
 * it has stored this many of the updates sent on this connection.
 */
const AUTH_PERMISSION_DENIED = 0;
const AUTH_CAUGHT_UP = 1;
const AUTH_STORED = 2;
/** How long an edit sent on the open socket waits for the server before it shows as unsent (see `unsent`). */
const SLOW_STORE_MS = 1000;
/**
 * Close codes of the sync server this hook reacts to (their meaning is documented with `CloseCode` in
 * packages/protocol/src/close-codes.ts; the web app does not depend on that package, so the two numbers are here).
 */
const CLOSE_ACCESS_CHANGED = 4401;
const CLOSE_FORBIDDEN = 4403;
const CLOSE_UPDATE_REJECTED = 4422;
const CLOSE_CLIENT_ID_IN_USE = 4409;
const CLOSE_TOO_MANY_MESSAGES = 4429;
/** RFC 6455: a message larger than the server takes (`MAX_MESSAGE_BYTES`). */
const CLOSE_MESSAGE_TOO_BIG = 1009;
/**
 * How long the socket waits before it connects again after the server closed it for a reason that passes: another
 * connection held this doc's client id (4409, until that connection closes) or this one sent too much at once
 * (4429). y-websocket gives up for good on any 44xx close.
 */
const RETRY_AFTER_REFUSAL_MS = 3000;
/**
 * How long the socket waits for the browser's copy to load before connecting anyway. Connecting after the copy
 * has loaded lets the server send only what the copy lacks; the wait is a guard against an IndexedDB that never
 * answers (it has been seen to hang in some browsers), not a timing the app relies on.
 */
const LOCAL_COPY_WAIT_MS = 2000;

/** What the board does when the server refuses an edit or changes this connection's access. */
export interface BoardDocOptions {
  /**
   * The server refused an update: one this role may not make (`cause` 'role': an auth message, then close 4403), or
   * one it cannot take (`cause` 'invalid': close 4422, a copy that no longer fits the board, or 1009, too large). The local
   * doc, which holds that edit, has already been thrown away (with the browser's copy of it) and a fresh one is
   * syncing; `reason` is the server's. `discarded` is how many edits the server had not had went with it (0 when
   * every other edit had reached the server): edits made offline travel in one message, which the server takes or
   * refuses whole. `pageCopy` is the thrown-away doc's whole state (a Yjs update: the board as this page had it,
   * with what went) when `discarded` is more than 0, else null: the only place the edits that went are still held,
   * for the person to save (see `UndoneCopyLink`).
   */
  onRefused?: (reason: string, cause: RefusalCause, discarded: number, pageCopy: Uint8Array | null) => void;
  /**
   * The server closed the connection because this person's access changed or was withdrawn (4401). Resolve true to
   * reconnect (with whatever role the server now gives), false to stay disconnected: the browser's copy of the
   * board is then deleted.
   */
  onAccessChanged?: (reason: string) => Promise<boolean> | boolean;
  /**
   * Keep the board in this browser (IndexedDB, `placeboard:<boardId>`): it loads from there before the socket has
   * synced, and edits made offline survive a reload. Only for a signed-in account, whose copies are deleted on
   * sign-out; a share-link visitor cannot sign out, so their browser keeps nothing. The account (`user:<id>`) the
   * copy is kept for: a copy another account left is deleted, not loaded. Read when the board opens.
   * @default null (not kept)
   */
  keepInBrowserFor?: string | null;
}

/**
 * Opens one Y.Doc for `boardId`, syncs it with the board provider (the stock y-websocket provider that does not
 * echo others' presence, lib/sync/provider.ts) and publishes `presence` in awareness. With
 * `options.keepInBrowserFor` the doc is also kept in IndexedDB and loaded from there first: the provider is made, the
 * connection returned and the socket connected once that copy has loaded (it is usually read while the page and the
 * access load, see `preloadLocalCopy`). Edits that could not go to the server are counted (`unsent`) and the count
 * is kept with the copy. The doc and provider are destroyed when the board closes.
 *
 * When the server refuses an update for this role (auth message or close 4403) or cannot take it (close 4422 or
 * 1009), the local doc holds an edit the board will never take, so the doc, its provider and the browser's copy are
 * thrown away and a fresh pair syncs from the server (the connection then has a new `doc`). On close 4401 it asks
 * `options.onAccessChanged` before reconnecting, and deletes the browser's copy when access has gone. After a close
 * for a reason that passes (4409, 4429) it connects again a few seconds later.
 */
export function useBoardDoc(boardId: string, presence: PresenceState, options: BoardDocOptions = {}): BoardConnection | null {
  const [connection, setConnection] = useState<BoardConnection | null>(null);
  const optionsRef = useRef(options);
  optionsRef.current = options;
  const keepInBrowserFor = options.keepInBrowserFor ?? null;

  useEffect(() => {
    let disposed = false;
    let teardown = (): void => {};

    const open = (): void => {
      // A kept board opens in its copy's doc, which may hold the board already (read when the page opened).
      const localCopy = keepInBrowserFor ? openLocalCopy(boardId, keepInBrowserFor) : null;
      if (!localCopy) forgetPreloadedCopies();
      const doc = localCopy?.doc ?? new Y.Doc();
      if (!localCopy) {
        attach(doc, null, false);
        return;
      }
      // Nothing listens to the doc while the copy is applied to it (Yjs would encode the whole board again for every
      // 'update' listener): the provider and the counter come once it has loaded, or if IndexedDB does not answer.
      // Until then there is no connection (after a refused edit, the old one's doc has gone).
      setConnection(null);
      let attached = false;
      const attachOnce = (copyLoaded: boolean): void => {
        if (attached || disposed) return;
        attached = true;
        clearTimeout(guard);
        attach(doc, localCopy, copyLoaded);
      };
      const guard = setTimeout(() => attachOnce(false), LOCAL_COPY_WAIT_MS);
      void localCopy.loaded.then(() => attachOnce(true));
      teardown = () => {
        clearTimeout(guard);
        localCopy.close();
        doc.destroy();
      };
    };

    /** Syncs `doc` (the copy loaded into it, unless `copyLoaded` is false: IndexedDB has not answered yet). */
    const attach = (doc: Y.Doc, localCopy: LocalCopy | null, copyLoaded: boolean): void => {
      const provider = createBoardProvider(syncUrl(), boardId, doc, { connect: false });
      let current: BoardConnection = {
        doc,
        provider,
        status: 'connecting',
        synced: false,
        cached: false,
        unsent: 0,
        inFlight: 0,
        unsentNow: () => unsentNow(),
        keptInBrowser: localCopy !== null,
      };
      let refused = false;
      let closed = false;
      let retry: ReturnType<typeof setTimeout> | undefined;
      const publish = (patch: Partial<BoardConnection>): void => {
        if (disposed || refused || closed) return;
        current = { ...current, ...patch };
        setConnection(current);
      };
      publish({});
      const handle: PlaceboardTestHandle = { doc, provider };
      window.__placeboard = handle;
      /** Whether the server has said it stored this connection's catch-up (the edits made while offline). */
      let caughtUp = false;
      // Edits made while the socket is open go out on it as they are made (one message each), and are on their way
      // until the server says how many of them it has stored (AUTH_STORED); edits made while it is closed wait for
      // the next catch-up, and are counted by `unsent`. Unsent in all: the two together (`unsentNow`).
      let sentOnSocket = 0;
      let storedOnSocket = 0;
      const inFlight = (): number => Math.max(0, sentOnSocket - storedOnSocket);
      const unsentNow = (): number => unsent.count + inFlight();
      // An edit made online is stored within milliseconds: were each one published, the whole board would render
      // twice a keystroke and the status flicker between "sending" and "saved". What is on its way is published
      // only once it has waited SLOW_STORE_MS (and then kept exact until it is all stored); `unsentNow` is exact.
      let shownInFlight = 0;
      let slowTimer: ReturnType<typeof setTimeout> | undefined;
      const publishUnsent = (): void => {
        shownInFlight = inFlight();
        publish({ unsent: unsent.count + shownInFlight, inFlight: shownInFlight });
      };
      const onInFlightChange = (): void => {
        reportUnsent(boardId, unsentNow());
        if (inFlight() === 0) {
          clearTimeout(slowTimer);
          slowTimer = undefined;
          if (shownInFlight !== 0) publishUnsent();
        } else if (shownInFlight > 0) {
          publishUnsent();
        } else {
          slowTimer ??= setTimeout(() => {
            slowTimer = undefined;
            if (inFlight() > 0) publishUnsent();
          }, SLOW_STORE_MS);
        }
      };
      const unsent = trackUnsentChanges({
        doc,
        notLocal: localCopy ? [provider, localCopy.origin] : [provider],
        isSending: () => provider.wsconnected,
        onChange: (count) => {
          // Kept with the copy, so a reload still counts them: what waits for the next catch-up.
          localCopy?.saveUnsent(count);
          reportUnsent(boardId, unsentNow());
          publishUnsent();
        },
      });
      // As y-websocket's own update handler decides (registered before this one, when the provider was made): every
      // update not from the server goes on the socket if it is open.
      const onDocUpdate = (_update: Uint8Array, origin: unknown): void => {
        const ws = provider.ws;
        if (origin === provider || !provider.wsconnected || !ws || ws.readyState !== ws.OPEN) return;
        sentOnSocket += 1;
        onInFlightChange();
      };
      doc.on('update', onDocUpdate);
      const onStatus = ({ status }: { status: 'connecting' | 'connected' | 'disconnected' }): void => {
        // After a drop the provider keeps retrying ("connecting"); to the user that is still offline.
        if (status === 'connecting' && current.status === 'offline') return;
        publish({ status: status === 'disconnected' ? 'offline' : status });
      };
      // A socket that closes before it ever opened (no network at load) emits no 'disconnected': still offline.
      const onConnectionClose = (event: CloseEvent | null): void => {
        caughtUp = false;
        // What was on its way on the socket without word of it being stored goes in the next catch-up: from now on it
        // waits with the edits made offline. A new socket starts counting afresh, as the server does.
        const unacknowledged = inFlight();
        sentOnSocket = 0;
        storedOnSocket = 0;
        unsent.add(unacknowledged);
        onInFlightChange();
        publish({ status: 'offline' });
        // y-websocket reconnects after a 1009 and sends the same message again, for ever: the copy holds a change
        // too large for the server to take, like a change it cannot apply.
        if (event?.code === CLOSE_MESSAGE_TOO_BIG) refuse('larger than the server accepts', 'invalid');
      };
      // The doc has the server's board once the sync completes; what was made here while offline is with the server
      // only once it says it has stored it (AUTH_CAUGHT_UP, below), a round trip later.
      const onSync = (synced: boolean): void => {
        if (synced) handle.syncedWithServer ??= performance.now();
        publish({ synced: synced || current.synced });
      };
      /** Throws this doc and its local copy away and syncs a fresh one (outside the provider's own message handler). */
      const refuse = (reason: string, cause: RefusalCause): void => {
        if (refused || disposed) return;
        const discarded = unsentNow();
        // Taken before anything is thrown away: once the doc and the browser's copy have gone, nothing holds them.
        const pageCopy = discarded > 0 ? Y.encodeStateAsUpdate(doc) : null;
        refused = true;
        setTimeout(() => {
          if (disposed) return;
          teardown();
          // The refused edit is in the browser's copy too: delete it, or the next open would load it and send it
          // again. The fresh copy opened below waits for the delete (IndexedDB queues it), so it starts empty.
          void deleteLocalCopy(boardId);
          open();
          optionsRef.current.onRefused?.(reason, cause, discarded, pageCopy);
        }, 0);
      };
      provider.messageHandlers[MESSAGE_AUTH] = (_encoder, decoder) => {
        const sub = decoding.readVarUint(decoder);
        if (sub === AUTH_PERMISSION_DENIED) refuse(decoding.readVarString(decoder), 'role');
        else if (sub === AUTH_CAUGHT_UP) {
          caughtUp = true;
          unsent.markAllSent();
        } else if (sub === AUTH_STORED) {
          storedOnSocket = Math.max(storedOnSocket, decoding.readVarUint(decoder));
          onInFlightChange();
        }
      };
      const onClosed = ({ code, reason }: { code: number; reason: string }): void => {
        if (code === CLOSE_FORBIDDEN) refuse(reason || 'update refused', 'role');
        else if (code === CLOSE_UPDATE_REJECTED) refuse(reason || 'update cannot be applied', 'invalid');
        else if (code === CLOSE_CLIENT_ID_IN_USE || code === CLOSE_TOO_MANY_MESSAGES) {
          retry = setTimeout(() => {
            if (!disposed && !refused && !closed) provider.connect();
          }, RETRY_AFTER_REFUSAL_MS);
        } else if (code === CLOSE_ACCESS_CHANGED) {
          const ask = optionsRef.current.onAccessChanged ?? (() => true);
          void Promise.resolve(ask(reason)).then((again) => {
            if (again) {
              if (!disposed && !refused) provider.connect();
            } else {
              // Access withdrawn: the board must not stay in this browser.
              void deleteLocalCopy(boardId);
            }
          });
        }
      };
      provider.on('status', onStatus);
      provider.on('connection-close', onConnectionClose);
      provider.on('sync', onSync);
      provider.on('closed', onClosed);

      let started = false;
      const start = (): void => {
        if (started || closed) return;
        started = true;
        provider.connect();
      };
      if (localCopy) {
        void localCopy.loaded.then(({ hadBoard, unsent: stored }) => {
          if (closed) return;
          if (hadBoard) {
            handle.loadedFromCache = performance.now();
            publish({ cached: true });
          }
          // Edits counted before a reload; if the server already said it stored the catch-up, they went with it.
          if (!caughtUp) unsent.add(stored);
          start();
        });
      }
      // Without the copy (none kept, or IndexedDB not answering) the socket connects at once.
      if (!copyLoaded) start();

      teardown = () => {
        closed = true;
        clearTimeout(retry);
        provider.off('status', onStatus);
        provider.off('connection-close', onConnectionClose);
        provider.off('sync', onSync);
        provider.off('closed', onClosed);
        doc.off('update', onDocUpdate);
        clearTimeout(slowTimer);
        unsent.destroy();
        reportUnsent(boardId, 0);
        localCopy?.close();
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
  }, [boardId, keepInBrowserFor]);

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
