import { randomUUID } from 'node:crypto';
import { inTransaction, type Pool, type PoolClient } from '../../src/db/pool';
import { productFor } from './server-state';
import { insertChange, settingsOf } from './support';

/**
 * Catalog writes for pull tests, each changing the tables AND writing its change_log rows in
 * one transaction, following the funnel's conventions (domain/catalog-changes.ts): products
 * tenant-wide then one store-scoped row per store with its own price; barcodes as their own
 * entity; cashiers, settings and stock scoped to their store. Written with SQL so the pull tests
 * do not depend on the admin API.
 */

const PIN_HASH = 'scrypt$32768$8$1$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g';

/** A v4 UUID whose first 8 hex digits are zero: it sorts before (almost) every other id. */
export function lowUuid(): string {
  return `00000000${randomUUID().slice(8)}`;
}

export interface ProductInput {
  id: string;
  sku: string;
  name: string;
  categoryId: string | null;
  taxRateId: string;
  priceMinor: number;
  barcodes: string[];
  active?: boolean;
}

export class CatalogWriter {
  constructor(
    private readonly pool: Pool,
    private readonly tenantId: string,
  ) {}

  tx<T>(work: (c: PoolClient) => Promise<T>): Promise<T> {
    return inTransaction(this.pool, work);
  }

  async taxRate(c: PoolClient, id: string, name: string, ratePpm: number): Promise<void> {
    await c.query(
      `INSERT INTO tax_rates (tenant_id, id, name, rate_ppm) VALUES ($1, $2, $3, $4)
       ON CONFLICT (tenant_id, id) DO UPDATE SET name = $3, rate_ppm = $4, updated_at = now()`,
      [this.tenantId, id, name, ratePpm],
    );
    await insertChange(c, { tenantId: this.tenantId, entity: 'taxRate', entityId: id, data: { id, name, ratePpm } });
  }

  async category(c: PoolClient, id: string, name: string, sortOrder = 0): Promise<void> {
    const { rows } = await c.query<{ updated_at: Date; active: boolean }>(
      `INSERT INTO categories (tenant_id, id, name, sort_order) VALUES ($1, $2, $3, $4)
       ON CONFLICT (tenant_id, id) DO UPDATE SET name = $3, sort_order = $4, updated_at = now() RETURNING updated_at, active`,
      [this.tenantId, id, name, sortOrder],
    );
    const data = { id, name, parentId: null, sortOrder, active: rows[0]!.active, updatedAt: rows[0]!.updated_at.toISOString() };
    await insertChange(c, { tenantId: this.tenantId, entity: 'category', entityId: id, data });
  }

  /** Creates or replaces a product with exactly `p.barcodes`. */
  async product(c: PoolClient, p: ProductInput): Promise<void> {
    await c.query(
      `INSERT INTO products (tenant_id, id, sku, name, category_id, tax_rate_id, price_minor, active) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (tenant_id, id) DO UPDATE SET sku = $3, name = $4, category_id = $5, tax_rate_id = $6, price_minor = $7, active = $8,
         updated_at = now()`,
      [this.tenantId, p.id, p.sku, p.name, p.categoryId, p.taxRateId, p.priceMinor, p.active ?? true],
    );
    const { rows } = await c.query<{ code: string }>('SELECT code FROM barcodes WHERE tenant_id = $1 AND product_id = $2', [this.tenantId, p.id]);
    const before = new Set(rows.map((r) => r.code));
    for (const code of before) {
      if (p.barcodes.includes(code)) continue;
      await c.query('DELETE FROM barcodes WHERE tenant_id = $1 AND code = $2', [this.tenantId, code]);
      await insertChange(c, { tenantId: this.tenantId, entity: 'barcode', entityId: code, op: 'delete' });
    }
    for (const code of p.barcodes) {
      if (before.has(code)) continue;
      await c.query('INSERT INTO barcodes (tenant_id, code, product_id) VALUES ($1, $2, $3)', [this.tenantId, code, p.id]);
      await insertChange(c, { tenantId: this.tenantId, entity: 'barcode', entityId: code, data: { code, productId: p.id, updatedAt: new Date().toISOString() } });
    }
    await this.recordProduct(c, p.id);
  }

