import { z } from 'zod';
import { MinorSchema } from '../money/schemas';
import type { TenderKind } from '../pricing/schemas';
import { printLine, textLine } from '../catalog/primitives';
import { containsPan, isMaskedPan } from './card-data';

/**
 * Tenders as recorded in a completed sale (money in, amounts > 0) and in refunds and voids
 * (money out, amounts < 0, so that a report sums tenders by kind without caring which document
 * they came from).
 */

const positive = MinorSchema.refine((v) => v > 0, 'must be positive');
const negative = MinorSchema.refine((v) => v < 0, 'must be negative (money returned)');
const nonNegative = MinorSchema.refine((v) => v >= 0, 'must not be negative');

const noPan = 'must not contain a card number (use redactPans)';

export const MaskedPanSchema = z.string().refine(isMaskedPan, 'must be a masked PAN: at most first 6 and last 4 digits visible');

/** Card-terminal text, after redactPans: a PAN in it makes the whole tender invalid. */
const TerminalTextSchema = z.string().min(1).max(64).refine((s) => !containsPan(s), noPan);

function cardFields<A extends z.ZodType<number>>(amountMinor: A) {
  return {
    kind: z.literal('card'),
    amountMinor,
    /** As the card terminal reports it (VISA, MASTERCARD, GIROCARD, ...). */
    brand: textLine(32).refine((s) => !containsPan(s), noPan),
    maskedPan: MaskedPanSchema,
    /** Issuer authorisation code; some schemes (contactless girocard) return none. */
    authCode: TerminalTextSchema.nullable(),
    /** The card terminal's own reference (ZVT receipt number / trace), needed for a reversal. */
    terminalTransactionRef: TerminalTextSchema.nullable(),
    /** The card terminal's receipt text, printed with Keel's receipt and kept for reprints. */
    terminalReceiptLines: z.array(printLine(64).refine((s) => !containsPan(s), noPan)).max(100),
  };
}

function otherFields<A extends z.ZodType<number>>(amountMinor: A) {
  return {
    kind: z.literal('other'),
    amountMinor,
    /** What was taken: voucher, gift card, invoice account... */
    label: textLine(40),
    reference: textLine(64).refine((s) => !containsPan(s), noPan).nullable(),
  };
}

/**
 * Cash in a sale: `tenderedMinor` handed over, `amountMinor` applied to the sale, `changeMinor`
 * given back (tendered = amount + change). The arithmetic is checked by the server's
 * recomputation and flagged, not refused here (DESIGN.md invariant 4).
 */
/** amountMinor is 0 only when cash rounding took the whole cash part (a 0.02 sale with 0.05 coins). */
export const CashTenderSchema = z.strictObject({
  kind: z.literal('cash'),
  tenderedMinor: nonNegative,
  amountMinor: nonNegative,
  changeMinor: nonNegative,
});
export const CardTenderSchema = z.strictObject(cardFields(positive));
export const OtherTenderSchema = z.strictObject(otherFields(positive));

export const SaleTenderSchema = z.discriminatedUnion('kind', [CashTenderSchema, CardTenderSchema, OtherTenderSchema]);
export type SaleTender = z.infer<typeof SaleTenderSchema>;
export type CashTender = z.infer<typeof CashTenderSchema>;
export type CardTender = z.infer<typeof CardTenderSchema>;

/** Money going back to the customer: negative amounts; card refunds carry the terminal's data. */
export const RefundTenderSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('cash'), amountMinor: negative }),
  z.strictObject(cardFields(negative)),
  z.strictObject(otherFields(negative)),
]);
export type RefundTender = z.infer<typeof RefundTenderSchema>;

// Every tender kind the pricing engine knows is recordable, and no other.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const kindsMatch: [Same<SaleTender['kind'], TenderKind>, Same<RefundTender['kind'], TenderKind>] = [true, true];
void kindsMatch;
