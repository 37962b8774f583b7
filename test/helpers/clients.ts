import { ROOT_NAMES } from '@placeboard/board';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import type { Auth } from './server.js';
import { waitUntil } from './wait.js';

/** A real y-websocket client in Node: its own Y.Doc and the stock WebsocketProvider. */
export interface SyncClient {
  doc: Y.Doc;
  provider: WebsocketProvider;
  /** Close codes the provider's socket was closed with, in order. */
  closeCodes: number[];
  destroy(): void;
}

/**
 * A WebSocket class that sends `Authorization: Bearer <token>` with its upgrade, as the CLI or a script would; a
 * browser sends its session cookie instead.
 */
export function authenticatedWebSocket(auth: Auth): typeof globalThis.WebSocket {
  return class extends WebSocket {
    constructor(address: string | URL, protocols?: string | string[]) {
      super(address, protocols, { headers: auth.headers });
    }
  } as unknown as typeof globalThis.WebSocket;
}

/**
 * Connects a stock `WebsocketProvider` to `wsUrl/boardId`, as the server's owner unless `auth` says who; resolves
 * once it has synced with the server.
 */
export async function connectClient(
  target: { wsUrl: string; owner: Auth },
  boardId: string,
  options: { doc?: Y.Doc; waitForSync?: boolean; auth?: Auth } = {},
): Promise<SyncClient> {
  const doc = options.doc ?? new Y.Doc();
  const provider = new WebsocketProvider(target.wsUrl, boardId, doc, {
    WebSocketPolyfill: authenticatedWebSocket(options.auth ?? target.owner),
    disableBc: true,
    maxBackoffTime: 200,
  });
  const closeCodes: number[] = [];
  provider.on('connection-close', (event) => {
    if (event) closeCodes.push(event.code);
  });
  const client: SyncClient = {
    doc,
    provider,
    closeCodes,
    destroy() {
      provider.destroy();
      doc.destroy();
    },
  };
  if (options.waitForSync !== false) await waitUntil(() => provider.synced);
  return client;
}

/** Waits until every doc holds the same state as the first, root by root. */
export async function waitForConvergence(docs: Y.Doc[]): Promise<void> {
  await waitUntil(() => {
    const [first, ...rest] = docs.map(snapshotOf);
    return rest.every((s) => s === first);
  });
}

/** A comparable snapshot of a board doc: every root as JSON. */
export function snapshotOf(doc: Y.Doc): string {
  const roots: Record<string, unknown> = {};
  for (const name of ROOT_NAMES) roots[name] = doc.getMap(name).toJSON();
  return stableStringify(roots);
}

/** JSON with object keys sorted, so two equal documents give equal strings whatever order keys arrived in. */
export function stableStringify(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}
