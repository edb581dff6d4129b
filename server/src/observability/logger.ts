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

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'keel-server' },
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  );
}
