import { z } from 'zod';
import { BusinessDateSchema, UtcTimestampSchema, UuidSchema } from '../catalog/primitives';
import { CurrencyCodeSchema, MinorSchema, QtyMilliSchema } from '../money/schemas';
import { ZSummarySchema } from '../sale/day-close';
import { ApprovalSchema } from './views';

/**
 * The shapes of X and Z reports, as the terminal builds them and the UI, the printer and the
 * exports read them. Everything crossing IPC is zod (STYLE.md habit 6). Meant to move to
 * shared/ipc with the `reports.x` / `reports.z` channels; nothing here imports desktop code.
 *
 * Amounts are integers in minor units with the sign of ZSummary: sales positive, refunds and
 * voids negative. The figures of the Z itself (what syncs as `day.closed`) are `summary`,
 * exactly ZSummarySchema; the other sections are for people and are rebuilt from the ledger.
 */

const count = z.number().int().min(0);

/** A person as reports name them: the id that documents carry and the name known at report time. */
export const ReportPersonSchema = z.object({ id: z.string(), name: z.string() });
export type ReportPerson = z.infer<typeof ReportPersonSchema>;

/**
 * One hour of the store's wall clock. `startsAt` is the UTC instant the hour began, so the two
 * 02:00 hours of a fall-back night are two buckets; their labels then carry the UTC offset
 * ("02:00 +02:00", "02:00 +01:00"). A spring-forward night simply has no 02:00 bucket.
 */
export const HourBucketSchema = z.object({
  startsAt: UtcTimestampSchema,
  /** Wall-clock hour in the store's zone, "HH:00". */
  hour: z.string().regex(/^\d{2}:00$/),
  /** UTC offset of the store's zone during this hour, "+01:00". */
  utcOffset: z.string().regex(/^[+-]\d{2}:\d{2}$/),
  /** What a chart axis shows: the hour, plus the offset where the same hour occurs twice. */
  label: z.string(),
  salesCount: count,
  grossMinor: MinorSchema,
});
export type HourBucket = z.infer<typeof HourBucketSchema>;

export const CategoryRowSchema = z.object({
  categoryId: z.string().nullable(),
  name: z.string(),
  qtyMilli: QtyMilliSchema,
  grossMinor: MinorSchema,
});
export type CategoryRow = z.infer<typeof CategoryRowSchema>;

export const CashierRowSchema = z.object({
  cashier: ReportPersonSchema,
  salesCount: count,
  salesGrossMinor: MinorSchema,
  discountMinor: MinorSchema,
  refundsCount: count,
  refundsGrossMinor: MinorSchema,
  voidsCount: count,
  voidsGrossMinor: MinorSchema,
  noSales: count,
});
export type CashierRow = z.infer<typeof CashierRowSchema>;

export const TopItemSchema = z.object({ sku: z.string(), name: z.string(), qtyMilli: QtyMilliSchema, grossMinor: MinorSchema });
export type TopItem = z.infer<typeof TopItemSchema>;

export const RefundEntrySchema = z.object({
  receiptNumber: z.string(),
  originalReceiptNumber: z.string(),
  createdAt: UtcTimestampSchema,
  cashier: ReportPersonSchema,
  approvedBy: ReportPersonSchema.nullable(),
  /** Money given back, cash rounding included (≤ 0). */
  amountMinor: MinorSchema,
  reason: z.string(),
});
export type RefundEntry = z.infer<typeof RefundEntrySchema>;

export const VoidEntrySchema = z.object({
  receiptNumber: z.string(),
  createdAt: UtcTimestampSchema,
  cashier: ReportPersonSchema,
  approvedBy: ReportPersonSchema,
  /** The voided sale's amount, cash rounding included, negated (≤ 0). */
  amountMinor: MinorSchema,
  reason: z.string(),
});
export type VoidEntry = z.infer<typeof VoidEntrySchema>;

/** Discounts given on sales that still stand, by who gave them and who approved them. */
export const DiscountEntrySchema = z.object({
  cashier: ReportPersonSchema,
  approvedBy: ReportPersonSchema.nullable(),
  kind: z.enum(['line', 'cart']),
  count,
  amountMinor: MinorSchema,
});
export type DiscountEntry = z.infer<typeof DiscountEntrySchema>;

export const NoSaleEntrySchema = z.object({ createdAt: UtcTimestampSchema, cashier: ReportPersonSchema, reason: z.string().nullable() });
export type NoSaleEntry = z.infer<typeof NoSaleEntrySchema>;

export const ShiftCashSchema = z.object({
  shiftId: UuidSchema,
  cashier: ReportPersonSchema,
  openedAt: UtcTimestampSchema,
  closedAt: UtcTimestampSchema.nullable(),
  openingFloatMinor: MinorSchema,
  /** For an open shift: what the drawer should hold now. */
  expectedMinor: MinorSchema,
  countedMinor: MinorSchema.nullable(),
  overShortMinor: MinorSchema.nullable(),
});
export type ShiftCash = z.infer<typeof ShiftCashSchema>;

/** Cash expected vs counted; the totals are over closed shifts only (an open drawer is not counted yet). */
export const CashSectionSchema = z.object({
  shifts: z.array(ShiftCashSchema),
  expectedMinor: MinorSchema,
  countedMinor: MinorSchema,
  overShortMinor: MinorSchema,
});
export type CashSection = z.infer<typeof CashSectionSchema>;

