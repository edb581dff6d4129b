import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { KeelError } from '@keel/shared';
import type { AppContext } from '../context';
import type { AccountRole, AdminPrincipal } from './admin-auth';
import { hashToken, newToken, verifyPassword } from './secrets';

export const LoginSchema = z.strictObject({
  email: z.string().min(1).max(320),
  password: z.string().min(1).max(1000),
});

export interface AccountView {
  id: string;
  email: string;
  role: AccountRole;
  tenantId: string;
  storeId: string | null;
}

// Verified when the email is unknown, so a failed login takes as long either way and its
// timing does not tell which emails have accounts. The password behind it is not known.
const DUMMY_HASH = 'scrypt$32768$8$1$tmtm50DG-vj7pzsLB0q-Bw$Od_K5hZfH2IQswJPIagQ5d0-VZWaE7RnUbdffMbo_s8';
const LOGIN_FAILED = 'Wrong email or password.';

/**
 * Checks the password and opens a session. Only the token's hash is stored; the token itself is
 * returned once. Unknown email, wrong password and disabled account share one answer.
 */
export async function login(
  ctx: AppContext,
  input: z.infer<typeof LoginSchema>,
): Promise<{ token: string; expiresAt: string; account: AccountView }> {
  const { rows } = await ctx.pool.query<{
    tenant_id: string;
    id: string;
    email: string;
    password_hash: string;
    role: AccountRole;
    store_id: string | null;
    disabled_at: Date | null;
  }>(
    'SELECT tenant_id, id, email, password_hash, role, store_id, disabled_at FROM accounts WHERE lower(email) = lower($1)',
    [input.email],
  );
  const account = rows[0];
  const ok = await verifyPassword(input.password, account?.password_hash ?? DUMMY_HASH);
  if (!account || !ok || account.disabled_at) throw new KeelError('AUTH_REQUIRED', LOGIN_FAILED);

  const now = ctx.now();
  const token = newToken('ka');
  const expiresAt = new Date(now.getTime() + ctx.config.ADMIN_SESSION_HOURS * 3_600_000);
  await ctx.pool.query(
    `INSERT INTO admin_sessions (tenant_id, id, account_id, token_hash, expires_at, created_at)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [account.tenant_id, randomUUID(), account.id, hashToken(token), expiresAt, now],
  );
  // Expired sessions of this account are of no use to anyone: sweep them while we are here.
  await ctx.pool.query('DELETE FROM admin_sessions WHERE tenant_id = $1 AND account_id = $2 AND expires_at <= $3', [
    account.tenant_id,
    account.id,
    now,
  ]);
  return {
    token,
    expiresAt: expiresAt.toISOString(),
    account: { id: account.id, email: account.email, role: account.role, tenantId: account.tenant_id, storeId: account.store_id },
  };
}

/** Ends the session the request authenticated with; its token stops working at once. */
export async function logout(ctx: AppContext, principal: AdminPrincipal): Promise<void> {
  await ctx.pool.query('DELETE FROM admin_sessions WHERE tenant_id = $1 AND id = $2', [principal.tenantId, principal.sessionId]);
}

export function accountViewOf(principal: AdminPrincipal): AccountView {
  return {
    id: principal.accountId,
    email: principal.email,
    role: principal.role,
    tenantId: principal.tenantId,
    storeId: principal.storeId,
  };
}