  /** The product's feed rows: tenant-wide with the base price, then each store with its own. */
  private async recordProduct(c: PoolClient, productId: string): Promise<void> {
    const base = await productFor(c, this.tenantId, '00000000-0000-4000-8000-000000000000', productId);
    await insertChange(c, { tenantId: this.tenantId, entity: 'product', entityId: productId, data: base });
    const { rows } = await c.query<{ store_id: string }>('SELECT store_id FROM store_prices WHERE tenant_id = $1 AND product_id = $2', [
      this.tenantId,
      productId,
    ]);
    for (const r of rows) await this.recordStoreProduct(c, r.store_id, productId);
  }

  private async recordStoreProduct(c: PoolClient, storeId: string, productId: string): Promise<void> {
    const data = await productFor(c, this.tenantId, storeId, productId);
    await insertChange(c, { tenantId: this.tenantId, storeId, entity: 'product', entityId: productId, data });
  }

  async deleteProduct(c: PoolClient, id: string): Promise<void> {
    const { rows } = await c.query<{ code: string }>('DELETE FROM barcodes WHERE tenant_id = $1 AND product_id = $2 RETURNING code', [this.tenantId, id]);
    for (const r of rows) await insertChange(c, { tenantId: this.tenantId, entity: 'barcode', entityId: r.code, op: 'delete' });
    await c.query('DELETE FROM products WHERE tenant_id = $1 AND id = $2', [this.tenantId, id]);
    await insertChange(c, { tenantId: this.tenantId, entity: 'product', entityId: id, op: 'delete' });
  }

  /** Sets (or with null removes) a store's own price; the store's terminals get the product again. */
  async storePrice(c: PoolClient, storeId: string, productId: string, priceMinor: number | null): Promise<void> {
    if (priceMinor === null) {
      await c.query('DELETE FROM store_prices WHERE tenant_id = $1 AND store_id = $2 AND product_id = $3', [this.tenantId, storeId, productId]);
    } else {
      await c.query(
        `INSERT INTO store_prices (tenant_id, store_id, product_id, price_minor) VALUES ($1, $2, $3, $4)
         ON CONFLICT (tenant_id, store_id, product_id) DO UPDATE SET price_minor = $4, updated_at = now()`,
        [this.tenantId, storeId, productId, priceMinor],
      );
    }
    await this.recordStoreProduct(c, storeId, productId);
  }

  async cashier(c: PoolClient, storeId: string, id: string, name: string, active = true): Promise<void> {
    const { rows } = await c.query<{ updated_at: Date; role: string; max_discount_bp: number | null }>(
      `INSERT INTO cashiers (tenant_id, id, store_id, name, role, pin_hash, active) VALUES ($1, $2, $3, $4, 'cashier', $5, $6)
       ON CONFLICT (tenant_id, id) DO UPDATE SET name = $4, active = $6, updated_at = now() RETURNING updated_at, role, max_discount_bp`,
      [this.tenantId, id, storeId, name, PIN_HASH, active],
    );
    const r = rows[0]!;
    const data = { id, name, role: r.role, pinHash: PIN_HASH, active, maxDiscountBasisPoints: r.max_discount_bp, updatedAt: r.updated_at.toISOString() };
    await insertChange(c, { tenantId: this.tenantId, storeId, entity: 'user', entityId: id, data });
  }

  async settings(c: PoolClient, storeId: string, name: string, overrides: Record<string, unknown>): Promise<void> {
    const settings = settingsOf(storeId, name, { ...overrides, updatedAt: new Date().toISOString() });
    await c.query('UPDATE stores SET name = $3, settings = $4 WHERE tenant_id = $1 AND id = $2', [this.tenantId, storeId, name, JSON.stringify(settings)]);
    await insertChange(c, { tenantId: this.tenantId, storeId, entity: 'storeSettings', entityId: storeId, data: settings });
  }

  async stock(c: PoolClient, storeId: string, productId: string, deltaMilli: number): Promise<void> {
    const { rows } = await c.query<{ qty_milli: number; updated_at: Date }>(
      `INSERT INTO stock_levels (tenant_id, store_id, product_id, qty_milli) VALUES ($1, $2, $3, $4)
       ON CONFLICT (tenant_id, store_id, product_id) DO UPDATE SET qty_milli = stock_levels.qty_milli + $4, updated_at = now()
       RETURNING qty_milli, updated_at`,
      [this.tenantId, storeId, productId, deltaMilli],
    );
    const data = { productId, qtyMilli: rows[0]!.qty_milli, updatedAt: rows[0]!.updated_at.toISOString() };
    await insertChange(c, { tenantId: this.tenantId, storeId, entity: 'stockLevel', entityId: productId, data });
  }
}
