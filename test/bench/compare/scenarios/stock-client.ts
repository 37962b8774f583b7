/**
 * Stock client in a busy room (Placeboard only): the stock y-websocket `WebsocketProvider`, which the web client
 * uses, sends every awareness change it hears back to the server. In a room where N people move their pointers 10
 * times a second it therefore sends about 10·N messages a second, and Placeboard's per-connection limit
 * (`MAX_MESSAGES_PER_SECOND`, default 200, bursts of 400) closes it with 4429 once N is above about 20. The fan-out
 * observers therefore send only their own presence; this check shows what happens to an unmodified client.
 */
import fs from 'node:fs';
import * as Y from 'yjs';
import { tempDir } from '../../../helpers/server.js';
import { connectFullClient } from '../full-client.js';
import { GENERATOR_WORKERS, LoadGenerator } from '../generator.js';
import type { EditorSpec } from '../load-worker.js';
import { createSendLogBuffers } from '../send-log.js';
import { launchServer, type ServerKind } from '../servers.js';
import type { CompareSettings } from '../settings.js';
import { nowMs } from '../workload.js';

/** What happened to the stock client. */
export interface StockClientResult {
  server: ServerKind;
  editors: number;
  seconds: number;
  /** Close codes the stock client's socket got, in order (empty: it stayed connected). */
  closeCodes: number[];
  /** Seconds from the editors starting until the first close, or null. */
  closedAfterSeconds: number | null;
}

/** Runs the check on Placeboard. */
export async function runStockClient(settings: CompareSettings, kind: ServerKind = 'placeboard'): Promise<StockClientResult> {
  const { editors, seconds } = settings.stockClient;
  const options = settings.fanOut;
  const dataDir = tempDir('placeboard-compare-');
  const server = await launchServer(kind, { dataDir });
  const generator = LoadGenerator.start();
  try {
    const [room] = (await server.createRooms(1, 'stock-client')) as [string];
    const log = createSendLogBuffers(editors, Math.ceil(options.editsPerSecond * seconds) + 2);
    const specs: EditorSpec[] = Array.from({ length: editors }, (_, index) => ({ index, room, role: 'light' }));
    await generator.each(
      (worker) => ({ type: 'join', target: server.target, editors: specs.filter((s) => s.index % GENERATOR_WORKERS === worker), log, concurrency: 10, idle: false }),
      'joined',
    );
    const stock = connectFullClient(server.target, room, new Y.Doc(), { echoPresence: true });
    await stock.synced;
    const startAt = nowMs() + 100;
    let closedAt: number | null = null;
    const watch = setInterval(() => {
      if (closedAt === null && stock.closeCodes.length > 0) closedAt = nowMs();
    }, 20);
    await generator.each(
      () => ({ type: 'run', startAt, warmupMs: 0, measureMs: seconds * 1000, drainMs: 0, editsPerSecond: options.editsPerSecond, cursorMovesPerSecond: options.cursorMovesPerSecond }),
      'ran',
    );
    clearInterval(watch);
    const closeCodes = [...stock.closeCodes];
    stock.destroy();
    return { server: kind, editors, seconds, closeCodes, closedAfterSeconds: closedAt === null ? null : (closedAt - startAt) / 1000 };
  } finally {
    await generator.stop().catch(() => {});
    await server.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
