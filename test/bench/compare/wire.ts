/**
 * The two wire formats the benchmark speaks, for its light clients (which send pre-encoded Yjs updates and count
 * what arrives without applying it):
 *
 * - `y-websocket`: the y-websocket protocol (Placeboard and `@y/websocket-server`). A message is
 *   `varUint type` (0 sync, 1 awareness, 2 auth, 3 query awareness) then its payload; a sync payload is
 *   `varUint step` (0 step 1 with a state vector, 1 step 2 with an update, 2 update) then `varUint8Array`.
 * - `hocuspocus`: Hocuspocus multiplexes documents on one socket, so every message starts with
 *   `varString documentName`, then the same `varUint type` and payload, with more types: 4 sync reply (a step 1
 *   answer that must not trigger another step 1), 8 sync status (an ack per update). A client must first send
 *   `Auth` (type 2, `varUint 0` token, `varString token`, `varString providerVersion`) and gets
 *   `Auth`/`Authenticated` back; messages sent before that are queued by the server.
 *   (Read from @hocuspocus/provider 4.x `OutgoingMessages/*` and @hocuspocus/server `ClientConnection.ts`.)
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

/** Which framing a server speaks. */
export type Framing = 'y-websocket' | 'hocuspocus';

/** Message types shared by both framings (Hocuspocus adds {@link HOCUSPOCUS_SYNC_REPLY} and {@link HOCUSPOCUS_SYNC_STATUS}). */
export const MessageType = { sync: 0, awareness: 1, auth: 2, queryAwareness: 3 } as const;
/** Hocuspocus: a sync message answering the client's step 1. */
export const HOCUSPOCUS_SYNC_REPLY = 4;
/** Hocuspocus: the server's acknowledgement of one update. */
export const HOCUSPOCUS_SYNC_STATUS = 8;
/** Sync sub-messages. */
export const SyncStep = { step1: 0, step2: 1, update: 2 } as const;
/** The provider version this harness announces to Hocuspocus (the @hocuspocus/provider it is pinned to). */
export const HOCUSPOCUS_PROVIDER_VERSION = '4.8.0';

/** The kinds of incoming message a light client tells apart. */
export type IncomingKind = 'sync-step1' | 'sync-step2' | 'update' | 'awareness' | 'auth' | 'sync-status' | 'other';

function start(framing: Framing, room: string, type: number): encoding.Encoder {
  const encoder = encoding.createEncoder();
  if (framing === 'hocuspocus') encoding.writeVarString(encoder, room);
  encoding.writeVarUint(encoder, type);
  return encoder;
}

function syncMessage(framing: Framing, room: string, step: number, payload: Uint8Array): Uint8Array {
  const encoder = start(framing, room, MessageType.sync);
  encoding.writeVarUint(encoder, step);
  encoding.writeVarUint8Array(encoder, payload);
  return encoding.toUint8Array(encoder);
}

/** A document update message. */
export function updateFrame(framing: Framing, room: string, update: Uint8Array): Uint8Array {
  return syncMessage(framing, room, SyncStep.update, update);
}

/** Sync step 1: "here is my state vector, send me what I lack". */
export function syncStep1Frame(framing: Framing, room: string, stateVector: Uint8Array): Uint8Array {
  return syncMessage(framing, room, SyncStep.step1, stateVector);
}

/** Sync step 2: the answer to a step 1. */
export function syncStep2Frame(framing: Framing, room: string, update: Uint8Array): Uint8Array {
  return syncMessage(framing, room, SyncStep.step2, update);
}

/** An awareness message carrying an encoded awareness update. */
export function awarenessFrame(framing: Framing, room: string, awarenessUpdate: Uint8Array): Uint8Array {
  const encoder = start(framing, room, MessageType.awareness);
  encoding.writeVarUint8Array(encoder, awarenessUpdate);
  return encoding.toUint8Array(encoder);
}

/** Hocuspocus only: the authentication message every document on a socket starts with. */
export function hocuspocusAuthFrame(room: string, token: string): Uint8Array {
  const encoder = start('hocuspocus', room, MessageType.auth);
  encoding.writeVarUint(encoder, 0); // AuthMessageType.Token
  encoding.writeVarString(encoder, token);
  encoding.writeVarString(encoder, HOCUSPOCUS_PROVIDER_VERSION);
  return encoding.toUint8Array(encoder);
}

/**
 * An awareness update for one client, as y-protocols encodes it: `varUint 1` entry, then client id, clock and the
 * state as JSON. Built by hand so a light client need not hold an Awareness (and a Y.Doc).
 */
export function presenceUpdate(clientId: number, clock: number, stateJson: string): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 1);
  encoding.writeVarUint(encoder, clientId);
  encoding.writeVarUint(encoder, clock);
  encoding.writeVarString(encoder, stateJson);
  return encoding.toUint8Array(encoder);
}

/** An empty Yjs update (no structs, no deletions): what a client with nothing to add answers a step 1 with. */
export const EMPTY_UPDATE = new Uint8Array([0, 0]);
/** The state vector of an empty document. */
export const EMPTY_STATE_VECTOR = new Uint8Array([0]);

/** What kind of message `data` is, reading only its first few bytes. */
export function classify(framing: Framing, data: Uint8Array): IncomingKind {
  try {
    const decoder = decoding.createDecoder(data);
    if (framing === 'hocuspocus') decoding.readVarString(decoder);
    const type = decoding.readVarUint(decoder);
    switch (type) {
      case MessageType.sync:
      case HOCUSPOCUS_SYNC_REPLY: {
        const step = decoding.readVarUint(decoder);
        return step === SyncStep.step1 ? 'sync-step1' : step === SyncStep.step2 ? 'sync-step2' : 'update';
      }
      case MessageType.awareness:
        return 'awareness';
      case MessageType.auth:
        return 'auth';
      case HOCUSPOCUS_SYNC_STATUS:
        return framing === 'hocuspocus' ? 'sync-status' : 'other';
      default:
        return 'other';
    }
  } catch {
    return 'other';
  }
}
