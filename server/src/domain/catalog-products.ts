import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { BarcodeValueSchema, EntityIdSchema, KeelError, MinorSchema, type Product, SkuSchema, textLine, UuidSchema } from '@keel/shared';
import type { AppContext } from '../context';
import type { Pool, PoolClient } from '../db/pool';
import { catalogTransaction, recordChange, type CatalogTx } from './catalog-changes';
import { withConstraints } from './catalog-errors';
import { pageOf, type Page, type PageQuery } from './listing';

const BarcodesSchema = z
  .array(BarcodeValueSchema)
  .max(100)
  .refine((codes) => new Set(codes).size === codes.length, 'barcodes must not repeat');
const PriceSchema = MinorSchema.refine((v) => v >= 0, 'must not be negative');

export const ProductCreateSchema = z.strictObject({
  sku: SkuSchema,
  name: textLine(200),
  categoryId: UuidSchema.nullable().default(null),
  taxRateId: EntityIdSchema,
  priceMinor: PriceSchema,
  barcodes: BarcodesSchema.default([]),
  soldByWeight: z.boolean().default(false),
  active: z.boolean().default(true),
});
/** A partial update; `barcodes`, when given, replaces the product's whole set. */
export const ProductUpdateSchema = z.strictObject({
  sku: SkuSchema.optional(),
  name: textLine(200).optional(),
  categoryId: UuidSchema.nullable().optional(),
  taxRateId: EntityIdSchema.optional(),
  priceMinor: PriceSchema.optional(),
  barcodes: BarcodesSchema.optional(),
  soldByWeight: z.boolean().optional(),
  active: z.boolean().optional(),
});

interface ProductRow extends Record<string, unknown> {
  id: string;
  sku: string;
  name: string;
  category_id: string | null;
  tax_rate_id: string;
  price_minor: number;
  sold_by_weight: boolean;
  active: boolean;
  updated_at: Date;
  barcodes: string[];
}
/** The admin API shows products in the feed's own shape (ProductSchema). */
const toProduct = (r: ProductRow): Product => ({
  id: r.id,
  sku: r.sku,
  name: r.name,
  categoryId: r.category_id,
  taxRateId: r.tax_rate_id,
  priceMinor: r.price_minor,
  barcodes: r.barcodes,
  soldByWeight: r.sold_by_weight,
  active: r.active,
  updatedAt: r.updated_at.toISOString(),
});
const SELECT = `SELECT p.id, p.sku, p.name, p.category_id, p.tax_rate_id, p.price_minor, p.sold_by_weight, p.active, p.updated_at,
  coalesce((SELECT array_agg(b.code ORDER BY b.code COLLATE "C") FROM barcodes b
             WHERE b.tenant_id = p.tenant_id AND b.product_id = p.id), '{}') AS barcodes
  FROM products p`;

const REFERENCES = {
  foreignKey: { code: 'INVALID_INPUT', message: 'categoryId or taxRateId names no category or tax rate of this tenant.' },
} as const;
const SKU_TAKEN = { unique: { code: 'CONFLICT', message: 'Another product already has this SKU.' } } as const;

export async function getProduct(db: Pool | PoolClient, tenantId: string, id: string): Promise<Product> {
  const { rows } = await db.query<ProductRow>(`${SELECT} WHERE p.tenant_id = $1 AND p.id = $2`, [tenantId, id]);
  if (!rows[0]) throw new KeelError('NOT_FOUND', 'No such product.');
  return toProduct(rows[0]);
}

export function listProducts(pool: Pool, tenantId: string, page: PageQuery): Promise<Page<Product>> {
  return pageOf<ProductRow, Product>(
    pool,
    { select: `${SELECT} WHERE p.tenant_id = $1`, params: [tenantId], keys: ['sku'], order: 'asc', page },
    toProduct,
  );
}

/**
 * The product's feed rows: tenant-wide with the base price, then one per store with its own
 * price (see catalog-changes.ts for why the store rows must come after).
 */
async function recordProduct(tx: CatalogTx, tenantId: string, product: Product): Promise<void> {
  await recordChange(tx, { tenantId, storeId: null, entity: 'product', entityId: product.id, op: 'upsert', data: product });
  const prices = await tx.query<{ store_id: string; price_minor: number }>(
    'SELECT store_id, price_minor FROM store_prices WHERE tenant_id = $1 AND product_id = $2 ORDER BY store_id',
    [tenantId, product.id],
  );
  for (const p of prices.rows) {
    await recordChange(tx, {
      tenantId,
      storeId: p.store_id,
      entity: 'product',
      entityId: product.id,
      op: 'upsert',
      data: { ...product, priceMinor: p.price_minor },
    });
  }
}

