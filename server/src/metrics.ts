import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { SyncMetrics } from './sync/sync-metrics.js';

/** What is open in this process, read when Prometheus asks (see {@link Metrics.watch}). */
export interface OpenCounts {
  /** Boards loaded in memory. */
  boards: number;
  /** WebSocket clients connected to them. */
  connections: number;
}

/** One server's metrics, in the Prometheus text format. */
export interface Metrics {
  readonly sync: SyncMetrics;
  /** Reads the open boards and connections from `source` at each scrape. */
  watch(source: { openCounts(): Promise<OpenCounts> }): void;
  /**
   * Reads at each scrape whether the other processes can be reached (`placeboard_redis_connected`); a fan-out that
   * answers null (one process, no Redis) adds no such series.
   */
  watchFanout(fanout: { reachable(): boolean | null }): void;
  /** The content type of {@link text}'s answer. */
  readonly contentType: string;
  /** Every metric of this server and of its process, as Prometheus reads them. */
  text(): Promise<string>;
}

/**
 * The process's own metrics (CPU, memory, event-loop delay, garbage collection: prom-client's defaults), registered
 * once however many servers the process starts (tests start many): their collectors watch the whole process.
 */
let processRegistry: Registry | undefined;

function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    // prom-client's event-loop delay samples every 10 ms (its default), so `nodejs_eventloop_lag_*` read about 10 ms
    // on an idle process: the sampling interval is part of what Node measures. It costs about 0.4 % of a core.
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

/**
 * Seconds, for store writes and for an update's time in the server. The server stores every update (with a disk
 * flush) before it sends it on, so a millisecond or two is the normal case; the upper buckets show a slow disk or a
 * PostgreSQL under strain.
 */
const LATENCY_BUCKETS = [0.0005, 0.001, 0.002, 0.003, 0.005, 0.0075, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

/** Makes a server's metrics: its own registry, so that two servers in one process (tests) count apart. */
export function createMetrics(): Metrics {
  // From the start, not at the first scrape: what the process pays for them (a 10 ms event-loop delay timer, a
  // garbage-collection observer) does not change when Prometheus starts asking.
  const processWide = processMetrics();
  const registry = new Registry();
  let source: { openCounts(): Promise<OpenCounts> } | undefined;
  let counts: Promise<OpenCounts> | undefined;
  /** Both gauges read one count per scrape. */
  const openCounts = (): Promise<OpenCounts> => {
    counts ??= (source?.openCounts() ?? Promise.resolve({ boards: 0, connections: 0 })).finally(() => {
      counts = undefined;
    });
    return counts;
  };
  new Gauge({
    name: 'placeboard_boards_loaded',
    help: 'Boards loaded in this process.',
    registers: [registry],
    async collect() {
      this.set((await openCounts()).boards);
    },
  });
  new Gauge({
    name: 'placeboard_connections',
    help: 'WebSocket clients connected to the boards of this process.',
    registers: [registry],
    async collect() {
      this.set((await openCounts()).connections);
    },
  });
  const updatesStored = new Counter({
    name: 'placeboard_updates_stored_total',
    help: 'Updates stored: client edits and server changes.',
    registers: [registry],
  });
  const storeWrite = new Histogram({
    name: 'placeboard_store_write_seconds',
    help: 'Time to store one batch of updates, with its disk flush (one store transaction).',
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  const relay = new Histogram({
    name: 'placeboard_update_relay_seconds',
    help: 'Time from an update arriving to it going out to the other clients: checked, applied and stored.',
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  const refused = new Counter({
    name: 'placeboard_connections_refused_total',
    help: 'Connections the server closed for what they sent, by close code (4403 not allowed, 4422 invalid update, 4429 too many messages).',
    labelNames: ['code'],
    registers: [registry],
  });
  const storeFailures = new Counter({
    name: 'placeboard_store_failures_total',
    help: 'Store transactions that failed; the board reloaded and its clients sent their edits again.',
    registers: [registry],
  });
  return {
    sync: {
      stored(updates, seconds) {
        updatesStored.inc(updates);
        storeWrite.observe(seconds);
      },
      relayed(seconds) {
        relay.observe(seconds);
      },
      refused(code) {
        refused.inc({ code: String(code) });
      },
      storeFailed() {
        storeFailures.inc();
      },
    },
    watch(watched) {
      source = watched;
    },
    watchFanout(fanout) {
      if (fanout.reachable() === null) return;
      new Gauge({
        name: 'placeboard_redis_connected',
        help: 'Whether this process reaches the others through Redis (1) or not (0: people on different processes stop seeing each other\'s edits until it is back).',
        registers: [registry],
        collect() {
          this.set(fanout.reachable() ? 1 : 0);
        },
      });
    },
    contentType: registry.contentType,
    async text() {
      const merged = Registry.merge([processWide, registry]);
      return merged.metrics();
    },
  };
}
