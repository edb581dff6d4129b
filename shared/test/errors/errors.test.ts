import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  ERROR_CODE_PATTERN,
  ERROR_CODES,
  ERROR_STATUS,
  ERROR_TABLE,
  ErrorEnvelopeSchema,
  httpStatusOf,
  isErrorEnvelope,
  isKnownErrorCode,
  isRetryable,
  KeelError,
  toKeelError,
} from '../../src/errors';
import type { ErrorCode } from '../../src/errors';
import { MoneyError, type MoneyErrorCode } from '../../src/money';
import { PricingError, type PricingErrorCode } from '../../src/pricing';

// ONE place for codes: every code the money and pricing engines throw must be in ERROR_TABLE.
// If this stops compiling, add the new engine code to shared/src/errors/codes.ts.
type Missing = Exclude<MoneyErrorCode | PricingErrorCode, ErrorCode>;
const engineCodesCovered: [Missing] extends [never] ? true : Missing = true;

describe('error table', () => {
  it('When listing every code, then each is UPPER_SNAKE with an HTTP error status or null', () => {
    expect(ERROR_CODES.length).toBeGreaterThan(10);
    for (const code of ERROR_CODES) {
      expect(code).toMatch(ERROR_CODE_PATTERN);
      const { status } = ERROR_TABLE[code];
      if (status !== null) {
        expect(Number.isInteger(status)).toBe(true);
        expect(status).toBeGreaterThanOrEqual(400);
        expect(status).toBeLessThan(600);
      }
      expect(ERROR_TABLE[code].summary.length).toBeGreaterThan(0);
    }
  });

  it('When reading the statuses DESIGN.md fixes, then the table agrees', () => {
    expect(ERROR_STATUS).toMatchObject({
      INVALID_INPUT: 400,
      AUTH_REQUIRED: 401,
      TERMINAL_REVOKED: 401,
      TENANT_ACCESS_DENIED: 403,
      NOT_FOUND: 404,
      CHAIN_FORK: 409,
      IDEMPOTENCY_MISMATCH: 409,
      SEQ_GAP: 409,
      CONFLICT: 409,
      PAYLOAD_TOO_LARGE: 413,
      RATE_LIMIT_EXCEEDED: 429,
      INTERNAL: 500,
      UNAVAILABLE: 503,
      PRINTER_PAPER_OUT: null,
    });
  });

  it('When deriving ERROR_STATUS, then it holds exactly the table codes and statuses', () => {
    expect(Object.keys(ERROR_STATUS)).toEqual(ERROR_CODES);
    for (const code of ERROR_CODES) expect(ERROR_STATUS[code]).toBe(ERROR_TABLE[code].status);
  });

  it('When a code is terminal-only or unknown, then httpStatusOf falls back to 500', () => {
    expect(httpStatusOf('SEQ_GAP')).toBe(409);
    expect(httpStatusOf('PRINTER_PAPER_OUT')).toBe(500);
    expect(httpStatusOf('NO_SUCH_CODE')).toBe(500);
    expect(isKnownErrorCode('NO_SUCH_CODE')).toBe(false);
    expect(isKnownErrorCode('toString')).toBe(false);
  });

  it('When asking what may be retried, then transient failures are and conflicts are not', () => {
    expect(isRetryable('UNAVAILABLE')).toBe(true);
    expect(isRetryable('RATE_LIMIT_EXCEEDED')).toBe(true);
    expect(isRetryable('SEQ_GAP')).toBe(false);
    expect(isRetryable('INVALID_INPUT')).toBe(false);
    expect(isRetryable('NO_SUCH_CODE')).toBe(false);
  });
});

describe('error envelope', () => {
  it('When any KeelError is turned into an envelope, then the envelope schema parses it', () => {
    for (const code of ERROR_CODES) {
      const plain = new KeelError(code).toEnvelope();
      expect(ErrorEnvelopeSchema.parse(plain)).toEqual({ error: ERROR_TABLE[code].summary, code });
      expect('details' in plain).toBe(false);
      const detailed = new KeelError(code, 'Something specific', { expectedSeq: 7 }).toEnvelope();
      expect(ErrorEnvelopeSchema.parse(detailed)).toEqual({ error: 'Something specific', code, details: { expectedSeq: 7 } });
      expect(isErrorEnvelope(detailed)).toBe(true);
    }
  });

  it('When an envelope is malformed, then isErrorEnvelope says no', () => {
    expect(isErrorEnvelope({ error: 'x', code: 'seq_gap' })).toBe(false);
    expect(isErrorEnvelope({ code: 'SEQ_GAP' })).toBe(false);
    expect(isErrorEnvelope({ error: '', code: 'SEQ_GAP' })).toBe(false);
    expect(isErrorEnvelope('SEQ_GAP')).toBe(false);
  });

  it('When a newer server sends an unknown code, then it still parses and becomes INTERNAL keeping the code', () => {
    const envelope = ErrorEnvelopeSchema.parse({ error: 'New thing', code: 'BRAND_NEW_CODE' });
    const error = KeelError.fromEnvelope(envelope);
    expect(error.code).toBe('INTERNAL');
    expect(error.message).toBe('New thing');
    expect(error.details).toEqual({ unknownCode: 'BRAND_NEW_CODE', details: undefined });
  });

  it('When a known envelope comes back, then fromEnvelope restores code, message and details', () => {
    const original = new KeelError('SEQ_GAP', 'Expected seq 8', { expectedSeq: 8 });
    const back = KeelError.fromEnvelope(original.toEnvelope());
    expect(back).toBeInstanceOf(KeelError);
    expect(back.code).toBe('SEQ_GAP');
    expect(back.message).toBe('Expected seq 8');
    expect(back.details).toEqual({ expectedSeq: 8 });
    expect(back.httpStatus).toBe(409);
  });

  it('When a zod error is converted, then it is INVALID_INPUT with dotted paths and without the input values', () => {
    const schema = z.object({ ops: z.array(z.object({ pin: z.string().length(4) })) });
    const result = schema.safeParse({ ops: [{ pin: '123456' }] });
    expect(result.success).toBe(false);
    if (result.success) return;
    const error = KeelError.fromZodError(result.error);
    expect(error.code).toBe('INVALID_INPUT');
    expect(error.details).toEqual({ issues: [{ path: 'ops.0.pin', message: expect.any(String) as string }] });
    expect(JSON.stringify(error.toEnvelope())).not.toContain('123456');
  });

  it('When the pricing or money engine throws, then toKeelError keeps its code, message and details', () => {
    expect(engineCodesCovered).toBe(true);
    const pricing = toKeelError(new PricingError('REFUND_EXCEEDS_SALE', 'line l1: too much', { lineId: 'l1' }));
    expect(pricing.toEnvelope()).toEqual({ error: 'line l1: too much', code: 'REFUND_EXCEEDS_SALE', details: { lineId: 'l1' } });
    const money = toKeelError(new MoneyError('TOO_MANY_DECIMALS', 'EUR has 2 decimals'));
    expect(money.code).toBe('TOO_MANY_DECIMALS');
    expect(money.message).toBe('EUR has 2 decimals');
  });

  it('When something unknown is thrown, then toKeelError answers INTERNAL without leaking its message', () => {
    const error = toKeelError(new Error('relation "sales" does not exist at /srv/keel'));
    expect(error.code).toBe('INTERNAL');
    expect(error.message).not.toContain('sales');
    expect(error.cause).toBeInstanceOf(Error);
    const keel = new KeelError('NOT_FOUND');
    expect(toKeelError(keel)).toBe(keel);
  });
});
