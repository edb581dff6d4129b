import { z } from 'zod';
import { ERROR_CODE_PATTERN, ERROR_TABLE, httpStatusOf, isKnownErrorCode, isRetryable, type ErrorCode } from './codes';

/**
 * The error envelope every HTTP error response carries (DESIGN.md "Server"):
 * `{ error: human message, code: UPPER_SNAKE, details?: JSON }`.
 *
 * `code` is validated by pattern, not against ERROR_TABLE: an older terminal must still be able
 * to read an error from a newer server (and show its message) instead of failing to parse it.
 * Use `isKnownErrorCode` to branch on it.
 */
export const ErrorEnvelopeSchema = z.object({
  error: z.string().min(1),
  code: z.string().regex(ERROR_CODE_PATTERN, 'error code in UPPER_SNAKE'),
  details: z.unknown().optional(),
});
export type ErrorEnvelope = z.infer<typeof ErrorEnvelopeSchema>;

export function isErrorEnvelope(value: unknown): value is ErrorEnvelope {
  return ErrorEnvelopeSchema.safeParse(value).success;
}

/** One validation problem, with the path joined by dots (`ops.0.payload.tenders.1.maskedPan`). */
export interface InputIssue {
  path: string;
  message: string;
}

/** A typed, serialisable error: the only kind of error Keel code throws across a boundary. */
export class KeelError extends Error {
  override readonly name = 'KeelError';
  readonly code: ErrorCode;
  readonly details: unknown;

  constructor(code: ErrorCode, message?: string, details?: unknown, options?: { cause?: unknown }) {
    super(message ?? ERROR_TABLE[code].summary, options);
    this.code = code;
    this.details = details;
  }

  get httpStatus(): number {
    return httpStatusOf(this.code);
  }

  get retryable(): boolean {
    return isRetryable(this.code);
  }

  toEnvelope(): ErrorEnvelope {
    return this.details === undefined
      ? { error: this.message, code: this.code }
      : { error: this.message, code: this.code, details: this.details };
  }

  /**
   * An envelope received from the server as a KeelError. Codes this version does not know
   * become INTERNAL with the original code kept in details, so nothing is lost or guessed.
   */
  static fromEnvelope(envelope: ErrorEnvelope): KeelError {
    if (isKnownErrorCode(envelope.code)) return new KeelError(envelope.code, envelope.error, envelope.details);
    return new KeelError('INTERNAL', envelope.error, { unknownCode: envelope.code, details: envelope.details });
  }

  /** INVALID_INPUT with every zod issue as `{path, message}`; never echoes the input values. */
  static fromZodError(error: z.ZodError, message = 'Invalid input'): KeelError {
    const issues: InputIssue[] = error.issues.map((issue) => ({
      path: issue.path.map(String).join('.'),
      message: issue.message,
    }));
    return new KeelError('INVALID_INPUT', message, { issues });
  }
}

/**
 * Anything thrown, as a KeelError. Errors without a Keel code become INTERNAL with a generic
 * message: their text may hold SQL, paths or customer data, so it stays in `cause` for the log
 * scrubber and never reaches the wire.
 */
export function toKeelError(thrown: unknown): KeelError {
  if (thrown instanceof KeelError) return thrown;
  if (thrown instanceof z.ZodError) return KeelError.fromZodError(thrown);
  // Domain errors of shared/ (MoneyError, PricingError) carry a code from ERROR_TABLE and a
  // message written for the caller: keep both.
  if (thrown instanceof Error && 'code' in thrown && isKnownErrorCode(thrown.code)) {
    const details = 'details' in thrown ? thrown.details : undefined;
    return new KeelError(thrown.code, thrown.message, details, { cause: thrown });
  }
  return new KeelError('INTERNAL', ERROR_TABLE.INTERNAL.summary, undefined, { cause: thrown });
}
