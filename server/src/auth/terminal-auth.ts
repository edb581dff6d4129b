import type { Request, RequestHandler } from 'express';
import { KeelError } from '@keel/shared';
import type { AppContext } from '../context';
import { bearerToken } from './bearer';
import { hashToken } from './secrets';

/** The authenticated terminal a request acts as; every query is scoped by these ids. */
export interface TerminalPrincipal {
  tenantId: string;
  storeId: string;
  terminalId: string;
}

const KEY = Symbol('terminal');

/**
 * Bearer auth for terminal routes. Looked up on every request (no cache), so revoking a
 * terminal stops it at once, on every server instance.
 */
export function terminalAuth(ctx: AppContext): RequestHandler {
  return async (req, _res, next) => {
    const token = bearerToken(req);
    const { rows } = await ctx.pool.query<{ tenant_id: string; store_id: string; id: string; revoked_at: Date | null }>(
      'SELECT tenant_id, store_id, id, revoked_at FROM terminals WHERE token_hash = $1',
      [hashToken(token)],
    );
    const row = rows[0];
    if (!row) throw new KeelError('AUTH_REQUIRED', 'Unknown terminal token.');
    if (row.revoked_at) throw new KeelError('TERMINAL_REVOKED', 'This terminal was revoked; enroll it again.');
    (req as Request & { [KEY]?: TerminalPrincipal })[KEY] = { tenantId: row.tenant_id, storeId: row.store_id, terminalId: row.id };
    next();
  };
}

export function terminalOf(req: Request): TerminalPrincipal {
  const principal = (req as Request & { [KEY]?: TerminalPrincipal })[KEY];
  if (!principal) throw new KeelError('AUTH_REQUIRED');
  return principal;
}
