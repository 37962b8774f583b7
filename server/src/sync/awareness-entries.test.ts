import { describe, expect, it } from 'vitest';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { clearsPresence, decodeAwarenessEntries, encodeAwarenessEntries } from './awareness-entries.js';

describe('awareness entries', () => {
  it('reads what y-protocols writes, and writes what it reads', () => {
    const doc = new Y.Doc();
    doc.clientID = 42;
    const awareness = new awarenessProtocol.Awareness(doc);
    awareness.setLocalState({ user: { name: 'Ada' } });
    const update = awarenessProtocol.encodeAwarenessUpdate(awareness, [42]);
    const entries = decodeAwarenessEntries(update);
    expect(entries).toEqual([{ clientId: 42, clock: 1, stateJson: '{"user":{"name":"Ada"}}' }]);
    expect(encodeAwarenessEntries(entries)).toEqual(update);

    const other = new awarenessProtocol.Awareness(new Y.Doc());
    awarenessProtocol.applyAwarenessUpdate(other, encodeAwarenessEntries(entries), 'test');
    expect(other.getStates().get(42)).toEqual({ user: { name: 'Ada' } });
    awareness.destroy();
    other.destroy();
  });

  it('tells a clearing entry from a setting one', () => {
    expect(clearsPresence({ clientId: 1, clock: 2, stateJson: 'null' })).toBe(true);
    expect(clearsPresence({ clientId: 1, clock: 2, stateJson: '{}' })).toBe(false);
  });

  it('throws on truncated input and on trailing bytes', () => {
    expect(() => decodeAwarenessEntries(new Uint8Array([2, 1, 1]))).toThrow();
    const one = encodeAwarenessEntries([{ clientId: 1, clock: 1, stateJson: '{}' }]);
    expect(() => decodeAwarenessEntries(new Uint8Array([...one, 0]))).toThrow();
  });
});
