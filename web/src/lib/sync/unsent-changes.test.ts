import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { trackUnsentChanges } from './unsent-changes';

/** A doc, a tracker on it, and a switch for whether edits go straight to the server. */
function setUp() {
  const doc = new Y.Doc();
  const server = Symbol('provider');
  const cache = Symbol('local copy');
  const link = { sending: false };
  const seen: number[] = [];
  const tracker = trackUnsentChanges({ doc, notLocal: [server, cache], isSending: () => link.sending, onChange: (n) => seen.push(n) });
  return { doc, server, cache, link, seen, tracker };
}

describe('trackUnsentChanges', () => {
  it('counts each local transaction made while edits cannot go to the server', () => {
    const { doc, tracker, seen } = setUp();
    doc.getMap('partners').set('a', 1);
    doc.transact(() => {
      doc.getMap('partners').set('b', 2);
      doc.getMap('partners').set('c', 3);
    });
    expect(tracker.count).toBe(2);
    expect(seen).toEqual([1, 2]);
  });

  it('does not count edits that go straight to the server, nor updates from the server or the local copy', () => {
    const { doc, server, cache, link, tracker } = setUp();
    link.sending = true;
    doc.getMap('partners').set('a', 1);
    link.sending = false;
    const remote = new Y.Doc();
    remote.getMap('partners').set('x', 1);
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(remote), server);
    const cached = new Y.Doc();
    cached.getMap('layers').set('y', 1);
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(cached), cache);
    expect(tracker.count).toBe(0);
  });

  it('does not count a transaction that changes nothing', () => {
    const { doc, tracker } = setUp();
    doc.transact(() => {});
    expect(tracker.count).toBe(0);
  });

  it('adds a stored count, resets on sync and stops when destroyed', () => {
    const { doc, tracker, seen } = setUp();
    tracker.add(3);
    doc.getMap('partners').set('a', 1);
    expect(tracker.count).toBe(4);
    tracker.markAllSent();
    expect(tracker.count).toBe(0);
    tracker.destroy();
    doc.getMap('partners').set('b', 1);
    expect(tracker.count).toBe(0);
    expect(seen).toEqual([3, 4, 0]);
  });
});
