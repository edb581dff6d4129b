import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { priceCart } from '../../src/pricing/cart';
import { PricingError } from '../../src/pricing/errors';
import { priceFullRefund, priceRefund } from '../../src/pricing/refund';
import type { PricedCart, PricedLine, RefundedLine } from '../../src/pricing/schemas';
import { cartArb, groceryCart, line, modeArb, settingsArb } from './fixtures';

const eur = { currency: 'EUR', taxMode: 'inclusive' as const };
const sale = priceCart(groceryCart, eur); // apples 465/391/74, bread 880/822/58 (see cart.test.ts)

const amounts = (l: PricedLine | undefined) =>
  l && [l.qtyMilli, l.extendedMinor, l.lineDiscountMinor, l.cartDiscountMinor, l.totalMinor, l.netMinor, l.taxMinor];

describe('priceRefund: hand-checked refunds', () => {
  it('When one of three loaves is refunded, then a third of the line is given back, rounded, with negative amounts', () => {
    // total 880 × 1/3 = 293.33 -> 293; tax 58 × 293/880 = 19.31 -> 19; net 274;
    // line discount 105/3 = 35; cart share 65/3 = 21.67 -> 22; extended = 293 + 35 + 22 = 350.
    const refund = priceRefund(sale, [{ lineId: 'bread', qtyMilli: 1_000 }]);
    expect(amounts(refund.lines[0])).toEqual([-1_000, -350, -35, -22, -293, -274, -19]);
    expect(refund.lines[0]).toMatchObject({ lineId: 'bread', unitPriceMinor: 350, taxRateId: 'reduced', ratePpm: 70_000 });
    expect(refund.totals).toEqual({
      subtotalMinor: -350,
      discountMinor: -57,
      netMinor: -274,
      taxMinor: -19,
      totalMinor: -293,
      taxes: [{ taxRateId: 'reduced', ratePpm: 70_000, netMinor: -274, taxMinor: -19, grossMinor: -293 }],
    });
  });

  it('When the other two loaves are refunded later, then the remainder is used and both refunds sum to the sold line', () => {
    const first = priceRefund(sale, [{ lineId: 'bread', qtyMilli: 1_000 }]);
    const second = priceRefund(sale, [{ lineId: 'bread', qtyMilli: 2_000 }], first.lines);
    // 880 − 293 = 587, 58 − 19 = 39, 822 − 274 = 548, 105 − 35 = 70, 65 − 22 = 43, 587 + 70 + 43 = 700.
    expect(amounts(second.lines[0])).toEqual([-2_000, -700, -70, -43, -587, -548, -39]);
  });

  it('When 0.100 kg of 0.385 kg apples is refunded, then the weighed line is prorated by weight', () => {
    // total 465 × 100/385 = 120.78 -> 121; tax 74 × 121/465 = 19.26 -> 19; net 102;
    // cart share 35 × 100/385 = 9.09 -> 9; extended = 121 + 0 + 9 = 130.
    const refund = priceRefund(sale, [{ lineId: 'apples', qtyMilli: 100 }]);
    expect(amounts(refund.lines[0])).toEqual([-100, -130, 0, -9, -121, -102, -19]);
  });

  it('When the whole sale is refunded, then every line and total is the exact negative of the sale', () => {
    const refund = priceFullRefund(sale);
    expect(refund.lines.map(amounts)).toEqual(sale.lines.map((l) => amounts(l)?.map((v) => 0 - v)));
    expect(refund.totals.totalMinor).toBe(-1_345);
    expect(refund.totals.taxes).toEqual(sale.totals.taxes.map((t) => ({ ...t, netMinor: -t.netMinor, taxMinor: -t.taxMinor, grossMinor: -t.grossMinor })));
  });

  it('When the rest of a partly refunded sale is refunded, then only what is left is given back', () => {
    const first = priceRefund(sale, [{ lineId: 'bread', qtyMilli: 1_000 }]);
    const rest = priceFullRefund(sale, first.lines);
    expect(rest.lines.map((l) => [l.lineId, l.qtyMilli, l.totalMinor])).toEqual([
      ['apples', -385, -465],
      ['bread', -2_000, -587],
    ]);
  });

  it('When an exclusive sale line is half refunded, then tax follows the refunded total and discounts come off the net', () => {
    // widget: 2 × 4.99, cart share 1.00 -> net 8.98, tax 0.80, total 9.78 (cart.test.ts).
    // Half: total 489, tax 80 × 489/978 = 40, net 449, cart share 50, extended 449 + 50 = 499.
    const usSale = priceCart(
      {
        lines: [line({ lineId: 'widget', unitPriceMinor: 499, qtyMilli: 2_000, taxRateId: 'nyc' }), line({ lineId: 'deli', unitPriceMinor: 399, qtyMilli: 750, taxRateId: 'exempt' })],
        cartDiscount: { kind: 'percent', basisPoints: 1_000 },
        taxRates: [
          { id: 'nyc', name: 'NYC', ratePpm: 88_750 },
          { id: 'exempt', name: 'Exempt', ratePpm: 0 },
        ],
      },
      { currency: 'USD', taxMode: 'exclusive' },
    );
    const refund = priceRefund(usSale, [{ lineId: 'widget', qtyMilli: 1_000 }]);
    expect(amounts(refund.lines[0])).toEqual([-1_000, -499, 0, -50, -489, -449, -40]);
  });

  it('When earlier refunds are passed as positive magnitudes, then the result is the same as with the negative refund lines', () => {
    const first = priceRefund(sale, [{ lineId: 'bread', qtyMilli: 1_000 }]);
    const magnitudes: RefundedLine[] = first.lines.map((l) => ({
      lineId: l.lineId,
      qtyMilli: -l.qtyMilli,
      totalMinor: -l.totalMinor,
      netMinor: -l.netMinor,
      taxMinor: -l.taxMinor,
    }));
    const selection = [{ lineId: 'bread', qtyMilli: 1_000 }];
    expect(priceRefund(sale, selection, magnitudes)).toEqual(priceRefund(sale, selection, first.lines));
  });
});

