/** Options of {@link createPostLimiter}. */
export interface PostLimiterOptions {
  /** Posts each key may make within `windowMs`. */
  limit: number;
  /** The sliding window the limit counts over. @default 3600000 (an hour) */
  windowMs?: number;
  /** Clock in milliseconds. @default Date.now */
  now?: () => number;
}

/** The answer of {@link PostLimiter.take}: a reservation to keep (or give back), or how long to wait. */
export type PostReservation = { ok: true; release(): void } | { ok: false; retryAfterMs: number };

/** Counts community posts per key (an IP address, a community link) over a sliding window. */
export interface PostLimiter {
  /**
   * Reserves one post under every key at once, or none of them when any key has used its allowance (so a post
   * refused for its link does not also use up its sender's allowance). `release()` gives the reservation back, for a
   * post that was not stored after all.
   */
  take(keys: readonly string[]): PostReservation;
}

/**
 * A sliding-window limiter: a key may post `limit` times in any `windowMs`, exactly (no burst beyond the limit, unlike
 * a token bucket), and the answer says when the oldest post in the window leaves it. Keys quiet for a whole window are
 * dropped, so memory stays bounded by the keys active in one window (at most `limit` timestamps each).
 */
export function createPostLimiter(options: PostLimiterOptions): PostLimiter {
  const windowMs = options.windowMs ?? 60 * 60 * 1000;
  const now = options.now ?? Date.now;
  const posts = new Map<string, number[]>();
  let sweptAt = now();

  /** The posts of `key` still inside the window, oldest first. */
  const recent = (key: string, at: number): number[] => {
    const times = posts.get(key);
    if (!times) return [];
    while (times.length > 0 && (times[0] as number) <= at - windowMs) times.shift();
    if (times.length === 0) posts.delete(key);
    return times;
  };

  return {
    take(keys) {
      const at = now();
      if (at - sweptAt >= windowMs) {
        for (const key of [...posts.keys()]) recent(key, at);
        sweptAt = at;
      }
      let retryAt = 0;
      for (const key of keys) {
        const times = recent(key, at);
        if (times.length >= options.limit) retryAt = Math.max(retryAt, (times[times.length - options.limit] as number) + windowMs);
      }
      if (retryAt > 0) return { ok: false, retryAfterMs: Math.max(1, retryAt - at) };
      for (const key of keys) {
        const times = posts.get(key);
        if (times) times.push(at);
        else posts.set(key, [at]);
      }
      let released = false;
      return {
        ok: true,
        release() {
          if (released) return;
          released = true;
          for (const key of keys) {
            const times = posts.get(key);
            const index = times?.lastIndexOf(at) ?? -1;
            if (times && index >= 0) times.splice(index, 1);
          }
        },
      };
    },
  };
}
