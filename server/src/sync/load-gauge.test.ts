import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { createLoadGauge, type LoadGauge } from './load-gauge.js';

/** Keeps the event loop running code for `ms`, as a flood of messages would. */
function spin(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // busy
  }
}

/** Alternates spinning and sleeping until `check` holds. */
async function until(check: () => boolean, spinMs: number, sleepMs: number): Promise<void> {
  while (!check()) {
    spin(spinMs);
    await sleep(sleepMs);
  }
}

describe('load gauge', () => {
  let gauge: LoadGauge | undefined;
  afterEach(() => gauge?.stop());

  it('is calm while the loop waits, busy while it mostly runs code, and calm again once the load goes', async () => {
    gauge = createLoadGauge({ sampleMs: 20 });
    expect(gauge.busy).toBe(false);
    await sleep(60);
    expect(gauge.busy).toBe(false);
    // Nine parts running to one part waiting.
    await until(() => gauge!.busy, 18, 2);
    expect(gauge.busy).toBe(true);
    await until(() => !gauge!.busy, 0, 30);
    expect(gauge.busy).toBe(false);
  });
});
