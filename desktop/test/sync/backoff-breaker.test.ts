import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { backoffDelayMs, parseRetryAfter } from '../../src/core/sync/backoff';
import { CircuitBreaker } from '../../src/core/sync/breaker';
import { deriveStatus, type SyncFacts } from '../../src/core/sync/status';

describe('backoff', () => {
  it('When attempts grow, then the delay stays within [0, min(cap, base·2^n)] and never below Retry-After', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 40 }), fc.double({ min: 0, max: 0.999999, noNaN: true }), fc.option(fc.integer({ min: 0, max: 120_000 })), (n, r, retryAfterMs) => {
        const delay = backoffDelayMs(n, { baseMs: 500, capMs: 60_000, retryAfterMs }, () => r);
        const ceiling = Math.min(60_000, 500 * 2 ** n);
        expect(delay).toBeGreaterThanOrEqual(retryAfterMs ?? 0);
        expect(delay).toBeLessThanOrEqual(Math.max(ceiling, retryAfterMs ?? 0));
      }),
    );
  });

  it('When the random source is at its extremes, then full jitter spans zero to the ceiling', () => {
    expect(backoffDelayMs(3, { baseMs: 1000, capMs: 60_000 }, () => 0)).toBe(0);
    expect(backoffDelayMs(3, { baseMs: 1000, capMs: 60_000 }, () => 0.9999)).toBe(7999);
    expect(backoffDelayMs(20, { baseMs: 1000, capMs: 60_000 }, () => 0.9999)).toBe(59_994);
  });

  it.each([
    ['5', 5000],
    [' 0 ', 0],
    ['Sun, 22 Nov 2026 10:00:10 GMT', 10_000],
    ['soon', null],
    [null, null],
  ] as const)('When Retry-After is %j, then it means %j ms', (header, ms) => {
    expect(parseRetryAfter(header, new Date('2026-11-22T10:00:00Z'))).toBe(ms);
  });
});

describe('circuit breaker', () => {
  const t = (s: number) => new Date(1_000_000 + s * 1000);

  it('When failures reach the threshold, then it opens, half-opens after the cooldown for one probe, and closes on success', () => {
    const b = new CircuitBreaker({ threshold: 3, cooldownMs: 10_000 });
    b.recordFailure(t(0));
    b.recordFailure(t(1));
    expect(b.state(t(1))).toBe('closed');
    b.recordFailure(t(2));
    expect(b.state(t(3))).toBe('open');
    expect(b.tryAcquire(t(3))).toBe(false);
    expect(b.state(t(12))).toBe('halfOpen');
    expect(b.tryAcquire(t(12))).toBe(true);
    expect(b.tryAcquire(t(12))).toBe(false); // one probe at a time
    b.recordSuccess();
    expect(b.state(t(13))).toBe('closed');
  });

  it('When the half-open probe fails, then it opens again for a full cooldown', () => {
    const b = new CircuitBreaker({ threshold: 1, cooldownMs: 10_000 });
    b.recordFailure(t(0));
    expect(b.tryAcquire(t(10))).toBe(true);
    b.recordFailure(t(10));
    expect(b.state(t(15))).toBe('open');
    expect(b.reopensAt()).toEqual(t(20));
  });
});

describe('sync status', () => {
  const facts: SyncFacts = {
    enrolled: true, running: false, pendingCount: 0, oldestPendingAt: null, lastSuccessAt: '2026-11-22T10:00:00.000Z',
    breaker: 'closed', nextAttemptAt: null, rejected: [], lastError: null, lastFailureWasNetwork: false, conflict: false, catalog: null,
  };

  it.each([
    [{}, 'online'],
    [{ lastSuccessAt: null }, 'offline'],
    [{ running: true }, 'syncing'],
    [{ lastError: { code: 'NETWORK_UNREACHABLE', message: 'x' }, lastFailureWasNetwork: true }, 'offline'],
    [{ lastError: { code: 'UNAVAILABLE', message: 'x' } }, 'serverError'],
    [{ rejected: [{ seq: 3, type: 'sale.completed', reason: 'bad' }] }, 'rejectedOps'],
    [{ conflict: true, running: true }, 'conflict'],
    [{ enrolled: false, conflict: true }, 'notEnrolled'],
  ] as const)('When the facts are %j, then the state is %s', (overrides, state) => {
    expect(deriveStatus({ ...facts, ...(overrides as Partial<SyncFacts>) }).state).toBe(state);
  });
});
