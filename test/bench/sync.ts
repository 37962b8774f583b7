import { performance } from 'node:perf_hooks';
import { addCanvasItem, updateCanvasItem } from '@placeboard/board';
import * as Y from 'yjs';
import { connectClient } from '../helpers/clients.js';
import { createBoardViaApi, startTestServer } from '../helpers/server.js';
import type { Benchmark } from './run.js';
import { percentile, round2 } from './stats.js';

const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 50);
const EDITS = Number(process.env.BENCH_EDITS ?? 300);

/** Time from one edit to its arrival at every other client, through the real server and SQLite. */
async function fanOut(): Promise<{ latencies: number[]; seconds: number }> {
  const server = await startTestServer();
  const boardId = await createBoardViaApi(server, 'bench');
  const clients = [];
  for (let i = 0; i < CLIENTS; i++) clients.push(await connectClient(server, boardId));
  const [editor, ...others] = clients as [(typeof clients)[0], ...typeof clients];
  const author = { name: 'bench' };
  const itemId = addCanvasItem(editor.doc, { kind: 'sticky', x: 0, y: 0 }, author);
  await new Promise<void>((resolve) => {
    const check = () => (others.every((c) => c.doc.getMap('canvas').has(itemId)) ? resolve() : setTimeout(check, 5));
    check();
  });

  const latencies: number[] = [];
  const started = performance.now();
  for (let i = 0; i < EDITS; i++) {
    let waiting = others.length;
    const t0 = performance.now();
    const arrived = new Promise<void>((resolve) => {
      for (const other of others) {
        const onUpdate = () => {
          other.doc.off('update', onUpdate);
          if (--waiting === 0) resolve();
        };
        other.doc.on('update', onUpdate);
      }
    });
    updateCanvasItem(editor.doc, itemId, { x: i + 1, text: `edit ${i}` }, author);
    await arrived;
    latencies.push(performance.now() - t0);
  }
  const seconds = (performance.now() - started) / 1000;
  for (const client of clients) client.destroy();
  await server.close();
  return { latencies, seconds };
}

/** Reference: the same edits applied doc to doc in memory, with no network, server or disk. */
function inMemoryReference(): number[] {
  const source = new Y.Doc();
  const targets = Array.from({ length: CLIENTS - 1 }, () => new Y.Doc());
  const author = { name: 'bench' };
  source.on('update', (update: Uint8Array) => targets.forEach((t) => Y.applyUpdate(t, update)));
  const itemId = addCanvasItem(source, { kind: 'sticky', x: 0, y: 0 }, author);
  const latencies: number[] = [];
  for (let i = 0; i < EDITS; i++) {
    const t0 = performance.now();
    updateCanvasItem(source, itemId, { x: i + 1, text: `edit ${i}` }, author);
    latencies.push(performance.now() - t0);
  }
  return latencies;
}

/** `pnpm bench sync`: one editor, many listeners, on one board. */
export const syncBenchmark: Benchmark = {
  name: 'sync',
  description: `${CLIENTS} y-websocket clients on one board (all in this process with the server); one makes ${EDITS} edits in turn`,
  async run() {
    const reference = inMemoryReference();
    const { latencies, seconds } = await fanOut();
    return {
      clients: CLIENTS,
      edits: EDITS,
      'edit→all clients p50 ms': round2(percentile(latencies, 50)),
      'edit→all clients p95 ms': round2(percentile(latencies, 95)),
      'edit→all clients max ms': round2(Math.max(...latencies)),
      'edits per second (sequential, durable)': round2(EDITS / seconds),
      'reference in-memory fan-out p95 ms': round2(percentile(reference, 95)),
    };
  },
};
