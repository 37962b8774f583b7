/**
 * Capacity: many idle clients over many rooms, each with a presence (published once, renewed every 15 s as
 * y-protocols' Awareness does). The server's RSS is read after two full GCs with nobody connected, then after
 * each step of one more client per room (the first step loads every room).
 */
import fs from 'node:fs';
import { tempDir } from '../../../helpers/server.js';
import { GENERATOR_WORKERS, LoadGenerator } from '../generator.js';
import type { EditorSpec } from '../load-worker.js';
import { sampleProcess, watchProcess } from '../process-stats.js';
import { createSendLogBuffers } from '../send-log.js';
import { launchServer, type ServerHandle, type ServerKind } from '../servers.js';
import type { CompareSettings } from '../settings.js';

/** One capacity run. */
export interface CapacityResult {
  server: ServerKind;
  clients: number;
  rooms: number;
  /**
   * After full GCs with nobody connected, then after each step of `rooms` more clients (one more per room; the first
   * step loads every room): RSS, and the live V8 heap plus memory outside it that V8 knows of (socket buffers,
   * typed arrays), MiB.
   */
  steps: { clients: number; rssMiB: number; heapMiB: number }[];
  /** What one more idle client costs in RSS: the least-squares slope over the steps, KiB per client. */
  rssPerClientKiB: number;
  /**
   * False when RSS fell by more than 1 MiB from one step to the next: the process handed memory back to the system
   * in between, by more than a thousand clients cost, so the RSS slope says nothing about clients.
   */
  rssMonotonic: boolean;
  /** The same slope for V8 heap + external: steady where RSS is not, but blind to native memory. */
  heapPerClientKiB: number;
  /** (all − none) / clients in RSS: everything, the rooms' own memory included, per client. */
  rssPerClientWithRoomsKiB: number;
  /** Server CPU while everyone sat idle. */
  idleCpuPercent: number;
  joinFailures: number;
  errors: string[];
}

/** How long a freshly started server is left alone before the first reading. */
const STARTUP_SETTLE_MS = 20_000;

/** RSS changes by less than this between two readings once it has settled. */
const SETTLED_BYTES = 512 * 1024;

/**
 * The server's memory once it has settled: after `settleMs`, two full GCs and a reading, again and again (at most
 * five times) until two RSS readings in a row differ by less than {@link SETTLED_BYTES}. A process goes on handing
 * memory back for a while after it starts or after a burst of work.
 */
async function settledMemory(server: ServerHandle, settleMs: number): Promise<{ rss: number; heap: number }> {
  let previous = { rss: Number.NaN, heap: Number.NaN };
  for (let attempt = 0; attempt < 5; attempt++) {
    await new Promise((resolve) => setTimeout(resolve, settleMs));
    const memory = await server.collectGarbage();
    const reading = { rss: sampleProcess(server.pid)?.rssBytes ?? Number.NaN, heap: memory.heapUsed + memory.external };
    if (Math.abs(reading.rss - previous.rss) < SETTLED_BYTES) return reading;
    previous = reading;
  }
  return previous;
}

/** Least-squares slope of y over x. */
function slope(points: { x: number; y: number }[]): number {
  const n = points.length;
  const mx = points.reduce((sum, p) => sum + p.x, 0) / n;
  const my = points.reduce((sum, p) => sum + p.y, 0) / n;
  const sxy = points.reduce((sum, p) => sum + (p.x - mx) * (p.y - my), 0);
  const sxx = points.reduce((sum, p) => sum + (p.x - mx) ** 2, 0);
  return sxx > 0 ? sxy / sxx : Number.NaN;
}

/** Runs the capacity scenario against a fresh `kind` server. */
export async function runCapacity(kind: ServerKind, settings: CompareSettings): Promise<CapacityResult> {
  const { clients, rooms: roomCount, settleMs } = settings.capacity;
  const dataDir = tempDir('placeboard-compare-');
  const server = await launchServer(kind, { dataDir });
  const generator = LoadGenerator.start();
  try {
    const rooms = await server.createRooms(roomCount, 'capacity');
    const log = createSendLogBuffers(clients, 1);
    const specs: EditorSpec[] = Array.from({ length: clients }, (_, index) => ({ index, room: rooms[index % roomCount] as string, role: 'light' }));
    const MiB = 2 ** 20;
    const reading = async (count: number) => {
      const memory = await settledMemory(server, settleMs);
      return { clients: count, rssMiB: memory.rss / MiB, heapMiB: memory.heap / MiB };
    };
    // V8's memory reducer shrinks a new process's heap some seconds after start-up, which would show as a fall in
    // RSS in the middle of the steps: let it happen first.
    await new Promise((resolve) => setTimeout(resolve, STARTUP_SETTLE_MS));
    const steps = [await reading(0)];
    let failed = 0;
    const errors: string[] = [];
    for (let joined = 0; joined < clients; joined += roomCount) {
      const part = specs.slice(joined, joined + roomCount);
      const replies = await generator.each(
        (worker) => ({ type: 'join', target: server.target, editors: part.filter((s) => s.index % GENERATOR_WORKERS === worker), log, concurrency: 25, idle: true }),
        'joined',
      );
      failed += replies.reduce((sum, r) => sum + r.failed, 0);
      errors.push(...replies.flatMap((r) => r.errors));
      steps.push(await reading(joined + part.length));
    }
    const watch = watchProcess(server.pid);
    await new Promise((resolve) => setTimeout(resolve, settleMs));
    const idle = watch.stop();
    const loaded = steps.slice(1);
    const perClient = (pick: (step: (typeof steps)[number]) => number) =>
      loaded.length >= 2 ? slope(loaded.map((step) => ({ x: step.clients, y: pick(step) * 1024 }))) : Number.NaN;
    const first = steps[0] as (typeof steps)[number];
    const last = steps.at(-1) as (typeof steps)[number];
    return {
      server: kind,
      clients,
      rooms: roomCount,
      steps,
      rssPerClientKiB: perClient((step) => step.rssMiB),
      rssMonotonic: steps.every((step, i) => i === 0 || step.rssMiB > (steps[i - 1] as (typeof steps)[number]).rssMiB - 1),
      heapPerClientKiB: perClient((step) => step.heapMiB),
      rssPerClientWithRoomsKiB: ((last.rssMiB - first.rssMiB) * 1024) / last.clients,
      idleCpuPercent: idle.cpuPercent,
      joinFailures: failed,
      errors: errors.slice(0, 5),
    };
  } finally {
    await generator.stop().catch(() => {});
    await server.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
