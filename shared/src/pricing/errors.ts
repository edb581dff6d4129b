import type { z } from 'zod';
import { MAX_SAFE_BIG } from './bigint';

/**
 * Codes follow the shared `{ code, message, details? }` shape. INVALID_INPUT is the input that
 * could never have come from a well-behaved caller; the others name a business conflict the
 * UI can explain ("refund exceeds what was sold").
 */
export type PricingErrorCode =
  | 'INVALID_INPUT'
  | 'UNKNOWN_CURRENCY'
  | 'UNKNOWN_TAX_RATE'
  | 'UNKNOWN_LINE'
  | 'AMOUNT_OUT_OF_RANGE'
  | 'TENDER_EXCEEDS_DUE'
  | 'REFUND_EXCEEDS_SALE';

export class PricingError extends Error {
  override readonly name = 'PricingError';

  constructor(
    readonly code: PricingErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

/** Parses with a zod schema, turning its issues into INVALID_INPUT with readable paths. */
export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => ({
    path: [what, ...issue.path.map(String)].join('.'),
    message: issue.message,
  }));
  throw new PricingError('INVALID_INPUT', `invalid ${what}: ${issues[0]?.path ?? what}: ${issues[0]?.message ?? ''}`, {
    issues,
  });
}

/** Converts an engine result back to a wire amount, refusing what a double cannot hold. */
export function safeMinor(value: bigint, what: string): number {
  if (value > MAX_SAFE_BIG || value < -MAX_SAFE_BIG) {
    throw new PricingError('AMOUNT_OUT_OF_RANGE', `${what} exceeds the safe integer range`, { [what]: String(value) });
  }
  return Number(value);
}

export function assertUniqueLineIds(ids: readonly string[]): void {
  const seen = new Set<string>();
  for (const id of ids) {
    if (seen.has(id)) throw new PricingError('INVALID_INPUT', `line id ${id} is used twice`, { lineId: id });
    seen.add(id);
  }
}
