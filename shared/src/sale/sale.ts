import { z } from 'zod';
import { MinorSchema, QtyMilliSchema } from '../money/schemas';
import { BusinessDateSchema, EntityIdSchema, textLine, UtcTimestampSchema, UuidSchema } from '../catalog/primitives';
import { parseReceiptNumber, ReceiptNumberSchema, ReceiptSeqSchema, receiptNumberMatchesSeq } from './receipt-number';
import { PricingSnapshotSchema, RecordedDiscountSchema, RecordedPricedLineSchema, RecordedTotalsSchema } from './recorded-pricing';
import { RefundTenderSchema, SaleTenderSchema } from './tender';

/**
 * Documents the terminal records: they become operation payloads (operations/), so every
 * object is strict and default-free (see recorded-pricing.ts). Schemas check shape and format;
 * whether the amounts add up is the server's recomputation, flagged as an anomaly and never a
 * reason to refuse a sale (DESIGN.md invariants 4 and 6).
 */

const nonNegative = MinorSchema.refine((v) => v >= 0, 'must not be negative');
const nonPositive = MinorSchema.refine((v) => v <= 0, 'must not be positive (money returned)');

/**
 * Object-level checks also run when a field already failed, so this only speaks when both
 * fields are well-formed on their own (one issue per mistake, and no throw on a bad seq).
 */
const receiptNumberCheck = (doc: { receiptNumber: unknown; receiptSeq: unknown }, ctx: z.RefinementCtx) => {
  const { receiptNumber, receiptSeq } = doc;
  if (typeof receiptNumber !== 'string' || parseReceiptNumber(receiptNumber) === null) return;
  if (typeof receiptSeq !== 'number' || !Number.isSafeInteger(receiptSeq) || receiptSeq < 1) return;
  if (!receiptNumberMatchesSeq(receiptNumber, receiptSeq)) {
    ctx.addIssue({ code: 'custom', path: ['receiptNumber'], message: 'receipt number must be the terminal code and receiptSeq' });
  }
};

/** A manual price change on a line; unitPriceMinor on the line is the price charged. */
export const PriceOverrideSchema = z.strictObject({
  originalUnitPriceMinor: nonNegative,
  reason: textLine(200),
  /** Who authorised it (may be the cashier when the role allows). */
  approvedBy: EntityIdSchema,
});
export type PriceOverride = z.infer<typeof PriceOverrideSchema>;

/**
 * A priced line as the engine produced it, plus what the engine was given that the result does
 * not show: the line discount as entered, and who approved it and any price override. With
 * these and the pricing snapshot the server can re-run the engine on the same input.
 */
export const SaleLineSchema = z.strictObject({
  ...RecordedPricedLineSchema.shape,
  discount: RecordedDiscountSchema.nullable(),
  /** Null when within the cashier's own discount limit. */
  discountApprovedBy: EntityIdSchema.nullable(),
  priceOverride: PriceOverrideSchema.nullable(),
});
export type SaleLine = z.infer<typeof SaleLineSchema>;

/** A completed sale: the payload of `sale.completed`. */
export const SaleSchema = z
  .strictObject({
    saleId: UuidSchema,
    terminalId: UuidSchema,
    storeId: UuidSchema,
    receiptNumber: ReceiptNumberSchema,
    receiptSeq: ReceiptSeqSchema,
    shiftId: UuidSchema,
    cashierId: EntityIdSchema,
    createdAt: UtcTimestampSchema,
    businessDate: BusinessDateSchema,
    pricing: PricingSnapshotSchema,
    lines: z.array(SaleLineSchema).min(1).max(1000),
    cartDiscount: RecordedDiscountSchema.nullable(),
    cartDiscountApprovedBy: EntityIdSchema.nullable(),
    totals: RecordedTotalsSchema,
    /** Empty only when nothing is due (a fully discounted sale). */
    tenders: z.array(SaleTenderSchema).max(20),
    /** Cash rounding: amount due after rounding − totals.totalMinor (may be negative). */
    roundingMinor: MinorSchema,
    /** Change handed back in total (the sum of the cash tenders' change). */
    changeMinor: nonNegative,
  })
  .superRefine(receiptNumberCheck);
export type Sale = z.infer<typeof SaleSchema>;

/**
 * A returned line exactly as the engine's priceRefund returns it (pricing/refund.ts): the sold
 * line with NEGATIVE quantity and amounts, `lineId` naming the original sale's line, so that
 * sale + refunds sum to zero field by field and the server can re-run priceRefund. Plus whether
 * the goods went back to stock (stock −qtyMilli, i.e. up) or were written off.
 */
export const RefundLineSchema = z.strictObject({
  ...RecordedPricedLineSchema.shape,
  qtyMilli: QtyMilliSchema.refine((v) => v < 0, 'refunded quantity must be negative'),
  extendedMinor: nonPositive,
  totalMinor: nonPositive,
  netMinor: nonPositive,
  taxMinor: nonPositive,
  restock: z.boolean(),
});
export type RefundLine = z.infer<typeof RefundLineSchema>;

/**
 * A refund against an earlier sale (possibly from another terminal): the payload of
 * `sale.refunded`. A printed document, so it takes a receipt number from the same gapless
 * sequence as sales. Lines and totals are the engine's refund cart: negative.
 */
export const RefundSchema = z
  .strictObject({
    refundId: UuidSchema,
    originalSaleId: UuidSchema,
    originalReceiptNumber: ReceiptNumberSchema,
    terminalId: UuidSchema,
    storeId: UuidSchema,
    receiptNumber: ReceiptNumberSchema,
    receiptSeq: ReceiptSeqSchema,
    shiftId: UuidSchema,
    cashierId: EntityIdSchema,
    createdAt: UtcTimestampSchema,
    businessDate: BusinessDateSchema,
    /** Settings in force for the refund (its proration uses roundingMode). */
    pricing: PricingSnapshotSchema,
    lines: z.array(RefundLineSchema).min(1).max(1000),
    totals: RecordedTotalsSchema,
    tenders: z.array(RefundTenderSchema).max(20),
    roundingMinor: MinorSchema,
    reason: textLine(200),
    /** Null when the cashier's role may refund alone. */
    approvedBy: EntityIdSchema.nullable(),
  })
  .superRefine(receiptNumberCheck);
export type Refund = z.infer<typeof RefundSchema>;

/**
 * A post-sale void: the whole sale is cancelled (same shift, before the Z), with a supervisor's
 * approval. The payload of `sale.voided`. `tenders` is the money given back (negative), so
 * that the drawer's expected cash follows without reading the original sale.
 */
export const SaleVoidSchema = z.strictObject({
  voidId: UuidSchema,
  saleId: UuidSchema,
  receiptNumber: ReceiptNumberSchema,
  shiftId: UuidSchema,
  cashierId: EntityIdSchema,
  approvedBy: EntityIdSchema,
  reason: textLine(200),
  tenders: z.array(RefundTenderSchema).max(20),
  createdAt: UtcTimestampSchema,
  businessDate: BusinessDateSchema,
});
export type SaleVoid = z.infer<typeof SaleVoidSchema>;
