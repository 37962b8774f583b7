import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  AGREEMENT_STATES,
  addCanvasItem,
  addConnector,
  deleteCanvasItem,
  getVoteSession,
  initBoard,
  listCanvasItems,
  moveCanvasItems,
  placeVote,
  removeVote,
  revealVotes,
  setAgreement,
  startVoteSession,
  updateCanvasItem,
  type Author,
} from './index.js';
import * as prng from 'lib0/prng';

/** Origin of updates applied from another replica. */
const REMOTE = Symbol('remote');

/** A seeded random number source (lib0's PRNG), so a failing run can be replayed from its seed. */
function seededRandom(seed: number): () => number {
  const generator = prng.create(seed);
  return () => prng.real53(generator);
}

function sync(from: Y.Doc, to: Y.Doc): void {
  Y.applyUpdate(to, Y.encodeStateAsUpdate(from, Y.encodeStateVector(to)), REMOTE);
}

interface Replica {
  doc: Y.Doc;
  author: Author;
  online: boolean;
  outbox: Map<number, Uint8Array[]>;
}

/** Five replicas make random canvas edits, votes and agreements with partial delivery, disconnects and reconnects. */
function runCanvasRandom(seed: number, replicas: number, steps: number): void {
  const rand = seededRandom(seed);
  const int = (n: number) => Math.floor(rand() * n);
  const pick = <T>(items: readonly T[]): T | undefined => (items.length === 0 ? undefined : items[int(items.length)]);
  let clock = 0;
  const origin = new Y.Doc();
  initBoard(origin, { title: 'canvas' });
  startVoteSession(origin, { votesEach: 5, durationMs: null }, { name: 'fac', now: () => 0 });
  const peers: Replica[] = Array.from({ length: replicas }, (_, i) => {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(origin), REMOTE);
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
  const ids = (doc: Y.Doc) => [...doc.getMap('canvas').keys()];
  const ops: ((r: Replica) => void)[] = [
    (r) => addCanvasItem(r.doc, { kind: pick(['sticky', 'outcome', 'frame', 'text'] as const) ?? 'sticky', x: int(2000), y: int(2000), text: `t${int(100)}` }, r.author),
    (r) => {
      const id = pick(ids(r.doc));
      if (id) updateCanvasItem(r.doc, id, { x: int(2000), y: int(2000) }, r.author);
    },
    (r) => {
      const id = pick(ids(r.doc));
      if (id) updateCanvasItem(r.doc, id, { w: 20 + int(400), h: 20 + int(300) }, r.author);
    },
    (r) => {
      const id = pick(ids(r.doc));
      if (id) updateCanvasItem(r.doc, id, { text: `e${int(1000)}`, indicator: `i${int(10)}`, byWhen: '2027-03-31' }, r.author);
    },
    (r) => {
      const id = pick(ids(r.doc));
      if (id) deleteCanvasItem(r.doc, id);
    },
    (r) => {
      const from = pick(ids(r.doc));
      const to = pick(ids(r.doc));
      if (from && to && from !== to) addConnector(r.doc, from, to, r.author, rand() < 0.5 ? `l${int(10)}` : undefined);
    },
    (r) => {
      // Move a frame (or whatever was picked) with everything inside it.
      const frame = listCanvasItems(r.doc).find((x) => x.ok && x.value.kind === 'frame');
      const id = frame?.ok ? frame.value.id : pick(ids(r.doc));
      if (id) moveCanvasItems(r.doc, [id], int(200) - 100, int(200) - 100, r.author);
    },
    (r) => {
      const id = pick(ids(r.doc));
      if (id) (rand() < 0.7 ? placeVote : removeVote)(r.doc, id, r.author.name, clock);
    },
    (r) => {
      const id = pick(ids(r.doc));
      if (id) setAgreement(r.doc, id, pick(['nhs', 'council', 'vcse']) ?? 'nhs', rand() < 0.1 ? null : pick(AGREEMENT_STATES) ?? 'agreed', r.author);
    },
    (r) => {
      if (rand() < 0.2) revealVotes(r.doc);
    },
  ];
  const deliver = (from: number, to: number, all: boolean) => {
    const queue = peers[from]?.outbox.get(to) ?? [];
    const target = peers[to];
    if (!target) return;
    const batch = queue.splice(0, all ? queue.length : int(queue.length + 1));
    if (!all && rand() < 0.3) batch.reverse();
    for (const update of batch) Y.applyUpdate(target.doc, update, REMOTE);
  };
  for (let step = 0; step < steps; step++) {
    const roll = rand();
    const i = int(peers.length);
    const replica = peers[i] as Replica;
    if (roll < 0.7) pick(ops)?.(replica);
    else if (roll < 0.9) {
      const j = int(peers.length);
      if (i !== j && replica.online && peers[j]?.online) deliver(i, j, false);
    } else if (roll < 0.95) {
      replica.online = false;
      replica.outbox.clear();
      for (const other of peers) other.outbox.delete(i);
    } else if (!replica.online) {
      replica.online = true;
      for (const other of peers) {
        if (other === replica || !other.online) continue;
        sync(other.doc, replica.doc);
        sync(replica.doc, other.doc);
      }
    }
  }
  for (const r of peers) r.online = true;
  peers.forEach((_, i) => peers.forEach((__, j) => i !== j && deliver(i, j, true)));
  for (const a of peers) for (const b of peers) if (a !== b) sync(a.doc, b.doc);

  const first = peers[0] as Replica;
  const expected = { canvas: first.doc.getMap('canvas').toJSON(), session: getVoteSession(first.doc), list: listCanvasItems(first.doc) };
  peers.forEach((r, i) => {
    const got = { canvas: r.doc.getMap('canvas').toJSON(), session: getVoteSession(r.doc), list: listCanvasItems(r.doc) };
    expect(got, `seed ${seed}: replica ${i} differs from replica 0 (replay with PLACEBOARD_SEED=${seed})`).toEqual(expected);
    expect(listCanvasItems(r.doc).filter((x) => !x.ok), `seed ${seed}: replica ${i} has broken canvas items`).toEqual([]);
  });
}

describe('seeded random convergence of canvas operations over five replicas', () => {
  const fixed = process.env.PLACEBOARD_SEED;
  const seeds = fixed ? [Number(fixed)] : Array.from({ length: 16 }, (_, i) => (0x85ebca6b * (i + 7)) >>> 0);
  it.each(seeds)('seed %i converges after canvas edits, votes, agreements, partial syncs and disconnects', (seed) => {
    try {
      runCanvasRandom(seed, 5, 400);
    } catch (error) {
      console.error(`canvas convergence failed with seed ${seed}`);
      throw error;
    }
  });
});
