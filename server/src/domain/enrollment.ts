import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { KeelError, type EnrollRequest, type EnrollResponse } from '@keel/shared';
import type { AppContext } from '../context';
import { inTransaction } from '../db/pool';
import { hashToken, newEnrollmentCode, newToken } from '../auth/secrets';
import type { AdminPrincipal } from '../auth/admin-auth';
import { epochMicros, pageOf, type Page, type PageQuery } from './listing';

export const EnrollmentCodeCreateSchema = z.strictObject({
  /** Long enough to walk to the till, short enough that a leaked code is soon worthless. */
  expiresInMinutes: z.number().int().min(1).max(7 * 24 * 60).default(60),
});

/**
 * People type codes: 'abcde-fghjk', 'ABCDEFGHJK' and 'abcde fghjk' are the same code. Only the
 * hash of this normal form is stored.
 */
export function normaliseEnrollmentCode(code: string): string {
  return code.toUpperCase().replace(/[^A-Z0-9]/g, '');
}

export interface EnrollmentCodeView {
  id: string;
  storeId: string;
  status: 'active' | 'used' | 'expired';
  expiresAt: string;
  usedAt: string | null;
  terminalId: string | null;
  createdBy: string;
  createdAt: string;
}
interface CodeRow extends Record<string, unknown> {
  id: string;
  store_id: string;
  expires_at: Date;
  used_at: Date | null;
  terminal_id: string | null;
  created_by: string;
  created_at: Date;
}
const COLUMNS = 'id, store_id, expires_at, used_at, terminal_id, created_by, created_at';
const toView =
  (now: Date) =>
  (r: CodeRow): EnrollmentCodeView => ({
    id: r.id,
    storeId: r.store_id,
    status: r.used_at ? 'used' : r.expires_at.getTime() <= now.getTime() ? 'expired' : 'active',
    expiresAt: r.expires_at.toISOString(),
    usedAt: r.used_at?.toISOString() ?? null,
    terminalId: r.terminal_id,
    createdBy: r.created_by,
    createdAt: r.created_at.toISOString(),
  });

/** A one-time code for enrolling a terminal into the store; returned once, stored as a hash. */
export async function createEnrollmentCode(
  ctx: AppContext,
  who: AdminPrincipal,
  storeId: string,
  input: z.infer<typeof EnrollmentCodeCreateSchema>,
): Promise<{ id: string; code: string; expiresAt: string }> {
  const code = newEnrollmentCode();
  const id = randomUUID();
  const now = ctx.now();
  const expiresAt = new Date(now.getTime() + input.expiresInMinutes * 60_000);
  await ctx.pool.query(
    `INSERT INTO enrollment_codes (tenant_id, id, store_id, code_hash, expires_at, created_by, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [who.tenantId, id, storeId, hashToken(normaliseEnrollmentCode(code)), expiresAt, who.accountId, now],
  );
  return { id, code, expiresAt: expiresAt.toISOString() };
}

export function listEnrollmentCodes(ctx: AppContext, tenantId: string, storeId: string, page: PageQuery): Promise<Page<EnrollmentCodeView>> {
  return pageOf<CodeRow, EnrollmentCodeView>(
    ctx.pool,
    {
      select: `SELECT ${COLUMNS}, ${epochMicros('created_at')} AS key_at, id::text AS key_id
                 FROM enrollment_codes WHERE tenant_id = $1 AND store_id = $2`,
      params: [tenantId, storeId],
      keys: ['key_at', 'key_id'],
      order: 'desc',
      page,
    },
    toView(ctx.now()),
  );
}

/** Withdraws an unused code at once (it was shown to the wrong person, or is not needed). */
export async function revokeEnrollmentCode(ctx: AppContext, tenantId: string, storeId: string, id: string): Promise<EnrollmentCodeView> {
  const now = ctx.now();
  const { rows } = await ctx.pool.query<CodeRow>(
    `UPDATE enrollment_codes SET expires_at = least(expires_at, $4)
      WHERE tenant_id = $1 AND store_id = $2 AND id = $3 AND used_at IS NULL RETURNING ${COLUMNS}`,
    [tenantId, storeId, id, now],
  );
  if (rows[0]) return toView(now)(rows[0]);
  const exists = await ctx.pool.query('SELECT 1 FROM enrollment_codes WHERE tenant_id = $1 AND store_id = $2 AND id = $3', [tenantId, storeId, id]);
  throw exists.rowCount
    ? new KeelError('CONFLICT', 'This code was already used; revoke the terminal instead.')
    : new KeelError('NOT_FOUND', 'No such enrollment code.');
}

/**
 * Redeems a code for a new terminal. The code is claimed by a single conditional UPDATE, so of
 * two concurrent redemptions exactly one matches the row (the other waits on its lock, then sees
 * used_at set and matches nothing). Unknown, expired and used codes answer alike.
 */
export async function enrollTerminal(ctx: AppContext, input: EnrollRequest): Promise<EnrollResponse> {
  const now = ctx.now();
  const terminalId = randomUUID();
  const token = newToken('kt');
  return inTransaction(ctx.pool, async (client) => {
    const claimed = await client.query<{ tenant_id: string; store_id: string }>(
      `UPDATE enrollment_codes SET used_at = $2, terminal_id = $3
        WHERE code_hash = $1 AND used_at IS NULL AND expires_at > $2
        RETURNING tenant_id, store_id`,
      [hashToken(normaliseEnrollmentCode(input.code)), now, terminalId],
    );
    const code = claimed.rows[0];
    if (!code) throw new KeelError('ENROLLMENT_CODE_INVALID', 'The enrollment code is unknown, expired or already used.');
    // Terminal codes (T01, T02, ...) are numbered per store; the store row lock serialises
    // concurrent enrollments into one store so two never draw the same number.
    await client.query('SELECT 1 FROM stores WHERE tenant_id = $1 AND id = $2 FOR UPDATE', [code.tenant_id, code.store_id]);
    const next = await client.query<{ n: number }>(
      `SELECT coalesce(max(substring(code FROM 2)::int), 0) + 1 AS n FROM terminals
        WHERE tenant_id = $1 AND store_id = $2 AND code ~ '^T[0-9]{1,7}$'`,
      [code.tenant_id, code.store_id],
    );
    const terminalCode = `T${String(next.rows[0]?.n ?? 1).padStart(2, '0')}`;
    await client.query(
      `INSERT INTO terminals (tenant_id, id, store_id, name, code, token_hash, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [code.tenant_id, terminalId, code.store_id, input.name, terminalCode, hashToken(token), now],
    );
    return { terminalId, terminalCode, storeId: code.store_id, tenantId: code.tenant_id, token };
  });
}
