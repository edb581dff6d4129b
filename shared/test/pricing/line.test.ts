import { describe, expect, it } from 'vitest';
import { discountMinor, extendedMinor } from '../../src/pricing/line';
import type { Discount } from '../../src/pricing/schemas';

describe('extendedMinor', () => {
  // [unit price, qtyMilli, half-up, half-even]
  it.each([
    [1299, 385, 500, 500], // 0.385 kg at 12.99/kg = 5.00115
    [250, 1500, 375, 375],
    [331, 1500, 497, 496], // 496.5: the modes differ
    [199, 2500, 498, 498], // 497.5 -> 498 in both (498 is even)
    [1, 500, 1, 0], // 0.5
    [999, 3000, 2997, 2997],
    [0, 5000, 0, 0],
  ])('When %i per unit is sold at %i thousandths, then extended is %i half-up and %i half-even', (unit, qty, up, even) => {
    expect(extendedMinor(BigInt(unit), BigInt(qty), 'half-up')).toBe(BigInt(up));
    expect(extendedMinor(BigInt(unit), BigInt(qty), 'half-even')).toBe(BigInt(even));
  });
});

describe('discountMinor', () => {
  const percent = (basisPoints: number): Discount => ({ kind: 'percent', basisPoints });
  const amount = (amountMinor: number): Discount => ({ kind: 'amount', amountMinor });
  // [base, discount, half-up, half-even]
  it.each([
    [1000, null, 0, 0],
    [1000, percent(1000), 100, 100],
    [995, percent(1000), 100, 100], // 99.5 -> 100 in both
    [985, percent(1000), 99, 98], // 98.5
    [777, percent(10_000), 777, 777],
    [777, percent(0), 0, 0],
    [200, amount(50), 50, 50],
    [200, amount(300), 200, 200], // capped: the line never goes negative
    [0, amount(300), 0, 0],
    [0, percent(5000), 0, 0],
  ] as Array<[number, Discount | null, number, number]>)(
    'When the base is %i and the discount %j, then it is %i half-up and %i half-even',
    (base, discount, up, even) => {
      expect(discountMinor(BigInt(base), discount, 'half-up')).toBe(BigInt(up));
      expect(discountMinor(BigInt(base), discount, 'half-even')).toBe(BigInt(even));
    },
  );
});
