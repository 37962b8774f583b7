import { Redis } from 'ioredis';
import { errorMessage, type Logger } from '../log.js';
import { createRedisWindowLimiter, createWindowLimiter, type WindowLimiter } from './window-limiter.js';

/** Password sign-in attempts one IP address may make in a minute (guessing passwords is slow). */
const SIGN_IN_LIMIT = { limit: 10, windowMs: 60_000 };

/** The limits of a deployment (see AppOptions.limiters), and how to let go of them. */
export interface Limiters {
  signIns: WindowLimiter;
  communityPosts: WindowLimiter;
  close(): Promise<void>;
}

/**
 * The per-address and per-link limits: with `redisUrl` (several processes behind a load balancer) counted in Redis,
 * on a connection of their own, so that a key has one allowance across the processes rather than one in each;
 * without it, in this process's memory. A limit Redis cannot count is not enforced meanwhile (see
 * createRedisWindowLimiter): commands fail at once while the connection is down rather than queue behind it.
 */
export async function createLimiters(options: { redisUrl: string | undefined; communityPostsPerHour: number; log: Logger }): Promise<Limiters> {
  const { redisUrl, log } = options;
  const posts = { limit: options.communityPostsPerHour, windowMs: 60 * 60 * 1000 };
  if (!redisUrl) return { signIns: createWindowLimiter(SIGN_IN_LIMIT), communityPosts: createWindowLimiter(posts), close: async () => {} };
  const redis = new Redis(redisUrl, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    retryStrategy: (times: number) => Math.min(times * 100, 2000),
    connectionName: 'placeboard-limits',
  });
  // Failures reach the limiters' callers, which warn; without a listener ioredis would print every retry.
  redis.on('error', () => {});
  try {
    await redis.connect();
  } catch (error) {
    log.warn('rate limits not counted until Redis answers', { error: errorMessage(error) });
  }
  return {
    signIns: createRedisWindowLimiter(redis, { ...SIGN_IN_LIMIT, prefix: 'placeboard:limit:sign-in:', log }),
    communityPosts: createRedisWindowLimiter(redis, { ...posts, prefix: 'placeboard:limit:community-post:', log }),
    async close() {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
