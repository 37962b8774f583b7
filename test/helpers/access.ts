import { getRoots, newRecordId, type Author, type RecordId } from '@placeboard/board';
import {
  decodeMessage,
  encodeAwarenessMessage,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeSyncUpdate,
  type ProtocolMessage,
} from '@placeboard/protocol';
import * as encoding from 'lib0/encoding';
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import type { SyncClient } from './clients.js';
import type { Auth, ServerTarget } from './server.js';
import { waitUntil } from './wait.js';

/** One thing a {@link RoleSocket} saw, in the order it saw them: a decoded message (with its bytes) or the close. */
export type SocketEvent =
  | { kind: 'message'; message: ProtocolMessage; bytes: Uint8Array }
  | { kind: 'close'; code: number; reason: string };

/**
 * A hand-driven WebSocket on a board as one person (their session or share-link token sent as `Authorization:
 * Bearer`), with a replica of the board synced from the server over that same socket. Edits are made on the
 * replica with the board's own accessors and captured as update bytes, which the test then sends exactly as it
 * chooses: one message, two, or not at all.
 */
export interface RoleSocket {
  ws: WebSocket;
  /** The board as the server sent it to this socket, plus whatever {@link edit} made on it. */
  doc: Y.Doc;
  /** Everything received, in order, ending with the close once it came. */
  events: SocketEvent[];
  /** Resolves with the close code and reason once the server (or this side) closed the socket. */
  closed: Promise<{ code: number; reason: string }>;
  /** True while the socket is open. */
  isOpen(): boolean;
  /** Runs `fn` on the replica and returns the update it made (every transaction merged), without sending it. */
  edit(fn: (doc: Y.Doc) => void): Uint8Array;
  /** Sends a document update as a live update (what a provider sends on each edit) or as a sync step 2. */
  send(update: Uint8Array, as?: 'update' | 'step2'): void;
  /** Sends one awareness entry for the replica's client id (clock counts up from 1), with `state` as given. */
  sendAwareness(state: unknown): void;
  /** Reasons of the auth (permission denied) messages received so far. */
  deniedReasons(): string[];
  /** Closes from this side. */
  close(): void;
}

const REMOTE = Symbol('from the server');

/** Opens a {@link RoleSocket} on `boardId` as `auth` and waits until its replica holds the server's board and it has answered the server's sync step 1. */
export async function openRoleSocket(target: Pick<ServerTarget, 'wsUrl'>, boardId: string, auth: Auth): Promise<RoleSocket> {
  const ws = new WebSocket(`${target.wsUrl}/${boardId}`, { headers: auth.headers });
  ws.binaryType = 'nodebuffer';
  ws.on('error', () => {}); // the close event carries what the tests look at
  const doc = new Y.Doc();
  const events: SocketEvent[] = [];
  let synced = false;
  // y-protocols takes an entry of a client it has not seen only with a clock above 0.
  let awarenessClock = 1;
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.once('close', (code, reason) => {
      events.push({ kind: 'close', code, reason: reason.toString() });
      resolve({ code, reason: reason.toString() });
    }),
  );
  let caughtUp = false;
  ws.on('message', (data: Buffer) => {
    const bytes = new Uint8Array(data);
    const message = decodeMessage(bytes);
    events.push({ kind: 'message', message, bytes });
    if (message.type === 'sync-step2' || message.type === 'sync-update') {
      Y.applyUpdate(doc, message.update.slice(), REMOTE);
      if (message.type === 'sync-step2') synced = true;
    } else if (message.type === 'sync-step1' && !caughtUp) {
      // Answered as a stock client answers it (its catch-up); the server holds back updates that build on changes it
      // lacks until this answer has come.
      ws.send(encodeSyncStep2(Y.encodeStateAsUpdate(doc, message.stateVector)));
      caughtUp = true;
    }
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('unexpected-response', (_request, response) => reject(new Error(`upgrade refused: ${response.statusCode}`)));
  });
  // Ask for everything: the answer (a sync step 2) is the whole board as the server holds it.
  ws.send(encodeSyncStep1(Y.encodeStateVector(new Y.Doc())));
  await waitUntil(() => (synced && caughtUp) || ws.readyState !== ws.OPEN);
  if (!synced) throw new Error('the socket closed before it synced');
  return {
    ws,
    doc,
    events,
    closed,
    isOpen: () => ws.readyState === ws.OPEN,
    edit(fn) {
      const updates: Uint8Array[] = [];
      const collect = (update: Uint8Array, origin: unknown) => {
        if (origin !== REMOTE) updates.push(update);
      };
      doc.on('update', collect);
      try {
        fn(doc);
      } finally {
        doc.off('update', collect);
      }
      if (updates.length === 0) throw new Error('the edit changed nothing');
      return updates.length === 1 ? updates[0]! : Y.mergeUpdates(updates);
    },
    send(update, as = 'update') {
      ws.send(as === 'update' ? encodeSyncUpdate(update) : encodeSyncStep2(update));
    },
    sendAwareness(state) {
      ws.send(encodeAwarenessMessage(awarenessEntry(doc.clientID, awarenessClock++, state)));
    },
    deniedReasons: () =>
      events.flatMap((e) => (e.kind === 'message' && e.message.type === 'auth-denied' ? [e.message.reason] : [])),
    close: () => ws.close(),
  };
}

