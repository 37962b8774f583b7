/**
 * Fan-out: one room, N editors, each typing `editsPerSecond` text edits and moving its pointer
 * `cursorMovesPerSecond` times a second. A few editors are full observer clients that time every edit and every
 * pointer move of the others from its send to its arrival; the rest are light clients (pre-encoded updates, incoming
 * frames counted). Reports latency, edits the observers never received, the server's CPU and RSS over the
 * measurement window, and each generator worker's event-loop utilisation.
 */
import fs from 'node:fs';
import { tempDir } from '../../../helpers/server.js';
import { percentile } from '../../stats.js';
import { GENERATOR_WORKERS, LoadGenerator } from '../generator.js';
import type { EditorSpec } from '../load-worker.js';
import { CONTENDED_CPU_PERCENT, watchProcess, type ProcessUsage } from '../process-stats.js';
import { createSendLogBuffers } from '../send-log.js';
import { between, quantileMs, readHistograms, type Buckets } from '../server-metrics.js';
import { launchServer, type ServerKind } from '../servers.js';
import type { CompareSettings } from '../settings.js';
import { nowMs } from '../workload.js';

/** A worker is taken to be the bottleneck above this event-loop utilisation. */
export const GENERATOR_BOUND_ELU = 0.9;

/** One fan-out run. */
export interface FanOutResult {
  server: ServerKind;
  editors: number;
  observers: number;
  editP50Ms: number;
  editP99Ms: number;
  editMaxMs: number;
  editSamples: number;
  cursorP50Ms: number;
  cursorP99Ms: number;
  cursorSamples: number;
  /** Edits sent that the worst observer never received (after the drain). */
  editsLost: number;
  editsSent: number;
  serverCpuPercent: number;
  serverMaxRssMiB: number;
  /** CPU other processes of the machine used in the window, % of a core; `contended` when above 25 %. */
  otherCpuPercent: number;
  contended: boolean;
  /** Per worker. */
  generatorElu: number[];
  generatorLatenessP99Ms: number;
  generatorBound: boolean;
  /** Frames a light client received per second, on average. */
  framesPerClientPerSecond: number;
  /** Clients that could not join, and sockets the server closed during the run (by code). */
  joinFailures: number;
  closed: Record<string, number>;
  errors: string[];
  /**
   * Placeboard only (NaN for the others): its own histograms over the measured window (see server-metrics.ts), in
   * ms, estimated within their buckets: from an edit reaching the server to its going out (checked, applied and
   * stored), and the store transaction alone.
   */
  serverRelayP50Ms: number;
  serverRelayP99Ms: number;
  serverStoreP50Ms: number;
  serverStoreP99Ms: number;
}

/** The histograms of Placeboard's /api/metrics read over the window. */
const SERVER_HISTOGRAMS = ['placeboard_update_relay_seconds', 'placeboard_store_write_seconds'] as const;

