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
} from './index.js';
import { simulateReplicas, type Replica } from './testing/replicas.js';

/** Five replicas make random canvas edits, votes and agreements with partial delivery, disconnects and reconnects. */
function runCanvasRandom(seed: number, replicas: number, steps: number): void {
  const origin = new Y.Doc();
  initBoard(origin, { title: 'canvas' });
  startVoteSession(origin, { votesEach: 5, durationMs: null }, { name: 'fac', now: () => 0 });
  const peers = simulateReplicas({
    seed,
    replicas,
    steps,
    origin,
    ops: ({ rand, int, pick, now }) => {
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
        if (id) (rand() < 0.7 ? placeVote : removeVote)(r.doc, id, r.author.name, now());
      },
      (r) => {
        const id = pick(ids(r.doc));
        if (id) setAgreement(r.doc, id, pick(['nhs', 'council', 'vcse']) ?? 'nhs', rand() < 0.1 ? null : pick(AGREEMENT_STATES) ?? 'agreed', r.author);
      },
      (r) => {
        if (rand() < 0.2) revealVotes(r.doc);
      },
    ];
    return ops;
    },
  });

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
