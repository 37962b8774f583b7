import { Redis } from 'ioredis';
import { errorMessage, type Logger } from './log.js';

/** How long a command of the coordination connection may wait for Redis to answer. */
const COORDINATION_TIMEOUT_MS = 1_000;

/**
 * The Redis connection of what the processes of a deployment count and hold together (the limits: createLimiters;
 * and client ids: ClientClaims), apart from the fan-out's. Commands fail at once while it is down rather than queue
 * behind it, and each user says what that means for it. Redis unreachable at start is only warned about: the
 * fan-out's own connection is what stops a process that cannot reach Redis at start.
 */
export async function connectCoordination(redisUrl: string, log: Logger): Promise<Redis> {
  const redis = new Redis(redisUrl, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    retryStrategy: (times: number) => Math.min(times * 100, 2000),
    // A Redis that stops answering without closing anything fails each command after this long, as one that is down
    // fails it at once: a board waiting to hear whose a client id is must not wait for ever.
    commandTimeout: COORDINATION_TIMEOUT_MS,
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
