import { describe, expect, it } from 'vitest';
import { createKeyedLimiter } from './rate-limit.js';

describe('createKeyedLimiter', () => {
  it('allows the limit per key, then refuses until the window refills', () => {
    let clock = 0;
    const limiter = createKeyedLimiter({ limit: 3, perMs: 3000, now: () => clock });
    expect([1, 2, 3, 4].map(() => limiter.take('a'))).toEqual([true, true, true, false]);
    expect(limiter.take('b')).toBe(true);
    clock += 1000;
    expect(limiter.take('a')).toBe(true);
    expect(limiter.take('a')).toBe(false);
  });

  it('forgets keys that have been quiet for a whole window', () => {
    let clock = 0;
    const limiter = createKeyedLimiter({ limit: 1, perMs: 1000, now: () => clock });
    expect(limiter.take('a')).toBe(true);
    expect(limiter.take('a')).toBe(false);
    clock += 5000;
    expect(limiter.take('a')).toBe(true);
    expect(limiter.retryAfterSeconds()).toBe(1);
  });
});
