import { performance, type EventLoopUtilization } from 'node:perf_hooks';

/** Whether the process's event loop is busy: read by rooms to batch more under load (see {@link Room}). */
export interface LoadGauge {
  readonly busy: boolean;
  stop(): void;
}

/** Options of {@link createLoadGauge}. */
export interface LoadGaugeOptions {
  /** How often the event loop's utilisation is read. @default 100 */
  sampleMs?: number;
  /** Busy once this many samples in a row spent more than `busyAbove` of their time running code... @default 2 */
  busySamples?: number;
  /** @default 0.6 */
  busyAbove?: number;
  /** ...and calm again once a sample falls below this share; the gap keeps it from flapping. @default 0.45 */
  calmBelow?: number;
}

/**
 * Reads the event loop's utilisation (the share of time it spent running code rather than waiting) every
 * `sampleMs`, and says busy once `busySamples` samples in a row were above `busyAbove`, until one falls below
 * `calmBelow`. The timer does not keep the process alive.
 *
 * The defaults are set from the benchmark (`pnpm bench compare`): at 50 editors in a room the loop runs about 40%
 * of the time, with single samples up to about 80%; at 200 editors, batching on, it stays above 55%. A lone busy
 * sample, or a threshold of 50%, put the 50-editor room into batching for a tenth of a second now and then, and each
 * time the edits of that moment waited the batch's 10 ms: most of that room's p99.
 */
export function createLoadGauge(options: LoadGaugeOptions = {}): LoadGauge {
  const { sampleMs = 100, busySamples = 2, busyAbove = 0.6, calmBelow = 0.45 } = options;
  let last: EventLoopUtilization = performance.eventLoopUtilization();
  let busy = false;
  let busyInARow = 0;
  const timer = setInterval(() => {
    const now = performance.eventLoopUtilization();
    const { utilization } = performance.eventLoopUtilization(now, last);
    last = now;
    busyInARow = utilization > busyAbove ? busyInARow + 1 : 0;
    busy = busy ? utilization >= calmBelow : busyInARow >= busySamples;
  }, sampleMs);
  timer.unref();
  return {
    get busy() {
      return busy;
    },
    stop() {
      clearInterval(timer);
    },
  };
}
