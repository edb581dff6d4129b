/**
 * THE one table of Keel error codes. Server routes, the terminal's sync engine, the IPC
 * contract and the UI all take codes from here; adding a code is one row.
 *
 * - `status`: the HTTP status the server answers with, or `null` for codes that never cross
 *   HTTP (terminal-side: devices, cart, local storage, transport failures seen by the client).
 * - `retryable`: the same request may succeed later without change (after backoff, honouring
 *   `Retry-After`). The sync engine retries these and nothing else automatically.
 * - `summary`: what it means, for docs and as a default message. User-facing text is the UI's
 *   job; messages must never contain PINs, tokens or PANs (DESIGN.md invariant 8).
 *
 * Status mapping follows DESIGN.md "Server" (400 INVALID_INPUT, 401 AUTH_REQUIRED, 403
 * TENANT_ACCESS_DENIED, 404, 409 conflicts, 413, 429 RATE_LIMIT_EXCEEDED, 500 INTERNAL).
 */
export const ERROR_TABLE = {
  // ---- HTTP: request shape and authentication --------------------------------------------
  INVALID_INPUT: { status: 400, retryable: false, summary: 'The input failed validation; details.issues lists the paths.' },
  /**
   * 400, not 401: the code travels in the body, not in Authorization, and a 401 must keep one
   * meaning for the terminal ("my token is no longer good"). Unknown, expired and already
   * used codes get the same answer so the response is no oracle for guessing codes.
   */
  ENROLLMENT_CODE_INVALID: { status: 400, retryable: false, summary: 'The enrollment code is unknown, expired or already used.' },
  AUTH_REQUIRED: { status: 401, retryable: false, summary: 'No valid bearer token (missing, malformed or unknown).' },
  /** Distinct from AUTH_REQUIRED so the terminal stops syncing and offers re-enrollment. */
  TERMINAL_REVOKED: { status: 401, retryable: false, summary: 'This terminal was revoked; it must be enrolled again.' },
  TENANT_ACCESS_DENIED: { status: 403, retryable: false, summary: 'The resource belongs to another tenant or store.' },
  PERMISSION_DENIED: { status: 403, retryable: false, summary: 'The authenticated principal lacks the role for this action.' },
  NOT_FOUND: { status: 404, retryable: false, summary: 'No such resource or route.' },

  // ---- HTTP: the operation chain (DESIGN.md "Sync protocol v1", invariant 3) --------------
  /** details: ChainConflictDetails {expectedSeq, lastHash, atSeq?} */
  CHAIN_FORK: { status: 409, retryable: false, summary: 'An operation with this seq was already applied with a different hash.' },
  /** Stripe's rule: a reused idempotency key (opId) with a different payload is an error. */
  IDEMPOTENCY_MISMATCH: { status: 409, retryable: false, summary: 'This opId was already applied with a different payload.' },
  /** details: ChainConflictDetails; the terminal resends from expectedSeq, never renumbers. */
  SEQ_GAP: { status: 409, retryable: false, summary: 'The batch does not continue the acknowledged chain (seq or prevHash).' },
  CONFLICT: { status: 409, retryable: false, summary: 'The resource changed concurrently; reload and retry the edit.' },
  PAYLOAD_TOO_LARGE: { status: 413, retryable: false, summary: 'The request body exceeds the limit (see MAX_PUSH_BYTES).' },
  /**
   * The request is well formed but written for a newer protocol or operation schema than this
   * side understands (e.g. an op type the server does not know yet). Nothing is advanced or
   * rejected: the terminal keeps the op and retries after the server is upgraded. On the
   * terminal the same code means a local database written by a newer app version.
   */
  SCHEMA_TOO_NEW: { status: 422, retryable: true, summary: 'Data uses a newer schema or protocol than this version understands.' },
  /** 426: the server no longer speaks this terminal's protocol version; update the terminal. */
  CLIENT_TOO_OLD: { status: 426, retryable: false, summary: 'This terminal version is no longer supported; it must update.' },
  RATE_LIMIT_EXCEEDED: { status: 429, retryable: true, summary: 'Too many requests; retry after the Retry-After delay.' },
  /** Nothing about the cause is leaked in the message or details. */
  INTERNAL: { status: 500, retryable: true, summary: 'Unexpected server or core error.' },
  /** Database or other transient failure: nothing was advanced; retry after Retry-After. */
  UNAVAILABLE: { status: 503, retryable: true, summary: 'Temporarily unavailable (database, shutdown, overload).' },

  // ---- Terminal: sync transport as seen by the client ---------------------------------------
  NETWORK_UNREACHABLE: { status: null, retryable: true, summary: 'The server could not be reached.' },
  REQUEST_TIMEOUT: { status: null, retryable: true, summary: 'The server did not answer in time; the outcome is unknown, resend is safe.' },
  CIRCUIT_OPEN: { status: null, retryable: true, summary: 'Sync is paused after repeated failures; a probe will retry.' },
  NOT_ENROLLED: { status: null, retryable: false, summary: 'This terminal has no enrollment yet.' },
  OPERATION_REJECTED: { status: null, retryable: false, summary: 'The server stored an operation as rejected; a manager must review it.' },

  // ---- Terminal: cashier session, approvals, cart and checkout ------------------------------
  PIN_INVALID: { status: null, retryable: false, summary: 'Wrong PIN or unknown user.' },
  SESSION_REQUIRED: { status: null, retryable: false, summary: 'No cashier is logged in.' },
  APPROVAL_REQUIRED: { status: null, retryable: false, summary: 'A supervisor or manager must approve this action.' },
  DISCOUNT_LIMIT_EXCEEDED: { status: null, retryable: false, summary: 'The discount exceeds the limit for this role.' },
  PRODUCT_NOT_FOUND: { status: null, retryable: false, summary: 'No product for this barcode or SKU.' },
  CART_EMPTY: { status: null, retryable: false, summary: 'The cart has no lines.' },
  TENDER_INSUFFICIENT: { status: null, retryable: false, summary: 'The tenders do not cover the amount due.' },
  SHIFT_NOT_OPEN: { status: null, retryable: false, summary: 'No shift is open on this terminal.' },
  SHIFT_ALREADY_OPEN: { status: null, retryable: false, summary: 'A shift is already open on this terminal.' },
  SALE_NOT_VOIDABLE: { status: null, retryable: false, summary: 'The sale is already voided, refunded or closed in a Z report.' },
  REFUND_EXCEEDS_SALE: { status: null, retryable: false, summary: 'The refund exceeds what is left of the original sale.' },
  BUSY: { status: null, retryable: true, summary: 'Another sale, shift close or update is in progress.' },

  // ---- Money and pricing engine (MoneyError, PricingError in money/ and pricing/) -----------
  // Thrown by the shared engine at the till; toKeelError keeps their code. (INVALID_INPUT and
  // REFUND_EXCEEDS_SALE above are engine codes too.)
  UNKNOWN_CURRENCY: { status: null, retryable: false, summary: 'The currency is not an ISO 4217 code this version knows.' },
  CURRENCY_MISMATCH: { status: null, retryable: false, summary: 'Amounts in different currencies were combined.' },
  INVALID_AMOUNT: { status: null, retryable: false, summary: 'The text is not an amount of money.' },
  INVALID_QUANTITY: { status: null, retryable: false, summary: 'The text is not a quantity.' },
  TOO_MANY_DECIMALS: { status: null, retryable: false, summary: 'More decimals than the currency or quantity allows.' },
  OUT_OF_RANGE: { status: null, retryable: false, summary: 'The value is outside the safe range.' },
  DIVISION_BY_ZERO: { status: null, retryable: false, summary: 'Division by zero in a money computation.' },
  UNKNOWN_TAX_RATE: { status: null, retryable: false, summary: 'A line names a tax rate the store does not have.' },
  UNKNOWN_LINE: { status: null, retryable: false, summary: 'A refund names a line the sale does not have.' },
  AMOUNT_OUT_OF_RANGE: { status: null, retryable: false, summary: 'A computed amount exceeds the safe integer range.' },
  TENDER_EXCEEDS_DUE: { status: null, retryable: false, summary: 'A non-cash tender exceeds the amount due.' },

  // ---- Terminal: devices -----------------------------------------------------------------
  PRINTER_PAPER_OUT: { status: null, retryable: true, summary: 'The receipt printer is out of paper.' },
  PRINTER_COVER_OPEN: { status: null, retryable: true, summary: 'The receipt printer cover is open.' },
  PRINTER_OFFLINE: { status: null, retryable: true, summary: 'The receipt printer does not answer.' },
  CARD_DECLINED: { status: null, retryable: false, summary: 'The card terminal declined the payment.' },
  CARD_ABORTED: { status: null, retryable: false, summary: 'The payment was aborted at the card terminal.' },
  /** Never a guessed approval: recover by status query or reversal (DESIGN.md "Devices"). */
  PAYMENT_STATUS_UNKNOWN: { status: null, retryable: false, summary: 'The link was lost mid-payment; the outcome must be recovered.' },
  CARD_TERMINAL_UNAVAILABLE: { status: null, retryable: true, summary: 'The card terminal is not connected.' },
  DRAWER_UNAVAILABLE: { status: null, retryable: true, summary: 'The cash drawer did not respond.' },
  /** The device status says `notConfigured`; details.kind names the device. */
  DEVICE_NOT_CONFIGURED: { status: null, retryable: false, summary: 'No port is configured for this device.' },
  /** The port is missing, busy (locked by another program) or not permitted; details.port names it. */
  PORT_OPEN_FAILED: { status: null, retryable: true, summary: 'The serial port could not be opened.' },
  DEVICE_NO_ANSWER: { status: null, retryable: true, summary: 'The device did not answer within its timeout.' },
  PRINTER_PAPER_LOW: { status: null, retryable: false, summary: 'The receipt printer paper is nearly used up.' },
  /** Autocutter, mechanical or unrecoverable error, or offline for another reason; details say which. */
  PRINTER_ERROR: { status: null, retryable: true, summary: 'The receipt printer reports an error.' },
  /** The terminal answered with a ZVT result code other than a decline; details carry the code and its meaning. */
  CARD_TERMINAL_ERROR: { status: null, retryable: true, summary: 'The card terminal reported an error.' },
  /** Bad frames, CRC failures after all retransmissions, or messages out of order (DEVICES.md §3). */
  ZVT_PROTOCOL_ERROR: { status: null, retryable: true, summary: 'The card terminal link broke the ZVT protocol.' },

  // ---- Terminal: core process and local storage ---------------------------------------------
  CORE_RESTARTING: { status: null, retryable: true, summary: 'The core process is restarting.' },
  JOURNAL_CORRUPT: { status: null, retryable: false, summary: 'The local journal failed its hash-chain check.' },
  STORAGE_FAILED: { status: null, retryable: false, summary: 'The local database could not be written (disk full or I/O error).' },
} as const satisfies Record<string, { status: number | null; retryable: boolean; summary: string }>;

export type ErrorCode = keyof typeof ERROR_TABLE;

/** Every code, in table order. */
export const ERROR_CODES = Object.keys(ERROR_TABLE) as ErrorCode[];

/** Code → HTTP status (null: never sent over HTTP). Derived from ERROR_TABLE, not a second list. */
export const ERROR_STATUS = Object.fromEntries(ERROR_CODES.map((code) => [code, ERROR_TABLE[code].status])) as {
  readonly [K in ErrorCode]: (typeof ERROR_TABLE)[K]['status'];
};

/** UPPER_SNAKE, as STYLE.md names codes. Unknown-but-well-formed codes are tolerated on the wire. */
export const ERROR_CODE_PATTERN = /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*$/;

export function isKnownErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(ERROR_TABLE, value);
}

/** HTTP status for a code; an unknown code or a terminal-only one answers 500 when forced onto HTTP. */
export function httpStatusOf(code: string): number {
  return isKnownErrorCode(code) ? (ERROR_TABLE[code].status ?? 500) : 500;
}

export function isRetryable(code: string): boolean {
  return isKnownErrorCode(code) && ERROR_TABLE[code].retryable;
}
