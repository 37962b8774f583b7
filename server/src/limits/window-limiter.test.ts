import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../log.js';
import { createRedisWindowLimiter, createWindowLimiter, type WindowLimiter, type WindowLimiterOptions } from './window-limiter.js';

describe('createWindowLimiter (memory)', () => {
  it('allows exactly the limit per key within the window, then says when the oldest action leaves it', async () => {
    let clock = 1_000;
    const limiter = createWindowLimiter({ limit: 3, windowMs: 10_000, now: () => clock });
    const results = [];
    for (let i = 0; i < 4; i++) results.push((await limiter.take(['ip:a'])).ok);
    expect(results).toEqual([true, true, true, false]);
    clock += 4_000;
    expect(await limiter.take(['ip:a'])).toEqual({ ok: false, retryAfterMs: 6_000 });
    expect((await limiter.take(['ip:b'])).ok).toBe(true);
    clock += 6_000;
    // All three left the window together.
    const again = [];
    for (let i = 0; i < 4; i++) again.push((await limiter.take(['ip:a'])).ok);
    expect(again).toEqual([true, true, true, false]);
  });

  it('slides: actions spread over the window leave it one by one', async () => {
    let clock = 0;
    const limiter = createWindowLimiter({ limit: 2, windowMs: 100, now: () => clock });
    expect((await limiter.take(['k'])).ok).toBe(true);
    clock = 50;
    expect((await limiter.take(['k'])).ok).toBe(true);
    clock = 99;
    expect(await limiter.take(['k'])).toEqual({ ok: false, retryAfterMs: 1 });
    clock = 100;
    expect((await limiter.take(['k'])).ok).toBe(true);
    clock = 120;
    expect(await limiter.take(['k'])).toEqual({ ok: false, retryAfterMs: 30 });
  });

  it('answers the longest wait of the keys that block', async () => {
    let clock = 0;
    const limiter = createWindowLimiter({ limit: 2, windowMs: 1_000, now: () => clock });
    await limiter.take(['link:x']);
    clock = 10;
    await limiter.take(['link:x']);
    clock = 20;
    expect(await limiter.take(['ip:a', 'link:x'])).toEqual({ ok: false, retryAfterMs: 980 });
  });

  behavesAsAWindowLimiter((options) => createWindowLimiter(options));
});

/** The shared Redis of the test machine (.ci/run starts it); each run counts under keys of its own. */
const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

describe('createRedisWindowLimiter (real Redis)', () => {
  const clients: Redis[] = [];
  const prefix = `placeboard:test:limit:${randomUUID()}:`;
  /** A client of its own, as each server process has. */
  const connect = (): Redis => {
    const client = new Redis(TEST_REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    try {
      await connect().connect();
    } catch (error) {
      throw new Error(
        `Redis is not reachable at ${TEST_REDIS_URL} (start it with \`redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no\`, as .ci/run does, or set TEST_REDIS_URL): ${String(error)}`,
      );
    }
  });

  afterAll(async () => {
    const keys = await clients[0]!.keys(`${prefix}*`);
    if (keys.length > 0) await clients[0]!.del(...keys);
    for (const client of clients) client.disconnect();
  });

  let run = 0;
  behavesAsAWindowLimiter((options) => createRedisWindowLimiter(clients[0]!, { ...options, prefix: `${prefix}${run++}:`, log: silentLogger }));

  it('counts one allowance for every process: two clients of Redis share it', async () => {
    const options = { limit: 3, windowMs: 60_000, prefix: `${prefix}shared:`, log: silentLogger };
    const first = createRedisWindowLimiter(clients[0]!, options);
    const second = createRedisWindowLimiter(connect(), options);
    const answers = [];
    for (const limiter of [first, second, first, second]) answers.push((await limiter.take(['ip:a'])).ok);
    expect(answers).toEqual([true, true, true, false]);
    const refused = await first.take(['ip:a']);
    expect(refused.ok).toBe(false);
    if (!refused.ok) {
      expect(refused.retryAfterMs).toBeGreaterThan(0);
      expect(refused.retryAfterMs).toBeLessThanOrEqual(60_000);
    }
  });

  it('lets actions through, and says so once, while Redis cannot answer', async () => {
    const down = new Redis('redis://127.0.0.1:1', { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0, retryStrategy: () => null });
    down.on('error', () => {});
    clients.push(down);
    const warnings: string[] = [];
    const log = { ...silentLogger, warn: (message: string) => void warnings.push(message) };
    const limiter = createRedisWindowLimiter(down, { limit: 1, prefix: `${prefix}down:`, log });
    expect((await limiter.take(['ip:a'])).ok).toBe(true);
    expect((await limiter.take(['ip:a'])).ok).toBe(true);
    expect(warnings).toEqual(['rate limit not counted: Redis did not answer']);
  });
});

/** What either limiter does, on its own clock (no time travel: the window here is short, and waited out). */
function behavesAsAWindowLimiter(make: (options: WindowLimiterOptions) => WindowLimiter): void {
  it('allows the limit per key, refuses the next with how long to wait, and keeps keys apart', async () => {
    const limiter = make({ limit: 2, windowMs: 60_000 });
    expect((await limiter.take(['ip:a'])).ok).toBe(true);
    expect((await limiter.take(['ip:a'])).ok).toBe(true);
    const refused = await limiter.take(['ip:a']);
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.retryAfterMs).toBeGreaterThan(59_000);
    expect((await limiter.take(['ip:b'])).ok).toBe(true);
  });

  it('takes from every key or from none', async () => {
    const limiter = make({ limit: 2, windowMs: 60_000 });
    await limiter.take(['link:x']);
    await limiter.take(['link:x']);
    // The link is spent: the IP keeps its allowance.
    expect((await limiter.take(['ip:a', 'link:x'])).ok).toBe(false);
    expect((await limiter.take(['ip:a', 'link:y'])).ok).toBe(true);
    expect((await limiter.take(['ip:a', 'link:z'])).ok).toBe(true);
    expect((await limiter.take(['ip:a', 'link:w'])).ok).toBe(false);
  });

  it('gives a released reservation back', async () => {
    const limiter = make({ limit: 1, windowMs: 60_000 });
    const first = await limiter.take(['k']);
    expect(first.ok).toBe(true);
    if (first.ok) {
      first.release();
      first.release();
    }
    await waitUntilTaken(limiter, 'k');
    expect((await limiter.take(['k'])).ok).toBe(false);
  });

  it('allows again once the window has passed', async () => {
    const limiter = make({ limit: 1, windowMs: 50 });
    expect((await limiter.take(['k'])).ok).toBe(true);
    expect((await limiter.take(['k'])).ok).toBe(false);
    await waitUntilTaken(limiter, 'k');
  });
}

/** Takes `key` once it is allowed again (a release on Redis is sent without waiting for it). */
async function waitUntilTaken(limiter: WindowLimiter, key: string): Promise<void> {
  while (!(await limiter.take([key])).ok) await sleep(10);
}
