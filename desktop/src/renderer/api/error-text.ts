import type { IpcError } from '@keel/shared';

/**
 * What a cashier reads when something did not work: plain words and what to do next, for the
 * codes a till meets every day. Anything else shows core's own message (already written for
 * people and free of internals), cut to its first line so no stack trace can ever reach the
 * screen even if one slipped into a message.
 */
const FRIENDLY: Record<string, string | ((e: IpcError) => string)> = {
  NETWORK_UNREACHABLE: 'The server could not be reached. Check the address and that this terminal is on the network.',
  REQUEST_TIMEOUT: 'The server did not answer in time. Try again.',
  ENROLLMENT_CODE_INVALID: 'This enrollment code is unknown, expired or already used. Ask a manager for a new code.',
  TERMINAL_REVOKED: 'This terminal was removed from the store. It must be enrolled again.',
  PIN_INVALID: (e) => {
    const details = asRecord(e.details);
    if (typeof details.lockedUntil === 'string') return 'Too many wrong PINs. Locked for a few minutes.';
    const left = details.attemptsLeft;
    if (typeof left === 'number') return left === 1 ? 'Wrong PIN. 1 attempt left before a short lock.' : `Wrong PIN. ${left} attempts left.`;
    return firstLine(e.message) || 'Wrong PIN.';
  },
  SESSION_REQUIRED: 'Nobody is logged in. Log in to continue.',
  APPROVAL_REQUIRED: 'A supervisor must approve this.',
  DISCOUNT_LIMIT_EXCEEDED: (e) => firstLine(e.message) || 'This discount is above the allowed limit.',
  PRODUCT_NOT_FOUND: (e) => {
    const details = asRecord(e.details);
    if (details.inactive === true) return 'This product is no longer sold.';
    const code = typeof details.barcode === 'string' ? details.barcode : null;
    return code ? `No product has the barcode ${code}. Search for it by name instead.` : 'No product found for this code.';
  },
  CART_EMPTY: 'The cart is empty. Scan or search for a product first.',
  TENDER_INSUFFICIENT: 'The payments do not cover the amount due yet.',
  TENDER_EXCEEDS_DUE: 'A card or voucher cannot pay more than what is still due.',
  SHIFT_NOT_OPEN: 'No shift is open on this terminal. Open a shift first.',
  SHIFT_ALREADY_OPEN: 'A shift is already open on this terminal.',
  SALE_NOT_VOIDABLE: (e) => firstLine(e.message) || 'This sale can no longer be voided.',
  REFUND_EXCEEDS_SALE: (e) => firstLine(e.message) || 'This is more than is left to refund on the sale.',
  BUSY: (e) => firstLine(e.message) || 'The terminal is busy with another action. Wait a moment and try again.',
  CARD_DECLINED: 'The card was declined. Ask for another card or another way to pay.',
  CARD_ABORTED: 'The payment was cancelled at the card terminal. Nothing was charged.',
  PAYMENT_STATUS_UNKNOWN: 'The connection to the card terminal was lost during the payment. Do not charge again: check the card terminal for the result first.',
  CARD_TERMINAL_UNAVAILABLE: 'No card terminal is connected. Take another way to pay.',
  CARD_TERMINAL_ERROR: 'The card terminal reported an error. Try again or take another way to pay.',
  PRINTER_PAPER_OUT: 'The receipt printer is out of paper.',
  PRINTER_COVER_OPEN: 'The receipt printer cover is open.',
  PRINTER_OFFLINE: 'The receipt printer does not answer.',
  DRAWER_UNAVAILABLE: 'The cash drawer did not open.',
  STORAGE_FAILED: (e) => firstLine(e.message) || 'This terminal could not save the action; nothing of it was recorded.',
  CORE_RESTARTING: 'The terminal is restarting. Wait a moment, then try again.',
  NOT_ENROLLED: 'This terminal is not enrolled with a server yet.',
  INVALID_INPUT: (e) => {
    const issues = asRecord(e.details).issues;
    const first = Array.isArray(issues) ? asRecord(issues[0]) : {};
    const message = typeof first.message === 'string' ? first.message : null;
    return message ? `Please check the input: ${firstLine(message)}.` : firstLine(e.message) || 'Please check the input.';
  },
  TOO_MANY_DECIMALS: 'Too many decimals for this currency.',
  INVALID_AMOUNT: 'That is not an amount.',
  INTERNAL: 'Something went wrong in the terminal. The action did not complete; try again.',
};

export function friendlyError(error: IpcError): string {
  const entry = FRIENDLY[error.code];
  if (typeof entry === 'function') return entry(error);
  if (typeof entry === 'string') return entry;
  return firstLine(error.message) || 'The action did not complete.';
}

/** The first line of a message, without anything that looks like a stack frame. */
export function firstLine(message: string): string {
  const line = (message.split(/\r?\n/)[0] ?? '').trim();
  return /^\s*at\s.+:\d+/.test(line) ? '' : line.slice(0, 300);
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}
