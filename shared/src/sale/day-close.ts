import { z } from 'zod';
import { MinorSchema } from '../money/schemas';
import { TenderKindSchema } from '../pricing/schemas';
import { BusinessDateSchema, EntityIdSchema, UtcTimestampSchema, UuidSchema } from '../catalog/primitives';
import { ReceiptNumberSchema } from './receipt-number';
import { RecordedTaxSummarySchema } from './recorded-pricing';

const count = z.number().int().min(0);
const nonPositive = MinorSchema.refine((v) => v <= 0, 'must not be positive');
const nonNegative = MinorSchema.refine((v) => v >= 0, 'must not be negative');

/** Tender totals of one kind over the day, signed (refunds and voids count negative). */
export const TenderTotalSchema = z.strictObject({
  kind: TenderKindSchema,
  amountMinor: MinorSchema,
  count,
});
export type TenderTotal = z.infer<typeof TenderTotalSchema>;

/**
 * The figures of a Z report. All amounts tax-included unless named net/tax; refunds and voids
 * are negative so that gross = salesGross + refundsGross + voidsGross.
 */
export const ZSummarySchema = z.strictObject({
  salesGrossMinor: MinorSchema,
  refundsGrossMinor: nonPositive,
  voidsGrossMinor: nonPositive,
  grossMinor: MinorSchema,
  netMinor: MinorSchema,
  taxMinor: MinorSchema,
  /** By tax rate, after refunds and voids. */
  taxes: z.array(RecordedTaxSummarySchema),
  discountMinor: MinorSchema,
  roundingMinor: MinorSchema,
  tenders: z.array(TenderTotalSchema),
  cashInMinor: nonNegative,
  cashOutMinor: nonNegative,
  counts: z.strictObject({
    sales: count,
    refunds: count,
    voids: count,
    noSales: count,
    cashMovements: count,
  }),
  /** Perpetual total: grossMinor summed over every Z of this terminal up to and including this one. */
  grandTotalMinor: MinorSchema,
});
export type ZSummary = z.infer<typeof ZSummarySchema>;

/**
 * `day.closed`: the Z report. zNumber is per terminal and gapless like receipt numbers; it
 * covers every document since the previous Z, whose receipts run first..last (null when none).
 */
export const DayClosedSchema = z.strictObject({
  zId: UuidSchema,
  zNumber: z.number().int().min(1).refine(Number.isSafeInteger, 'z number out of range'),
  businessDate: BusinessDateSchema,
  closedBy: EntityIdSchema,
  closedAt: UtcTimestampSchema,
  firstReceiptNumber: ReceiptNumberSchema.nullable(),
  lastReceiptNumber: ReceiptNumberSchema.nullable(),
  summary: ZSummarySchema,
});
export type DayClosed = z.infer<typeof DayClosedSchema>;
