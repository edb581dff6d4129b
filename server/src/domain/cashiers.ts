import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { BasisPointsSchema, KeelError, type Role, RoleSchema, textLine } from '@keel/shared';
import type { AppContext } from '../context';
import type { Pool } from '../db/pool';
import { hashPassword } from '../auth/secrets';
import { catalogTransaction, recordChange, type CatalogTx } from './catalog-changes';
import { pageOf, type Page, type PageQuery } from './listing';

/**
 * The PIN arrives in the request, is hashed here (scrypt, the same encoding as passwords, so
 * the terminal verifies it offline from the hash in the feed) and is never stored, returned or
 * logged: request bodies are not logged and validation errors never echo values.
 */
const PinSchema = z.string().regex(/^\d{4,8}$/, 'PIN of 4 to 8 digits');

/** A cashier's own discount limit in basis points; null: the store's limit for the role. */
const DiscountLimitSchema = BasisPointsSchema.nullable();

export const CashierCreateSchema = z.strictObject({
  name: textLine(100),
  role: RoleSchema,
  pin: PinSchema,
  maxDiscountBasisPoints: DiscountLimitSchema.default(null),
});
export const CashierUpdateSchema = z.strictObject({
  name: textLine(100).optional(),
  role: RoleSchema.optional(),
  pin: PinSchema.optional(),
  active: z.boolean().optional(),
  maxDiscountBasisPoints: DiscountLimitSchema.optional(),
});

export interface CashierView {
  id: string;
  storeId: string;
  name: string;
  role: Role;
  active: boolean;
  maxDiscountBasisPoints: number | null;
  updatedAt: string;
}
interface CashierRow extends Record<string, unknown> {
  id: string;
  store_id: string;
  name: string;
  role: Role;
  pin_hash: string;
  active: boolean;
  max_discount_bp: number | null;
  updated_at: Date;
}
const toView = (r: CashierRow): CashierView => ({
  id: r.id,
  storeId: r.store_id,
  name: r.name,
  role: r.role,
  active: r.active,
  maxDiscountBasisPoints: r.max_discount_bp,
  updatedAt: r.updated_at.toISOString(),
});
const COLUMNS = 'id, store_id, name, role, pin_hash, active, max_discount_bp, updated_at';

/** A cashier is a 'user' in the feed, scoped to its store, with the PIN hash for offline login. */
async function record(tx: CatalogTx, tenantId: string, row: CashierRow): Promise<void> {
  await recordChange(tx, {
    tenantId,
    storeId: row.store_id,
    entity: 'user',
    entityId: row.id,
    op: 'upsert',
    data: {
      id: row.id,
      name: row.name,
      role: row.role,
      pinHash: row.pin_hash,
      active: row.active,
      maxDiscountBasisPoints: row.max_discount_bp,
      updatedAt: row.updated_at.toISOString(),
    },
  });
}

export async function createCashier(
  ctx: AppContext,
  tenantId: string,
  storeId: string,
  input: z.infer<typeof CashierCreateSchema>,
): Promise<CashierView> {
  const pinHash = await hashPassword(input.pin);
  return catalogTransaction(ctx.pool, async (tx) => {
    const { rows } = await tx.query<CashierRow>(
      `INSERT INTO cashiers (tenant_id, id, store_id, name, role, pin_hash, active, max_discount_bp, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, true, $7, $8) RETURNING ${COLUMNS}`,
      [tenantId, randomUUID(), storeId, input.name, input.role, pinHash, input.maxDiscountBasisPoints, ctx.now()],
    );
    await record(tx, tenantId, rows[0]!);
    return toView(rows[0]!);
  });
}

/** Updates a cashier of this store (a cashier of another store is not found). */
export async function updateCashier(
  ctx: AppContext,
  tenantId: string,
  storeId: string,
  id: string,
  input: z.infer<typeof CashierUpdateSchema>,
): Promise<CashierView> {
  const pinHash = input.pin === undefined ? null : await hashPassword(input.pin);
  return catalogTransaction(ctx.pool, async (tx) => {
    const { rows } = await tx.query<CashierRow>(
      `UPDATE cashiers SET name = coalesce($4, name), role = coalesce($5, role), pin_hash = coalesce($6, pin_hash),
         active = coalesce($7, active), updated_at = $8,
         max_discount_bp = CASE WHEN $9::boolean THEN $10::integer ELSE max_discount_bp END
       WHERE tenant_id = $1 AND store_id = $2 AND id = $3 RETURNING ${COLUMNS}`,
      [
        tenantId,
        storeId,
        id,
        input.name ?? null,
        input.role ?? null,
        pinHash,
        input.active ?? null,
        ctx.now(),
        input.maxDiscountBasisPoints !== undefined,
        input.maxDiscountBasisPoints ?? null,
      ],
    );
    if (!rows[0]) throw new KeelError('NOT_FOUND', 'No such cashier in this store.');
    await record(tx, tenantId, rows[0]);
    return toView(rows[0]);
  });
}

/** Cashiers are deactivated, never deleted: sales and shifts keep pointing at them. */
export function deactivateCashier(ctx: AppContext, tenantId: string, storeId: string, id: string): Promise<CashierView> {
  return updateCashier(ctx, tenantId, storeId, id, { active: false });
}

export function listCashiers(pool: Pool, tenantId: string, storeId: string, page: PageQuery): Promise<Page<CashierView>> {
  return pageOf<CashierRow, CashierView>(
    pool,
    {
      select: `SELECT ${COLUMNS}, id::text AS key_id FROM cashiers WHERE tenant_id = $1 AND store_id = $2`,
      params: [tenantId, storeId],
      keys: ['name', 'key_id'],
      order: 'asc',
      page,
    },
    toView,
  );
}
