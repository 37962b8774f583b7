import { describe, expect, it } from 'vitest';
import { createPostLimiter } from './post-limiter.js';

describe('createPostLimiter', () => {
  it('allows exactly the limit per key within the window, then says when the oldest post leaves it', () => {
    let clock = 1_000;
    const limiter = createPostLimiter({ limit: 3, windowMs: 10_000, now: () => clock });
    const results = [1, 2, 3, 4].map(() => limiter.take(['ip:a']).ok);
    expect(results).toEqual([true, true, true, false]);
    clock += 4_000;
    expect(limiter.take(['ip:a'])).toEqual({ ok: false, retryAfterMs: 6_000 });
    expect(limiter.take(['ip:b']).ok).toBe(true);
    clock += 6_000;
    // All three left the window together.
    expect([1, 2, 3, 4].map(() => limiter.take(['ip:a']).ok)).toEqual([true, true, true, false]);
  });

  it('slides: posts spread over the window leave it one by one', () => {
    let clock = 0;
    const limiter = createPostLimiter({ limit: 2, windowMs: 100, now: () => clock });
    expect(limiter.take(['k']).ok).toBe(true);
    clock = 50;
    expect(limiter.take(['k']).ok).toBe(true);
    clock = 99;
    expect(limiter.take(['k'])).toEqual({ ok: false, retryAfterMs: 1 });
    clock = 100;
    expect(limiter.take(['k']).ok).toBe(true);
    clock = 120;
    expect(limiter.take(['k'])).toEqual({ ok: false, retryAfterMs: 30 });
  });

  it('takes from every key or from none, and answers the longest wait', () => {
    let clock = 0;
    const limiter = createPostLimiter({ limit: 2, windowMs: 1_000, now: () => clock });
    limiter.take(['link:x']);
    clock = 10;
    limiter.take(['link:x']);
    clock = 20;
    // The link is spent: the IP keeps its allowance.
    expect(limiter.take(['ip:a', 'link:x'])).toEqual({ ok: false, retryAfterMs: 980 });
    expect(limiter.take(['ip:a', 'link:y']).ok).toBe(true);
    expect(limiter.take(['ip:a', 'link:z']).ok).toBe(true);
    expect(limiter.take(['ip:a', 'link:w']).ok).toBe(false);
  });

  it('gives a released reservation back', () => {
    const limiter = createPostLimiter({ limit: 1, now: () => 5 });
    const first = limiter.take(['k']);
    expect(first.ok).toBe(true);
    if (first.ok) {
      first.release();
      first.release();
    }
    expect(limiter.take(['k']).ok).toBe(true);
    expect(limiter.take(['k']).ok).toBe(false);
  });
});
