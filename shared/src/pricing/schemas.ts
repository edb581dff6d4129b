import { z } from 'zod';
import { CurrencyCodeSchema, MinorSchema, QtyMilliSchema, RoundingModeSchema } from '../money/schemas';

/**
 * A tax rate in parts per million of the net amount: 19 % = 190_000, 8.875 % = 88_750.
 * Parts per million keep every published rate exact as an integer.
 */
export const TaxRatePpmSchema = z.number().int().min(0).max(1_000_000);

export const TaxRateSchema = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  ratePpm: TaxRatePpmSchema,
});
export type TaxRate = z.infer<typeof TaxRateSchema>;

/** EU-style stores show prices with tax included; US-style stores add tax at the till. */
export const TaxModeSchema = z.enum(['inclusive', 'exclusive']);
export type TaxMode = z.infer<typeof TaxModeSchema>;

/** The store settings the engine needs; the full store settings schema extends this. */
export const PricingSettingsSchema = z.object({
  currency: CurrencyCodeSchema,
  taxMode: TaxModeSchema,
  roundingMode: RoundingModeSchema.default('half-up'),
  /** Smallest cash unit in minor units (5 = 0.05 in CHF); 1 means no cash rounding. */
  cashRoundingMinor: z.number().int().min(1).default(1),
});
export type PricingSettings = z.infer<typeof PricingSettingsSchema>;

/** Percent discounts are in basis points of the amount (10 % = 1000). */
export const DiscountSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('percent'), basisPoints: z.number().int().min(0).max(10_000) }),
  z.object({ kind: z.literal('amount'), amountMinor: MinorSchema.refine((v) => v >= 0, 'discount must not be negative') }),
]);
export type Discount = z.infer<typeof DiscountSchema>;

export const CartLineInputSchema = z.object({
  lineId: z.string().min(1),
  productId: z.string().min(1).nullable(),
  sku: z.string(),
  name: z.string(),
  /** Shelf price per unit (per piece, or per kg for weighed items), as the store shows it. */
  unitPriceMinor: MinorSchema.refine((v) => v >= 0, 'unit price must not be negative'),
  qtyMilli: QtyMilliSchema.refine((v) => v > 0, 'quantity must be positive'),
  taxRateId: z.string().min(1),
  discount: DiscountSchema.nullable().default(null),
});
export type CartLineInput = z.input<typeof CartLineInputSchema>;

export const PricingInputSchema = z.object({
  lines: z.array(CartLineInputSchema),
  cartDiscount: DiscountSchema.nullable().default(null),
  taxRates: z.array(TaxRateSchema),
});
export type PricingInput = z.input<typeof PricingInputSchema>;

export const PricedLineSchema = z.object({
  lineId: z.string(),
  productId: z.string().nullable(),
  sku: z.string(),
  name: z.string(),
  unitPriceMinor: MinorSchema,
  qtyMilli: QtyMilliSchema,
  taxRateId: z.string(),
  ratePpm: TaxRatePpmSchema,
  /** unit price × qty, rounded once with the store's mode. */
  extendedMinor: MinorSchema,
  lineDiscountMinor: MinorSchema,
  /** This line's share of the cart discount (largest-remainder allocation). */
  cartDiscountMinor: MinorSchema,
  /** What the customer pays for the line, tax included in both tax modes. */
  totalMinor: MinorSchema,
  netMinor: MinorSchema,
  taxMinor: MinorSchema,
});
export type PricedLine = z.infer<typeof PricedLineSchema>;

export const TaxSummarySchema = z.object({
  taxRateId: z.string(),
  ratePpm: TaxRatePpmSchema,
  netMinor: MinorSchema,
  taxMinor: MinorSchema,
  grossMinor: MinorSchema,
});
export type TaxSummary = z.infer<typeof TaxSummarySchema>;

export const TotalsSchema = z.object({
  /** Sum of extended amounts before any discount. */
  subtotalMinor: MinorSchema,
  /** Line discounts plus cart discount. */
  discountMinor: MinorSchema,
  netMinor: MinorSchema,
  taxMinor: MinorSchema,
  /** Amount due before cash rounding: Σ line totals. */
  totalMinor: MinorSchema,
  taxes: z.array(TaxSummarySchema),
});
export type Totals = z.infer<typeof TotalsSchema>;

export const PricedCartSchema = z.object({
  lines: z.array(PricedLineSchema),
  totals: TotalsSchema,
});
export type PricedCart = z.infer<typeof PricedCartSchema>;

export const TenderKindSchema = z.enum(['cash', 'card', 'other']);
export type TenderKind = z.infer<typeof TenderKindSchema>;

/**
 * A tender as offered at the till: cash given (may exceed what is due), card amount, etc. Cash
 * given may be 0: when the cash part rounds to nothing (0.02 with 0.05 coins) nothing changes hands.
 */
export const TenderInputSchema = z
  .object({
    kind: TenderKindSchema,
    amountMinor: MinorSchema.refine((v) => v >= 0, 'tender must not be negative'),
  })
  .refine((t) => t.kind === 'cash' || t.amountMinor > 0, { message: 'a card or other tender must be positive', path: ['amountMinor'] });
export type TenderInput = z.infer<typeof TenderInputSchema>;

export const SettlementSchema = z.object({
  /** Total after cash rounding (equals totalMinor when no cash is involved). */
  dueMinor: MinorSchema,
  /** dueMinor − totalMinor: the cash rounding adjustment, possibly negative. */
  roundingMinor: MinorSchema,
  /** Tenders as applied: cash reduced by the change given. */
  applied: z.array(z.object({ kind: TenderKindSchema, amountMinor: MinorSchema, tenderedMinor: MinorSchema })),
  changeMinor: MinorSchema,
  /** Amount still owed; 0 when the sale can complete. */
  remainingMinor: MinorSchema,
});
export type Settlement = z.infer<typeof SettlementSchema>;

/** A line chosen for refund: which sold line and how much of it (positive). */
export const RefundSelectionSchema = z.object({
  lineId: z.string().min(1),
  qtyMilli: QtyMilliSchema.refine((v) => v > 0, 'quantity must be positive'),
});
export type RefundSelection = z.infer<typeof RefundSelectionSchema>;

/**
 * What earlier refunds already gave back for a sold line. Refund lines as priceRefund returns
 * them (negative) can be passed as they are; magnitudes (all positive) are accepted too. One
 * entry must not mix signs.
 */
export const RefundedLineSchema = z.object({
  lineId: z.string().min(1),
  qtyMilli: QtyMilliSchema,
  totalMinor: MinorSchema,
  netMinor: MinorSchema,
  taxMinor: MinorSchema,
});
export type RefundedLine = z.infer<typeof RefundedLineSchema>;
