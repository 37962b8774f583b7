import * as prng from 'lib0/prng';
import * as Y from 'yjs';
import type { Author } from '../records/record.js';

/**
 * Test support (not exported from the package): a seeded simulation of several replicas of one board editing at
 * once, with partial and out-of-order delivery, disconnects and reconnects, in the spirit of yjs's testHelper.
 */

/** Origin of updates applied from another replica, so they are not queued to be sent on again. */
const REMOTE = Symbol('remote');

/** One simulated replica: its doc, its author, and the updates it has made but not yet delivered to each peer. */
export interface Replica {
  doc: Y.Doc;
  author: Author;
  online: boolean;
  outbox: Map<number, Uint8Array[]>;
}

/** The seeded randomness and clock a simulation's operations draw on. */
export interface RandomTools {
  rand(): number;
  /** A whole number from 0 to n - 1. */
  int(n: number): number;
  pick<T>(items: readonly T[]): T | undefined;
  /** The simulated clock, which every replica's author also reads. */
  now(): number;
}

/** What {@link simulateReplicas} needs. */
export interface SimulationOptions {
  seed: number;
  replicas: number;
  steps: number;
  /** The board every replica starts from. */
  origin: Y.Doc;
  /** The random operations a replica may make. */
  ops(tools: RandomTools): ((replica: Replica) => void)[];
}

/** Brings `to` up to date with `from` through state vectors, as the sync protocol does. */
export function syncDocs(from: Y.Doc, to: Y.Doc): void {
  Y.applyUpdate(to, Y.encodeStateAsUpdate(from, Y.encodeStateVector(to)), REMOTE);
}

/**
 * Runs `steps` random steps (an operation, a partial delivery, a disconnect or a reconnect), then reconnects
 * everyone, drains every queue and syncs all pairs. Returns the replicas, which should now all agree.
 */
export function simulateReplicas(options: SimulationOptions): Replica[] {
  const generator = prng.create(options.seed);
  let clock = 0;
  const tools: RandomTools = {
    rand: () => prng.real53(generator),
    int: (n) => Math.floor(prng.real53(generator) * n),
    pick: (items) => (items.length === 0 ? undefined : items[tools.int(items.length)]),
    now: () => clock,
  };
  const peers: Replica[] = Array.from({ length: options.replicas }, (_, i) => {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(options.origin), REMOTE);
    const replica: Replica = { doc, author: { name: `user${i}`, now: () => ++clock }, online: true, outbox: new Map() };
    doc.on('update', (update: Uint8Array, from: unknown) => {
      if (from === REMOTE) return;
      peers.forEach((_, j) => {
        if (j === i) return;
        const queue = replica.outbox.get(j) ?? [];
        queue.push(update);
        replica.outbox.set(j, queue);
      });
    });
    return replica;
  });
  const ops = options.ops(tools);

  /** Delivers some queued updates from one replica to another, possibly out of order. */
  const deliver = (from: number, to: number, all: boolean) => {
    const queue = peers[from]?.outbox.get(to) ?? [];
    const target = peers[to];
    if (!target) return;
    const batch = queue.splice(0, all ? queue.length : tools.int(queue.length + 1));
    if (!all && tools.rand() < 0.3) batch.reverse();
    for (const update of batch) Y.applyUpdate(target.doc, update, REMOTE);
  };

  for (let step = 0; step < options.steps; step++) {
    const roll = tools.rand();
    const i = tools.int(peers.length);
    const replica = peers[i] as Replica;
    if (roll < 0.7) {
      tools.pick(ops)?.(replica);
    } else if (roll < 0.9) {
      const j = tools.int(peers.length);
      if (i !== j && replica.online && peers[j]?.online) deliver(i, j, false);
    } else if (roll < 0.95) {
      // Disconnect: queued messages to and from this replica are lost.
      replica.online = false;
      replica.outbox.clear();
      for (const other of peers) other.outbox.delete(i);
    } else if (!replica.online) {
      // Reconnect: catch up with every online replica through state vectors.
      replica.online = true;
      for (const other of peers) {
        if (other === replica || !other.online) continue;
        syncDocs(other.doc, replica.doc);
        syncDocs(replica.doc, other.doc);
      }
    }
  }

  // Everyone reconnects, queues drain, then a full state-vector sync.
  for (const r of peers) r.online = true;
  peers.forEach((_, i) => peers.forEach((__, j) => i !== j && deliver(i, j, true)));
  for (const a of peers) for (const b of peers) if (a !== b) syncDocs(a.doc, b.doc);
  return peers;
}
