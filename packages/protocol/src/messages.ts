import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

/**
 * Message types of the y-websocket protocol, as the stock `WebsocketProvider` sends and expects them.
 * Each message starts with one of these as a varuint.
 */
export const MessageType = {
  sync: 0,
  awareness: 1,
  auth: 2,
  queryAwareness: 3,
} as const;

/** Sub-types of a sync message (y-protocols/sync). */
export const SyncStep = {
  step1: 0,
  step2: 1,
  update: 2,
} as const;

/** Sub-type of an auth message: the only one y-protocols defines. */
export const AUTH_PERMISSION_DENIED = 0;
/**
 * Placeboard's own sub-type of an auth message, from the server: the connection's catch-up (its sync step 2, the
 * edits it made offline, with what it sent ahead of it) has been stored. The web client counts its offline edits as
 * sent only then, not when its own sync completes (which happens a round trip before the server has even received
 * that step 2), so "All changes saved" is the server's word. Stock y-protocols clients ignore auth sub-types other
 * than {@link AUTH_PERMISSION_DENIED}, so every client can be sent it.
 */
export const AUTH_CAUGHT_UP = 1;
/**
 * Placeboard's own sub-type of an auth message, from the server, followed by a varuint: how many of the
 * connection's live updates (sync update messages, since it connected) have been handled and stored. A client that
 * counts the updates it has sent on the socket knows from it which are still on their way. Sent after each commit
 * that stored some of them; stock clients ignore it, like {@link AUTH_CAUGHT_UP}.
 */
export const AUTH_STORED = 2;

/** A decoded protocol message. Payloads are views into the received bytes; copy them before keeping them. */
export type ProtocolMessage =
  | { type: 'sync-step1'; stateVector: Uint8Array }
  | { type: 'sync-step2'; update: Uint8Array }
  | { type: 'sync-update'; update: Uint8Array }
  | { type: 'awareness'; update: Uint8Array }
  | { type: 'auth-denied'; reason: string }
  | { type: 'auth-caught-up' }
  | { type: 'auth-stored'; updates: number }
  | { type: 'query-awareness' };

/** Thrown for bytes that are not a well-formed protocol message. The connection that sent them should be closed. */
export class ProtocolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProtocolError';
  }
}

type Reader = (decoder: decoding.Decoder) => ProtocolMessage;

const syncReaders: Record<number, Reader> = {
  [SyncStep.step1]: (d) => ({ type: 'sync-step1', stateVector: decoding.readVarUint8Array(d) }),
  [SyncStep.step2]: (d) => ({ type: 'sync-step2', update: decoding.readVarUint8Array(d) }),
  [SyncStep.update]: (d) => ({ type: 'sync-update', update: decoding.readVarUint8Array(d) }),
};

const readers: Record<number, Reader> = {
  [MessageType.sync]: (d) => {
    const step = decoding.readVarUint(d);
    const read = syncReaders[step];
    if (!read) throw new ProtocolError(`unknown sync step ${step}`);
    return read(d);
  },
  [MessageType.awareness]: (d) => ({ type: 'awareness', update: decoding.readVarUint8Array(d) }),
  [MessageType.auth]: (d) => {
    const sub = decoding.readVarUint(d);
    if (sub === AUTH_CAUGHT_UP) return { type: 'auth-caught-up' };
    if (sub === AUTH_STORED) return { type: 'auth-stored', updates: decoding.readVarUint(d) };
    if (sub !== AUTH_PERMISSION_DENIED) throw new ProtocolError(`unknown auth message ${sub}`);
    return { type: 'auth-denied', reason: decoding.readVarString(d) };
  },
  [MessageType.queryAwareness]: () => ({ type: 'query-awareness' }),
};

/**
 * Decodes one y-websocket message. Throws {@link ProtocolError} for an unknown type, a truncated payload or
 * trailing bytes, so a hostile or broken client is told apart from a good one before anything is applied.
 */
