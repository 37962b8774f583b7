import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  MessageType,
  ProtocolError,
  SyncStep,
  carriesDocumentChange,
  decodeMessage,
  encodeAwarenessMessage,
  encodePermissionDenied,
  encodeCaughtUp,
  encodeStored,
  encodeQueryAwareness,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeSyncUpdate,
  type ProtocolMessage,
} from './messages.js';

const payload = new Uint8Array([1, 2, 3, 0, 255, 128]);

/** Builds raw bytes the way lib0 does, for hand-made (and broken) messages. */
function bytesOf(write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  write(encoder);
  return encoding.toUint8Array(encoder);
}

/** True when `a` and `b` hold the same bytes. */
function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}

/** Plain values, so toEqual compares bytes and not Uint8Array views of different buffers by accident. */
function plain(message: ProtocolMessage): unknown {
  return Object.fromEntries(Object.entries(message).map(([k, v]) => [k, v instanceof Uint8Array ? [...v] : v]));
}

describe('encoders round-trip through decodeMessage', () => {
  const cases: [string, Uint8Array, ProtocolMessage][] = [
    ['sync step 1', encodeSyncStep1(payload), { type: 'sync-step1', stateVector: payload }],
    ['sync step 2', encodeSyncStep2(payload), { type: 'sync-step2', update: payload }],
    ['sync update', encodeSyncUpdate(payload), { type: 'sync-update', update: payload }],
    ['awareness', encodeAwarenessMessage(payload), { type: 'awareness', update: payload }],
    ['query awareness', encodeQueryAwareness(), { type: 'query-awareness' }],
    ['permission denied', encodePermissionDenied('read-only board ✋'), { type: 'auth-denied', reason: 'read-only board ✋' }],
    ['caught up', encodeCaughtUp(), { type: 'auth-caught-up' }],
    ['stored', encodeStored(70_000), { type: 'auth-stored', updates: 70_000 }],
    ['empty sync update', encodeSyncUpdate(new Uint8Array()), { type: 'sync-update', update: new Uint8Array() }],
  ];
  for (const [name, bytes, expected] of cases) {
    it(name, () => {
      expect(plain(decodeMessage(bytes))).toEqual(plain(expected));
    });
  }

  it('round-trips a payload long enough to need a multi-byte length prefix', () => {
    const big = new Uint8Array(70_000).map((_, i) => i % 251);
    const bytes = encodeSyncUpdate(big);
    expect(bytes.length).toBe(2 + 3 + big.length); // type, step, 3-byte varuint length, payload
    const message = decodeMessage(bytes);
    expect(message.type).toBe('sync-update');
    expect([...(message as { update: Uint8Array }).update]).toEqual([...big]);
  });

  it('writes a big sync step 2 (a whole board) as the bytes lib0 would, with the update whole at the end', () => {
    const big = new Uint8Array(3_000_000).map((_, i) => (i * 7) % 256);
    const bytes = encodeSyncStep2(big);
    const expected = bytesOf((e) => {
      encoding.writeVarUint(e, MessageType.sync);
      encoding.writeVarUint(e, SyncStep.step2);
      encoding.writeVarUint8Array(e, big);
    });
    // Compared in a loop: toEqual on millions of elements is slow.
    expect(sameBytes(bytes, expected)).toBe(true);
    expect(sameBytes(bytes.subarray(bytes.length - big.length), big)).toBe(true);
    const message = decodeMessage(bytes);
    expect(message.type).toBe('sync-step2');
    expect(sameBytes((message as { update: Uint8Array }).update, big)).toBe(true);
  });
});

describe('decodeMessage refuses what is not a y-websocket message', () => {
  const bad: [string, Uint8Array, RegExp][] = [
    ['empty input', new Uint8Array(), /malformed/],
    ['an unknown message type', bytesOf((e) => encoding.writeVarUint(e, 9)), /unknown message type 9/],
    ['an unknown sync step', bytesOf((e) => {
      encoding.writeVarUint(e, MessageType.sync);
      encoding.writeVarUint(e, 7);
      encoding.writeVarUint8Array(e, payload);
    }), /unknown sync step 7/],
    ['a sync message with no step', bytesOf((e) => encoding.writeVarUint(e, MessageType.sync)), /malformed/],
    ['a payload shorter than its length prefix', bytesOf((e) => {
      encoding.writeVarUint(e, MessageType.sync);
      encoding.writeVarUint(e, SyncStep.update);
      encoding.writeVarUint(e, 10);
      encoding.writeUint8Array(e, new Uint8Array([1, 2, 3]));
    }), /malformed/],
    ['a truncated varuint (continuation bit set on the last byte)', new Uint8Array([0x80]), /malformed/],
    ['a truncated varuint length prefix', new Uint8Array([MessageType.sync, SyncStep.update, 0xff, 0xff]), /malformed/],
    ['trailing bytes after a message', new Uint8Array([...encodeSyncUpdate(payload), 0]), /trailing/],
    ['trailing bytes after query-awareness', new Uint8Array([MessageType.queryAwareness, 1, 2]), /2 unexpected trailing bytes/],
    ['an unknown auth subtype', bytesOf((e) => {
      encoding.writeVarUint(e, MessageType.auth);
      encoding.writeVarUint(e, 7);
      encoding.writeVarString(e, 'hello');
    }), /unknown auth message 7/],
  ];
  for (const [name, bytes, reason] of bad) {
    it(name, () => {
      expect(() => decodeMessage(bytes)).toThrow(ProtocolError);
      expect(() => decodeMessage(bytes)).toThrow(reason);
    });
  }

  it('a random byte soup either decodes or throws ProtocolError, never anything else', () => {
    let seed = 12345;
    const next = () => (seed = (seed * 1103515245 + 12345) >>> 0) >>> 24;
    for (let round = 0; round < 2000; round++) {
      const bytes = new Uint8Array(1 + (next() % 12)).map(() => next());
      try {
        decodeMessage(bytes);
      } catch (error) {
        expect(error, `bytes ${[...bytes]}`).toBeInstanceOf(ProtocolError);
      }
    }
  });
});

