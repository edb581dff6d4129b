import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { priceCart } from '../../src/pricing/cart';
import { PricingError } from '../../src/pricing/errors';
import { PricedCartSchema, type PricedCart, type PricingInput } from '../../src/pricing/schemas';
import type { PricingSettingsInput } from '../../src/pricing/settings';
import { cartArb, groceryCart, line, settingsArb, std } from './fixtures';

const eur = { currency: 'EUR', taxMode: 'inclusive' as const };
const usd = { currency: 'USD', taxMode: 'exclusive' as const };

describe('priceCart: hand-checked carts', () => {
  it('When an inclusive cart has a weighed item, a line discount and a cart discount, then every step matches the hand calculation', () => {
    // apples: 12.99 × 0.385 = 5.00115 -> 5.00; bread: 3 × 3.50 = 10.50, 10 % off = 1.05 -> 9.45.
    // Cart discount 1.00 over 5.00 : 9.45 = 34.60 : 65.40 -> 0.35 / 0.65 (larger remainder to apples).
    // apples gross 4.65, VAT 4.65 × 19/119 = 0.7424 -> 0.74; bread gross 8.80, VAT 8.80 × 7/107 = 0.5757 -> 0.58.
    const cart = priceCart(groceryCart, eur);
    expect(cart.lines.map((l) => [l.extendedMinor, l.lineDiscountMinor, l.cartDiscountMinor, l.totalMinor, l.netMinor, l.taxMinor])).toEqual([
      [500, 0, 35, 465, 391, 74],
      [1_050, 105, 65, 880, 822, 58],
    ]);
    expect(cart.totals).toEqual({
      subtotalMinor: 1_550,
      discountMinor: 205,
      netMinor: 1_213,
      taxMinor: 132,
      totalMinor: 1_345,
      taxes: [
        { taxRateId: 'std', ratePpm: 190_000, netMinor: 391, taxMinor: 74, grossMinor: 465 },
        { taxRateId: 'reduced', ratePpm: 70_000, netMinor: 822, taxMinor: 58, grossMinor: 880 },
      ],
    });
    expect(PricedCartSchema.parse(cart)).toEqual(cart);
  });

  it('When an exclusive cart has a taxed and an exempt item and 10 % off the cart, then tax is added per line on the discounted net', () => {
    // widget: 2 × 4.99 = 9.98; deli: 0.750 lb × 3.99 = 2.9925 -> 2.99 (exempt).
    // Cart 10 % of 12.97 = 1.297 -> 1.30, split 100.03 : 29.97 -> 1.00 / 0.30.
    // widget net 8.98, tax 8.98 × 8.875 % = 0.7970 -> 0.80; deli net 2.69, tax 0.
    const cart = priceCart(
      {
        lines: [
          line({ lineId: 'widget', unitPriceMinor: 499, qtyMilli: 2_000, taxRateId: 'nyc' }),
          line({ lineId: 'deli', unitPriceMinor: 399, qtyMilli: 750, taxRateId: 'exempt' }),
        ],
        cartDiscount: { kind: 'percent', basisPoints: 1_000 },
        taxRates: [
          { id: 'nyc', name: 'NYC 8.875 %', ratePpm: 88_750 },
          { id: 'exempt', name: 'Exempt', ratePpm: 0 },
        ],
      },
      usd,
    );
    expect(cart.lines.map((l) => [l.extendedMinor, l.cartDiscountMinor, l.netMinor, l.taxMinor, l.totalMinor])).toEqual([
      [998, 100, 898, 80, 978],
      [299, 30, 269, 0, 269],
    ]);
    expect(cart.totals).toMatchObject({ subtotalMinor: 1_297, discountMinor: 130, netMinor: 1_167, taxMinor: 80, totalMinor: 1_247 });
  });

  it('When an amount discount exceeds its line, then it is capped and the line is free, not negative', () => {
    const cart = priceCart({ lines: [line({ lineId: 'a', unitPriceMinor: 500, discount: { kind: 'amount', amountMinor: 800 } })], taxRates: [std] }, eur);
    expect(cart.lines[0]).toMatchObject({ extendedMinor: 500, lineDiscountMinor: 500, totalMinor: 0, netMinor: 0, taxMinor: 0 });
  });

  it('When a cart discount exceeds the cart, then it is capped at the cart amount and the total is zero', () => {
    const cart = priceCart(
      { lines: [line({ lineId: 'a', unitPriceMinor: 400 }), line({ lineId: 'b', unitPriceMinor: 600 })], cartDiscount: { kind: 'amount', amountMinor: 99_999 }, taxRates: [std] },
      usd,
    );
    expect(cart.lines.map((l) => l.cartDiscountMinor)).toEqual([400, 600]);
    expect(cart.totals).toMatchObject({ discountMinor: 1_000, totalMinor: 0 });
  });

  it('When the store rounds half-even, then an extended amount of exactly x.5 goes to the even unit', () => {
    const input = { lines: [line({ lineId: 'a', unitPriceMinor: 331, qtyMilli: 1_500, taxRateId: 'zero' })], taxRates: [{ id: 'zero', name: '0 %', ratePpm: 0 }] };
    expect(priceCart(input, { ...usd, roundingMode: 'half-up' }).totals.totalMinor).toBe(497); // 496.5
    expect(priceCart(input, { ...usd, roundingMode: 'half-even' }).totals.totalMinor).toBe(496);
  });

  it('When a JPY store prices a 10 % consumption-tax item inclusively, then 1980 yen splits into 1800 + 180', () => {
    const cart = priceCart(
      { lines: [line({ lineId: 'a', unitPriceMinor: 1_980, taxRateId: 'jp' })], taxRates: [{ id: 'jp', name: '10 %', ratePpm: 100_000 }] },
      { currency: 'JPY', taxMode: 'inclusive' },
    );
    expect(cart.totals).toMatchObject({ netMinor: 1_800, taxMinor: 180, totalMinor: 1_980 });
  });

  it('When the cart is empty, then all totals are zero and there are no rate summaries', () => {
    expect(priceCart({ lines: [], taxRates: [] }, eur).totals).toEqual({
      subtotalMinor: 0,
      discountMinor: 0,
      netMinor: 0,
      taxMinor: 0,
      totalMinor: 0,
      taxes: [],
    });
  });
});

