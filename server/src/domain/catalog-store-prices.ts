import { z } from 'zod';
import { KeelError, MinorSchema } from '@keel/shared';
import type { AppContext } from '../context';
import type { Pool } from '../db/pool';
import { catalogTransaction, type CatalogTx } from './catalog-changes';
import { recordStoreProduct } from './catalog-products';
import { pageOf, type Page, type PageQuery } from './listing';

/**
 * A store's own price for a product, overriding the product's base price at that store only.
 * In the feed it is a store-scoped 'product' row (catalog-changes.ts), not an entity of its own.
 */
export const StorePriceSchema = z.strictObject({
  priceMinor: MinorSchema.refine((v) => v >= 0, 'must not be negative'),
});

export interface StorePriceView {
  productId: string;
  sku: string;
  name: string;
  priceMinor: number;
  basePriceMinor: number;
  updatedAt: string;
}
interface StorePriceRow extends Record<string, unknown> {
  product_id: string;
  sku: string;
  name: string;
  price_minor: number;
  base_price_minor: number;
  updated_at: Date;
}
const toView = (r: StorePriceRow): StorePriceView => ({
  productId: r.product_id,
  sku: r.sku,
  name: r.name,
  priceMinor: r.price_minor,
  basePriceMinor: r.base_price_minor,
  updatedAt: r.updated_at.toISOString(),
});
const SELECT = `SELECT sp.product_id, p.sku, p.name, sp.price_minor, p.price_minor AS base_price_minor, sp.updated_at
  FROM store_prices sp JOIN products p ON p.tenant_id = sp.tenant_id AND p.id = sp.product_id`;

/**
 * Every write of a product's feed rows first locks the product row. Row locks order the writers,
 * and a writer that waits takes its xid after the holder's, so the feed's (xid, id) order is
 * the order the writes happened in: the last row a terminal applies is the current price.
 */
async function lockProduct(tx: CatalogTx, tenantId: string, productId: string): Promise<void> {
  const product = await tx.query('SELECT 1 FROM products WHERE tenant_id = $1 AND id = $2 FOR UPDATE', [tenantId, productId]);
  if (!product.rowCount) throw new KeelError('NOT_FOUND', 'No such product.');
}

export function listStorePrices(pool: Pool, tenantId: string, storeId: string, page: PageQuery): Promise<Page<StorePriceView>> {
  return pageOf<StorePriceRow, StorePriceView>(
    pool,
    { select: `${SELECT} WHERE sp.tenant_id = $1 AND sp.store_id = $2`, params: [tenantId, storeId], keys: ['sku'], order: 'asc', page },
    toView,
  );
}

export function setStorePrice(
  ctx: AppContext,
  tenantId: string,
  storeId: string,
  productId: string,
  input: z.infer<typeof StorePriceSchema>,
): Promise<StorePriceView> {
  return catalogTransaction(ctx.pool, async (tx) => {
    await lockProduct(tx, tenantId, productId);
    await tx.query(
      `INSERT INTO store_prices (tenant_id, store_id, product_id, price_minor, updated_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (tenant_id, store_id, product_id) DO UPDATE SET price_minor = excluded.price_minor, updated_at = excluded.updated_at`,
      [tenantId, storeId, productId, input.priceMinor, ctx.now()],
    );
    await recordStoreProduct(tx, tenantId, storeId, productId);
    const { rows } = await tx.query<StorePriceRow>(`${SELECT} WHERE sp.tenant_id = $1 AND sp.store_id = $2 AND sp.product_id = $3`, [
      tenantId,
      storeId,
      productId,
    ]);
    return toView(rows[0]!);
  });
}

/** Removes the store's own price: the store sells at the base price again, and its terminals hear so. */
export function deleteStorePrice(ctx: AppContext, tenantId: string, storeId: string, productId: string): Promise<void> {
  return catalogTransaction(ctx.pool, async (tx) => {
    await lockProduct(tx, tenantId, productId);
    const deleted = await tx.query('DELETE FROM store_prices WHERE tenant_id = $1 AND store_id = $2 AND product_id = $3', [
      tenantId,
      storeId,
      productId,
    ]);
    if (!deleted.rowCount) throw new KeelError('NOT_FOUND', 'This store has no own price for the product.');
    await recordStoreProduct(tx, tenantId, storeId, productId);
  });
}
