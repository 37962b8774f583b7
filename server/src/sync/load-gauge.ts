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
  /** Busy from this share of the last sample spent running code... @default 0.5 */
  busyAbove?: number;
  /** ...and calm again below this one; the gap keeps it from flapping. @default 0.3 */
  calmBelow?: number;
}

/**
 * Reads the event loop's utilisation (the share of time it spent running code rather than waiting) every
 * `sampleMs`, and says busy above `busyAbove` until it falls below `calmBelow`. The timer does not keep the process
 * alive.
 */
export function createLoadGauge(options: LoadGaugeOptions = {}): LoadGauge {
  const { sampleMs = 100, busyAbove = 0.5, calmBelow = 0.3 } = options;
  let last: EventLoopUtilization = performance.eventLoopUtilization();
  let busy = false;
  const timer = setInterval(() => {
    const now = performance.eventLoopUtilization();
    const { utilization } = performance.eventLoopUtilization(now, last);
    last = now;
    busy = busy ? utilization >= calmBelow : utilization > busyAbove;
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