/** An awareness update with one entry, encoded as y-protocols encodes it. */
export function awarenessEntry(clientId: number, clock: number, state: unknown): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 1);
  encoding.writeVarUint(encoder, clientId);
  encoding.writeVarUint(encoder, clock);
  encoding.writeVarString(encoder, JSON.stringify(state));
  return encoding.toUint8Array(encoder);
}

/** Every update a stock client received from the server from now on (what its provider applied), in order. */
export function recordIncoming(client: SyncClient): Uint8Array[] {
  const received: Uint8Array[] = [];
  client.doc.on('update', (update: Uint8Array, origin: unknown) => {
    if (origin === client.provider) received.push(update);
  });
  return received;
}

/** The Yjs client ids an update adds structs under, and the client ids whose items it deletes. */
export function authorsOf(update: Uint8Array): { writes: Set<number>; deletes: Set<number> } {
  const decoded = Y.decodeUpdate(update);
  return {
    writes: new Set(decoded.structs.map((s) => s.id.client)),
    deletes: new Set([...decoded.ds.clients.keys()]),
  };
}

/** Fields of a hand-made community contribution (see communityContributionSchema in @placeboard/board). */
export interface NewCommunityContribution {
  text: string;
  category?: string;
  point?: [number, number];
  status?: 'pending' | 'published' | 'hidden';
}

/**
 * Writes a community contribution record with any status, shaped as communityContributionSchema says: for updates
 * the board's own `addContribution` never makes (it always writes `pending`), such as one that arrives published.
 */
export function addCommunityContribution(doc: Y.Doc, fields: NewCommunityContribution, author: Author): RecordId {
  const id = newRecordId();
  const at = (author.now ?? Date.now)();
  doc.transact(() => {
    const record = new Y.Map<unknown>();
    record.set('id', id);
    record.set('createdBy', author.name);
    record.set('createdAt', at);
    record.set('updatedAt', at);
    record.set('category', fields.category ?? 'idea');
    record.set('text', fields.text);
    record.set('status', fields.status ?? 'pending');
    if (fields.point) record.set('point', fields.point);
    getRoots(doc).community.set(id, record);
  });
  return id;
}

/**
 * Changes fields of a community contribution and bumps `updatedAt`, as an edit form would: the board package has
 * `setContributionStatus` but nothing yet for a contributor correcting its own text.
 */
export function updateCommunityContribution(
  doc: Y.Doc,
  id: string,
  patch: Partial<Pick<NewCommunityContribution, 'text' | 'category' | 'status'>>,
  author: Author,
): void {
  const record = getRoots(doc).community.get(id);
  if (!(record instanceof Y.Map)) throw new Error(`no community contribution ${id}`);
  doc.transact(() => {
    for (const [key, value] of Object.entries(patch)) if (value !== undefined) record.set(key, value);
    record.set('updatedAt', (author.now ?? Date.now)());
  });
}

/** One line of a board's audit log, as GET /api/boards/:id/audit answers it. */
export interface AuditLine {
  id: number;
  at: number;
  actor: string;
  actorName: string;
  kind: string;
  roots: string[];
  records: string[];
  bytes: number;
  detail: string;
}

/** The board's audit log as its owner reads it over the API, oldest first. */
export async function auditLog(target: ServerTarget, boardId: string): Promise<AuditLine[]> {
  const response = await fetch(`${target.url}/api/boards/${boardId}/audit?limit=10000`, { headers: target.owner.headers });
  if (response.status !== 200) throw new Error(`audit failed: ${response.status} ${await response.text()}`);
  const { events } = (await response.json()) as { events: AuditLine[] };
  return [...events].sort((a, b) => a.at - b.at || a.id - b.id);
}

/** The user id of the member called `name`, looked up in the board's member list as its owner reads it. */
export async function memberIdOf(target: ServerTarget, boardId: string, name: string): Promise<string> {
  const response = await fetch(`${target.url}/api/boards/${boardId}/members`, { headers: target.owner.headers });
  if (response.status !== 200) throw new Error(`members failed: ${response.status} ${await response.text()}`);
  const { members } = (await response.json()) as { members: { userId: string; name: string }[] };
  const member = members.find((m) => m.name === name);
  if (!member) throw new Error(`${name} is not a member of ${boardId}`);
  return member.userId;
}
