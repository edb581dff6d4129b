import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Pool } from '../../src/db/pool';
import { freshDatabase } from '../support/database';
import { insertStore, insertTenant, insertTerminal, pull, Replica, startPullServer, type PullServer, type TerminalFixture } from './support';

const PRODUCTS = 100_000;

/**
 * The first sync of a large catalog (DESIGN.md target: 100k products in under 5 s end to end).
 * Snapshot pages are keyset queries on primary keys, so the last page costs what the first
 * does; an OFFSET or a per-page scan would make this quadratic.
 */
describe('snapshot at scale', () => {
  let pool: Pool;
  let server: PullServer;
  let terminal: TerminalFixture;

  beforeAll(async () => {
    ({ pool } = await freshDatabase());
    server = await startPullServer(pool);
    const tenantId = await insertTenant(pool);
    const storeId = await insertStore(pool, tenantId);
    terminal = await insertTerminal(pool, tenantId, storeId);
    await pool.query("INSERT INTO tax_rates (tenant_id, id, name, rate_ppm) VALUES ($1, 'std', 'Standard', 190000)", [tenantId]);
    await pool.query(
      `INSERT INTO products (tenant_id, id, sku, name, tax_rate_id, price_minor)
       SELECT $1, gen_random_uuid(), 'SKU-' || g, 'Product ' || g, 'std', 100 + g FROM generate_series(1, $2::int) g`,
      [tenantId, PRODUCTS],
    );
    await pool.query(
      `INSERT INTO barcodes (tenant_id, code, product_id)
       SELECT $1, '40' || lpad(row_number() OVER ()::text, 11, '0'), id FROM products WHERE tenant_id = $1`,
      [tenantId],
    );
    await pool.query(
      `INSERT INTO store_prices (tenant_id, store_id, product_id, price_minor)
       SELECT $1, $2, id, 99 FROM products WHERE tenant_id = $1 AND sku LIKE '%7'`,
      [tenantId, storeId],
    );
    await pool.query(
      `INSERT INTO stock_levels (tenant_id, store_id, product_id, qty_milli)
       SELECT $1, $2, id::text, 12000 FROM products WHERE tenant_id = $1`,
      [tenantId, storeId],
    );
    await pool.query('ANALYZE');
  }, 120_000);

  afterAll(async () => {
    await server?.close();
    await pool?.end();
  });

  it('When a terminal first syncs 100k products with their barcodes and stock, then every page costs the same and the whole sync is quick', async () => {
    const replica = new Replica();
    const millis: number[] = [];
    const started = performance.now();
    for (;;) {
      const t = performance.now();
      const page = await pull(server.baseUrl, terminal.token, replica.cursor, 1000);
      millis.push(performance.now() - t);
      replica.apply(page);
      if (!page.hasMore) break;
    }
    const seconds = (performance.now() - started) / 1000;
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    // Pages 0-99 are products: the last ten cost what the first ten do (OFFSET would be ~50x).
    const early = median(millis.slice(1, 11));
    const late = median(millis.slice(90, 100));
    console.info(`pull: ${millis.length} pages, ${replica.entities.size} entities in ${seconds.toFixed(2)} s; product pages ${early.toFixed(0)} ms early, ${late.toFixed(0)} ms late`);
    expect(replica.entities.size).toBe(3 * PRODUCTS + 2);
    expect(late).toBeLessThan(early * 3 + 20);
    // DESIGN target: under 5 s for the whole first sync on an idle machine (measured in the
    // report); the bound here only catches a gross regression on a busy CI box.
    expect(seconds).toBeLessThan(30);
  });
});
