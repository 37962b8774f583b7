import type { Redis } from 'ioredis';
import type { Logger } from '../log.js';
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
 * coordination.ts) counted in Redis, so that a key has one allowance across the processes rather than one in
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