/** Which documents a report covers. A Z covers the journal after the previous Z, up to itself. */
export const ReportScopeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('shift'), shiftId: UuidSchema }),
  z.object({ kind: z.literal('businessDay'), businessDate: BusinessDateSchema }),
  z.object({ kind: z.literal('journal'), afterSeq: z.number().int().min(0), beforeSeq: z.number().int().min(1) }),
]);
export type ReportScope = z.infer<typeof ReportScopeSchema>;

export const ZInfoSchema = z.object({
  zId: UuidSchema,
  zNumber: z.number().int().min(1),
  businessDate: BusinessDateSchema,
  closedAt: UtcTimestampSchema,
  closedBy: ReportPersonSchema,
});
export type ZInfo = z.infer<typeof ZInfoSchema>;

const reportFields = {
  scope: ReportScopeSchema,
  storeName: z.string(),
  terminalCode: z.string(),
  currency: CurrencyCodeSchema,
  timeZone: z.string(),
  generatedAt: UtcTimestampSchema,
  /** Business dates of the documents covered, ascending. */
  businessDates: z.array(BusinessDateSchema),
  /** First and last document instants covered (null: no documents). */
  firstAt: UtcTimestampSchema.nullable(),
  lastAt: UtcTimestampSchema.nullable(),
  firstReceiptNumber: z.string().nullable(),
  lastReceiptNumber: z.string().nullable(),
  summary: ZSummarySchema,
  /** The on-screen chart's series: every hour from the first to the last sale, empty hours included. */
  byHour: z.array(HourBucketSchema),
  byCategory: z.array(CategoryRowSchema),
  byCashier: z.array(CashierRowSchema),
  topItems: z.array(TopItemSchema),
  refunds: z.array(RefundEntrySchema),
  voids: z.array(VoidEntrySchema),
  discounts: z.array(DiscountEntrySchema),
  noSales: z.array(NoSaleEntrySchema),
  cash: CashSectionSchema,
};

/** An X report: a read-out at any time that changes nothing. grandTotal is as of now. */
export const XReportSchema = z.object({ kind: z.literal('x'), ...reportFields, z: z.null() });
/** A Z report: the day closed. Its summary is exactly the `day.closed` payload's. */
export const ZReportSchema = z.object({ kind: z.literal('z'), ...reportFields, z: ZInfoSchema });
export const ReportSchema = z.discriminatedUnion('kind', [XReportSchema, ZReportSchema]);
export type XReport = z.infer<typeof XReportSchema>;
export type ZReport = z.infer<typeof ZReportSchema>;
export type Report = z.infer<typeof ReportSchema>;

// ---- IPC channel shapes (to become entries of IPC_CHANNELS) ------------------------------

/** `reports.x`: a shift (default: the open one) or a business day (default: today's). */
export const XReportInputSchema = z
  .object({
    shiftId: UuidSchema.optional(),
    businessDate: BusinessDateSchema.optional(),
    ...ApprovalSchema.shape,
  })
  .strict()
  .refine((v) => v.shiftId === undefined || v.businessDate === undefined, 'give a shift or a business day, not both');
export type XReportInput = z.infer<typeof XReportInputSchema>;

/** `reports.z`: closes the business day. */
export const ZReportInputSchema = z.object({ ...ApprovalSchema.shape }).strict();
export type ZReportInput = z.infer<typeof ZReportInputSchema>;

/** `reports.zGet`: a closed Z again (reprint, export). */
export const ZGetInputSchema = z.object({ zNumber: z.number().int().min(1), ...ApprovalSchema.shape }).strict();

/** `reports.zList`: the latest Z reports, newest first. */
export const ZListInputSchema = z.object({ limit: z.number().int().min(1).max(366).default(31) }).strict();
export const ZListEntrySchema = z.object({
  zNumber: z.number().int().min(1),
  businessDate: BusinessDateSchema,
  closedAt: UtcTimestampSchema,
  grossMinor: MinorSchema,
  grandTotalMinor: MinorSchema,
});
export type ZListEntry = z.infer<typeof ZListEntrySchema>;

// ---- Report outputs: print, PDF, CSV ------------------------------------------------------

/**
 * Which report `reports.print` / `reports.exportPdf` / `reports.exportCsv` render: a closed Z by
 * its number, else an X of a shift or business day (the defaults of `reports.x`). Core rebuilds
 * the report from its ledger; the renderer never sends report figures (DESIGN.md invariant 9).
 */
export const ReportOutputInputSchema = z
  .object({
    zNumber: z.number().int().min(1).optional(),
    shiftId: UuidSchema.optional(),
    businessDate: BusinessDateSchema.optional(),
    ...ApprovalSchema.shape,
  })
  .strict()
  .refine((v) => [v.zNumber, v.shiftId, v.businessDate].filter((x) => x !== undefined).length <= 1, 'give a Z number, a shift or a business day, not several');
export type ReportOutputInput = z.infer<typeof ReportOutputInputSchema>;

/** `reports.print`: queued durably and printed; `printed` false says why in `code` (ERROR_TABLE) and the job waits for the printer. */
export const ReportPrintedSchema = z.object({ printed: z.boolean(), code: z.string().nullable() });

/**
 * An exported file, whole: the browser host has no save dialog, so the renderer offers the bytes
 * as a download. A PDF comes base64-encoded, a CSV as text (UTF-8).
 */
const fileName = z.string().regex(/^[\w.-]+$/);
export const ReportPdfFileSchema = z.object({ fileName, mimeType: z.literal('application/pdf'), base64: z.string().min(1) });
export const ReportCsvFileSchema = z.object({ fileName, mimeType: z.literal('text/csv'), text: z.string() });
export type ReportPdfFile = z.infer<typeof ReportPdfFileSchema>;
export type ReportCsvFile = z.infer<typeof ReportCsvFileSchema>;
