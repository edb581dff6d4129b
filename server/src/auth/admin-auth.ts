import type { Request, RequestHandler } from 'express';
import { KeelError } from '@keel/shared';
import type { AppContext } from '../context';
import { bearerToken } from './bearer';
import { hashToken } from './secrets';

export type AccountRole = 'admin' | 'manager';

/** The account an admin request acts as; every admin query is scoped by tenantId. */
export interface AdminPrincipal {
  tenantId: string;
  accountId: string;
  sessionId: string;
  email: string;
  /** 'admin' manages the whole tenant; 'manager' only `storeId`. */
  role: AccountRole;
  storeId: string | null;
}

const KEY = Symbol('admin');

/**
 * Bearer auth for the admin API: token → session → account, checked on every request (no
 * cache), so logout, expiry and disabling an account take effect at once on every instance.
 * Unknown, expired and disabled all answer AUTH_REQUIRED.
 */
export function adminAuth(ctx: AppContext): RequestHandler {
  return async (req, _res, next) => {
    const principal = await authenticateAdmin(ctx, bearerToken(req));
    (req as Request & { [KEY]?: AdminPrincipal })[KEY] = principal;
    next();
  };
}

export async function authenticateAdmin(ctx: AppContext, token: string): Promise<AdminPrincipal> {
  const { rows } = await ctx.pool.query<{
    tenant_id: string;
    session_id: string;
    expires_at: Date;
    account_id: string;
    email: string;
    role: AccountRole;
    store_id: string | null;
    disabled_at: Date | null;
  }>(
    `SELECT s.tenant_id, s.id AS session_id, s.expires_at, a.id AS account_id, a.email, a.role, a.store_id, a.disabled_at
       FROM admin_sessions s
       JOIN accounts a ON a.tenant_id = s.tenant_id AND a.id = s.account_id
      WHERE s.token_hash = $1`,
    [hashToken(token)],
  );
  const row = rows[0];
  if (!row) throw new KeelError('AUTH_REQUIRED', 'Unknown or ended session; log in again.');
  if (row.expires_at.getTime() <= ctx.now().getTime()) throw new KeelError('AUTH_REQUIRED', 'The session has expired; log in again.');
  if (row.disabled_at) throw new KeelError('AUTH_REQUIRED', 'This account is disabled.');
  return {
    tenantId: row.tenant_id,
    accountId: row.account_id,
    sessionId: row.session_id,
    email: row.email,
    role: row.role,
    storeId: row.store_id,
  };
}

export function adminOf(req: Request): AdminPrincipal {
  const principal = (req as Request & { [KEY]?: AdminPrincipal })[KEY];
  if (!principal) throw new KeelError('AUTH_REQUIRED');
  return principal;
}
