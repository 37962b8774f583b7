import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Polls `check` until it returns true. It has no deadline of its own: the test runner's timeout stops a run
 * that never gets there, so speed is never asserted here (that is what `pnpm bench` is for).
 */
export async function waitUntil(check: () => boolean | Promise<boolean>, pollMs = 10): Promise<void> {
  while (!(await check())) await sleep(pollMs);
}

/** Resolves with the first value `emitter` emits for `event`. */
export function once<T = unknown>(emitter: { once(event: string, fn: (value: T) => void): unknown }, event: string): Promise<T> {
  return new Promise((resolve) => emitter.once(event, resolve));
}