describe('priceCart: refused input', () => {
  const cases: Array<[string, PricingInput, PricingSettingsInput, string]> = [
    ['a line names an unknown tax rate', { lines: [line({ lineId: 'a', taxRateId: 'nope' })], taxRates: [std] }, eur, 'UNKNOWN_TAX_RATE'],
    ['a unit price is negative', { lines: [line({ lineId: 'a', unitPriceMinor: -1 })], taxRates: [std] }, eur, 'INVALID_INPUT'],
    ['a unit price is fractional', { lines: [line({ lineId: 'a', unitPriceMinor: 1.5 })], taxRates: [std] }, eur, 'INVALID_INPUT'],
    ['a quantity is zero', { lines: [line({ lineId: 'a', qtyMilli: 0 })], taxRates: [std] }, eur, 'INVALID_INPUT'],
    ['two lines share an id', { lines: [line({ lineId: 'a' }), line({ lineId: 'a' })], taxRates: [std] }, eur, 'INVALID_INPUT'],
    ['a tax rate id is listed twice', { lines: [line({ lineId: 'a' })], taxRates: [std, std] }, eur, 'INVALID_INPUT'],
    ['a percent discount exceeds 100 %', { lines: [line({ lineId: 'a', discount: { kind: 'percent', basisPoints: 10_001 } })], taxRates: [std] }, eur, 'INVALID_INPUT'],
    ['the currency is unknown', { lines: [], taxRates: [] }, { currency: 'ABC', taxMode: 'inclusive' }, 'UNKNOWN_CURRENCY'],
    ['the tax mode is unknown', { lines: [], taxRates: [] }, { currency: 'EUR', taxMode: 'gross' as 'inclusive' }, 'INVALID_INPUT'],
    [
      'an amount overflows the safe integer range',
      { lines: [line({ lineId: 'a', unitPriceMinor: 9_000_000_000_000_000, qtyMilli: 2_000 })], taxRates: [std] },
      eur,
      'AMOUNT_OUT_OF_RANGE',
    ],
  ];

  it.each(cases)('When %s, then a PricingError %4$s is thrown', (_what, input, settings, code) => {
    expect(() => priceCart(input, settings)).toThrow(PricingError);
    expect(() => priceCart(input, settings)).toThrow(expect.objectContaining({ code }));
  });

  it('When input is invalid, then the error details name the offending path', () => {
    try {
      priceCart({ lines: [line({ lineId: 'a', qtyMilli: -5 })], taxRates: [std] }, eur);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(PricingError);
      expect((error as PricingError).details).toEqual({ issues: [expect.objectContaining({ path: 'input.lines.0.qtyMilli' })] });
    }
  });
});

