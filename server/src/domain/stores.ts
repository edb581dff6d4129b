import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { isKnownCurrency, KeelError, type StoreSettings, StoreSettingsSchema } from '@keel/shared';
import type { AppContext } from '../context';
import type { AdminPrincipal } from '../auth/admin-auth';
import type { Pool, PoolClient } from '../db/pool';
import { catalogTransaction, recordChange } from './catalog-changes';
import { pageOf, type Page, type PageQuery } from './listing';

/** Settings as an admin writes them: the store's id and updatedAt are the server's to set. */
export const StoreSettingsInputSchema = StoreSettingsSchema.omit({ storeId: true, updatedAt: true })
  .strict()
  // Amounts are minor units of this currency: the pricing engine refuses one it does not know.
  .refine((s) => isKnownCurrency(s.currency), { path: ['currency'], message: 'unknown ISO 4217 currency' });
const SettingsPatchSchema = z.record(z.string(), z.unknown());

/** What a new store starts with unless the request says otherwise. */
const DEFAULTS = {
  addressLines: [],
  taxNumber: null,
  businessDayStartsAt: '00:00',
  receiptHeaderLines: [],
  receiptFooterLines: [],
  shiftOverShortLimitMinor: 0,
  maxDiscountBasisPointsByRole: { cashier: 0, supervisor: 0, manager: 0 },
};

export interface StoreView {
  id: string;
  name: string;
  settings: StoreSettings;
  createdAt: string;
}

interface StoreRow extends Record<string, unknown> {
  id: string;
  name: string;
  settings: StoreSettings;
  created_at: Date;
}
const toView = (row: StoreRow): StoreView => ({ id: row.id, name: row.name, settings: row.settings, createdAt: row.created_at.toISOString() });

/** Parses a new store's settings over DEFAULTS (400 INVALID_INPUT when they do not validate). */
export function parseNewStoreSettings(body: unknown): z.infer<typeof StoreSettingsInputSchema> {
  const patch = SettingsPatchSchema.safeParse(body);
  const parsed = StoreSettingsInputSchema.safeParse({ ...DEFAULTS, ...(patch.success ? patch.data : {}) });
  if (!parsed.success) throw KeelError.fromZodError(parsed.error, 'Invalid store settings');
  return parsed.data;
}

/** Creates a store (admin); its settings enter the feed as the store's first change. */
export async function createStore(ctx: AppContext, who: AdminPrincipal, input: z.infer<typeof StoreSettingsInputSchema>): Promise<StoreView> {
  const id = randomUUID();
  const now = ctx.now();
  const settings: StoreSettings = { ...input, storeId: id, updatedAt: now.toISOString() };
  return catalogTransaction(ctx.pool, async (tx) => {
    const { rows } = await tx.query<StoreRow>(
      `INSERT INTO stores (tenant_id, id, name, settings, created_at) VALUES ($1, $2, $3, $4, $5)
       RETURNING id, name, settings, created_at`,
      [who.tenantId, id, settings.name, JSON.stringify(settings), now],
    );
    await recordChange(tx, { tenantId: who.tenantId, storeId: id, entity: 'storeSettings', entityId: id, op: 'upsert', data: settings });
    return toView(rows[0]!);
  });
}

/** A manager sees only its own store; an admin every store of the tenant. */
export function listStores(pool: Pool, who: AdminPrincipal, page: PageQuery): Promise<Page<StoreView>> {
  const own = who.role === 'manager';
  return pageOf<StoreRow, StoreView>(
    pool,
    {
      select: `SELECT id, name, settings, created_at, id::text AS key_id FROM stores
                WHERE tenant_id = $1 ${own ? 'AND id = $2' : ''}`,
      params: own ? [who.tenantId, who.storeId] : [who.tenantId],
      keys: ['name', 'key_id'],
      order: 'asc',
      page,
    },
    toView,
  );
}

export async function getStore(db: Pool | PoolClient, tenantId: string, storeId: string): Promise<StoreView> {
  const { rows } = await db.query<StoreRow>('SELECT id, name, settings, created_at FROM stores WHERE tenant_id = $1 AND id = $2', [
    tenantId,
    storeId,
  ]);
  if (!rows[0]) throw new KeelError('NOT_FOUND', 'No such store.');
  return toView(rows[0]);
}

/**
 * Merges a partial settings object into the store's settings and validates the whole with the
 * shared schema, so a store can never hold settings its terminals would refuse.
 */
export async function updateStoreSettings(ctx: AppContext, tenantId: string, storeId: string, body: unknown): Promise<StoreView> {
  const patch = SettingsPatchSchema.safeParse(body);
  if (!patch.success) throw KeelError.fromZodError(patch.error, 'Invalid store settings');
  return catalogTransaction(ctx.pool, async (tx) => {
    const { rows } = await tx.query<StoreRow>(
      'SELECT id, name, settings, created_at FROM stores WHERE tenant_id = $1 AND id = $2 FOR UPDATE',
      [tenantId, storeId],
    );
    const current = rows[0];
    if (!current) throw new KeelError('NOT_FOUND', 'No such store.');
    const { storeId: _id, updatedAt: _at, ...editable } = current.settings;
    const parsed = StoreSettingsInputSchema.safeParse({ ...editable, ...patch.data });
    if (!parsed.success) throw KeelError.fromZodError(parsed.error, 'Invalid store settings');
    const settings: StoreSettings = { ...parsed.data, storeId, updatedAt: ctx.now().toISOString() };
    const updated = await tx.query<StoreRow>(
      `UPDATE stores SET name = $3, settings = $4 WHERE tenant_id = $1 AND id = $2
       RETURNING id, name, settings, created_at`,
      [tenantId, storeId, settings.name, JSON.stringify(settings)],
    );
    await recordChange(tx, { tenantId, storeId, entity: 'storeSettings', entityId: storeId, op: 'upsert', data: settings });
    return toView(updated.rows[0]!);
  });
}
