import { z } from 'zod';
import {
  EntityIdSchema,
  KeelError,
  MinorSchema,
  ReceiptNumberSchema,
  RecordedTotalsSchema,
  RefundLineSchema,
  RefundTenderSchema,
  textLine,
  UtcTimestampSchema,
  UuidSchema,
  type UnknownPayment,
} from '@keel/shared';
import { CardRecoverySchema } from '../payments/card-terminal';
import type { Db } from '../store/database';
import { Meta } from '../store/meta';

/**
 * A card refund whose outcome is unknown: the link to the terminal died after the amount was
 * sent (issue 6 point 2: "status unknown" until a status enquiry or a reversal settles it). A
 * refund is not on a cart, so it is kept in the ledger's meta table, written before the cashier
 * hears of it, so that a restart cannot forget money that may have gone back to a card. It
 * holds the refund document as priced when the card step began (recorded unchanged once the
 * terminal confirms) and the driver's recovery; no card data (DESIGN.md invariant 8).
 * Validated when read back (STYLE.md habit 7).
 */
const CardRefundTenderSchema = RefundTenderSchema.options[1];

export const UnknownCardRefundSchema = z.strictObject({
  /** Names this doubt, so that settling it twice records the refund once. */
  doubtId: UuidSchema,
  /** What the terminal was asked to pay back to the card (positive). */
  amountMinor: MinorSchema.refine((v) => v > 0),
  startedAt: UtcTimestampSchema,
  message: z.string().max(300),
  terminalTransactionRef: z.string().max(64).nullable(),
  recovery: CardRecoverySchema.nullable(),
  draft: z.strictObject({
    originalSaleId: UuidSchema,
    originalReceiptNumber: ReceiptNumberSchema,
    lines: z.array(RefundLineSchema).min(1).max(1000),
    totals: RecordedTotalsSchema,
    /** The cash part of the refund (≤ 0), handed out only when the document is recorded. */
    cashMinor: MinorSchema.refine((v) => v <= 0),
    roundingMinor: MinorSchema,
    reason: textLine(200),
    approvedBy: EntityIdSchema.nullable(),
  }),
  /**
   * Set once the terminal (or a manager) confirmed the money went back, before the document is
   * recorded: if recording then fails (no open shift, disk), the next attempt records it without
   * asking the terminal again.
   */
  confirmed: CardRefundTenderSchema.nullable().default(null),
});
export type UnknownCardRefund = z.infer<typeof UnknownCardRefundSchema>;
export type CardRefundTender = z.infer<typeof CardRefundTenderSchema>;

const KEY = 'payment.unknownRefund';

export class RefundDoubts {
  private readonly meta: Meta;

  constructor(db: Db) {
    this.meta = new Meta(db);
  }

  /** The refund in doubt, or null. A stored entry that no longer reads back still blocks (STORAGE_FAILED). */
  get(): UnknownCardRefund | null {
    const raw = this.meta.get<unknown>(KEY);
    if (raw === null) return null;
    const parsed = UnknownCardRefundSchema.safeParse(raw);
    if (!parsed.success) throw new KeelError('STORAGE_FAILED', 'A card refund in doubt could not be read back; check the terminal journal and ask support.');
    return parsed.data;
  }

  keep(doubt: UnknownCardRefund): void {
    this.meta.set(KEY, UnknownCardRefundSchema.parse(doubt));
  }

  clear(): void {
    this.meta.delete(KEY);
  }
}

export function refundView(doubt: UnknownCardRefund): UnknownPayment {
  return {
    kind: 'refund',
    amountMinor: doubt.amountMinor,
    startedAt: doubt.startedAt,
    message: doubt.message,
    terminalTransactionRef: doubt.terminalTransactionRef,
    originalReceiptNumber: doubt.draft.originalReceiptNumber,
  };
}

/** Refused while a card refund is in doubt: another card refund, a card payment, a refund of the same sale. */
export function refundInDoubtError(doubt: UnknownCardRefund): KeelError {
  return new KeelError(
    'PAYMENT_STATUS_UNKNOWN',
    'A card refund has an unknown outcome: check it with the card terminal (or have a manager settle it) first.',
    { unknownRefund: { amountMinor: doubt.amountMinor, originalReceiptNumber: doubt.draft.originalReceiptNumber } },
  );
}
