import type { Pool, PoolClient } from '../../src/db/pool';

/**
 * What a store's terminal should hold, read straight from the tables with plain queries (no
 * paging, none of pull-snapshot-sources.ts), so a test compares the pull against an independent
 * reading. Keys are `${entity}/${id}` as in Replica.
 */

const iso = (d: Date) => d.toISOString();

/** The product as a store's terminal sees it: that store's own price when it has one. */
export async function productFor(db: Pool | PoolClient, tenantId: string, storeId: string, productId: string): Promise<Record<string, unknown> | null> {
  const { rows } = await db.query(
    `SELECT p.*, sp.price_minor AS store_price,
            ARRAY(SELECT code FROM barcodes b WHERE b.tenant_id = p.tenant_id AND b.product_id = p.id) AS codes
       FROM products p LEFT JOIN store_prices sp ON sp.tenant_id = p.tenant_id AND sp.store_id = $2 AND sp.product_id = p.id
      WHERE p.tenant_id = $1 AND p.id = $3`,
    [tenantId, storeId, productId],
  );
  const r = rows[0] as Record<string, unknown> | undefined;
  return r ? productData(r) : null;
}

function productData(r: Record<string, unknown>): Record<string, unknown> {
  return {
    id: r.id,
    sku: r.sku,
    name: r.name,
    categoryId: r.category_id,
    taxRateId: r.tax_rate_id,
    priceMinor: r.store_price ?? r.price_minor,
    barcodes: [...(r.codes as string[])].sort(),
    soldByWeight: r.sold_by_weight,
    active: r.active,
    updatedAt: iso(r.updated_at as Date),
  };
}

export async function serverState(pool: Pool, tenantId: string, storeId: string): Promise<Map<string, unknown>> {
  const state = new Map<string, unknown>();
  const q = async (sql: string, params: unknown[]) => (await pool.query(sql, params)).rows as Record<string, unknown>[];

  for (const r of await q('SELECT * FROM tax_rates WHERE tenant_id = $1', [tenantId])) {
    state.set(`taxRate/${r.id}`, { id: r.id, name: r.name, ratePpm: r.rate_ppm });
  }
  for (const r of await q('SELECT * FROM categories WHERE tenant_id = $1', [tenantId])) {
    state.set(`category/${r.id}`, { id: r.id, name: r.name, parentId: r.parent_id, sortOrder: r.sort_order, active: r.active, updatedAt: iso(r.updated_at as Date) });
  }
  const products = await q(
    `SELECT p.*, sp.price_minor AS store_price,
            ARRAY(SELECT code FROM barcodes b WHERE b.tenant_id = p.tenant_id AND b.product_id = p.id) AS codes
       FROM products p LEFT JOIN store_prices sp ON sp.tenant_id = p.tenant_id AND sp.store_id = $2 AND sp.product_id = p.id
      WHERE p.tenant_id = $1`,
    [tenantId, storeId],
  );
  for (const r of products) {
    state.set(`product/${r.id}`, productData(r));
    for (const code of r.codes as string[]) {
      state.set(`barcode/${code}`, { code, productId: r.id, updatedAt: iso(r.updated_at as Date) });
    }
  }
  for (const r of await q('SELECT * FROM cashiers WHERE tenant_id = $1 AND store_id = $2', [tenantId, storeId])) {
    state.set(`user/${r.id}`, {
      id: r.id,
      name: r.name,
      role: r.role,
      pinHash: r.pin_hash,
      active: r.active,
      maxDiscountBasisPoints: r.max_discount_bp,
      updatedAt: iso(r.updated_at as Date),
    });
  }
  for (const r of await q('SELECT * FROM stores WHERE tenant_id = $1 AND id = $2', [tenantId, storeId])) {
    state.set(`storeSettings/${r.id}`, r.settings);
  }
  for (const r of await q('SELECT * FROM stock_levels WHERE tenant_id = $1 AND store_id = $2', [tenantId, storeId])) {
    state.set(`stockLevel/${r.product_id}`, { productId: r.product_id, qtyMilli: r.qty_milli, updatedAt: iso(r.updated_at as Date) });
  }
  return state;
}

/**
 * barcodes has no updated_at column: a snapshot dates a barcode with its product's updated_at,
 * the write funnel with the moment the code was attached. Both are honest, neither is a key, so
 * comparisons leave barcode.updatedAt out.
 */
export function comparable(state: Map<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of [...state.keys()].sort()) {
    const value = state.get(key) as Record<string, unknown>;
    out[key] = key.startsWith('barcode/') ? { ...value, updatedAt: undefined } : value;
  }
  return out;
}
