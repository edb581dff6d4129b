import fc from 'fast-check';
import type { CartLineInput, Discount, PricingInput, TaxRate } from '../../src/pricing/schemas';
import type { PricingSettingsInput } from '../../src/pricing/settings';

/** Rates seen in the wild (0 %, 7 %, 8.875 %, 19 %, 25.5 %) plus arbitrary ones up to 100 %. */
export const ratePpmArb = fc.oneof(
  fc.constantFrom(0, 70_000, 88_750, 190_000, 255_000),
  fc.integer({ min: 0, max: 1_000_000 }),
);

export const modeArb = fc.constantFrom('half-up' as const, 'half-even' as const);
export const taxModeArb = fc.constantFrom('inclusive' as const, 'exclusive' as const);

export const settingsArb: fc.Arbitrary<PricingSettingsInput> = fc.record({
  currency: fc.constantFrom('EUR', 'USD', 'CHF', 'JPY', 'KWD'),
  taxMode: taxModeArb,
  roundingMode: modeArb,
  cashRoundingMinor: fc.constantFrom(1, 5, 10, 25),
});

export const discountArb: fc.Arbitrary<Discount | null> = fc.oneof(
  fc.constant(null),
  fc.record({ kind: fc.constant('percent' as const), basisPoints: fc.integer({ min: 0, max: 10_000 }) }),
  fc.record({ kind: fc.constant('amount' as const), amountMinor: fc.integer({ min: 0, max: 50_000 }) }),
);

/** Counted items (whole pieces) and weighed items (grams) alike. */
const qtyArb = fc.oneof(fc.integer({ min: 1, max: 20 }).map((n) => n * 1000), fc.integer({ min: 1, max: 5000 }));

export const taxRatesArb: fc.Arbitrary<TaxRate[]> = fc
  .array(ratePpmArb, { minLength: 1, maxLength: 3 })
  .map((ppms) => ppms.map((ratePpm, i) => ({ id: `rate-${i}`, name: `Rate ${i}`, ratePpm })));

export const cartArb: fc.Arbitrary<PricingInput> = taxRatesArb.chain((taxRates) =>
  fc.record({
    taxRates: fc.constant(taxRates),
    cartDiscount: discountArb,
    lines: fc
      .array(
        fc.record({
          unitPriceMinor: fc.integer({ min: 0, max: 100_000 }),
          qtyMilli: qtyArb,
          taxRateId: fc.constantFrom(...taxRates.map((r) => r.id)),
          discount: discountArb,
        }),
        { minLength: 1, maxLength: 8 },
      )
      .map((lines) =>
        lines.map(
          (line, i): CartLineInput => ({ ...line, lineId: `line-${i}`, productId: null, sku: `sku-${i}`, name: `Item ${i}` }),
        ),
      ),
  }),
);

/** A line for hand-written carts; overrides only what a case is about. */
export function line(overrides: Partial<CartLineInput> & Pick<CartLineInput, 'lineId'>): CartLineInput {
  return {
    productId: null,
    sku: overrides.lineId,
    name: overrides.lineId,
    unitPriceMinor: 100,
    qtyMilli: 1000,
    taxRateId: 'std',
    ...overrides,
  };
}

export const std: TaxRate = { id: 'std', name: 'Standard', ratePpm: 190_000 };

/** Groceries in a German-style store: weighed apples at 19 %, bread at 7 % with 10 % off, €1 off the cart. */
export const groceryCart: PricingInput = {
  lines: [
    line({ lineId: 'apples', unitPriceMinor: 1_299, qtyMilli: 385, taxRateId: 'std' }),
    line({ lineId: 'bread', unitPriceMinor: 350, qtyMilli: 3_000, taxRateId: 'reduced', discount: { kind: 'percent', basisPoints: 1_000 } }),
  ],
  cartDiscount: { kind: 'amount', amountMinor: 100 },
  taxRates: [std, { id: 'reduced', name: 'Reduced', ratePpm: 70_000 }],
};

