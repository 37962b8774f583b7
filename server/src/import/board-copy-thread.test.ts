import { getBoardMeta, initBoard, listFeatures } from '@placeboard/board';
import { parseImport } from '@placeboard/geo';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { applyImport } from './apply-import.js';
import { BoardCopyRefused } from './board-copy.js';
import { openBoardCopyOffThread } from './board-copy-thread.js';

/** A board named `title` with `count` points on one layer, saved as one update. */
async function savedBoard(title: string, count: number): Promise<Uint8Array> {
  const doc = new Y.Doc();
  initBoard(doc, { title });
  const collection = {
    type: 'FeatureCollection',
    features: Array.from({ length: count }, (_, i) => ({
      type: 'Feature',
      properties: { name: `Site ${i}`, ref: `S${i}` },
      geometry: { type: 'Point', coordinates: [-2.4 + (i % 500) / 2000, 53.38 + Math.floor(i / 500) / 2000] },
    })),
  };
  const parsed = await parseImport({ fileName: 'sites.geojson', bytes: new TextEncoder().encode(JSON.stringify(collection)), maxFeatures: count });
  applyImport(doc, parsed, { fileName: 'sites.geojson', layerName: 'Sites' }, { name: 'Test', now: () => 0 });
  return Y.encodeStateAsUpdate(doc);
}

function boardOf(state: Uint8Array): Y.Doc {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, state);
  return doc;
}

describe('openBoardCopyOffThread', () => {
  it('opens a saved board in a worker as the state of a new board, titled as a copy unless given a title', async () => {
    const saved = await savedBoard('Sale West', 50);
    const opened = await openBoardCopyOffThread(saved);
    expect(opened.title).toBe('Sale West (saved copy)');
    const doc = boardOf(opened.state);
    expect(getBoardMeta(doc).title).toBe('Sale West (saved copy)');
    expect(listFeatures(doc).filter((r) => r.ok)).toHaveLength(50);

    const named = await openBoardCopyOffThread(saved, { title: 'Sale West, as on Friday' });
    expect([named.title, getBoardMeta(boardOf(named.state)).title]).toEqual(['Sale West, as on Friday', 'Sale West, as on Friday']);
  });

  it('gives back what the worker refuses as BoardCopyRefused, with its reason', async () => {
    const refused = await openBoardCopyOffThread(new TextEncoder().encode('minutes of the meeting')).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(BoardCopyRefused);
    expect((refused as Error).message).toMatch(/^is not a saved board: it is not a Yjs update/);
  });

  it('refuses a copy that needs more memory than it may take, and opens a smaller one under the same limit', async () => {
    // 64 MiB holds the worker and a small board; a board of 40,000 points (13 MB saved) needs over 128 MiB to open.
    const limit = { maxMemoryMb: 64 };
    const small = await openBoardCopyOffThread(await savedBoard('Small', 100), limit);
    expect(small.title).toBe('Small (saved copy)');
    const big = await savedBoard('Big', 40_000);
    const refused = await openBoardCopyOffThread(big, limit).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(BoardCopyRefused);
    expect((refused as Error).message).toMatch(/^is too big to open here/);
  });

  it('gives up a copy that takes longer than it may, and opens the next one queued behind it', async () => {
    const big = await savedBoard('Big', 20_000);
    const [late, next] = await Promise.all([
      openBoardCopyOffThread(big, { maxMs: 1 }).catch((e: unknown) => e),
      openBoardCopyOffThread(await savedBoard('Next', 5)),
    ]);
    expect(late).toBeInstanceOf(BoardCopyRefused);
    expect((late as Error).message).toBe('took too long to open here, and was given up');
    expect(next.title).toBe('Next (saved copy)');
  });

  it('opens copies sent at once one after another: a big one first holds up the small ones behind it', async () => {
    const [big, small, smaller] = await Promise.all([savedBoard('Big', 20_000), savedBoard('Small', 20), savedBoard('Smaller', 2)]);
    const finished: string[] = [];
    const opening = [big, small, smaller].map((bytes) => openBoardCopyOffThread(bytes).then((opened) => finished.push(opened.title)));
    await Promise.all(opening);
    expect(finished).toEqual(['Big (saved copy)', 'Small (saved copy)', 'Smaller (saved copy)']);
  });
});