export function decodeMessage(bytes: Uint8Array): ProtocolMessage {
  const decoder = decoding.createDecoder(bytes);
  let message: ProtocolMessage;
  try {
    const type = decoding.readVarUint(decoder);
    const read = readers[type];
    if (!read) throw new ProtocolError(`unknown message type ${type}`);
    message = read(decoder);
  } catch (error) {
    if (error instanceof ProtocolError) throw error;
    throw new ProtocolError(`malformed message: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (decoding.hasContent(decoder)) {
    throw new ProtocolError(`malformed message: ${bytes.length - decoder.pos} unexpected trailing bytes`);
  }
  return message;
}

/**
 * True when `bytes` start like a change to the document (a sync step 2 or a sync update), read from the first two
 * numbers alone, without decoding the rest: for a server deciding what to prepare before it handles a batch.
 * Malformed bytes give false; {@link decodeMessage} tells what is wrong with them.
 */
export function carriesDocumentChange(bytes: Uint8Array): boolean {
  try {
    const decoder = decoding.createDecoder(bytes);
    if (decoding.readVarUint(decoder) !== MessageType.sync) return false;
    const step = decoding.readVarUint(decoder);
    return step === SyncStep.step2 || step === SyncStep.update;
  } catch {
    return false;
  }
}

function encodeWith(write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  write(encoder);
  return encoding.toUint8Array(encoder);
}

/** Sync step 1: "here is my state vector, send me what I lack". */
export function encodeSyncStep1(stateVector: Uint8Array): Uint8Array {
  return encodeWith((e) => {
    encoding.writeVarUint(e, MessageType.sync);
    encoding.writeVarUint(e, SyncStep.step1);
    encoding.writeVarUint8Array(e, stateVector);
  });
}

/**
 * Sync step 2: the update that answers a step 1. Written with one copy of the update, into a buffer of the exact
 * size: this message carries a whole board to a client that has nothing (several MiB), where an encoder's growing
 * buffers would copy it twice.
 */
export function encodeSyncStep2(update: Uint8Array): Uint8Array {
  const header = encodeWith((e) => {
    encoding.writeVarUint(e, MessageType.sync);
    encoding.writeVarUint(e, SyncStep.step2);
    encoding.writeVarUint(e, update.byteLength);
  });
  const message = new Uint8Array(header.byteLength + update.byteLength);
  message.set(header, 0);
  message.set(update, header.byteLength);
  return message;
}

/** An incremental document update. */
export function encodeSyncUpdate(update: Uint8Array): Uint8Array {
  return encodeWith((e) => {
    encoding.writeVarUint(e, MessageType.sync);
    encoding.writeVarUint(e, SyncStep.update);
    encoding.writeVarUint8Array(e, update);
  });
}

/** An awareness update (y-protocols/awareness encoding). */
export function encodeAwarenessMessage(awarenessUpdate: Uint8Array): Uint8Array {
  return encodeWith((e) => {
    encoding.writeVarUint(e, MessageType.awareness);
    encoding.writeVarUint8Array(e, awarenessUpdate);
  });
}

/** Asks the other side to send every awareness state it knows. */
export function encodeQueryAwareness(): Uint8Array {
  return encodeWith((e) => encoding.writeVarUint(e, MessageType.queryAwareness));
}

/** Tells a client that the server refused something it sent; the provider emits it as a permission-denied event. */
export function encodePermissionDenied(reason: string): Uint8Array {
  return encodeWith((e) => {
    encoding.writeVarUint(e, MessageType.auth);
    encoding.writeVarUint(e, AUTH_PERMISSION_DENIED);
    encoding.writeVarString(e, reason);
  });
}

/** Tells a client that its catch-up has been stored (see {@link AUTH_CAUGHT_UP}). */
export function encodeCaughtUp(): Uint8Array {
  return encodeWith((e) => {
    encoding.writeVarUint(e, MessageType.auth);
    encoding.writeVarUint(e, AUTH_CAUGHT_UP);
  });
}

/** Tells a client how many of its live updates have been stored (see {@link AUTH_STORED}). */
export function encodeStored(updates: number): Uint8Array {
  return encodeWith((e) => {
    encoding.writeVarUint(e, MessageType.auth);
    encoding.writeVarUint(e, AUTH_STORED);
    encoding.writeVarUint(e, updates);
  });
}
