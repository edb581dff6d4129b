import { randomUUID } from 'node:crypto';

/** What the bulk path needs of a PostgreSQL client (pg's Pool or PoolClient). */
export interface SqlClient {
  query(text: string, params?: unknown[]): Promise<unknown>;
}

export interface BulkProduct {
  sku: string;
  name: string;
  categoryId: string | null;
  taxRateId: string;
  priceMinor: number;
  soldByWeight: boolean;
  barcodes: string[];
}

/**
 * Large synthetic catalogs (seed 004: 100k products) straight into the server's tables, as the
 * server's own scale test does (server/test/pull/scale.test.ts): the admin API takes one
 * product per request and one transaction each, about 100 a second on a laptop, so 100k would
 * take a quarter of an hour.
 *
 * These rows get no change_log entries. A terminal's first sync reads a paged snapshot of the
 * tables, so a fresh terminal loads them all; one that synced before would not hear of them.
 * Use it for test and demo tenants only, never for real catalog edits (those go through the
 * catalog write funnel, server/src/domain/catalog-changes.ts).
 */
export async function insertProductsBySql(sql: SqlClient, tenantId: string, products: Iterable<BulkProduct>, batchSize = 5_000): Promise<number> {
  let batch: Array<BulkProduct & { id: string }> = [];
  let inserted = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    const col = <K extends keyof (BulkProduct & { id: string })>(key: K) => batch.map((p) => p[key]);
    await sql.query(
      `INSERT INTO products (tenant_id, id, sku, name, category_id, tax_rate_id, price_minor, sold_by_weight)
       SELECT $1, * FROM unnest($2::uuid[], $3::text[], $4::text[], $5::uuid[], $6::text[], $7::bigint[], $8::boolean[])`,
      [tenantId, col('id'), col('sku'), col('name'), col('categoryId'), col('taxRateId'), col('priceMinor'), col('soldByWeight')],
    );
    const codes = batch.flatMap((p) => p.barcodes.map((code) => [code, p.id] as const));
    await sql.query(`INSERT INTO barcodes (tenant_id, code, product_id) SELECT $1, * FROM unnest($2::text[], $3::uuid[])`, [
      tenantId,
      codes.map(([code]) => code),
      codes.map(([, id]) => id),
    ]);
    inserted += batch.length;
    batch = [];
  };
  for (const product of products) {
    batch.push({ ...product, id: randomUUID() });
    if (batch.length >= batchSize) await flush();
  }
  await flush();
  await sql.query('ANALYZE products');
  await sql.query('ANALYZE barcodes');
  return inserted;
}
