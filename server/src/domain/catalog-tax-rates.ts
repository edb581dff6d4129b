import { z } from 'zod';
import { EntityIdSchema, KeelError, TaxRatePpmSchema, textLine } from '@keel/shared';
import type { AppContext } from '../context';
import type { Pool } from '../db/pool';
import { catalogTransaction, recordChange, type CatalogTx } from './catalog-changes';
import { withConstraints } from './catalog-errors';
import { pageOf, type Page, type PageQuery } from './listing';

/** Tax rate ids are chosen by the admin ('std', 'reduced'): they appear in exports and reports. */
export const TaxRateCreateSchema = z.strictObject({
  id: EntityIdSchema,
  name: textLine(100),
  ratePpm: TaxRatePpmSchema,
  active: z.boolean().default(true),
});
export const TaxRateUpdateSchema = z.strictObject({
  name: textLine(100).optional(),
  ratePpm: TaxRatePpmSchema.optional(),
  active: z.boolean().optional(),
});

export interface TaxRateView {
  id: string;
  name: string;
  ratePpm: number;
  active: boolean;
  updatedAt: string;
}
interface TaxRateRow extends Record<string, unknown> {
  id: string;
  name: string;
  rate_ppm: number;
  active: boolean;
  updated_at: Date;
}
const toView = (r: TaxRateRow): TaxRateView => ({
  id: r.id,
  name: r.name,
  ratePpm: r.rate_ppm,
  active: r.active,
  updatedAt: r.updated_at.toISOString(),
});
const COLUMNS = 'id, name, rate_ppm, active, updated_at';

// Terminals keep inactive rates too: products already sold under them are still refunded with them.
async function record(tx: CatalogTx, tenantId: string, view: TaxRateView): Promise<void> {
  await recordChange(tx, {
    tenantId,
    storeId: null,
    entity: 'taxRate',
    entityId: view.id,
    op: 'upsert',
    data: { id: view.id, name: view.name, ratePpm: view.ratePpm },
  });
}

export function createTaxRate(ctx: AppContext, tenantId: string, input: z.infer<typeof TaxRateCreateSchema>): Promise<TaxRateView> {
  return catalogTransaction(ctx.pool, async (tx) => {
    const { rows } = await withConstraints({ unique: { code: 'CONFLICT', message: `Tax rate ${input.id} already exists.` } }, () =>
      tx.query<TaxRateRow>(
        `INSERT INTO tax_rates (tenant_id, id, name, rate_ppm, active, updated_at) VALUES ($1, $2, $3, $4, $5, $6)
         RETURNING ${COLUMNS}`,
        [tenantId, input.id, input.name, input.ratePpm, input.active, ctx.now()],
      ),
    );
    const view = toView(rows[0]!);
    await record(tx, tenantId, view);
    return view;
  });
}

export function updateTaxRate(
  ctx: AppContext,
  tenantId: string,
  id: string,
  input: z.infer<typeof TaxRateUpdateSchema>,
): Promise<TaxRateView> {
  return catalogTransaction(ctx.pool, async (tx) => {
    const { rows } = await tx.query<TaxRateRow>(
      `UPDATE tax_rates SET name = coalesce($3, name), rate_ppm = coalesce($4, rate_ppm), active = coalesce($5, active), updated_at = $6
        WHERE tenant_id = $1 AND id = $2 RETURNING ${COLUMNS}`,
      [tenantId, id, input.name ?? null, input.ratePpm ?? null, input.active ?? null, ctx.now()],
    );
    if (!rows[0]) throw new KeelError('NOT_FOUND', 'No such tax rate.');
    const view = toView(rows[0]);
    await record(tx, tenantId, view);
    return view;
  });
}

export function listTaxRates(pool: Pool, tenantId: string, page: PageQuery): Promise<Page<TaxRateView>> {
  return pageOf<TaxRateRow, TaxRateView>(
    pool,
    { select: `SELECT ${COLUMNS} FROM tax_rates WHERE tenant_id = $1`, params: [tenantId], keys: ['id'], order: 'asc', page },
    toView,
  );
}
