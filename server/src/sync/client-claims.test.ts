import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BoardId } from '@placeboard/board';
import type { Logger } from '../log.js';
import { createRedisClaims, type ClientClaims } from './client-claims.js';

/** The shared Redis of the test machine (.ci/run starts it); each run claims under a prefix of its own. */
const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

describe('createRedisClaims (real Redis)', () => {
  const prefix = `placeboard:test:client-id:${randomUUID()}:`;
  const board = 'board-1' as BoardId;
  const warnings: string[] = [];
  const log: Logger = { info() {}, warn: (message) => warnings.push(message), error() {} };
  const redises: Redis[] = [];
  const opened: ClientClaims[] = [];
  /** The claims of one process, on a connection of its own. */
  const processClaims = async (): Promise<ClientClaims> => {
    // As the server makes it (connectCoordination): commands fail at once, rather than queue, while it is down.
    const redis = new Redis(TEST_REDIS_URL, { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 1 });
    redises.push(redis);
    await redis.connect();
    const claims = createRedisClaims(redis, { log, prefix });
    opened.push(claims);
    return claims;
  };
  const ada = { actor: 'user:ada', token: 'ada-tab-1' };
  const adaAgain = { actor: 'user:ada', token: 'ada-tab-2' };
  const mallory = { actor: 'link:mallory', token: 'mallory-1' };

  beforeAll(async () => {
    const probe = new Redis(TEST_REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
    redises.push(probe);
    try {
      await probe.connect();
    } catch (error) {
      throw new Error(`Redis is not reachable at ${TEST_REDIS_URL} (.ci/run starts it; or set TEST_REDIS_URL): ${String(error)}`);
    }
  });

  afterAll(async () => {
    for (const claims of opened) claims.close();
    const keys = await redises[0]!.keys(`${prefix}*`);
    if (keys.length > 0) await redises[0]!.del(...keys);
    for (const redis of redises) redis.disconnect();
  });

  it('gives a free id to the first to take it; nobody else may have it, on any process', async () => {
    const [first, second] = [await processClaims(), await processClaims()];
    await expect(first.claim(board, 1, ada, true)).resolves.toBe(true);
    await expect(second.claim(board, 1, mallory, true)).resolves.toBe(false);
    await expect(second.claim(board, 1, mallory, false)).resolves.toBe(false);
    // Another board's id of the same number is another id.
    await expect(second.claim('board-2' as BoardId, 1, mallory, true)).resolves.toBe(true);
  });

  it('lets the same person take their id over at once (a reconnect through another process), and keeps it theirs', async () => {
    const [dead, alive] = [await processClaims(), await processClaims()];
    await dead.claim(board, 2, ada, true);
    await expect(alive.claim(board, 2, adaAgain, true)).resolves.toBe(true);
    // The old connection letting go (its process's clean-up) does not free what the new one holds.
    await dead.release(board, 2, ada);
    await expect(alive.claim(board, 2, mallory, true)).resolves.toBe(false);
    // The new one letting go does.
    await alive.release(board, 2, adaAgain);
    await expect(dead.claim(board, 2, mallory, false)).resolves.toBe(true);
  });

  it('keeps a living process\'s claims past their time by renewing them; a dead process\'s run out', async () => {
    const redis = new Redis(TEST_REDIS_URL, { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 1 });
    redises.push(redis);
    await redis.connect();
    // Renewed every second; a claim not renewed for three is gone.
    const living = createRedisClaims(redis, { log, prefix, ttlMs: 3_000 });
    opened.push(living);
    const other = await processClaims();
    await living.claim(board, 6, ada, true);
    await new Promise((resolve) => setTimeout(resolve, 4_000));
    await expect(other.claim(board, 6, mallory, false)).resolves.toBe(false);
    // The process dies: nothing renews its claim any more.
    living.close();
    while (!(await other.claim(board, 6, mallory, false))) await new Promise((resolve) => setTimeout(resolve, 100));
  });

  it('only checks, without taking, when asked not to take', async () => {
    const claims = await processClaims();
    await expect(claims.claim(board, 3, ada, false)).resolves.toBe(true);
    await expect(claims.claim(board, 3, mallory, true)).resolves.toBe(true);
    await expect(claims.claim(board, 3, ada, false)).resolves.toBe(false);
  });

  it('lets ids through, and says so once, while Redis cannot answer', async () => {
    const down = new Redis('redis://127.0.0.1:1', { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0, retryStrategy: () => null });
    redises.push(down);
    down.on('error', () => {});
    const claims = createRedisClaims(down, { log, prefix });
    opened.push(claims);
    const before = warnings.length;
    await expect(claims.claim(board, 4, mallory, true)).resolves.toBe(true);
    await expect(claims.claim(board, 5, mallory, true)).resolves.toBe(true);
    expect(warnings.slice(before)).toEqual(['client ids not checked across processes until Redis answers']);
  });
});