describe('priceRefund: refused refunds', () => {
  const first = priceRefund(sale, [{ lineId: 'bread', qtyMilli: 1_000 }]);
  const cases: Array<[string, () => PricedCart, string]> = [
    ['more than was sold is refunded', () => priceRefund(sale, [{ lineId: 'bread', qtyMilli: 3_001 }]), 'REFUND_EXCEEDS_SALE'],
    ['more than remains after an earlier refund is refunded', () => priceRefund(sale, [{ lineId: 'bread', qtyMilli: 2_001 }], first.lines), 'REFUND_EXCEEDS_SALE'],
    ['a fully refunded line is refunded again', () => priceRefund(sale, [{ lineId: 'apples', qtyMilli: 1 }], priceFullRefund(sale).lines), 'REFUND_EXCEEDS_SALE'],
    ['the history claims more money back than was charged', () => priceRefund(sale, [{ lineId: 'bread', qtyMilli: 1 }], [{ lineId: 'bread', qtyMilli: 1, totalMinor: 881, netMinor: 823, taxMinor: 58 }]), 'REFUND_EXCEEDS_SALE'],
    ['the line does not exist', () => priceRefund(sale, [{ lineId: 'cheese', qtyMilli: 1_000 }]), 'UNKNOWN_LINE'],
    ['the history names a line that does not exist', () => priceRefund(sale, [], [{ lineId: 'cheese', qtyMilli: 1, totalMinor: 0, netMinor: 0, taxMinor: 0 }]), 'UNKNOWN_LINE'],
    ['a line is selected twice', () => priceRefund(sale, [{ lineId: 'bread', qtyMilli: 1_000 }, { lineId: 'bread', qtyMilli: 1_000 }]), 'INVALID_INPUT'],
    ['a quantity is zero', () => priceRefund(sale, [{ lineId: 'bread', qtyMilli: 0 }]), 'INVALID_INPUT'],
    ['a history entry mixes signs', () => priceRefund(sale, [], [{ lineId: 'bread', qtyMilli: -1_000, totalMinor: 293, netMinor: 274, taxMinor: 19 }]), 'INVALID_INPUT'],
    ['a history entry has total ≠ net + tax', () => priceRefund(sale, [], [{ lineId: 'bread', qtyMilli: 1_000, totalMinor: 293, netMinor: 270, taxMinor: 19 }]), 'INVALID_INPUT'],
    ['the original is itself a refund', () => priceRefund(first, [{ lineId: 'bread', qtyMilli: 1_000 }]), 'INVALID_INPUT'],
    ['the original line is inconsistent', () => priceRefund({ ...sale, lines: sale.lines.map((l) => ({ ...l, taxMinor: l.taxMinor + 1 })) }, [{ lineId: 'bread', qtyMilli: 1_000 }]), 'INVALID_INPUT'],
  ];

  it.each(cases)('When %s, then %s is thrown', (_case, run, code) => {
    expect(run).toThrow(PricingError);
    expect(run).toThrow(expect.objectContaining({ code }));
  });
});

