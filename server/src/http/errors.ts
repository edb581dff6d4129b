import type { ErrorRequestHandler, RequestHandler } from 'express';
import pg from 'pg';
import { KeelError, toKeelError } from '@keel/shared';
import type { Logger } from '../observability/logger';
import type { Metrics } from '../observability/metrics';
import { routeTemplate } from './route-template';

/** Seconds a client should wait before retrying a 503 (database or shutdown). */
export const RETRY_AFTER_UNAVAILABLE_S = 2;

// SQLSTATE classes that mean "try again later": connection failures (08), insufficient
// resources (53), operator intervention such as shutdown (57), serialization failure/deadlock.
const TRANSIENT_SQLSTATE = /^(08|53|57)|^40001$|^40P01$/;
const TRANSIENT_NODE = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN']);

/** Whether an error from pg or the network is transient: the request may succeed if retried. */
export function isTransientDbError(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown } | null;
  if (!e || typeof e !== 'object') return false;
  if (typeof e.code === 'string' && (TRANSIENT_SQLSTATE.test(e.code) || TRANSIENT_NODE.has(e.code))) return true;
  const message = typeof e.message === 'string' ? e.message : '';
  return /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|connection is not open/i.test(message);
}

/**
 * PostgreSQL SQLSTATE class 22, "data exception": the database refused a VALUE, not the
 * request's shape: U+0000 in text or jsonb (22021, 22P05), an unpaired surrogate in jsonb or a
 * malformed uuid (22P02), a number out of range (22003). The value came from the client and the
 * schema let it through, so the answer is 400, not a 500 that tells the client to retry the
 * same bytes forever. pg's message quotes the value, so it is not echoed.
 */
export function isDataException(error: unknown): boolean {
  return error instanceof pg.DatabaseError && typeof error.code === 'string' && /^22[0-9A-Z]{3}$/.test(error.code);
}

/** Maps any thrown error to a KeelError, turning transient database failures into UNAVAILABLE. */
export function classifyError(error: unknown): KeelError {
  if (error instanceof KeelError) return error;
  if (isTransientDbError(error)) return new KeelError('UNAVAILABLE', 'The database is unavailable; retry shortly.', undefined, { cause: error });
  if (isDataException(error)) {
    return new KeelError('INVALID_INPUT', 'A value in the request cannot be stored (for example U+0000 or an unpaired surrogate in a text).', undefined, {
      cause: error,
    });
  }
  const e = error as { type?: unknown; status?: unknown; expose?: unknown } | null;
  // body-parser's own errors: JSON syntax and size limits.
  if (e && e.type === 'entity.too.large') return new KeelError('PAYLOAD_TOO_LARGE', 'The request body is too large.');
  if (e && e.type === 'entity.parse.failed') return new KeelError('INVALID_INPUT', 'The request body is not valid JSON.');
  // Any other client error body-parser raises (http-errors with expose and a 4xx status): an
  // unsupported charset or Content-Encoding, a body that fails to inflate (garbage gzip: zlib's
  // error carries no `type`), a length that does not match Content-Length. The client sent bytes
  // we cannot read: 400, never a 500. Its own message is not echoed (it may quote zlib).
  if (e && e.expose === true && typeof e.status === 'number' && e.status >= 400 && e.status < 500) {
    return new KeelError('INVALID_INPUT', 'The request body cannot be read (encoding, charset or length).');
  }
  return toKeelError(error);
}

export function errorHandler(logger: Logger, metrics: Metrics): ErrorRequestHandler {
  return (error, req, res, next) => {
    const keel = classifyError(error);
    const status = keel.httpStatus;
    if (status >= 500) {
      logger.error({ err: (keel.cause ?? error) as Error, reqId: req.id, route: routeTemplate(req) }, 'request failed');
    } else if (isDataException(keel.cause)) {
      // A client error, but one the schema should have caught: worth a look. The SQLSTATE
      // only: pg's message and detail may quote the value, which may be anything.
      const sqlState = (keel.cause as pg.DatabaseError).code;
      logger.warn({ diagnosticCode: sqlState, reqId: req.id, route: routeTemplate(req) }, 'the database refused a value from the request');
    }
    metrics.httpErrors.inc({ route: routeTemplate(req), code: keel.code });
    if (keel.code === 'UNAVAILABLE') res.setHeader('Retry-After', String(RETRY_AFTER_UNAVAILABLE_S));
    // Too late for an envelope: Express's final handler closes the connection, so the client
    // sees a cut-off response rather than waiting on one that never ends.
    if (res.headersSent) return next(error);
    res.status(status).json(keel.toEnvelope());
  };
}

export const notFound: RequestHandler = (req, _res, next) => {
  next(new KeelError('NOT_FOUND', `No route for ${req.method} ${req.path}`));
};
