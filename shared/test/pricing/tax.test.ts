import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitTax } from '../../src/pricing/tax';
import { modeArb, ratePpmArb } from './fixtures';

const split = (amount: number, ppm: number, taxMode: 'inclusive' | 'exclusive', mode: 'half-up' | 'half-even' = 'half-up') => {
  const s = splitTax(BigInt(amount), ppm, taxMode, mode);
  return [Number(s.netMinor), Number(s.taxMinor), Number(s.totalMinor)];
};

describe('splitTax', () => {
  // [amount, ratePpm, mode, net, tax, total]; arithmetic in the comment, rounded half-up.
  it.each([
    [11_900, 190_000, 'inclusive', 10_000, 1_900, 11_900], // 11900 × 19/119 = 1900 exactly
    [100, 190_000, 'inclusive', 84, 16, 100], // 100 × 19/119 = 15.97
    [1_000, 70_000, 'inclusive', 935, 65, 1_000], // 1000 × 7/107 = 65.42
    [1_980, 100_000, 'inclusive', 1_800, 180, 1_980], // JPY: 1980 × 10/110 = 180
    [5, 1_000_000, 'inclusive', 2, 3, 5], // 100 %: 5/2 = 2.5 -> 3 (half away from zero)
    [10_000, 190_000, 'exclusive', 10_000, 1_900, 11_900],
    [998, 88_750, 'exclusive', 998, 89, 1_087], // 998 × 0.08875 = 88.57
    [25_000, 82_500, 'exclusive', 25_000, 2_063, 27_063], // 20.625 -> 20.63
    [0, 190_000, 'exclusive', 0, 0, 0],
    [4_321, 0, 'inclusive', 4_321, 0, 4_321],
  ] as const)('When %i at %i ppm is %s, then net/tax/total are %i/%i/%i', (amount, ppm, taxMode, net, tax, total) => {
    expect(split(amount, ppm, taxMode)).toEqual([net, tax, total]);
  });

  it('When the tax is an exact half, then half-even rounds to the even cent and half-up away from zero', () => {
    expect(split(25_000, 82_500, 'exclusive', 'half-even')).toEqual([25_000, 2_062, 27_062]); // 2062.5
    expect(split(5, 1_000_000, 'inclusive', 'half-even')).toEqual([3, 2, 5]); // 2.5
  });

  it('When a net amount is taxed exclusively and its gross is taxed inclusively, then the same net and tax come back', () => {
    // Property (proved in tax.ts): for every net N >= 0, rate r in [0, 100 %] and either mode,
    // exclusive gives T = round(N·r), G = N + T; inclusive extraction from G gives exactly T and N.
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e12 }), ratePpmArb, modeArb, (net, ppm, mode) => {
        const exclusive = splitTax(BigInt(net), ppm, 'exclusive', mode);
        const inclusive = splitTax(exclusive.totalMinor, ppm, 'inclusive', mode);
        return inclusive.netMinor === exclusive.netMinor && inclusive.taxMinor === exclusive.taxMinor;
      }),
      { numRuns: 500 },
    );
  });

  it('When a gross amount is split inclusively and its net re-taxed exclusively, then the tax differs by at most one minor unit', () => {
    // The converse is not exact: not every gross is reachable from a whole-cent net (at 19 %,
    // no net gives a gross of 0.06), so only |T' − T| <= 1 holds.
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e12 }), ratePpmArb, modeArb, (gross, ppm, mode) => {
        const inclusive = splitTax(BigInt(gross), ppm, 'inclusive', mode);
        const exclusive = splitTax(inclusive.netMinor, ppm, 'exclusive', mode);
        const diff = exclusive.taxMinor - inclusive.taxMinor;
        return diff >= -1n && diff <= 1n;
      }),
      { numRuns: 500 },
    );
  });

  it('When any non-negative amount is split, then tax is non-negative, never more than the total, and net + tax = total', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e12 }), ratePpmArb, fc.constantFrom('inclusive' as const, 'exclusive' as const), modeArb, (amount, ppm, taxMode, mode) => {
        const s = splitTax(BigInt(amount), ppm, taxMode, mode);
        return s.taxMinor >= 0n && s.taxMinor <= s.totalMinor && s.netMinor + s.taxMinor === s.totalMinor;
      }),
    );
  });
});
