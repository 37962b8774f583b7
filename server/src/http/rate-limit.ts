import { TokenBucket } from '../sync/token-bucket.js';

/** Options of {@link createKeyedLimiter}. */
export interface KeyedLimiterOptions {
  /** How many actions each key may take in `perMs`, and the largest burst. */
  limit: number;
  /** The window the limit is counted over, in milliseconds. @default 3600000 (an hour) */
  perMs?: number;
  /** Clock in milliseconds. @default Date.now */
  now?: () => number;
}

/**
 * A token bucket per key (an IP address, a share link): `take(key)` is false once that key has used its allowance,
 * which refills steadily over the window. Buckets that have refilled completely are dropped, so memory stays bounded
 * by the keys active within one window.
 */
export function createKeyedLimiter(options: KeyedLimiterOptions) {
  const perMs = options.perMs ?? 60 * 60 * 1000;
  const now = options.now ?? Date.now;
  const buckets = new Map<string, { bucket: TokenBucket; last: number }>();
  const perSecond = (options.limit * 1000) / perMs;
  let sweptAt = now();
  return {
    /** Takes one action for `key`; false (and nothing taken) when the key is over its limit. */
    take(key: string): boolean {
      const at = now();
      if (at - sweptAt > perMs) {
        for (const [k, entry] of buckets) if (at - entry.last > perMs) buckets.delete(k);
        sweptAt = at;
      }
      let entry = buckets.get(key);
      if (!entry) {
        entry = { bucket: new TokenBucket({ perSecond, capacity: options.limit, now }), last: at };
        buckets.set(key, entry);
      }
      entry.last = at;
      return entry.bucket.take(1);
    },
    /** Seconds until `key` may act again (for Retry-After): at most one token's refill time. */
    retryAfterSeconds(): number {
      return Math.ceil(1 / perSecond);
    },
  };
}
