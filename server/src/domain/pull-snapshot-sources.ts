import type { CatalogEntity } from '@keel/shared';
import type { PoolClient } from '../db/pool';
import type { RawChange } from './pull-changes';
import type { Scope } from './pull-feed';

/**
 * What a snapshot reads, entity by entity, in the shapes the catalog write funnel
 * (catalog-changes.ts and its callers) writes to change_log, so that a snapshot and a replay of
 * the log produce the same replica. Each source pages by its table's primary key (keyset, never
 * OFFSET), so page n costs the same as page 1 on 100k products.
 */

export interface SnapshotRow {
  key: string;
  raw: RawChange;
}

export interface SnapshotSource {
  entity: CatalogEntity;
  /** Keys this source accepts from a cursor; another value would be a SQL cast error. */
  key: RegExp;
  page(db: PoolClient, scope: Scope, after: string | null, limit: number): Promise<SnapshotRow[]>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const TEXT_KEY = /^[\x21-\x7E]{1,128}$/;

/** `AND <column> > $n` when paging after a key; params gets the key appended. */
function after(column: string, key: string | null, params: unknown[]): string {
  if (key === null) return '';
  params.push(key);
  return `AND ${column} > $${params.length}`;
}

/** Runs `sql` (with `{after}` and `{limit}` placeholders) and maps each row to an upsert. */
async function pageOf<R extends Record<string, unknown>>(
  db: PoolClient,
  entity: CatalogEntity,
  sql: string,
  base: unknown[],
  keyColumn: string,
  key: string | null,
  limit: number,
  toRow: (r: R) => { key: string; data: Record<string, unknown> },
): Promise<SnapshotRow[]> {
  const params = [...base];
  const where = after(keyColumn, key, params);
  params.push(limit);
  const { rows } = await db.query<R>(sql.replace('{after}', where).replace('{limit}', `$${params.length}`), params);
  return rows.map((r) => {
    const { key: k, data } = toRow(r);
    return { key: k, raw: { source: `snapshot ${entity}`, change: { entity, op: 'upsert', id: k, data } } };
  });
}

/**
 * A timestamptz as the wire's UTC instant (`2025-03-01T09:30:00.123Z`), formatted by PostgreSQL:
 * parsing 1000 timestamps into Dates in node took half the time of reading a page. MS truncates
 * microseconds, as pg's Date parsing does, so a snapshot and the funnel's toISOString agree.
 */
const iso = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS updated_at`;

interface ProductRow {
  id: string;
  sku: string;
  name: string;
  category_id: string | null;
  tax_rate_id: string;
  price_minor: number;
  sold_by_weight: boolean;
  active: boolean;
  updated_at: string;
}

/**
 * Products with the store's own price when it has one (as the funnel's store-scoped product
 * rows carry it). Their barcodes come from one range scan of barcodes_product over the page's
 * id range rather than a lookup per product (a third of the page's time on 100k products), and
 * are sorted by code unit, as the funnel's COLLATE "C" sorts them (barcodes are ASCII).
 */
async function productsPage(db: PoolClient, s: Scope, key: string | null, limit: number): Promise<SnapshotRow[]> {
  const params: unknown[] = [s.tenantId, s.storeId];
  const where = after('p.id', key, params);
  params.push(limit);
  const { rows } = await db.query<ProductRow>(
    `SELECT p.id, p.sku, p.name, p.category_id, p.tax_rate_id, coalesce(sp.price_minor, p.price_minor) AS price_minor,
            p.sold_by_weight, p.active, ${iso('p.updated_at')}
       FROM products p
       LEFT JOIN store_prices sp ON sp.tenant_id = p.tenant_id AND sp.store_id = $2 AND sp.product_id = p.id
      WHERE p.tenant_id = $1 ${where} ORDER BY p.id LIMIT $${params.length}`,
    params,
  );
  if (rows.length === 0) return [];
  const codes = await db.query<{ product_id: string; code: string }>(
    'SELECT product_id, code FROM barcodes WHERE tenant_id = $1 AND product_id >= $2 AND product_id <= $3',
    [s.tenantId, rows[0]!.id, rows.at(-1)!.id],
  );
  const byProduct = new Map<string, string[]>();
  for (const c of codes.rows) {
    const list = byProduct.get(c.product_id);
    if (list) list.push(c.code);
    else byProduct.set(c.product_id, [c.code]);
  }
  return rows.map((r) => ({
    key: r.id,
    raw: {
      source: 'snapshot product',
      change: {
        entity: 'product',
        op: 'upsert',
        id: r.id,
        data: {
          id: r.id,
          sku: r.sku,
          name: r.name,
          categoryId: r.category_id,
          taxRateId: r.tax_rate_id,
          priceMinor: r.price_minor,
          barcodes: (byProduct.get(r.id) ?? []).sort(),
          soldByWeight: r.sold_by_weight,
          active: r.active,
          updatedAt: r.updated_at,
        },
      },
    },
  }));
}

/**
 * In dependency order: a terminal applying pages in order has the tax rates and categories a
 * product names. Barcodes have no source of their own: every code belongs to exactly one
 * product and travels in that product's row (its whole set, which the replica writes in place
 * of the old one), so sending each code again as a barcode change would only repeat it. The
 * log still carries barcode changes, as the funnel writes them.
 */
export const SNAPSHOT_SOURCES: readonly SnapshotSource[] = [
  {
    entity: 'taxRate',
    key: TEXT_KEY,
    // Inactive rates too: products sold under them are still refunded with them.
    page: (db, s, key, limit) =>
      pageOf<{ id: string; name: string; rate_ppm: number }>(
        db,
        'taxRate',
        'SELECT id, name, rate_ppm FROM tax_rates WHERE tenant_id = $1 {after} ORDER BY id LIMIT {limit}',
        [s.tenantId],
        'id',
        key,
        limit,
        (r) => ({ key: r.id, data: { id: r.id, name: r.name, ratePpm: r.rate_ppm } }),
      ),
  },
  {
    entity: 'category',
    key: UUID,
    page: (db, s, key, limit) =>
      pageOf<{ id: string; name: string; parent_id: string | null; sort_order: number; active: boolean; updated_at: string }>(
        db,
        'category',
        `SELECT id, name, parent_id, sort_order, active, ${iso('updated_at')} FROM categories
          WHERE tenant_id = $1 {after} ORDER BY id LIMIT {limit}`,
        [s.tenantId],
        'id',
        key,
        limit,
        (r) => ({
          key: r.id,
          data: { id: r.id, name: r.name, parentId: r.parent_id, sortOrder: r.sort_order, active: r.active, updatedAt: r.updated_at },
        }),
      ),
  },
  {
    entity: 'product',
    key: UUID,
    page: productsPage,
  },
  {
    entity: 'user',
    key: UUID,
    // This store's cashiers, inactive ones too (a terminal must refuse their PIN, not forget them).
    page: (db, s, key, limit) =>
      pageOf<{ id: string; name: string; role: string; pin_hash: string; active: boolean; max_discount_bp: number | null; updated_at: string }>(
        db,
        'user',
        `SELECT id, name, role, pin_hash, active, max_discount_bp, ${iso('updated_at')} FROM cashiers
          WHERE tenant_id = $1 AND store_id = $2 {after} ORDER BY id LIMIT {limit}`,
        [s.tenantId, s.storeId],
        'id',
        key,
        limit,
        (r) => ({
          key: r.id,
          data: {
            id: r.id,
            name: r.name,
            role: r.role,
            pinHash: r.pin_hash,
            active: r.active,
            maxDiscountBasisPoints: r.max_discount_bp,
            updatedAt: r.updated_at,
          },
        }),
      ),
  },
  {
    entity: 'storeSettings',
    key: UUID,
    // stores.settings holds the whole StoreSettings (stores.ts); the row's id is the truth for storeId.
    page: (db, s, key, limit) =>
      pageOf<{ id: string; name: string; settings: Record<string, unknown>; updated_at: string }>(
        db,
        'storeSettings',
        `SELECT id, name, settings, ${iso('created_at')} FROM stores WHERE tenant_id = $1 AND id = $2 {after} LIMIT {limit}`,
        [s.tenantId, s.storeId],
        'id',
        key,
        limit,
        (r) => ({ key: r.id, data: { name: r.name, updatedAt: r.updated_at, ...r.settings, storeId: r.id } }),
      ),
  },
  {
    entity: 'stockLevel',
    key: TEXT_KEY,
    page: (db, s, key, limit) =>
      pageOf<{ product_id: string; qty_milli: number; updated_at: string }>(
        db,
        'stockLevel',
        `SELECT product_id, qty_milli, ${iso('updated_at')} FROM stock_levels
          WHERE tenant_id = $1 AND store_id = $2 {after} ORDER BY product_id LIMIT {limit}`,
        [s.tenantId, s.storeId],
        'product_id',
        key,
        limit,
        (r) => ({ key: r.product_id, data: { productId: r.product_id, qtyMilli: r.qty_milli, updatedAt: r.updated_at } }),
      ),
  },
];

/** Rows the whole snapshot will send, counted once when it begins (the progress bar's total). */
export async function countSnapshot(db: PoolClient, scope: Scope): Promise<number> {
  const { rows } = await db.query<{ total: number }>(
    `SELECT (SELECT count(*) FROM tax_rates WHERE tenant_id = $1)
          + (SELECT count(*) FROM categories WHERE tenant_id = $1)
          + (SELECT count(*) FROM products WHERE tenant_id = $1)
          + (SELECT count(*) FROM cashiers WHERE tenant_id = $1 AND store_id = $2)
          + (SELECT count(*) FROM stores WHERE tenant_id = $1 AND id = $2)
          + (SELECT count(*) FROM stock_levels WHERE tenant_id = $1 AND store_id = $2) AS total`,
    [scope.tenantId, scope.storeId],
  );
  return rows[0]!.total;
}
