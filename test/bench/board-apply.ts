import { performance } from 'node:perf_hooks';
import { listFeatures } from '@placeboard/board';
import * as Y from 'yjs';
import { buildBoard } from './compare/board-fixture.js';
import type { Benchmark } from './run.js';
import { round2 } from './stats.js';

const RUNS = 9;

/**
 * Median of `runs` timings of `work`, in ms, after one run to warm up. Garbage collection is left to run when it
 * would, as in a page applying its copy (a full GC before each run makes them slower, not steadier: the heap then
 * grows again during each).
 */
function medianMs(runs: number, work: () => void): number {
  work();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    work();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] as number;
}

/** How many structs (items and deletions' gaps) a doc's store holds: what applying its state integrates one by one. */
function structCount(doc: Y.Doc): number {
  let count = 0;
  doc.store.clients.forEach((structs) => {
    count += structs.length;
  });
  return count;
}

/** Bytes, structs, and the median time to apply it to a new doc (format v1 and v2), of one state update. */
function applyFigures(prefix: string, update: Uint8Array): Record<string, number> {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, update);
  const v2 = Y.encodeStateAsUpdateV2(doc);
  return {
    [`${prefix} bytes`]: update.byteLength,
    [`${prefix} structs`]: structCount(doc),
    [`${prefix} apply v1, ms`]: round2(medianMs(RUNS, () => Y.applyUpdate(new Y.Doc(), update))),
    [`${prefix} apply v2, ms`]: round2(medianMs(RUNS, () => Y.applyUpdateV2(new Y.Doc(), v2))),
  };
}

/**
 * `pnpm bench board-apply`: what decoding the cold-load board (bench compare's, test/bench/compare/board-fixture.ts)
 * into a Y.Doc costs in Node, whole and by part, since that alone decides how fast a warm reload can be (the web
 * client applies its IndexedDB copy before anything shows). For comparison, the same features with each record kept
 * as one plain value rather than a Y.Map of fields: not how the board model keeps them (two people can change two
 * fields of one feature at once and both changes stay), but what that would save.
 */
export const boardApplyBenchmark: Benchmark = {
  name: 'board-apply',
  description: 'applying the 3 MiB cold-load board (10,000 features, 500 canvas items, 50 pages) to a new Y.Doc, whole and by part',
  async run() {
    const whole = buildBoard({ features: 10_000, canvasItems: 500, pages: 50 });
    const features = buildBoard({ features: 10_000, canvasItems: 0, pages: 0 });
    const items = buildBoard({ features: 0, canvasItems: 500, pages: 0 });
    const pages = buildBoard({ features: 0, canvasItems: 0, pages: 50 });

    const modelled = new Y.Doc();
    Y.applyUpdate(modelled, features.update);
    const flat = new Y.Doc();
    const flatFeatures = flat.getMap<unknown>('features');
    flat.transact(() => {
      for (const result of listFeatures(modelled)) {
        if (result.ok) flatFeatures.set(result.value.id, result.value);
      }
    });

    return {
      ...applyFigures('whole board:', whole.update),
      ...applyFigures('features alone:', features.update),
      ...applyFigures('canvas items alone:', items.update),
      ...applyFigures('purposes alone:', pages.update),
      ...applyFigures('features, each one plain value (not the board model):', Y.encodeStateAsUpdate(flat)),
    };
  },
};
