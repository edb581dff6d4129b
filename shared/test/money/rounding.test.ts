import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MoneyError } from '../../src/money/errors';
import { divRound, roundToMultiple, toSafeNumber } from '../../src/money/rounding';

describe('divRound', () => {
  // [numerator, denominator, half-up, half-even]; half-up = half away from zero.
  const cases: Array<[bigint, bigint, bigint, bigint]> = [
    [0n, 5n, 0n, 0n],
    [1n, 3n, 0n, 0n], // 0.333
    [2n, 3n, 1n, 1n], // 0.667
    [-2n, 3n, -1n, -1n],
    [5n, 2n, 3n, 2n], // 2.5
    [7n, 2n, 4n, 4n], // 3.5 -> 4 in both (4 is even)
    [-5n, 2n, -3n, -2n], // -2.5
    [-7n, 2n, -4n, -4n],
    [5n, -2n, -3n, -2n], // sign carried by the denominator
    [-5n, -2n, 3n, 2n],
    [24n, 10n, 2n, 2n],
    [25n, 10n, 3n, 2n],
    [26n, 10n, 3n, 3n],
    [35n, 10n, 4n, 4n],
    [-25n, 10n, -3n, -2n],
    [-26n, 10n, -3n, -3n],
    [2n ** 64n + 1n, 2n, 2n ** 63n + 1n, 2n ** 63n], // beyond 2^53: no float anywhere
  ];

  it.each(cases)('When %s / %s is rounded, then half-up gives %s and half-even gives %s', (n, d, up, even) => {
    expect(divRound(n, d, 'half-up')).toBe(up);
    expect(divRound(n, d, 'half-even')).toBe(even);
  });

  it('When the denominator is zero, then a DIVISION_BY_ZERO MoneyError is thrown', () => {
    expect(() => divRound(1n, 0n, 'half-up')).toThrow(expect.objectContaining({ code: 'DIVISION_BY_ZERO' }));
    expect(() => divRound(1n, 0n, 'half-up')).toThrow(MoneyError);
  });

  const big = fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n });
  const nonZero = fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }).filter((d) => d !== 0n);
  const mode = fc.constantFrom('half-up' as const, 'half-even' as const);

  it('When any numerator is divided in either mode, then the result is within half a unit of the exact quotient', () => {
    fc.assert(
      fc.property(big, nonZero, mode, (n, d, m) => {
        const q = divRound(n, d, m);
        const error = n - q * d; // exact quotient minus q, scaled by d
        expect(2n * (error < 0n ? -error : error) <= (d < 0n ? -d : d)).toBe(true);
      }),
    );
  });

  it('When the sign of the numerator flips, then the rounded result flips exactly (symmetric rounding)', () => {
    fc.assert(fc.property(big, nonZero, mode, (n, d, m) => divRound(-n, d, m) === -divRound(n, d, m)));
  });

  it('When half-up and half-even are compared, then they differ only on exact halves, by one, with half-even even', () => {
    fc.assert(
      fc.property(big, nonZero, (n, d) => {
        const up = divRound(n, d, 'half-up');
        const even = divRound(n, d, 'half-even');
        const exactHalf = n % d !== 0n && (2n * n) % d === 0n;
        if (!exactHalf) return up === even;
        const magnitudeUp = up < 0n ? -up : up;
        const magnitudeEven = even < 0n ? -even : even;
        return even % 2n === 0n && (up === even || magnitudeUp - magnitudeEven === 1n);
      }),
    );
  });

  it('When an exact half is rounded half-up, then it moves away from zero', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }), (k) => {
        const q = divRound(2n * k + 1n, 2n, 'half-up'); // k + 0.5
        return k >= 0n ? q === k + 1n : q === k;
      }),
    );
  });
});

describe('roundToMultiple and toSafeNumber', () => {
  it.each([
    [1342n, 5n, 1340n],
    [1343n, 5n, 1345n],
    [-1343n, 5n, -1345n],
    [1345n, 10n, 1350n],
  ])('When %s is rounded to a multiple of %s half-up, then it becomes %s', (value, unit, expected) => {
    expect(roundToMultiple(value, unit, 'half-up')).toBe(expected);
  });

  it('When a bigint exceeds the safe integer range, then OUT_OF_RANGE is thrown', () => {
    expect(toSafeNumber(BigInt(Number.MAX_SAFE_INTEGER))).toBe(Number.MAX_SAFE_INTEGER);
    expect(() => toSafeNumber(BigInt(Number.MAX_SAFE_INTEGER) + 1n)).toThrow(
      expect.objectContaining({ code: 'OUT_OF_RANGE' }),
    );
  });
});