describe('compatibility with y-protocols, as the stock y-websocket client speaks it', () => {
  /** A doc with some content, as a client would hold. */
  function docWithContent(): Y.Doc {
    const doc = new Y.Doc();
    doc.getMap('meta').set('title', 'Compat');
    doc.getMap('canvas').set('a', 1);
    return doc;
  }

  it('reads a sync step 1 built by y-protocols/sync', () => {
    const doc = docWithContent();
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MessageType.sync);
    syncProtocol.writeSyncStep1(encoder, doc);
    const message = decodeMessage(encoding.toUint8Array(encoder));
    expect(message.type).toBe('sync-step1');
    const stateVector = (message as { stateVector: Uint8Array }).stateVector;
    expect(Y.decodeStateVector(stateVector)).toEqual(Y.decodeStateVector(Y.encodeStateVector(doc)));
  });

  it('reads a sync step 2 built by y-protocols/sync', () => {
    const doc = docWithContent();
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MessageType.sync);
    syncProtocol.writeSyncStep2(encoder, doc, Y.encodeStateVector(new Y.Doc()));
    const message = decodeMessage(encoding.toUint8Array(encoder));
    expect(message.type).toBe('sync-step2');
    const fresh = new Y.Doc();
    Y.applyUpdate(fresh, (message as { update: Uint8Array }).update);
    expect(fresh.getMap('meta').toJSON()).toEqual({ title: 'Compat' });
    expect(fresh.getMap('canvas').toJSON()).toEqual({ a: 1 });
  });

  it('reads an update built by y-protocols/sync writeUpdate, as the provider sends each local change', () => {
    const doc = new Y.Doc();
    let sent: Uint8Array | undefined;
    doc.on('update', (update: Uint8Array) => {
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, MessageType.sync);
      syncProtocol.writeUpdate(encoder, update);
      sent = encoding.toUint8Array(encoder);
    });
    doc.getMap('canvas').set('card', 'hello');
    const message = decodeMessage(sent!);
    expect(message.type).toBe('sync-update');
    const fresh = new Y.Doc();
    Y.applyUpdate(fresh, (message as { update: Uint8Array }).update);
    expect(fresh.getMap('canvas').get('card')).toBe('hello');
  });

  it('our sync step 2 is read by syncProtocol.readSyncMessage into a fresh doc', () => {
    const server = docWithContent();
    const bytes = encodeSyncStep2(Y.encodeStateAsUpdate(server));
    const decoder = decoding.createDecoder(bytes);
    expect(decoding.readVarUint(decoder)).toBe(MessageType.sync);
    const fresh = new Y.Doc();
    const reply = encoding.createEncoder();
    const step = syncProtocol.readSyncMessage(decoder, reply, fresh, 'server');
    expect(step).toBe(syncProtocol.messageYjsSyncStep2);
    expect(encoding.length(reply)).toBe(0);
    expect(fresh.getMap('meta').toJSON()).toEqual({ title: 'Compat' });
    expect(fresh.getMap('canvas').toJSON()).toEqual({ a: 1 });
  });

  it('our sync step 1 makes y-protocols answer with a step 2 holding what we lack', () => {
    const client = docWithContent();
    const bytes = encodeSyncStep1(Y.encodeStateVector(new Y.Doc()));
    const decoder = decoding.createDecoder(bytes);
    expect(decoding.readVarUint(decoder)).toBe(MessageType.sync);
    const reply = encoding.createEncoder();
    encoding.writeVarUint(reply, MessageType.sync);
    expect(syncProtocol.readSyncMessage(decoder, reply, client, 'client')).toBe(syncProtocol.messageYjsSyncStep1);
    const answer = decodeMessage(encoding.toUint8Array(reply));
    expect(answer.type).toBe('sync-step2');
    const fresh = new Y.Doc();
    Y.applyUpdate(fresh, (answer as { update: Uint8Array }).update);
    expect(fresh.getMap('meta').get('title')).toBe('Compat');
  });

  it('our sync update is applied by syncProtocol.readSyncMessage', () => {
    const source = docWithContent();
    const bytes = encodeSyncUpdate(Y.encodeStateAsUpdate(source));
    const decoder = decoding.createDecoder(bytes);
    decoding.readVarUint(decoder);
    const target = new Y.Doc();
    expect(syncProtocol.readSyncMessage(decoder, encoding.createEncoder(), target, null)).toBe(syncProtocol.messageYjsUpdate);
    expect(target.getMap('canvas').get('a')).toBe(1);
  });
});

describe('carriesDocumentChange', () => {
  it('is true for a sync step 2 and a sync update only', () => {
    const update = new Uint8Array([0, 0]);
    expect(carriesDocumentChange(encodeSyncStep2(update))).toBe(true);
    expect(carriesDocumentChange(encodeSyncUpdate(update))).toBe(true);
    expect(carriesDocumentChange(encodeSyncStep1(new Uint8Array([0])))).toBe(false);
    expect(carriesDocumentChange(encodeAwarenessMessage(new Uint8Array([0])))).toBe(false);
    expect(carriesDocumentChange(encodeQueryAwareness())).toBe(false);
  });

  it('is false for bytes that are no message at all', () => {
    expect(carriesDocumentChange(new Uint8Array([]))).toBe(false);
    expect(carriesDocumentChange(new Uint8Array([0]))).toBe(false);
    expect(carriesDocumentChange(new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]))).toBe(false);
  });
});
