import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { errorMessage, type Logger } from '../log.js';

/** Options of {@link createWindowLimiter} and {@link createRedisWindowLimiter}. */
export interface WindowLimiterOptions {
  /** Actions each key may take within `windowMs`. */
  limit: number;
  /** The sliding window the limit counts over. @default 3600000 (an hour) */
  windowMs?: number;
}

/** Options of {@link createWindowLimiter}. */
export interface MemoryWindowLimiterOptions extends WindowLimiterOptions {
  /** Clock in milliseconds. @default Date.now */
  now?: () => number;
}

/** The answer of {@link WindowLimiter.take}: a reservation to keep (or give back), or how long to wait. */
export type Reservation = { ok: true; release(): void } | { ok: false; retryAfterMs: number };

/**
 * Counts actions per key (an IP address, a community link) over a sliding window: community posts, sign-in attempts.
 */
export interface WindowLimiter {
  /**
   * Reserves one action under every key at once, or none of them when any key has used its allowance (so a post
   * refused for its link does not also use up its sender's allowance). `release()` gives the reservation back, for a
   * post that was not stored after all.
   */
  take(keys: readonly string[]): Promise<Reservation>;
}

/** A reservation that `release` gives back, once however often it is called. */
function reserved(release: () => void): Reservation {
  let released = false;
  return {
    ok: true,
    release() {
      if (released) return;
      released = true;
      release();
    },
  };
}

/**
 * A sliding-window limiter in this process's memory: a key may act `limit` times in any `windowMs`, exactly (no burst
 * beyond the limit, unlike a token bucket), and the answer says when the oldest action in the window leaves it. Keys
 * quiet for a whole window are dropped, so memory stays bounded by the keys active in one window (at most `limit`
 * timestamps each). One process only: several share their counts through {@link createRedisWindowLimiter}.
 */
export function createWindowLimiter(options: MemoryWindowLimiterOptions): WindowLimiter {
  const windowMs = options.windowMs ?? 60 * 60 * 1000;
  const now = options.now ?? Date.now;
  const actions = new Map<string, number[]>();
  let sweptAt = now();

  /** The actions of `key` still inside the window, oldest first. */
  const recent = (key: string, at: number): number[] => {
    const times = actions.get(key);
    if (!times) return [];
    while (times.length > 0 && (times[0] as number) <= at - windowMs) times.shift();
    if (times.length === 0) actions.delete(key);
    return times;
  };

  return {
    async take(keys) {
      const at = now();
      if (at - sweptAt >= windowMs) {
        for (const key of [...actions.keys()]) recent(key, at);
        sweptAt = at;
      }
      let retryAt = 0;
      for (const key of keys) {
        const times = recent(key, at);
        if (times.length >= options.limit) retryAt = Math.max(retryAt, (times[times.length - options.limit] as number) + windowMs);
      }
      if (retryAt > 0) return { ok: false, retryAfterMs: Math.max(1, retryAt - at) };
      for (const key of keys) {
        const times = actions.get(key);
        if (times) times.push(at);
        else actions.set(key, [at]);
      }
      return reserved(() => {
        for (const key of keys) {
          const times = actions.get(key);
          const index = times?.lastIndexOf(at) ?? -1;
          if (times && index >= 0) times.splice(index, 1);
        }
      });
    },
  };
}

/**
 * Reserves one action under every key (KEYS) or none, on Redis's clock: ARGV = limit, window (ms), this action's
 * member. Each key is a sorted set of its actions in the window, scored by time. Returns 0 when reserved, else how
 * many milliseconds until the oldest action that blocks leaves the window.
 */
const TAKE_SCRIPT = `
local limit = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local retryAt = 0
for _, key in ipairs(KEYS) do
  redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
  local count = redis.call('ZCARD', key)
  if count >= limit then
    local blocking = redis.call('ZRANGE', key, count - limit, count - limit, 'WITHSCORES')
    retryAt = math.max(retryAt, tonumber(blocking[2]) + window)
  end
end
if retryAt > 0 then return math.max(1, retryAt - now) end
for _, key in ipairs(KEYS) do
  redis.call('ZADD', key, now, ARGV[3])
  redis.call('PEXPIRE', key, window)
end
return 0`;

/** Options of {@link createRedisWindowLimiter}. */
export interface RedisWindowLimiterOptions extends WindowLimiterOptions {
  /** Put before every key, naming what is counted (`placeboard:limit:posts:`). */
  prefix: string;
  /** Told when Redis cannot answer (the action is then let through). */
  log: Logger;
}

/**
 * The same sliding window kept in Redis, so that every server process behind a load balancer counts against one
 * allowance per key, not one each. One script call per `take`, atomic across the keys; times come from Redis, so
 * processes' clocks need not agree. While Redis cannot answer, actions are let through (with a warning): the limits
 * guard against floods, and Redis outages are ridden out, not turned into refusals of every sign-in.
 */
export function createRedisWindowLimiter(redis: Redis, options: RedisWindowLimiterOptions): WindowLimiter {
  const windowMs = options.windowMs ?? 60 * 60 * 1000;
  const { prefix, log } = options;
  let warned = false;
  return {
    async take(keys) {
      const redisKeys = keys.map((key) => prefix + key);
      const member = randomUUID();
      let answer: unknown;
      try {
        answer = await redis.eval(TAKE_SCRIPT, redisKeys.length, ...redisKeys, options.limit, windowMs, member);
        warned = false;
      } catch (error) {
        if (!warned) log.warn('rate limit not counted: Redis did not answer', { prefix, error: errorMessage(error) });
        warned = true;
        return { ok: true, release() {} };
      }
      const waitMs = Number(answer);
      if (waitMs > 0) return { ok: false, retryAfterMs: waitMs };
      return reserved(() => {
        const removal = redis.multi();
        for (const key of redisKeys) removal.zrem(key, member);
        removal.exec().catch(() => {}); // at worst the action counts until it leaves the window
      });
    },
  };
}
