import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { KeelError, UuidSchema } from '@keel/shared';
import type { AppContext } from '../context';
import type { AccountRole, AdminPrincipal } from '../auth/admin-auth';
import { hashPassword } from '../auth/secrets';
import { inTransaction } from '../db/pool';
import { pageOf, type Page, type PageQuery } from './listing';
import { withConstraints } from './catalog-errors';

/** Same floor as KEEL_ADMIN_PASSWORD: these accounts reach every store's data. */
const PasswordSchema = z.string().min(12, 'must be at least 12 characters').max(200);

export const AccountCreateSchema = z
  .strictObject({
    email: z.email().max(320),
    password: PasswordSchema,
    role: z.enum(['admin', 'manager']),
    storeId: UuidSchema.nullable().default(null),
  })
  .refine((a) => (a.role === 'manager') === (a.storeId !== null), {
    message: 'a manager needs its storeId; an admin has none',
    path: ['storeId'],
  });

export const AccountUpdateSchema = z.strictObject({
  password: PasswordSchema.optional(),
  disabled: z.boolean().optional(),
});

export interface AccountListItem {
  id: string;
  email: string;
  role: AccountRole;
  storeId: string | null;
  disabled: boolean;
  createdAt: string;
}

interface AccountRow extends Record<string, unknown> {
  id: string;
  email: string;
  role: AccountRole;
  store_id: string | null;
  disabled_at: Date | null;
  created_at: Date;
}
const toItem = (r: AccountRow): AccountListItem => ({
  id: r.id,
  email: r.email,
  role: r.role,
  storeId: r.store_id,
  disabled: r.disabled_at !== null,
  createdAt: r.created_at.toISOString(),
});
const COLUMNS = 'id, email, role, store_id, disabled_at, created_at';

export async function createAccount(ctx: AppContext, who: AdminPrincipal, input: z.infer<typeof AccountCreateSchema>): Promise<AccountListItem> {
  const passwordHash = await hashPassword(input.password);
  return inTransaction(ctx.pool, async (client) => {
    if (input.storeId !== null) {
      const store = await client.query('SELECT 1 FROM stores WHERE tenant_id = $1 AND id = $2', [who.tenantId, input.storeId]);
      if (!store.rowCount) throw new KeelError('NOT_FOUND', 'No such store.');
    }
    // Emails are unique across the fleet (login has only the email), hence the global index.
    const { rows } = await withConstraints({ unique: { code: 'CONFLICT', message: 'An account with this email already exists.' } }, () =>
      client.query<AccountRow>(
        `INSERT INTO accounts (tenant_id, id, email, password_hash, role, store_id, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${COLUMNS}`,
        [who.tenantId, randomUUID(), input.email, passwordHash, input.role, input.storeId, ctx.now()],
      ),
    );
    return toItem(rows[0]!);
  });
}

export function listAccounts(ctx: AppContext, who: AdminPrincipal, page: PageQuery): Promise<Page<AccountListItem>> {
  return pageOf<AccountRow, AccountListItem>(
    ctx.pool,
    {
      select: `SELECT ${COLUMNS}, lower(email) AS key_email FROM accounts WHERE tenant_id = $1`,
      params: [who.tenantId],
      keys: ['key_email'],
      order: 'asc',
      page,
    },
    toItem,
  );
}

/**
 * Changes a password or disables/enables an account. Disabling ends its sessions at once; an
 * admin may not disable itself, so a tenant cannot lock out its last way in by accident.
 */
export async function updateAccount(
  ctx: AppContext,
  who: AdminPrincipal,
  accountId: string,
  input: z.infer<typeof AccountUpdateSchema>,
): Promise<AccountListItem> {
  if (input.disabled === true && accountId === who.accountId) {
    throw new KeelError('CONFLICT', 'An account cannot disable itself.');
  }
  const passwordHash = input.password === undefined ? null : await hashPassword(input.password);
  return inTransaction(ctx.pool, async (client) => {
    const { rows } = await client.query<AccountRow>(
      `UPDATE accounts SET
         password_hash = coalesce($3, password_hash),
         disabled_at = CASE WHEN $4::boolean IS NULL THEN disabled_at
                            WHEN $4 THEN coalesce(disabled_at, $5) ELSE NULL END
       WHERE tenant_id = $1 AND id = $2 RETURNING ${COLUMNS}`,
      [who.tenantId, accountId, passwordHash, input.disabled ?? null, ctx.now()],
    );
    if (!rows[0]) throw new KeelError('NOT_FOUND', 'No such account.');
    // A new password or a disabled account ends its sessions (but not the one making the change).
    if (passwordHash !== null || input.disabled === true) {
      await client.query('DELETE FROM admin_sessions WHERE tenant_id = $1 AND account_id = $2 AND id <> $3', [
        who.tenantId,
        accountId,
        who.sessionId,
      ]);
    }
    return toItem(rows[0]);
  });
}
