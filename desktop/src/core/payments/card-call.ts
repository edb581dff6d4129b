import { toKeelError } from '@keel/shared';
import type { CardCallOptions, CardOutcome, CardTerminal } from './card-terminal';

/**
 * Calls the card terminal so that only its answer counts. A driver that throws a KeelError
 * keeps its code (e.g. CARD_TERMINAL_UNAVAILABLE before anything was sent); anything else
 * broke mid-conversation, so whether money moved is unknown, and that is what the cashier is
 * told: PAYMENT_STATUS_UNKNOWN, never a guessed approval (DESIGN.md "Devices").
 */
export async function callCardTerminal(call: () => Promise<CardOutcome>): Promise<CardOutcome> {
  try {
    return await call();
  } catch (error) {
    const known = toKeelError(error);
    if (known.code === 'INTERNAL') {
      return { approved: false, code: 'PAYMENT_STATUS_UNKNOWN', message: 'The card terminal failed mid-payment.', terminalTransactionRef: null };
    }
    throw known;
  }
}

/**
 * Gives a card payment back: a reversal when the terminal gave a reference to reverse (same
 * day, no new card presentment), otherwise a refund of the amount.
 */
export function giveBackCardPayment(
  terminal: CardTerminal,
  payment: { amountMinor: number; terminalTransactionRef: string | null },
  options: CardCallOptions,
): Promise<CardOutcome> {
  const ref = payment.terminalTransactionRef;
  return callCardTerminal(() =>
    ref === null ? terminal.refund(payment.amountMinor, { ...options, originalRef: null }) : terminal.reverse(ref, payment.amountMinor, options),
  );
}
