/**
 * A token bucket: `rate` units per second on average, up to `burst` at once. Counts messages per
 * connection, bytes sent in answer to a connection's requests, and a room's exact sync answers.
 * Cheap enough to run on every message.
 */
export class TokenBucket {
  #tokens: number;
  #last: number;
  constructor(
    readonly rate: number,
    readonly burst: number,
    now = performance.now(),
  ) {
    this.#tokens = burst;
    this.#last = now;
  }

  /** Takes `amount` units if that many are there (a cost above the burst never fits). */
  take(amount = 1, now = performance.now()): boolean {
    this.#refill(now);
    if (this.#tokens < amount) return false;
    this.#tokens -= amount;
    return true;
  }

  /** Whether anything is left (for a cost known only once the work is done: then `charge` it). */
  canSpend(now = performance.now()): boolean {
    this.#refill(now);
    return this.#tokens > 0;
  }

  /**
   * Takes `amount` units if the bucket is not empty, going into debt for the rest: for costs
   * known only afterwards, or larger than the burst (one big answer is allowed, the next waits
   * until the debt is paid off).
   */
  charge(amount: number, now = performance.now()): boolean {
    this.#refill(now);
    if (this.#tokens <= 0) return false;
    this.#tokens -= amount;
    return true;
  }

  #refill(now: number): void {
    this.#tokens = Math.min(this.burst, this.#tokens + (Math.max(0, now - this.#last) / 1000) * this.rate);
    this.#last = now;
  }
}
