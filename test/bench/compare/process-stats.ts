/**
 * CPU time and RSS of another process, read from /proc (Linux). Reading them from outside works even while the
 * process's event loop is saturated, which an IPC question to it would not.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

/** Clock ticks per second of /proc/<pid>/stat times. */
const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** One reading of a process. */
export interface ProcessSample {
  /** When it was taken, ms (performance.now of this process). */
  at: number;
  /** User plus system CPU time so far, ms, all threads. */
  cpuMs: number;
  /** Resident set size, bytes. */
  rssBytes: number;
}

/** Reads `pid`'s CPU time and RSS now; undefined once it has gone. */
export function sampleProcess(pid: number): ProcessSample | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which is in parentheses and may hold spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const utime = Number(fields[11]);
    const stime = Number(fields[12]);
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const rssKiB = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN);
    return { at: performance.now(), cpuMs: ((utime + stime) * 1000) / CLOCK_TICKS, rssBytes: rssKiB * 1024 };
  } catch {
    return undefined;
  }
}

/** CPU time all processes of the machine have used so far, ms (every core; from /proc/stat). */
export function machineCpuMs(): number {
  try {
    const line = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0] as string;
    // cpu user nice system idle iowait irq softirq steal ...
    const [user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number) as number[];
    return (((user ?? 0) + (nice ?? 0) + (system ?? 0) + (irq ?? 0) + (softirq ?? 0) + (steal ?? 0)) * 1000) / CLOCK_TICKS;
  } catch {
    return Number.NaN;
  }
}

/** CPU time this process (the harness, its worker threads included) has used so far, ms. */
function harnessCpuMs(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

/** What {@link watchProcess} saw. */
export interface ProcessUsage {
  /** The watched process's CPU, % of one core. */
  cpuPercent: number;
  maxRssBytes: number;
  endRssBytes: number;
  /**
   * CPU used by everything else on the machine (neither the watched process nor this harness), % of one core:
   * another job on the same cores skews every figure, so runs where this is high are marked.
   */
  otherCpuPercent: number;
}

/** Samples a process every `everyMs` until stopped: its CPU use over the span and its largest RSS. */
export function watchProcess(pid: number, everyMs = 250): { stop(): ProcessUsage } {
  const first = sampleProcess(pid);
  const machineStart = machineCpuMs();
  const harnessStart = harnessCpuMs();
  let last = first;
  let maxRss = first?.rssBytes ?? 0;
  const timer = setInterval(() => {
    const sample = sampleProcess(pid);
    if (!sample) return;
    last = sample;
    maxRss = Math.max(maxRss, sample.rssBytes);
  }, everyMs);
  return {
    stop() {
      clearInterval(timer);
      const end = sampleProcess(pid) ?? last;
      if (!first || !end) return { cpuPercent: Number.NaN, maxRssBytes: Number.NaN, endRssBytes: Number.NaN, otherCpuPercent: Number.NaN };
      maxRss = Math.max(maxRss, end.rssBytes);
      const wall = end.at - first.at;
      const serverMs = end.cpuMs - first.cpuMs;
      const otherMs = machineCpuMs() - machineStart - serverMs - (harnessCpuMs() - harnessStart);
      return {
        cpuPercent: wall > 0 ? (100 * serverMs) / wall : Number.NaN,
        maxRssBytes: maxRss,
        endRssBytes: end.rssBytes,
        otherCpuPercent: wall > 0 ? Math.max(0, (100 * otherMs) / wall) : Number.NaN,
      };
    },
  };
}

/** Above this much CPU used by other processes (% of a core), a run is marked as contended. */
export const CONTENDED_CPU_PERCENT = 25;
