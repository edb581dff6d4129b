import { z } from 'zod';
import { EntityIdSchema, UtcTimestampSchema, UuidSchema } from '../catalog/primitives';
import { RoleSchema } from '../catalog/user';
import { MinorSchema, QtyMilliSchema, RoundingModeSchema } from '../money/schemas';
import { DiscountSchema, PricedLineSchema, TenderKindSchema, TotalsSchema } from '../pricing/schemas';
import { DeviceStatusSchema } from '../sync/heartbeat';
import { ERROR_CODE_PATTERN } from '../errors/codes';

/** What the renderer is shown: view models built by core, never its tables. */

export const SessionUserSchema = z.object({ id: EntityIdSchema, name: z.string(), role: RoleSchema });
export type SessionUser = z.infer<typeof SessionUserSchema>;

export const ProductSummarySchema = z.object({
  id: EntityIdSchema,
  sku: z.string(),
  name: z.string(),
  priceMinor: MinorSchema,
  soldByWeight: z.boolean(),
  barcodes: z.array(z.string()),
});
export type ProductSummary = z.infer<typeof ProductSummarySchema>;

export const CartLineViewSchema = PricedLineSchema.extend({
  discount: DiscountSchema.nullable(),
  priceOverridden: z.boolean(),
});

export const CartViewSchema = z.object({
  cartId: UuidSchema,
  lines: z.array(CartLineViewSchema),
  cartDiscount: DiscountSchema.nullable(),
  totals: TotalsSchema,
  currency: z.string(),
  /** The store's cash rounding, so the tender screen shows the cash due as the drawer takes it. */
  cashRoundingMinor: z.number().int().min(1),
  roundingMode: RoundingModeSchema,
});
export type CartView = z.infer<typeof CartViewSchema>;

export const ParkedCartSchema = z.object({
  cartId: UuidSchema,
  parkedAt: UtcTimestampSchema,
  lineCount: z.number().int().min(0),
  totalMinor: MinorSchema,
  label: z.string().nullable(),
});
export type ParkedCart = z.infer<typeof ParkedCartSchema>;

export const CompletedSaleSchema = z.object({
  saleId: UuidSchema,
  receiptNumber: z.string(),
  totalMinor: MinorSchema,
  changeMinor: MinorSchema,
  /** Printed only when the printer confirmed it; false means "receipt not printed" with reprint. */
  receiptPrinted: z.boolean(),
});
export type CompletedSale = z.infer<typeof CompletedSaleSchema>;

export const TenderRequestSchema = z
  .object({
    kind: TenderKindSchema,
    /** Cash given may be 0 when the cash part rounds to nothing; everything else is positive. */
    amountMinor: MinorSchema.refine((v) => v >= 0, 'must not be negative'),
    /** What an `other` tender was: voucher, gift card, account. */
    label: z.string().trim().min(1).max(40).optional(),
  })
  .strict()
  .refine((t) => t.kind === 'cash' || t.amountMinor > 0, { message: 'must be positive', path: ['amountMinor'] });

/** A card payment approved at the terminal but not yet part of a completed sale. */
export const PendingPaymentSchema = z.object({
  amountMinor: MinorSchema,
  brand: z.string(),
  maskedPan: z.string(),
});

/** The card terminal's own words during a payment ("Insert card", "PIN entry"). */
export const PaymentStatusEventSchema = z.object({ text: z.string().max(200) });

export const ShiftViewSchema = z.object({
  shiftId: UuidSchema,
  openedAt: UtcTimestampSchema,
  openingFloatMinor: MinorSchema,
  expectedCashMinor: MinorSchema,
  cashierName: z.string(),
});
export type ShiftView = z.infer<typeof ShiftViewSchema>;

/**
 * The sync state the status bar shows (DESIGN.md invariant 7: no misleading sync icon). Derived
 * by core from facts (queue, last success, breaker), never from a guess.
 */
export const SyncStatusSchema = z.object({
  state: z.enum(['online', 'syncing', 'offline', 'serverError', 'rejectedOps', 'notEnrolled', 'conflict']),
  pendingCount: z.number().int().min(0),
  oldestPendingAt: UtcTimestampSchema.nullable(),
  lastSuccessAt: UtcTimestampSchema.nullable(),
  breaker: z.enum(['closed', 'open', 'halfOpen']),
  nextAttemptAt: UtcTimestampSchema.nullable(),
  rejected: z.array(z.object({ seq: z.number().int(), type: z.string(), reason: z.string() })),
  lastError: z.object({ code: z.string().regex(ERROR_CODE_PATTERN), message: z.string() }).nullable(),
  catalog: z.object({ phase: z.enum(['snapshot', 'log', 'idle']), done: z.number().int(), total: z.number().int() }).nullable(),
});
export type SyncStatus = z.infer<typeof SyncStatusSchema>;

export const DeviceStatusEventSchema = z.object({ devices: z.array(DeviceStatusSchema) });

export const UpdateStatusSchema = z.object({
  state: z.enum(['none', 'downloading', 'ready', 'error']),
  version: z.string().nullable(),
  progress: z.number().int().min(0).max(100).nullable(),
});

export const ApprovalSchema = z.object({
  /** A supervisor's or manager's PIN, checked offline against the pulled hashes. */
  approverPin: z.string().regex(/^\d{4,8}$/, '4 to 8 digits').optional(),
});

export const QtySchema = QtyMilliSchema.refine((v) => v > 0, 'quantity must be positive');
