import { z } from 'zod';
import { BusinessDateSchema, UtcTimestampSchema, UuidSchema } from '../catalog/primitives';
import { MinorSchema, QtyMilliSchema } from '../money/schemas';
import { TenderKindSchema } from '../pricing/schemas';

/**
 * Finding an earlier sale of this terminal's ledger (`sale.find`, `sale.list`), so that a refund
 * or void does not depend on the screen having seen the sale: a receipt from last week, a UI
 * that was reloaded. What is shown is computed by core from the ledger, never remembered by the
 * renderer.
 */

/**
 * What a cashier types or scans: the full number (`T01-000123`, any case) or only its digits
 * (`123`, this till's own sequence). Core turns it into the canonical form.
 */
export const ReceiptQuerySchema = z
  .string()
  .trim()
  .min(1, 'enter a receipt number')
  .max(40)
  .regex(/^(?:[A-Za-z][A-Za-z0-9]{0,7}-)?\d{1,15}$/, 'receipt number like T01-000123');

const nonNegativeQty = QtyMilliSchema.refine((v) => v >= 0, 'must not be negative');

export const SaleStatusSchema = z.enum(['sold', 'partlyRefunded', 'refunded', 'voided']);
export type SaleStatus = z.infer<typeof SaleStatusSchema>;

export const SaleRecordLineSchema = z.object({
  lineId: z.string(),
  sku: z.string(),
  name: z.string(),
  unitPriceMinor: MinorSchema,
  qtyMilli: QtyMilliSchema,
  totalMinor: MinorSchema,
  /** Line and share of cart discount together. */
  discountMinor: MinorSchema,
  priceOverridden: z.boolean(),
  /** Already given back by earlier refunds (positive). */
  refundedQtyMilli: nonNegativeQty,
  /** What a refund may still take: sold − refunded, 0 once voided. */
  refundableQtyMilli: nonNegativeQty,
});
export type SaleRecordLine = z.infer<typeof SaleRecordLineSchema>;

/** A sale as the ledger holds it, with what happened to it since. */
export const SaleRecordSchema = z.object({
  saleId: UuidSchema,
  receiptNumber: z.string(),
  createdAt: UtcTimestampSchema,
  businessDate: BusinessDateSchema,
  cashierName: z.string(),
  currency: z.string(),
  /** What the customer paid (engine total plus cash rounding). */
  paidMinor: MinorSchema,
  tenders: z.array(z.object({ kind: TenderKindSchema, amountMinor: MinorSchema, label: z.string() })),
  lines: z.array(SaleRecordLineSchema),
  refunds: z.array(z.object({ receiptNumber: z.string(), createdAt: UtcTimestampSchema, totalMinor: MinorSchema })),
  status: SaleStatusSchema,
  voidedAt: UtcTimestampSchema.nullable(),
  /** Null when a void is possible now; otherwise why not (the way back is then a refund). */
  voidBlockedReason: z.string().nullable(),
});
export type SaleRecord = z.infer<typeof SaleRecordSchema>;

export const SaleListEntrySchema = z.object({
  saleId: UuidSchema,
  receiptNumber: z.string(),
  receiptSeq: z.number().int().min(1),
  createdAt: UtcTimestampSchema,
  businessDate: BusinessDateSchema,
  currency: z.string(),
  paidMinor: MinorSchema,
  lineCount: z.number().int().min(0),
  status: SaleStatusSchema,
});
export type SaleListEntry = z.infer<typeof SaleListEntrySchema>;

export const SaleFindInputSchema = z.object({ receiptNumber: ReceiptQuerySchema }).strict();

export const SaleListInputSchema = z
  .object({
    /** Only sales of this business day (the store's day rule, as on the receipt). */
    businessDate: BusinessDateSchema.optional(),
    /** The page after the one that ended here: pass the last page's `nextBefore`. */
    before: z.number().int().min(1).optional(),
    limit: z.number().int().min(1).max(100).default(20),
  })
  .strict();

export const SaleListPageSchema = z.object({
  sales: z.array(SaleListEntrySchema),
  /** Receipt seq to pass as `before` for older sales; null when this was the last page. */
  nextBefore: z.number().int().min(1).nullable(),
});
export type SaleListPage = z.infer<typeof SaleListPageSchema>;
