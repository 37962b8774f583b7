import { describe, expect, it } from 'vitest';
import { TokenBucket } from './token-bucket.js';

describe('TokenBucket', () => {
  it('allows a burst up to its capacity, then refuses until it refills', () => {
    let now = 1_000;
    const bucket = new TokenBucket({ perSecond: 10, capacity: 5, now: () => now });
    for (let i = 0; i < 5; i++) expect(bucket.take(1)).toBe(true);
    expect(bucket.take(1)).toBe(false);
    now += 100; // one token back
    expect(bucket.take(1)).toBe(true);
    expect(bucket.take(1)).toBe(false);
  });

  it('never holds more than its capacity however long it was idle', () => {
    let now = 0;
    const bucket = new TokenBucket({ perSecond: 100, capacity: 3, now: () => now });
    now += 60_000;
    expect(bucket.take(3)).toBe(true);
    expect(bucket.take(1)).toBe(false);
  });

  it('takes amounts larger than one (bytes), and takes nothing when it refuses', () => {
    let now = 0;
    const bucket = new TokenBucket({ perSecond: 1000, capacity: 1000, now: () => now });
    expect(bucket.take(800)).toBe(true);
    expect(bucket.take(300)).toBe(false);
    expect(bucket.take(200)).toBe(true);
    now += 500;
    expect(bucket.take(500)).toBe(true);
    expect(bucket.take(1)).toBe(false);
  });

  it('sustains exactly its rate when used steadily', () => {
    let now = 0;
    const bucket = new TokenBucket({ perSecond: 60, capacity: 60, now: () => now });
    let taken = 0;
    for (let ms = 0; ms < 10_000; ms += 5) {
      now = ms;
      if (bucket.take(1)) taken += 1;
    }
    // A full bucket to start with, then 60 a second for 10 s.
    expect(taken).toBeGreaterThanOrEqual(600);
    expect(taken).toBeLessThanOrEqual(660);
  });

  it('does not refill when the clock goes backwards', () => {
    let now = 10_000;
    const bucket = new TokenBucket({ perSecond: 10, capacity: 1, now: () => now });
    expect(bucket.take(1)).toBe(true);
    now = 0;
    expect(bucket.take(1)).toBe(false);
  });
});