/** Sets the product's barcodes to `codes`: removed ones are deleted, new ones inserted, each with its change. */
async function replaceBarcodes(tx: CatalogTx, tenantId: string, productId: string, codes: string[], at: string): Promise<void> {
  const current = await tx.query<{ code: string }>('SELECT code FROM barcodes WHERE tenant_id = $1 AND product_id = $2', [tenantId, productId]);
  const before = new Set(current.rows.map((r) => r.code));
  const after = new Set(codes);
  for (const code of before) {
    if (after.has(code)) continue;
    await tx.query('DELETE FROM barcodes WHERE tenant_id = $1 AND code = $2', [tenantId, code]);
    await recordChange(tx, { tenantId, storeId: null, entity: 'barcode', entityId: code, op: 'delete' });
  }
  for (const code of after) {
    if (before.has(code)) continue;
    // A code scans to one product: taking it from another product must be an explicit edit there.
    await withConstraints({ unique: { code: 'CONFLICT', message: `Barcode ${code} already belongs to another product.` } }, () =>
      tx.query('INSERT INTO barcodes (tenant_id, code, product_id) VALUES ($1, $2, $3)', [tenantId, code, productId]),
    );
    await recordChange(tx, { tenantId, storeId: null, entity: 'barcode', entityId: code, op: 'upsert', data: { code, productId, updatedAt: at } });
  }
}

export function createProduct(ctx: AppContext, tenantId: string, input: z.infer<typeof ProductCreateSchema>): Promise<Product> {
  const id = randomUUID();
  const now = ctx.now();
  return catalogTransaction(ctx.pool, async (tx) => {
    await withConstraints({ ...REFERENCES, ...SKU_TAKEN }, () =>
      tx.query(
        `INSERT INTO products (tenant_id, id, sku, name, category_id, tax_rate_id, price_minor, sold_by_weight, active, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
        [tenantId, id, input.sku, input.name, input.categoryId, input.taxRateId, input.priceMinor, input.soldByWeight, input.active, now],
      ),
    );
    await replaceBarcodes(tx, tenantId, id, input.barcodes, now.toISOString());
    const product = await getProduct(tx, tenantId, id);
    await recordProduct(tx, tenantId, product);
    return product;
  });
}

/**
 * Updates a product. Its feed rows are written before its barcodes are replaced, so a barcode
 * conflict fails the request after a change row exists: the rollback must take both away
 * (the catalog funnel test relies on this order).
 */
export function updateProduct(
  ctx: AppContext,
  tenantId: string,
  id: string,
  input: z.infer<typeof ProductUpdateSchema>,
): Promise<Product> {
  const now = ctx.now();
  return catalogTransaction(ctx.pool, async (tx) => {
    const locked = await tx.query('SELECT 1 FROM products WHERE tenant_id = $1 AND id = $2 FOR UPDATE', [tenantId, id]);
    if (!locked.rowCount) throw new KeelError('NOT_FOUND', 'No such product.');
    await withConstraints({ ...REFERENCES, ...SKU_TAKEN }, () =>
      tx.query(
        `UPDATE products SET sku = coalesce($3, sku), name = coalesce($4, name),
           category_id = CASE WHEN $5::boolean THEN $6::uuid ELSE category_id END,
           tax_rate_id = coalesce($7, tax_rate_id), price_minor = coalesce($8, price_minor),
           sold_by_weight = coalesce($9, sold_by_weight), active = coalesce($10, active), updated_at = $11
         WHERE tenant_id = $1 AND id = $2`,
        [
          tenantId,
          id,
          input.sku ?? null,
          input.name ?? null,
          input.categoryId !== undefined,
          input.categoryId ?? null,
          input.taxRateId ?? null,
          input.priceMinor ?? null,
          input.soldByWeight ?? null,
          input.active ?? null,
          now,
        ],
      ),
    );
    const updated = await getProduct(tx, tenantId, id);
    // Sorted as the SELECT sorts them (COLLATE "C" is code-unit order for ASCII barcodes).
    const product = input.barcodes ? { ...updated, barcodes: [...input.barcodes].sort() } : updated;
    await recordProduct(tx, tenantId, product);
    if (input.barcodes) await replaceBarcodes(tx, tenantId, id, input.barcodes, now.toISOString());
    return input.barcodes ? getProduct(tx, tenantId, id) : product;
  });
}

/** One store's view of a product (its own price when it has one) as a store-scoped feed row. */
export async function recordStoreProduct(tx: CatalogTx, tenantId: string, storeId: string, productId: string): Promise<void> {
  const product = await getProduct(tx, tenantId, productId);
  const own = await tx.query<{ price_minor: number }>(
    'SELECT price_minor FROM store_prices WHERE tenant_id = $1 AND store_id = $2 AND product_id = $3',
    [tenantId, storeId, productId],
  );
  const priceMinor = own.rows[0]?.price_minor ?? product.priceMinor;
  await recordChange(tx, { tenantId, storeId, entity: 'product', entityId: productId, op: 'upsert', data: { ...product, priceMinor } });
}
