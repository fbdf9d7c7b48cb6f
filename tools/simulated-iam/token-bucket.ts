import type { Clock } from './clock';

export interface RateLimit {
  /** Sustained requests a second the account accepts (IAM's real limit is not published). */
  readonly perSecond: number;
  /** Requests accepted at once from a full bucket. */
  readonly burst: number;
}

/**
 * IAM's request limit modelled as a token bucket shared by every action, like the account-wide
 * limit AWS applies: a request arriving to an empty bucket is answered with Throttling.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly limit: RateLimit,
    private readonly clock: Clock,
  ) {
    if (!(limit.perSecond > 0) || !(limit.burst >= 1)) {
      throw new RangeError(`rate limit needs perSecond > 0 and burst >= 1, got ${JSON.stringify(limit)}`);
    }
    this.tokens = limit.burst;
    this.last = clock.now();
  }

  /** Takes one token if there is one; false means "throttle this request". */
  tryTake(): boolean {
    const now = this.clock.now();
    this.tokens = Math.min(this.limit.burst, this.tokens + ((now - this.last) / 1000) * this.limit.perSecond);
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
