import { createHash } from 'node:crypto';
import type { Pool } from '../../../../server/src/db/pool';
import { catalogTransaction, recordChanges, type Change } from '../../../../server/src/domain/catalog-changes';

const ADJECTIVES = ['Organic', 'Fresh', 'Smoked', 'Dark', 'Light', 'Spicy', 'Sweet', 'Salted', 'Frozen', 'Whole'];
const NOUNS = ['Milk', 'Bread', 'Cheese', 'Coffee', 'Apples', 'Tea', 'Butter', 'Yoghurt', 'Ham', 'Rice', 'Pasta', 'Juice'];

/** The name of product n (1-based); the SQL below builds the same text. */
export const bigName = (n: number) => `${ADJECTIVES[n % ADJECTIVES.length]} ${NOUNS[Math.floor(n / 10) % NOUNS.length]} ${n}`;
/** Its barcode: an in-store style code, unique and easy to type. */
export const bigBarcode = (n: number) => `29${String(n).padStart(8, '0')}`;
const bigSku = (n: number) => `BIG-${String(n).padStart(6, '0')}`;
const priceOf = (n: number) => 100 + (n % 900);

/** A product id both sides can compute: md5(tenant-n) read as a uuid, as PostgreSQL's md5()::uuid does. */
function bigId(tenantId: string, n: number): string {
  const hex = createHash('md5').update(`${tenantId}-${n}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const sqlArray = (words: string[]) => `ARRAY[${words.map((w) => `'${w}'`).join(', ')}]`;

/**
 * A store-sized catalog written straight into PostgreSQL, fast: products and barcodes by set
 * SQL over generate_series (nothing crosses the wire per row), and their change_log rows
 * through THE catalog funnel (recordChanges) in the same transaction, as every catalog write
 * must. Answers how long it took.
 */
export async function seedBigCatalog(pool: Pool, tenantId: string, taxRateId: string, count: number): Promise<number> {
  const started = performance.now();
  const updatedAt = new Date().toISOString();
  await catalogTransaction(pool, async (tx) => {
    await tx.query(
      `INSERT INTO products (tenant_id, id, sku, name, tax_rate_id, price_minor, updated_at)
       SELECT $1::uuid, md5($1::text || '-' || g)::uuid, 'BIG-' || lpad(g::text, 6, '0'),
              (${sqlArray(ADJECTIVES)})[g % ${ADJECTIVES.length} + 1] || ' ' || (${sqlArray(NOUNS)})[(g / 10) % ${NOUNS.length} + 1] || ' ' || g,
              $2, 100 + (g % 900), $3
         FROM generate_series(1, $4::int) g`,
      [tenantId, taxRateId, updatedAt, count],
    );
    await tx.query(
      `INSERT INTO barcodes (tenant_id, code, product_id)
       SELECT $1::uuid, '29' || lpad(g::text, 8, '0'), md5($1::text || '-' || g)::uuid FROM generate_series(1, $2::int) g`,
      [tenantId, count],
    );
    const BATCH = 20_000;
    for (let from = 1; from <= count; from += BATCH) {
      const changes: Change[] = [];
      for (let n = from; n < Math.min(count + 1, from + BATCH); n++) {
        const id = bigId(tenantId, n);
        const code = bigBarcode(n);
        changes.push({
          tenantId,
          storeId: null,
          entity: 'product',
          entityId: id,
          op: 'upsert',
          data: { id, sku: bigSku(n), name: bigName(n), categoryId: null, taxRateId, priceMinor: priceOf(n), barcodes: [code], soldByWeight: false, active: true, updatedAt },
        });
        changes.push({ tenantId, storeId: null, entity: 'barcode', entityId: code, op: 'upsert', data: { code, productId: id, updatedAt } });
      }
      await recordChanges(tx, changes);
    }
  });
  await pool.query('ANALYZE products; ANALYZE barcodes; ANALYZE change_log');
  return performance.now() - started;
}
