export type BreakerState = 'closed' | 'open' | 'halfOpen';

/**
 * A circuit breaker around the sync server (closed / open / half-open). After `threshold`
 * consecutive failures it opens: no sync traffic for `cooldownMs`, so a failing server is not
 * hammered and the till does no useless work. Then it half-opens: one probe (the engine asks
 * /readyz) decides whether to close again or re-open.
 */
export class CircuitBreaker {
  private failures = 0;
  private openedAt: number | null = null;
  private probing = false;

  constructor(private readonly options: { threshold: number; cooldownMs: number }) {}

  state(now: Date): BreakerState {
    if (this.openedAt === null) return 'closed';
    // The wall clock went back (set by hand, NTP): the cooldown restarts rather than lasting
    // as long as the jump. Forward jumps simply end it sooner.
    if (now.getTime() < this.openedAt) this.openedAt = now.getTime();
    return now.getTime() - this.openedAt >= this.options.cooldownMs ? 'halfOpen' : 'open';
  }

  /** Whether a request may go out now; in half-open, only one probe at a time. */
  tryAcquire(now: Date): boolean {
    const state = this.state(now);
    if (state === 'closed') return true;
    if (state === 'open' || this.probing) return false;
    this.probing = true;
    return true;
  }

  /** When the breaker lets traffic through again (null when closed). */
  reopensAt(): Date | null {
    return this.openedAt === null ? null : new Date(this.openedAt + this.options.cooldownMs);
  }

  recordSuccess(): void {
    this.failures = 0;
    this.openedAt = null;
    this.probing = false;
  }

  recordFailure(now: Date): void {
    this.probing = false;
    this.failures += 1;
    if (this.openedAt !== null || this.failures >= this.options.threshold) this.openedAt = now.getTime();
  }
}
