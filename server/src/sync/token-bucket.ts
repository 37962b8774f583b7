/** Options of a {@link TokenBucket}. */
export interface TokenBucketOptions {
  /** Tokens added per second, up to `capacity`. */
  perSecond: number;
  /** Most tokens the bucket holds: the largest burst allowed after a quiet spell. The bucket starts full. */
  capacity: number;
  /** Clock in milliseconds. @default Date.now */
  now?: () => number;
}

/**
 * A token bucket: `take(n)` succeeds while the bucket holds `n` tokens, and the bucket refills at a steady rate.
 * Used per connection to cap messages and bytes per second without penalising a short burst.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;
  private readonly now: () => number;

  constructor(private readonly options: TokenBucketOptions) {
    this.now = options.now ?? Date.now;
    this.tokens = options.capacity;
    this.last = this.now();
  }

  /** Takes `amount` tokens if the bucket holds that many; returns false (and takes none) if not. */
  take(amount: number): boolean {
    const now = this.now();
    const elapsed = Math.max(0, now - this.last);
    this.last = now;
    this.tokens = Math.min(this.options.capacity, this.tokens + (elapsed * this.options.perSecond) / 1000);
    if (this.tokens < amount) return false;
    this.tokens -= amount;
    return true;
  }
}
