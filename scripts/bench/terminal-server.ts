// Server side of the terminal benchmark: a shop seeded straight into the server's tables (the
// catalog with its change_log rows through the catalog funnel, recordChanges, exactly as the
// admin API leaves them), and terminal cores enrolled against it without the admin API.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import type { Product, User } from '@keel/shared';
import { hashPassword } from '../../server/src/auth/secrets';
import type { Pool } from '../../server/src/db/pool';
import { catalogTransaction, recordChanges, type Change } from '../../server/src/domain/catalog-changes';
import { insertTerminal, storeSettings } from '../../server/test/support/scripted-terminal';
import { TerminalCore, type CoreOptions } from '../../desktop/src/core/terminal-core';

export interface SeededShop {
  tenantId: string;
  storeId: string;
  cashier: { id: string; pin: string };
  barcodes: string[];
}

const CHUNK = 10_000;
const AT = new Date().toISOString();

/** Product i of a seeded shop: a uuid id (the server's products key) and a 13-digit barcode. */
function product(i: number, taxRateId: string, categoryId: string): Product {
  return {
    id: randomUUID(),
    sku: `SKU-${String(i).padStart(6, '0')}`,
    name: `Product ${i} ${['tea', 'bread', 'soap', 'milk', 'rice'][i % 5]}`,
    categoryId,
    taxRateId,
    priceMinor: 99 + (i % 500) * 13,
    barcodes: [`8${String(i).padStart(11, '0')}0`],
    soldByWeight: false,
    active: true,
    updatedAt: AT,
  };
}

/**
 * A tenant with one store, two tax rates, a category, a cashier (PIN 1234, hashed as the server
 * does), `products` products with one barcode each and ample stock: rows written with SQL in
 * chunks, and every catalog row's change logged through recordChanges in the same transaction.
 */
export async function seedShop(pool: Pool, products: number): Promise<SeededShop> {
  const tenantId = randomUUID();
  const storeId = randomUUID();
  const categoryId = randomUUID();
  await pool.query('INSERT INTO tenants (id, name) VALUES ($1, $2)', [tenantId, 'Bench tenant']);
  await pool.query('INSERT INTO stores (tenant_id, id, name, settings) VALUES ($1, $2, $3, $4)', [tenantId, storeId, 'Bench Shop', storeSettings(storeId)]);
  const cashier: User = {
    id: randomUUID(),
    name: 'Bench',
    role: 'cashier',
    pinHash: await hashPassword('1234'),
    active: true,
    maxDiscountBasisPoints: null,
    updatedAt: AT,
  };
  await catalogTransaction(pool, async (tx) => {
    await tx.query(`INSERT INTO tax_rates (tenant_id, id, name, rate_ppm) VALUES ($1, 'vat-19', 'VAT 19%', 190000), ($1, 'vat-7', 'VAT 7%', 70000)`, [tenantId]);
    await tx.query('INSERT INTO categories (tenant_id, id, name) VALUES ($1, $2, $3)', [tenantId, categoryId, 'Groceries']);
    await tx.query('INSERT INTO cashiers (tenant_id, id, store_id, name, role, pin_hash) VALUES ($1, $2, $3, $4, $5, $6)', [
      tenantId,
      cashier.id,
      storeId,
      cashier.name,
      cashier.role,
      cashier.pinHash,
    ]);
    await recordChanges(tx, [
      { tenantId, storeId: null, entity: 'taxRate', entityId: 'vat-19', op: 'upsert', data: { id: 'vat-19', name: 'VAT 19%', ratePpm: 190_000 } },
      { tenantId, storeId: null, entity: 'taxRate', entityId: 'vat-7', op: 'upsert', data: { id: 'vat-7', name: 'VAT 7%', ratePpm: 70_000 } },
      {
        tenantId,
        storeId: null,
        entity: 'category',
        entityId: categoryId,
        op: 'upsert',
        data: { id: categoryId, name: 'Groceries', parentId: null, sortOrder: 0, active: true, updatedAt: AT },
      },
      { tenantId, storeId, entity: 'user', entityId: cashier.id, op: 'upsert', data: cashier },
    ]);
  });
  const barcodes: string[] = [];
  for (let from = 0; from < products; from += CHUNK) {
    const chunk = Array.from({ length: Math.min(CHUNK, products - from) }, (_, k) => product(from + k, (from + k) % 3 === 0 ? 'vat-7' : 'vat-19', categoryId));
    barcodes.push(...chunk.map((p) => p.barcodes[0]!));
    await catalogTransaction(pool, async (tx) => {
      await tx.query(
        `INSERT INTO products (tenant_id, id, sku, name, category_id, tax_rate_id, price_minor)
         SELECT $1, r.id, r.sku, r.name, r.category_id, r.tax_rate_id, r.price_minor
           FROM jsonb_to_recordset($2::jsonb) AS r(id uuid, sku text, name text, category_id uuid, tax_rate_id text, price_minor bigint)`,
        [tenantId, JSON.stringify(chunk.map((p) => ({ id: p.id, sku: p.sku, name: p.name, category_id: p.categoryId, tax_rate_id: p.taxRateId, price_minor: p.priceMinor })))],
      );
      await tx.query(
        'INSERT INTO barcodes (tenant_id, code, product_id) SELECT $1, c, p FROM unnest($2::text[], $3::uuid[]) AS x(c, p)',
        [tenantId, chunk.map((p) => p.barcodes[0]!), chunk.map((p) => p.id)],
      );
      await tx.query(
        'INSERT INTO stock_levels (tenant_id, store_id, product_id, qty_milli) SELECT $1, $2, p, 1000000000000 FROM unnest($3::text[]) AS p',
        [tenantId, storeId, chunk.map((p) => p.id)],
      );
      const changes: Change[] = chunk.flatMap((p): Change[] => [
        { tenantId, storeId: null, entity: 'product', entityId: p.id, op: 'upsert', data: p },
        { tenantId, storeId: null, entity: 'barcode', entityId: p.barcodes[0]!, op: 'upsert', data: { code: p.barcodes[0]!, productId: p.id, updatedAt: AT } },
      ]);
      await recordChanges(tx, changes);
    });
  }
  // A bulk load is followed by autovacuum's ANALYZE within a minute on a live server; without
  // statistics the planner pages the snapshot with plans meant for empty tables.
  await pool.query('ANALYZE');
  return { tenantId, storeId, cashier: { id: cashier.id, pin: '1234' }, barcodes };
}

/**
 * A core in `dataDir` enrolled as a new terminal of the shop (inserted as enrollment would, its
 * identity stored as enrollment stores it), nothing synced yet. Sync is driven by the caller.
 */
export async function enrolledCore(pool: Pool, serverUrl: string, shop: SeededShop, dataDir: string, options: Partial<CoreOptions> = {}): Promise<TerminalCore> {
  const terminal = await insertTerminal(pool, { tenantId: shop.tenantId, storeId: shop.storeId });
  fs.mkdirSync(dataDir, { recursive: true });
  const core = await TerminalCore.open({ dataDir, appVersion: 'bench', autoSync: false, ...options });
  core.meta.set('identity', {
    serverUrl,
    tenantId: shop.tenantId,
    storeId: shop.storeId,
    terminalId: terminal.terminalId,
    terminalCode: terminal.code,
    token: terminal.token,
  });
  core.close();
  return TerminalCore.open({ dataDir, appVersion: 'bench', autoSync: false, ...options });
}
