import pino, { type Logger } from 'pino';

export type { Logger };

/**
 * Paths pino blanks before a line is written. Tokens, passwords, PINs and card data must never
 * reach a log (DESIGN.md invariant 8); request bodies are never logged at all.
 */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  '*.password',
  '*.token',
  '*.pin',
  '*.pinHash',
  '*.code',
  '*.pan',
  'password',
  'token',
  'pin',
  'pinHash',
];

// What an error's `code` says when it is a database or system code: a SQLSTATE ('42P01') or a
// Node errno name ('ECONNREFUSED'). Nothing else is copied: a `code` may be an enrollment code.
const DIAGNOSTIC_CODE = /^(?:[0-9A-Z]{5}|E[A-Z]{2,20})$/;

/**
 * pino's error serializer, plus `diagnosticCode`: the redaction of `*.code` (enrollment codes)
 * also blanks `err.code`, and a 500 logged without its SQLSTATE is hard to diagnose.
 */
function serializeError(error: Error): Record<string, unknown> {
  const serialized = pino.stdSerializers.err(error) as unknown as Record<string, unknown>;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && DIAGNOSTIC_CODE.test(code) ? { ...serialized, diagnosticCode: code } : serialized;
}

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'keel-server' },
      serializers: { err: serializeError },
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  );
}
