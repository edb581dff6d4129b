import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocate, allocateMinor } from '../../src/pricing/allocate';

describe('allocate (largest remainder)', () => {
  it.each([
    [100, [500, 945], [35, 65]], // 34.60 / 65.40: the larger remainder (.60) takes the spare unit
    [10, [1, 1, 1], [4, 3, 3]], // equal remainders: the earlier line wins
    [2, [1, 1, 1], [1, 1, 0]],
    [5, [2, 2, 2, 2], [2, 1, 1, 1]],
    [7, [0, 3, 4], [0, 3, 4]],
    [0, [5, 5], [0, 0]],
    [130, [998, 299], [100, 30]], // 100.03 / 29.97
    [-10, [1, 1, 1], [-4, -3, -3]],
  ] as Array<[number, number[], number[]]>)('When %i is allocated over %j, then the parts are %j', (amount, weights, parts) => {
    expect(allocateMinor(amount, weights)).toEqual(parts);
  });

  it('When a non-zero amount meets zero weights or a weight is negative, then a RangeError is thrown', () => {
    expect(() => allocate(1n, [0n, 0n])).toThrow(RangeError);
    expect(() => allocate(1n, [1n, -1n])).toThrow(RangeError);
  });

  const weightsArb = fc.array(fc.bigInt({ min: 0n, max: 10n ** 9n }), { minLength: 1, maxLength: 12 }).filter((w) => w.some((x) => x > 0n));

  it('When any amount is allocated, then the parts sum to it exactly: no minor unit is created or lost', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }), weightsArb, (amount, weights) => {
        return allocate(amount, weights).reduce((a, b) => a + b, 0n) === amount;
      }),
    );
  });

  it('When any amount is allocated, then each part is its exact share rounded down or up', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 12n }), weightsArb, (amount, weights) => {
        const total = weights.reduce((a, b) => a + b, 0n);
        return allocate(amount, weights).every((part, i) => {
          const exact = amount * (weights[i] ?? 0n); // exact share × total
          return part * total <= exact + total - 1n && part * total >= exact - total + 1n;
        });
      }),
    );
  });

  it('When the amount does not exceed the total weight, then no part exceeds its weight', () => {
    fc.assert(
      fc.property(weightsArb, fc.integer({ min: 0, max: 1000 }), (weights, permille) => {
        const total = weights.reduce((a, b) => a + b, 0n);
        const amount = (total * BigInt(permille)) / 1000n;
        return allocate(amount, weights).every((part, i) => part >= 0n && part <= (weights[i] ?? 0n));
      }),
    );
  });
});
