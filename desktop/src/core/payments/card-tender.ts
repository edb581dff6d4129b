import { containsPan, isMaskedPan, KeelError, redactPans, type CardTender, type RefundTender } from '@keel/shared';
import type { CardApproval, CardFailure, CardStatusUnknown } from './card-terminal';

/**
 * Turns what a card terminal said into the card tender Keel records. Terminal output is
 * untrusted text from a device: it is made to fit the tender schema here, because a schema
 * failure at commit time would leave a charged card without a sale. And no PAN may come to
 * rest (DESIGN.md invariant 8): receipt lines and every other text field go through
 * redactPans, and a "masked" PAN that is not masked is masked again.
 */

const MAX_TEXT = 64; // tender.ts: terminal text fields and receipt lines
const MAX_LINES = 100;
const MAX_BRAND = 32;

export function cardTenderOf(approval: CardApproval, amountMinor: number): CardTender {
  if (amountMinor <= 0) throw new RangeError('a sale card tender is positive');
  return { kind: 'card', amountMinor, ...cardFields(approval) };
}

/** Money back to a card (refund or reversal): negative amount, same card fields. */
export function cardRefundTenderOf(approval: CardApproval, amountMinor: number): Extract<RefundTender, { kind: 'card' }> {
  if (amountMinor >= 0) throw new RangeError('a refund card tender is negative');
  return { kind: 'card', amountMinor, ...cardFields(approval) };
}

function cardFields(approval: CardApproval) {
  return {
    brand: clip(singleLine(redactPans(approval.brand)), MAX_BRAND) || 'CARD',
    maskedPan: safeMaskedPan(approval.maskedPan),
    authCode: terminalText(approval.authCode),
    terminalTransactionRef: terminalText(approval.terminalTransactionRef),
    terminalReceiptLines: receiptLines(approval.receiptLines),
  };
}

/** The terminal's masked PAN if it really is masked; otherwise only its last four digits survive. */
export function safeMaskedPan(value: string): string {
  const trimmed = value.trim();
  if (isMaskedPan(trimmed) && !containsPan(trimmed)) return trimmed;
  const last4 = trimmed.replace(/\D/g, '').slice(-4);
  return `************${last4.padStart(4, '*')}`.slice(-16);
}

function terminalText(value: string | null): string | null {
  if (value === null) return null;
  const text = clip(singleLine(redactPans(value)), MAX_TEXT);
  return text.trim() === '' ? null : text;
}

function receiptLines(lines: readonly string[]): string[] {
  return lines
    .flatMap((line) => line.split(/\r\n|\r|\n/))
    .slice(0, MAX_LINES)
    .map((line) => clip(redactPans(line), MAX_TEXT));
}

function singleLine(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').trim();
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : text.slice(0, max);
}

/** A terminal's "no" as the typed error the UI explains; the message is redacted like any terminal text. */
export function cardError(outcome: CardFailure | CardStatusUnknown, details: Record<string, unknown> = {}): KeelError {
  const extra = outcome.code === 'PAYMENT_STATUS_UNKNOWN' ? { terminalTransactionRef: terminalText(outcome.terminalTransactionRef) } : {};
  return new KeelError(outcome.code, redactPans(outcome.message) || undefined, { ...details, ...extra });
}