describe('priceCart: properties', () => {
  const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
  const priced = fc.tuple(cartArb, settingsArb).map(([input, settings]) => ({ input, settings, cart: priceCart(input, settings) }));

  it('When any cart is priced, then the lines sum exactly to the totals and each line is net + tax = total', () => {
    fc.assert(
      fc.property(priced, ({ settings, cart }) => {
        const { lines, totals } = cart;
        expect(sum(lines.map((l) => l.totalMinor))).toBe(totals.totalMinor);
        expect(sum(lines.map((l) => l.netMinor))).toBe(totals.netMinor);
        expect(sum(lines.map((l) => l.taxMinor))).toBe(totals.taxMinor);
        expect(sum(lines.map((l) => l.extendedMinor))).toBe(totals.subtotalMinor);
        expect(totals.subtotalMinor - totals.discountMinor).toBe(settings.taxMode === 'inclusive' ? totals.totalMinor : totals.netMinor);
        for (const l of lines) expect(l.netMinor + l.taxMinor).toBe(l.totalMinor);
      }),
    );
  });

  it('When any cart is priced, then the per-rate summaries are the sums of their lines and add up to the totals', () => {
    fc.assert(
      fc.property(priced, ({ cart }) => {
        const { lines, totals } = cart;
        for (const t of totals.taxes) {
          const mine = lines.filter((l) => l.taxRateId === t.taxRateId);
          expect([t.netMinor, t.taxMinor, t.grossMinor]).toEqual([
            sum(mine.map((l) => l.netMinor)),
            sum(mine.map((l) => l.taxMinor)),
            sum(mine.map((l) => l.totalMinor)),
          ]);
        }
        expect(sum(totals.taxes.map((t) => t.netMinor))).toBe(totals.netMinor);
        expect(sum(totals.taxes.map((t) => t.taxMinor))).toBe(totals.taxMinor);
        expect(sum(totals.taxes.map((t) => t.grossMinor))).toBe(totals.totalMinor);
        expect(new Set(lines.map((l) => l.taxRateId)).size).toBe(totals.taxes.length);
      }),
    );
  });

  it('When any sale is priced, then no tax, net, total or discount share is negative, and tax never exceeds the total', () => {
    fc.assert(
      fc.property(priced, ({ cart }) => {
        for (const l of cart.lines) {
          expect(Math.min(l.taxMinor, l.netMinor, l.totalMinor, l.lineDiscountMinor, l.cartDiscountMinor)).toBeGreaterThanOrEqual(0);
          expect(l.taxMinor).toBeLessThanOrEqual(l.totalMinor);
          expect(l.lineDiscountMinor + l.cartDiscountMinor).toBeLessThanOrEqual(l.extendedMinor);
        }
      }),
    );
  });

  it('When a cart discount is given, then its allocated shares sum exactly to the capped cart discount', () => {
    fc.assert(
      fc.property(priced, ({ input, cart }) => {
        const base = sum(cart.lines.map((l) => l.extendedMinor - l.lineDiscountMinor));
        const d = input.cartDiscount ?? null;
        const expected =
          d === null ? 0 : d.kind === 'amount' ? Math.min(d.amountMinor, base) : Number((BigInt(base) * BigInt(d.basisPoints) * 2n + 10_000n) / 20_000n);
        const shares = sum(cart.lines.map((l) => l.cartDiscountMinor));
        // Percent: half-up and half-even agree unless base × bp / 10000 is an exact half.
        if (d?.kind === 'percent' && (base * d.basisPoints) % 10_000 === 5_000) expect(Math.abs(shares - expected)).toBeLessThanOrEqual(1);
        else expect(shares).toBe(expected);
      }),
    );
  });

  it('When an exclusive cart of whole items is re-priced inclusively at its line grosses, then every net and tax is reproduced', () => {
    // Precisely: take an exclusive cart without discounts and with whole-piece quantities; for
    // each priced line with gross G, price a one-piece inclusive line at unit price G. The
    // inclusive cart has the same net, tax and total on every line and in every summary.
    const wholeItems = cartArb.map((input) => ({
      ...input,
      cartDiscount: null,
      lines: input.lines.map((l) => ({ ...l, discount: null, qtyMilli: Math.max(1, Math.round(l.qtyMilli / 1000)) * 1000 })),
    }));
    fc.assert(
      fc.property(wholeItems, fc.constantFrom('half-up' as const, 'half-even' as const), (input, roundingMode) => {
        const exclusive = priceCart(input, { currency: 'USD', taxMode: 'exclusive', roundingMode });
        const inclusive = priceCart(
          { ...input, lines: input.lines.map((l, i) => ({ ...l, qtyMilli: 1000, unitPriceMinor: exclusive.lines[i]?.totalMinor ?? 0 })) },
          { currency: 'EUR', taxMode: 'inclusive', roundingMode },
        );
        const triple = (c: PricedCart) => c.lines.map((l) => [l.netMinor, l.taxMinor, l.totalMinor]);
        expect(triple(inclusive)).toEqual(triple(exclusive));
        expect(inclusive.totals.taxes).toEqual(exclusive.totals.taxes);
      }),
    );
  });

  it('When the same cart is priced half-up and half-even with no exact half anywhere, then the results are identical', () => {
    // With no discounts and a 0 % rate the only division is price × qty / 1000; the modes may
    // differ only on lines where that is an exact half, and then by one unit per such line.
    fc.assert(
      fc.property(cartArb, (input) => {
        const plain = {
          lines: input.lines.map((l) => ({ ...l, taxRateId: 'zero', discount: null })),
          taxRates: [{ id: 'zero', name: '0 %', ratePpm: 0 }],
        };
        const up = priceCart(plain, { currency: 'EUR', taxMode: 'exclusive', roundingMode: 'half-up' });
        const even = priceCart(plain, { currency: 'EUR', taxMode: 'exclusive', roundingMode: 'half-even' });
        const halves = plain.lines.filter((l) => (l.unitPriceMinor * l.qtyMilli) % 1000 === 500);
        if (halves.length === 0) expect(even).toEqual(up);
        else expect(Math.abs(up.totals.totalMinor - even.totals.totalMinor)).toBeLessThanOrEqual(halves.length);
      }),
    );
  });
});
