import { z } from 'zod';
import { CurrencyCodeSchema, RoundingModeSchema } from '../money/schemas';
import {
  DiscountSchema,
  PricedLineSchema,
  TaxModeSchema,
  TaxSummarySchema,
  TotalsSchema,
  type Discount,
  type PricedLine,
  type PricingSettings,
  type Totals,
} from '../pricing/schemas';

/**
 * The pricing engine's schemas as they are recorded inside operations. Same fields and checks
 * (taken from the engine's shapes), but strict and without defaults, because an operation is
 * hashed: parsing a valid operation must give back exactly what was hashed. A `.default()`
 * would add a field the sender never hashed; a stripped unknown key would drop one. Strict
 * objects turn both into a clear "unrecognized key" error instead of a hash mismatch.
 */

const percent = DiscountSchema.options[0];
const amount = DiscountSchema.options[1];

export const RecordedDiscountSchema = z.discriminatedUnion('kind', [
  z.strictObject(percent.shape),
  z.strictObject(amount.shape),
]);

export const RecordedTaxSummarySchema = z.strictObject(TaxSummarySchema.shape);

export const RecordedTotalsSchema = z.strictObject({
  ...TotalsSchema.shape,
  taxes: z.array(RecordedTaxSummarySchema),
});

export const RecordedPricedLineSchema = z.strictObject(PricedLineSchema.shape);

/**
 * The store's pricing settings in force when the sale was made. The server recomputes every
 * sale with the same engine (DESIGN.md invariant 6); it must use these, not today's settings.
 */
export const PricingSnapshotSchema = z.strictObject({
  currency: CurrencyCodeSchema,
  taxMode: TaxModeSchema,
  roundingMode: RoundingModeSchema,
  cashRoundingMinor: z.number().int().min(1),
});
export type PricingSnapshot = z.infer<typeof PricingSnapshotSchema>;

// Compile-time proof that the recorded copies describe exactly the engine's types: if the
// pricing schemas gain a field or a discount kind, this stops compiling until the copy follows.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameShapes: [
  Same<z.infer<typeof RecordedDiscountSchema>, Discount>,
  Same<z.infer<typeof RecordedTotalsSchema>, Totals>,
  Same<z.infer<typeof RecordedPricedLineSchema>, PricedLine>,
  Same<PricingSnapshot, PricingSettings>,
] = [true, true, true, true];
void sameShapes;
