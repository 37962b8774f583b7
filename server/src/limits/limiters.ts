import { Redis } from 'ioredis';
import { errorMessage, type Logger } from '../log.js';
import { createRedisWindowLimiter, createWindowLimiter, type WindowLimiter } from './window-limiter.js';

/** Password sign-in attempts one IP address may make in a minute (guessing passwords is slow). */
const SIGN_IN_LIMIT = { limit: 10, windowMs: 60_000 };

/** The limits of a deployment (see AppOptions.limiters). */
export interface Limiters {
  signIns: WindowLimiter;
  communityPosts: WindowLimiter;
}

/**
 * The per-address and per-link limits: with `redis` (several processes behind a load balancer, see
 * connectCoordination) counted in Redis, so that a key has one allowance across the processes rather than one in
 * each; without it, in this process's memory. A limit Redis cannot count is not enforced meanwhile (see
 * createRedisWindowLimiter).
 */
export function createLimiters(options: { redis: Redis | undefined; communityPostsPerHour: number; log: Logger }): Limiters {
  const { redis, log } = options;
  const posts = { limit: options.communityPostsPerHour, windowMs: 60 * 60 * 1000 };
  if (!redis) return { signIns: createWindowLimiter(SIGN_IN_LIMIT), communityPosts: createWindowLimiter(posts) };
  return {
    signIns: createRedisWindowLimiter(redis, { ...SIGN_IN_LIMIT, prefix: 'placeboard:limit:sign-in:', log }),
    communityPosts: createRedisWindowLimiter(redis, { ...posts, prefix: 'placeboard:limit:community-post:', log }),
  };
}

/**
 * The Redis connection of what the processes of a deployment count and hold together (the limits, and client ids:
 * see ClientClaims), apart from the fan-out's. Commands fail at once while it is down rather than queue behind it,
 * and each user says what that means for it. Redis unreachable at start is only warned about: the fan-out's own
 * connection is what stops a process that cannot reach Redis at start.
 */
export async function connectCoordination(redisUrl: string, log: Logger): Promise<Redis> {
  const redis = new Redis(redisUrl, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    retryStrategy: (times: number) => Math.min(times * 100, 2000),
    connectionName: 'placeboard-coordination',
  });
  // Failures reach the callers, which warn; without a listener ioredis would print every retry.
  redis.on('error', () => {});
  try {
    await redis.connect();
  } catch (error) {
    log.warn('limits and client ids not shared until Redis answers', { error: errorMessage(error) });
  }
  return redis;
}
