import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PricingError } from '../../src/pricing/errors';
import type { TenderInput } from '../../src/pricing/schemas';
import { roundCash, settleTenders } from '../../src/pricing/tender';
import { modeArb } from './fixtures';

const chf = { currency: 'CHF', taxMode: 'inclusive' as const, cashRoundingMinor: 5 };
const cash = (amountMinor: number): TenderInput => ({ kind: 'cash', amountMinor });
const card = (amountMinor: number): TenderInput => ({ kind: 'card', amountMinor });

describe('settleTenders: hand-checked cases (CHF, 0.05 cash unit unless stated)', () => {
  // [case, total, tenders, settings overrides, due, rounding, change, remaining, applied amounts]
  const cases: Array<[string, number, TenderInput[], object, number, number, number, number, number[]]> = [
    ['cash only, 13.42 rounds down to 13.40', 1_342, [cash(2_000)], {}, 1_340, -2, 660, 0, [1_340]],
    ['cash only, 13.43 rounds up to 13.45', 1_343, [cash(2_000)], {}, 1_345, 2, 655, 0, [1_345]],
    ['card only: no rounding at all', 1_343, [card(1_343)], {}, 1_343, 0, 0, 0, [1_343]],
    ['card first, cash remainder 3.43 rounds to 3.45', 1_343, [card(1_000), cash(500)], {}, 1_345, 2, 155, 0, [1_000, 345]],
    ['cash listed before card: card still pays exactly first', 1_343, [cash(500), card(1_000)], {}, 1_345, 2, 155, 0, [345, 1_000]],
    ['cash underpaid: remaining is owed in rounded cash', 1_343, [cash(1_000)], {}, 1_345, 2, 0, 345, [1_000]],
    ['card underpaid: remaining is exact', 1_343, [card(1_000)], {}, 1_343, 0, 0, 343, [1_000]],
    ['no tenders yet', 1_343, [], {}, 1_343, 0, 0, 1_343, []],
    ['two cash tenders: the later one is partly change', 1_000, [cash(500), cash(1_000)], {}, 1_000, 0, 500, 0, [500, 500]],
    ['card covers everything, cash offered too: all cash is change', 1_000, [card(1_000), cash(500)], {}, 1_000, 0, 500, 0, [1_000, 0]],
    ['a cash remainder below half a unit rounds to nothing', 1_002, [card(1_000), cash(100)], {}, 1_000, -2, 100, 0, [1_000, 0]],
    ['a 0.02 sale in cash: rounded to nothing, no cash handed over', 2, [cash(0)], {}, 0, -2, 0, 0, [0]],
    ['a 0.02 sale in cash: a 0.05 coin offered goes straight back', 2, [cash(5)], {}, 0, -2, 5, 0, [0]],
    ['cash of 0 for a cash part that does not round away: still owed', 1_343, [cash(0)], {}, 1_345, 2, 0, 1_345, [0]],
    ['no cash rounding (unit 1)', 1_343, [cash(2_000)], { cashRoundingMinor: 1 }, 1_343, 0, 657, 0, [1_343]],
    ['unit 10, exact half, half-up: away from zero', 1_345, [cash(2_000)], { cashRoundingMinor: 10 }, 1_350, 5, 650, 0, [1_350]],
    ['unit 10, exact half, half-even: 134.5 -> 134', 1_345, [cash(2_000)], { cashRoundingMinor: 10, roundingMode: 'half-even' }, 1_340, -5, 660, 0, [1_340]],
    ['unit 10, exact half, half-even: 135.5 -> 136', 1_355, [cash(2_000)], { cashRoundingMinor: 10, roundingMode: 'half-even' }, 1_360, 5, 640, 0, [1_360]],
    ['other tenders (vouchers) pay exactly like cards', 1_343, [{ kind: 'other', amountMinor: 343 }, cash(1_000)], {}, 1_343, 0, 0, 0, [343, 1_000]],
  ];

  it.each(cases)('When %s, then due/rounding/change/remaining are as computed', (_case, total, tenders, overrides, due, rounding, change, remaining, applied) => {
    const s = settleTenders(total, tenders, { ...chf, ...overrides });
    expect(s).toEqual({
      dueMinor: due,
      roundingMinor: rounding,
      changeMinor: change,
      remainingMinor: remaining,
      applied: tenders.map((t, i) => ({ kind: t.kind, tenderedMinor: t.amountMinor, amountMinor: applied[i] })),
    });
  });

  it.each([
    ['a card exceeds the total', 1_000, [card(1_200)]],
    ['a second card exceeds what the first left', 1_000, [card(600), card(600)]],
    ['a voucher exceeds the total', 1_000, [{ kind: 'other' as const, amountMinor: 1_001 }]],
  ])('When %s, then TENDER_EXCEEDS_DUE is thrown', (_case, total, tenders) => {
    expect(() => settleTenders(total, tenders, chf)).toThrow(expect.objectContaining({ code: 'TENDER_EXCEEDS_DUE' }));
  });

  it.each([
    ['the total is negative', -1, [cash(100)]],
    ['a card tender is zero', 100, [card(0)]],
    ['a voucher is zero', 100, [{ kind: 'other' as const, amountMinor: 0 }]],
    ['a cash tender is negative', 100, [cash(-5)]],
    ['a tender is fractional', 100, [cash(1.5)]],
  ])('When %s, then INVALID_INPUT is thrown', (_case, total, tenders) => {
    expect(() => settleTenders(total, tenders, chf)).toThrow(PricingError);
    expect(() => settleTenders(total, tenders, chf)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
  });

  it.each([
    [-1_343, 5, 'half-up', -1_345],
    [-1_342, 5, 'half-up', -1_340],
    [-1_345, 10, 'half-up', -1_350],
    [-1_345, 10, 'half-even', -1_340],
  ] as const)('When %i is cash-rounded to %i (%s), then it is %i (symmetric for payouts)', (amount, unit, roundingMode, expected) => {
    expect(roundCash(amount, { ...chf, cashRoundingMinor: unit, roundingMode })).toBe(expected);
  });
});

describe('settleTenders: properties', () => {
  const unitArb = fc.integer({ min: 1, max: 100 });
  const totalArb = fc.integer({ min: 0, max: 10_000_000 });

  it('When a sale is paid in cash only, then the due amount is a multiple of the unit, |rounding| <= unit/2, and the books balance', () => {
    fc.assert(
      fc.property(totalArb, unitArb, modeArb, fc.array(fc.integer({ min: 1, max: 5_000_000 }), { minLength: 1, maxLength: 3 }), (total, unit, roundingMode, given) => {
        const s = settleTenders(total, given.map(cash), { ...chf, cashRoundingMinor: unit, roundingMode });
        const applied = s.applied.reduce((a, t) => a + t.amountMinor, 0);
        const tendered = given.reduce((a, b) => a + b, 0);
        expect(s.dueMinor % unit).toBe(0);
        expect(2 * Math.abs(s.roundingMinor)).toBeLessThanOrEqual(unit);
        expect(s.dueMinor - total).toBe(s.roundingMinor);
        expect(applied + s.remainingMinor).toBe(s.dueMinor);
        expect(s.changeMinor).toBe(tendered - applied);
        expect(s.changeMinor === 0 || s.remainingMinor === 0).toBe(true);
        expect(Math.min(s.changeMinor, s.remainingMinor)).toBeGreaterThanOrEqual(0);
      }),
    );
  });

  it('When a sale is paid by card and cash, then only the cash part is rounded: it is a multiple of the unit', () => {
    fc.assert(
      fc.property(totalArb, fc.integer({ min: 0, max: 1_000 }), unitArb, modeArb, fc.integer({ min: 1, max: 20_000_000 }), (total, permille, unit, roundingMode, given) => {
        const cardAmount = Math.floor((total * permille) / 1_000);
        const tenders = cardAmount > 0 ? [card(cardAmount), cash(given)] : [cash(given)];
        const s = settleTenders(total, tenders, { ...chf, cashRoundingMinor: unit, roundingMode });
        const cashDue = s.dueMinor - cardAmount;
        expect(cashDue % unit).toBe(0);
        expect(2 * Math.abs(s.roundingMinor)).toBeLessThanOrEqual(unit);
        expect(s.applied.reduce((a, t) => a + t.amountMinor, 0) + s.remainingMinor).toBe(s.dueMinor);
      }),
    );
  });

  it('When a sale is paid by card only, then nothing is rounded and no change is given', () => {
    fc.assert(
      fc.property(totalArb, unitArb, fc.integer({ min: 0, max: 1_000 }), (total, unit, permille) => {
        const cardAmount = Math.floor((total * permille) / 1_000);
        const s = settleTenders(total, cardAmount > 0 ? [card(cardAmount)] : [], { ...chf, cashRoundingMinor: unit });
        return s.dueMinor === total && s.roundingMinor === 0 && s.changeMinor === 0 && s.remainingMinor === total - cardAmount;
      }),
    );
  });

  it('When half-up and half-even cash rounding are compared, then they differ only when the cash due is exactly half a unit off', () => {
    fc.assert(
      fc.property(totalArb, unitArb, (total, unit) => {
        const up = settleTenders(total, [cash(20_000_000)], { ...chf, cashRoundingMinor: unit, roundingMode: 'half-up' });
        const even = settleTenders(total, [cash(20_000_000)], { ...chf, cashRoundingMinor: unit, roundingMode: 'half-even' });
        const exactHalf = 2 * (total % unit) === unit;
        return exactHalf ? Math.abs(up.dueMinor - even.dueMinor) <= unit : up.dueMinor === even.dueMinor;
      }),
    );
  });
});