/** Runs fan-out with `editors` editors against a fresh `kind` server. */
export async function runFanOut(kind: ServerKind, editors: number, settings: CompareSettings): Promise<FanOutResult> {
  const options = settings.fanOut;
  const dataDir = tempDir('placeboard-compare-');
  const server = await launchServer(kind, { dataDir });
  const generator = LoadGenerator.start();
  try {
    const [room] = await server.createRooms(1, 'fan-out');
    const maxEdits = Math.ceil((options.editsPerSecond * (options.warmupMs + options.measureMs)) / 1000) + 2;
    const log = createSendLogBuffers(editors, maxEdits);
    const observers = Math.min(options.observers, editors);
    const specs: EditorSpec[] = Array.from({ length: editors }, (_, index) => ({
      index,
      room: room as string,
      role: index < observers ? 'observer' : 'light',
    }));
    const joined = await generator.each(
      (worker) => ({
        type: 'join',
        target: server.target,
        editors: specs.filter((spec) => spec.index % GENERATOR_WORKERS === worker),
        log,
        concurrency: 10,
        idle: false,
      }),
      'joined',
    );
    await new Promise((resolve) => setTimeout(resolve, 500));

    const startAt = nowMs() + 200;
    const windowFrom = startAt + options.warmupMs;
    let watch: ReturnType<typeof watchProcess> | undefined;
    let usage: ProcessUsage = { cpuPercent: Number.NaN, maxRssBytes: Number.NaN, endRssBytes: Number.NaN, otherCpuPercent: Number.NaN };
    // Placeboard's own histograms, read as the window opens and as it closes.
    const readings: Promise<Record<string, Buckets>>[] = [];
    const readServer = () => {
      // A reading that fails leaves the figures out (NaN), not the run.
      if (kind === 'placeboard') readings.push(readHistograms(server.url, SERVER_HISTOGRAMS).catch(() => ({})));
    };
    const startWatch = setTimeout(() => {
      watch = watchProcess(server.pid);
      readServer();
    }, windowFrom - nowMs());
    const stopWatch = setTimeout(() => {
      usage = watch?.stop() ?? usage;
      readServer();
    }, windowFrom + options.measureMs - nowMs());
    const ran = await generator.each(
      () => ({
        type: 'run',
        startAt,
        warmupMs: options.warmupMs,
        measureMs: options.measureMs,
        drainMs: options.drainMs,
        editsPerSecond: options.editsPerSecond,
        cursorMovesPerSecond: options.cursorMovesPerSecond,
      }),
      'ran',
    );
    clearTimeout(startWatch);
    clearTimeout(stopWatch);

    const reports = ran.map((reply) => reply.report);
    const observerReports = reports.flatMap((report) => report.observers);
    const editLatencies = observerReports.flatMap((o) => [...o.editLatencies]);
    const cursorLatencies = observerReports.flatMap((o) => [...o.cursorLatencies]);
    const closed: Record<string, number> = {};
    for (const report of reports) for (const [code, count] of Object.entries(report.closed)) closed[code] = (closed[code] ?? 0) + count;
    for (const o of observerReports) for (const code of o.closeCodes) closed[`observer ${code}`] = (closed[`observer ${code}`] ?? 0) + 1;
    const lightClients = reports.reduce((sum, r) => sum + r.lightClients, 0);
    const lightFrames = reports.reduce((sum, r) => sum + r.lightFrames, 0);
    const elu = reports.map((r) => r.elu);
    const [opened, closedAt] = await Promise.all(readings);
    const windowOf = (name: string): Buckets => {
      const [from, to] = [opened?.[name], closedAt?.[name]];
      return from && to ? between(from, to) : [];
    };
    const relay = windowOf('placeboard_update_relay_seconds');
    const store = windowOf('placeboard_store_write_seconds');
    return {
      server: kind,
      editors,
      observers,
      editP50Ms: percentile(editLatencies, 50),
      editP99Ms: percentile(editLatencies, 99),
      editMaxMs: editLatencies.length > 0 ? Math.max(...editLatencies) : Number.NaN,
      editSamples: editLatencies.length,
      cursorP50Ms: percentile(cursorLatencies, 50),
      cursorP99Ms: percentile(cursorLatencies, 99),
      cursorSamples: cursorLatencies.length,
      editsLost: observerReports.length > 0 ? Math.max(...observerReports.map((o) => o.missingEdits)) : Number.NaN,
      editsSent: reports.reduce((sum, r) => sum + r.editsSent, 0),
      serverCpuPercent: usage.cpuPercent,
      serverMaxRssMiB: usage.maxRssBytes / 2 ** 20,
      otherCpuPercent: usage.otherCpuPercent,
      contended: !(usage.otherCpuPercent <= CONTENDED_CPU_PERCENT),
      generatorElu: elu,
      generatorLatenessP99Ms: Math.max(...reports.map((r) => r.latenessP99)),
      generatorBound: elu.some((value) => !(value <= GENERATOR_BOUND_ELU)),
      framesPerClientPerSecond: lightClients > 0 ? lightFrames / lightClients / (options.measureMs / 1000) : 0,
      joinFailures: joined.reduce((sum, reply) => sum + reply.failed, 0),
      closed,
      errors: joined.flatMap((reply) => reply.errors),
      serverRelayP50Ms: quantileMs(relay, 0.5),
      serverRelayP99Ms: quantileMs(relay, 0.99),
      serverStoreP50Ms: quantileMs(store, 0.5),
      serverStoreP99Ms: quantileMs(store, 0.99),
    };
  } finally {
    await generator.stop().catch(() => {});
    await server.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