describe('priceRefund: properties', () => {
  const fields = ['extendedMinor', 'lineDiscountMinor', 'cartDiscountMinor', 'totalMinor', 'netMinor', 'taxMinor', 'qtyMilli'] as const;
  const sumLines = (carts: PricedCart[], lineId: string) =>
    fields.map((f) => carts.flatMap((c) => c.lines.filter((l) => l.lineId === lineId)).reduce((a, l) => a + l[f], 0));

  /** A priced sale, one of its lines, and a random split of some quantity of it into pieces. */
  const salePieces = fc
    .tuple(cartArb, settingsArb)
    .map(([input, settings]) => ({ settings, cart: priceCart(input, settings) }))
    .chain(({ settings, cart }) =>
      fc.integer({ min: 0, max: cart.lines.length - 1 }).chain((index) => {
        const sold = cart.lines[index] as PricedLine;
        return fc
          .array(fc.integer({ min: 1, max: sold.qtyMilli }), { minLength: 1, maxLength: 6 })
          .map((cuts) => {
            // Turn cut points into pieces that never exceed the line: sorted distinct points.
            const points = [...new Set(cuts)].sort((a, b) => a - b);
            const pieces = points.map((p, i) => p - (points[i - 1] ?? 0));
            return { settings, cart, sold, pieces };
          });
      }),
    );

  it('When a whole sale is refunded, then sale + refund is exactly zero for every total, rate summary and line field', () => {
    fc.assert(
      fc.property(cartArb, settingsArb, (input, settings) => {
        const cart = priceCart(input, settings);
        const refund = priceFullRefund(cart, [], { roundingMode: settings.roundingMode });
        const t = cart.totals;
        const r = refund.totals;
        expect([r.subtotalMinor + t.subtotalMinor, r.discountMinor + t.discountMinor, r.totalMinor + t.totalMinor, r.netMinor + t.netMinor, r.taxMinor + t.taxMinor]).toEqual([0, 0, 0, 0, 0]);
        for (const sold of cart.lines) expect(sumLines([cart, refund], sold.lineId)).toEqual(fields.map(() => 0));
        expect(r.taxes.map((x) => [x.taxRateId, 0 - x.netMinor, 0 - x.taxMinor, 0 - x.grossMinor])).toEqual(t.taxes.map((x) => [x.taxRateId, x.netMinor, x.taxMinor, x.grossMinor]));
      }),
    );
  });

  it('When a quantity is refunded in random pieces, then the pieces sum exactly to refunding it at once', () => {
    fc.assert(
      fc.property(salePieces, modeArb, ({ cart, sold, pieces }, roundingMode) => {
        const refunds: PricedCart[] = [];
        for (const qtyMilli of pieces) {
          const history = refunds.flatMap((r) => r.lines);
          refunds.push(priceRefund(cart, [{ lineId: sold.lineId, qtyMilli }], history, { roundingMode }));
        }
        const total = pieces.reduce((a, b) => a + b, 0);
        const atOnce = priceRefund(cart, [{ lineId: sold.lineId, qtyMilli: total }], [], { roundingMode });
        expect(sumLines(refunds, sold.lineId)).toEqual(sumLines([atOnce], sold.lineId));
      }),
    );
  });

  it('When a line is refunded in pieces up to its full quantity, then the pieces sum to the sold line exactly', () => {
    fc.assert(
      fc.property(salePieces, ({ cart, sold, pieces }) => {
        const done = pieces.reduce((a, b) => a + b, 0);
        const all = done < sold.qtyMilli ? [...pieces, sold.qtyMilli - done] : pieces;
        const refunds: PricedCart[] = [];
        for (const qtyMilli of all) refunds.push(priceRefund(cart, [{ lineId: sold.lineId, qtyMilli }], refunds.flatMap((r) => r.lines)));
        expect(sumLines(refunds, sold.lineId)).toEqual(fields.map((f) => 0 - sold[f]));
      }),
    );
  });

  it('When any piece is refunded, then every amount is zero or negative, total = net + tax, and no more than was charged is returned', () => {
    fc.assert(
      fc.property(salePieces, ({ cart, sold, pieces }) => {
        let given = { total: 0, net: 0, tax: 0 };
        const history: PricedLine[] = [];
        for (const qtyMilli of pieces) {
          const refundLine = priceRefund(cart, [{ lineId: sold.lineId, qtyMilli }], history).lines[0] as PricedLine;
          history.push(refundLine);
          for (const f of fields) expect(refundLine[f]).toBeLessThanOrEqual(0);
          expect(refundLine.netMinor + refundLine.taxMinor).toBe(refundLine.totalMinor);
          expect(refundLine.extendedMinor - refundLine.lineDiscountMinor - refundLine.cartDiscountMinor).toBeOneOf([refundLine.totalMinor, refundLine.netMinor]);
          given = { total: given.total - refundLine.totalMinor, net: given.net - refundLine.netMinor, tax: given.tax - refundLine.taxMinor };
          expect(given.total).toBeLessThanOrEqual(sold.totalMinor);
          expect(given.net).toBeLessThanOrEqual(sold.netMinor);
          expect(given.tax).toBeLessThanOrEqual(sold.taxMinor);
        }
      }),
    );
  });
});
