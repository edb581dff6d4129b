/**
 * Codes a caller can branch on. They follow the shared error shape `{ code, message, details? }`
 * (DESIGN.md "The IPC contract"), so a failed parse at the till becomes a message, not a stack.
 */
export type MoneyErrorCode =
  | 'UNKNOWN_CURRENCY'
  | 'CURRENCY_MISMATCH'
  | 'INVALID_AMOUNT'
  | 'INVALID_QUANTITY'
  | 'TOO_MANY_DECIMALS'
  | 'OUT_OF_RANGE'
  | 'DIVISION_BY_ZERO';

export class MoneyError extends Error {
  override readonly name = 'MoneyError';

  constructor(
    readonly code: MoneyErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}
