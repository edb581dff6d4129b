import { z } from 'zod';

/**
 * What checkout needs from a card terminal. The real driver speaks ZVT over RS-232
 * (devices/, later); tests use an in-memory double. Core only ever trusts the terminal's own
 * completion message: `approved: true` is the one outcome that makes a card tender approved
 * (DESIGN.md "The spine", step 2).
 */

/** Intermediate texts the terminal shows ("Insert card", "PIN entry", ...), for the cashier's screen. */
export interface CardCallOptions {
  onStatus?: (text: string) => void;
}

export interface CardApproval {
  approved: true;
  /** As the terminal reports it (VISA, MASTERCARD, GIROCARD, ...). */
  brand: string;
  /** Masked by the terminal; Keel masks again if it is not (card-tender.ts). */
  maskedPan: string;
  authCode: string | null;
  /** The terminal's own reference (ZVT receipt number / trace): needed for a reversal or refund. */
  terminalTransactionRef: string | null;
  /** The terminal's receipt text; PANs are redacted before it is kept (card-tender.ts). */
  receiptLines: string[];
}

/** The terminal answered and nothing was charged. */
export interface CardFailure {
  approved: false;
  code: 'CARD_DECLINED' | 'CARD_ABORTED' | 'CARD_TERMINAL_UNAVAILABLE';
  message: string;
}

/**
 * The link was lost mid-payment: the card may or may not have been charged. Never treated as
 * an approval (DESIGN.md "Devices"); recovery is a status query or reversal by the driver.
 */
export interface CardStatusUnknown {
  approved: false;
  code: 'PAYMENT_STATUS_UNKNOWN';
  message: string;
  terminalTransactionRef: string | null;
  /** What the driver needs to settle it later, after a restart too (kept on the cart); absent when it cannot tell. */
  recovery?: CardRecovery | null;
}

/**
 * How far an unknown payment got, as the driver judges it (ZVT: was the command acknowledged,
 * did the PT's Status-Information arrive and was it acknowledged, with which result code and
 * receipt number). Persisted with the cart and checked when read back; it holds no card data.
 */
export const CardRecoverySchema = z.strictObject({
  op: z.enum(['authorize', 'refund', 'reverse']),
  amountMinor: z.number().int().positive(),
  /** For a reversal: the receipt number being reversed. */
  reversing: z.string().regex(/^\d{1,6}$/).nullable(),
  delivered: z.boolean(),
  acknowledged: z.boolean(),
  resultCode: z.number().int().min(0).max(255).nullable(),
  receiptNo: z.string().regex(/^\d{1,6}$/).nullable(),
  trace: z.string().regex(/^\d{1,6}$/).nullable(),
});
export type CardRecovery = z.infer<typeof CardRecoverySchema>;

export type CardOutcome = CardApproval | CardFailure | CardStatusUnknown;

export interface CardTerminal {
  /** Charges `amountMinor` (> 0). */
  authorize(amountMinor: number, options?: CardCallOptions): Promise<CardOutcome>;
  /** Pays `amountMinor` (> 0) back to a card, e.g. for a refund; `originalRef` names the sale's payment when known. */
  refund(amountMinor: number, options?: CardCallOptions & { originalRef?: string | null }): Promise<CardOutcome>;
  /** Cancels an earlier payment of the same day (ZVT reversal), e.g. for a post-sale void. */
  reverse(terminalTransactionRef: string, amountMinor: number, options?: CardCallOptions): Promise<CardOutcome>;
  /** The cashier cancels from the till while the terminal waits (ZVT ECR abort); false when nothing runs or it could not be sent. */
  abort?(): Promise<boolean>;
  /**
   * Settles an unknown outcome with the terminal's own answer (status enquiry or reversal),
   * never a guess: PAYMENT_STATUS_UNKNOWN again while it cannot tell.
   */
  resolveUnknown?(recovery: CardRecovery | null, options?: CardCallOptions): Promise<CardOutcome>;
  /** A manager settled the unknown outcome by hand (payment.resolveManually): the driver stops trying to settle it itself. */
  forgetUnknown?(): void;
}
