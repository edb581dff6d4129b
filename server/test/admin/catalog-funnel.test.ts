import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Pool } from '../../src/db/pool';
import { CatalogChangeSchema } from '@keel/shared';
import { catalogTransaction, recordChanges, type ChangeEntity } from '../../src/domain/catalog-changes';
import { startTestServer, type TestServer } from '../support/app';
import { freshDatabase } from '../support/database';
import { call, createManager, createStore, createTenantWithAdmin, loginAdmin, ok, seedCatalog, type StoreFixture } from '../support/fixtures';

interface ChangeRow {
  id: number;
  xid32: number;
  store_id: string | null;
  entity: ChangeEntity;
  entity_id: string;
  op: 'upsert' | 'delete';
  data: Record<string, unknown> | null;
}

/**
 * DESIGN.md invariant 5 from the writer's side: every catalog write leaves exactly its
 * change_log rows, written by the same transaction as the write (the row's xmin is the change's
 * xid), and a write that fails leaves neither.
 */
describe('the catalog write funnel', () => {
  let pool: Pool;
  let server: TestServer;
  let base: string;
  let admin: string;
  let tenantId: string;
  let store: StoreFixture;
  let mark = 0;

  /** change_log rows written since the last call, in feed order; each upsert parses with its schema. */
  async function newChanges(): Promise<ChangeRow[]> {
    const { rows } = await pool.query<ChangeRow>(
      `SELECT id, (xid::text::bigint % 4294967296) AS xid32, store_id, entity, entity_id, op, data
         FROM change_log WHERE id > $1 ORDER BY xid, id`,
      [mark],
    );
    mark = Math.max(mark, ...rows.map((r) => r.id));
    // Each row, as pull puts it on the wire, parses with the terminal's own schema.
    for (const r of rows) {
      const wire = r.op === 'upsert' ? { entity: r.entity, op: r.op, id: r.entity_id, data: r.data } : { entity: r.entity, op: r.op, id: r.entity_id };
      const parsed = CatalogChangeSchema.safeParse(wire);
      expect(parsed.success, `${r.entity} ${r.op}: ${parsed.error?.message}`).toBe(true);
      if (r.op === 'delete') expect(r.data).toBeNull();
    }
    return rows;
  }
  const summary = (rows: ChangeRow[]) => rows.map((r) => [r.entity, r.entity_id, r.op, r.store_id]);
  /** The xid (low 32 bits) of the transaction that last wrote the row. */
  async function xmin(table: string, where: string, params: unknown[]): Promise<number> {
    const { rows } = await pool.query<{ x: number }>(`SELECT xmin::text::bigint AS x FROM ${table} WHERE ${where}`, params);
    expect(rows).toHaveLength(1);
    return rows[0]!.x;
  }

  beforeAll(async () => {
    ({ pool } = await freshDatabase());
    server = await startTestServer(pool, { env: { RATE_LIMIT_LOGIN_PER_MIN: '1000' } });
    base = server.baseUrl;
    const tenant = await createTenantWithAdmin(pool);
    tenantId = tenant.tenantId;
    admin = (await loginAdmin(base, tenant.email)).token;
    store = await createStore(base, admin);
  });
  afterAll(async () => {
    await server.close();
    await pool.end();
  });

  it('When a store is created or its settings change, then one storeSettings row for that store is written with it', async () => {
    const created = await createStore(base, admin, { name: 'Harbour' });
    let rows = await newChanges();
    expect(summary(rows).filter((r) => r[1] === created.id)).toEqual([['storeSettings', created.id, 'upsert', created.id]]);

    await ok(base, 'PATCH', `/v1/admin/stores/${created.id}`, { token: admin, body: { receiptFooterLines: ['Thank you'] } });
    rows = await newChanges();
    expect(summary(rows)).toEqual([['storeSettings', created.id, 'upsert', created.id]]);
    expect(rows[0]?.data).toMatchObject({ storeId: created.id, name: 'Harbour', receiptFooterLines: ['Thank you'] });
    expect(rows[0]?.xid32).toBe(await xmin('stores', 'id = $1', [created.id]));

    const bad = await call(base, 'PATCH', `/v1/admin/stores/${created.id}`, { token: admin, body: { timeZone: 'Mars/Olympus' } });
    expect(bad.code).toBe('INVALID_INPUT');
    expect(await newChanges()).toEqual([]);
  });

  it('When tax rates and categories are written, then each write leaves its one row in its own transaction', async () => {
    await ok(base, 'POST', '/v1/admin/tax-rates', { token: admin, body: { id: 'red', name: 'Reduced', ratePpm: 70_000 } });
    let rows = await newChanges();
    expect(summary(rows)).toEqual([['taxRate', 'red', 'upsert', null]]);
    expect(rows[0]?.data).toEqual({ id: 'red', name: 'Reduced', ratePpm: 70_000 });
    expect(rows[0]?.xid32).toBe(await xmin('tax_rates', "id = 'red'", []));

    await ok(base, 'PATCH', '/v1/admin/tax-rates/red', { token: admin, body: { ratePpm: 50_000 } });
    rows = await newChanges();
    expect([summary(rows), rows[0]?.data?.ratePpm]).toEqual([[['taxRate', 'red', 'upsert', null]], 50_000]);

    const parent = await ok<{ id: string }>(base, 'POST', '/v1/admin/categories', { token: admin, body: { name: 'Drinks' } });
    const child = await ok<{ id: string }>(base, 'POST', '/v1/admin/categories', { token: admin, body: { name: 'Juice', parentId: parent.id } });
    rows = await newChanges();
    expect(summary(rows)).toEqual([
      ['category', parent.id, 'upsert', null],
      ['category', child.id, 'upsert', null],
    ]);
    expect(rows[1]?.xid32).toBe(await xmin('categories', 'id = $1', [child.id]));
    expect(rows[1]?.data).toMatchObject({ id: child.id, name: 'Juice', parentId: parent.id, sortOrder: 0, active: true });

    await ok(base, 'PATCH', `/v1/admin/categories/${child.id}`, { token: admin, body: { sortOrder: 5, active: false } });
    rows = await newChanges();
    expect([summary(rows), rows[0]?.data?.sortOrder, rows[0]?.data?.active]).toEqual([[['category', child.id, 'upsert', null]], 5, false]);

    const cycle = await call(base, 'PATCH', `/v1/admin/categories/${parent.id}`, { token: admin, body: { parentId: child.id } });
    expect(cycle.code).toBe('INVALID_INPUT');
    const inUse = await call(base, 'DELETE', `/v1/admin/categories/${parent.id}`, { token: admin });
    expect(inUse.code).toBe('CONFLICT');
    expect(await newChanges()).toEqual([]);

    expect((await call(base, 'DELETE', `/v1/admin/categories/${child.id}`, { token: admin })).status).toBe(204);
    expect(summary(await newChanges())).toEqual([['category', child.id, 'delete', null]]);
  });

  it('When a product is created and its barcodes replaced, then product and barcode rows come from the same transaction', async () => {
    const product = await ok<{ id: string }>(base, 'POST', '/v1/admin/products', {
      token: admin,
      body: { sku: 'MILK-1', name: 'Milk 1 l', taxRateId: 'red', priceMinor: 119, barcodes: ['4000000000001', '4000000000002'] },
    });
    let rows = await newChanges();
    expect(summary(rows).sort()).toEqual(
      [
        ['barcode', '4000000000001', 'upsert', null],
        ['barcode', '4000000000002', 'upsert', null],
        ['product', product.id, 'upsert', null],
      ].sort(),
    );
    const productXid = await xmin('products', 'id = $1', [product.id]);
    expect(new Set(rows.map((r) => r.xid32))).toEqual(new Set([productXid]));

    await ok(base, 'PATCH', `/v1/admin/products/${product.id}`, { token: admin, body: { barcodes: ['4000000000002', '4000000000003'] } });
    rows = await newChanges();
    expect(summary(rows)).toEqual([
      ['product', product.id, 'upsert', null],
      ['barcode', '4000000000001', 'delete', null],
      ['barcode', '4000000000003', 'upsert', null],
    ]);
    expect(rows[0]?.data?.barcodes).toEqual(['4000000000002', '4000000000003']);
    expect(new Set(rows.map((r) => r.xid32))).toEqual(new Set([await xmin('products', 'id = $1', [product.id])]));
  });

  it('When a product write fails mid-way, then neither the product nor any change row remains', async () => {
    const a = await ok<{ id: string; name: string; updatedAt: string }>(base, 'POST', '/v1/admin/products', {
      token: admin,
      body: { sku: 'A-1', name: 'Apple', taxRateId: 'red', priceMinor: 50, barcodes: ['111'] },
    });
    const b = await ok<{ id: string }>(base, 'POST', '/v1/admin/products', {
      token: admin,
      body: { sku: 'B-1', name: 'Banana', taxRateId: 'red', priceMinor: 60, barcodes: ['222'] },
    });
    await newChanges();
    const before = await pool.query('SELECT * FROM products WHERE id = $1', [a.id]);

    // The product row and its change row are written before the barcode clash is found.
    const clash = await call(base, 'PATCH', `/v1/admin/products/${a.id}`, { token: admin, body: { name: 'Green apple', barcodes: ['111', '222'] } });
    expect([clash.status, clash.code]).toEqual([409, 'CONFLICT']);
    expect(await newChanges()).toEqual([]);
    expect((await pool.query('SELECT * FROM products WHERE id = $1', [a.id])).rows).toEqual(before.rows);
    expect((await ok<{ barcodes: string[] }>(base, 'GET', `/v1/admin/products/${b.id}`, { token: admin })).barcodes).toEqual(['222']);

    const unknownTax = await call(base, 'POST', '/v1/admin/products', { token: admin, body: { sku: 'C-1', name: 'Cherry', taxRateId: 'nope', priceMinor: 1 } });
    const takenSku = await call(base, 'POST', '/v1/admin/products', { token: admin, body: { sku: 'A-1', name: 'Again', taxRateId: 'red', priceMinor: 1 } });
    expect([unknownTax.code, takenSku.code]).toEqual(['INVALID_INPUT', 'CONFLICT']);
    expect(await newChanges()).toEqual([]);
  });

  it("When a store price is set, changed under a new base price and removed, then the store's terminals always end with the right price", async () => {
    const { products } = await seedCatalog(base, admin, { products: 1, taxRateId: 'std', prefix: 'SP' });
    const product = products[0]!;
    await newChanges();

    await ok(base, 'PUT', `/v1/admin/stores/${store.id}/prices/${product.id}`, { token: admin, body: { priceMinor: 999 } });
    let rows = await newChanges();
    expect(summary(rows)).toEqual([['product', product.id, 'upsert', store.id]]);
    expect(rows[0]?.data?.priceMinor).toBe(999);
    expect(rows[0]?.xid32).toBe(await xmin('store_prices', 'product_id = $1', [product.id]));

    // A new base price: the tenant-wide row first, then the store's own price after it.
    await ok(base, 'PATCH', `/v1/admin/products/${product.id}`, { token: admin, body: { priceMinor: 150 } });
    rows = await newChanges();
    expect(rows.map((r) => [r.store_id, r.data?.priceMinor])).toEqual([
      [null, 150],
      [store.id, 999],
    ]);

    expect((await call(base, 'DELETE', `/v1/admin/stores/${store.id}/prices/${product.id}`, { token: admin })).status).toBe(204);
    rows = await newChanges();
    expect(rows.map((r) => [r.entity, r.store_id, r.data?.priceMinor])).toEqual([['product', store.id, 150]]);
  });

  it('When cashiers are created, changed and deactivated, then each leaves one store-scoped user row with a PIN hash, never the PIN', async () => {
    const cashier = await ok<{ id: string }>(base, 'POST', `/v1/admin/stores/${store.id}/cashiers`, {
      token: admin,
      body: { name: 'Ada', role: 'cashier', pin: '48151623' },
    });
    let rows = await newChanges();
    expect(summary(rows)).toEqual([['user', cashier.id, 'upsert', store.id]]);
    expect(rows[0]?.data).toMatchObject({ id: cashier.id, name: 'Ada', role: 'cashier', active: true, maxDiscountBasisPoints: null });
    expect(String(rows[0]?.data?.pinHash)).toMatch(/^scrypt\$/);
    expect(rows[0]?.xid32).toBe(await xmin('cashiers', 'id = $1', [cashier.id]));
    expect(JSON.stringify(cashier)).not.toMatch(/pin/i);
    const hashBefore = rows[0]?.data?.pinHash;

    await ok(base, 'PATCH', `/v1/admin/stores/${store.id}/cashiers/${cashier.id}`, {
      token: admin,
      body: { pin: '9999', role: 'supervisor', maxDiscountBasisPoints: 1500 },
    });
    rows = await newChanges();
    expect([summary(rows), rows[0]?.data?.role, rows[0]?.data?.maxDiscountBasisPoints]).toEqual([[['user', cashier.id, 'upsert', store.id]], 'supervisor', 1500]);
    expect(rows[0]?.data?.pinHash).not.toBe(hashBefore);

    const deactivated = await ok<{ active: boolean }>(base, 'DELETE', `/v1/admin/stores/${store.id}/cashiers/${cashier.id}`, { token: admin });
    expect(deactivated.active).toBe(false);
    expect((await newChanges())[0]?.data?.active).toBe(false);

    const badPin = await call(base, 'POST', `/v1/admin/stores/${store.id}/cashiers`, { token: admin, body: { name: 'Bob', role: 'cashier', pin: '12a4' } });
    expect(badPin.code).toBe('INVALID_INPUT');
    expect(JSON.stringify(badPin.body)).not.toContain('12a4');
    expect(await newChanges()).toEqual([]);

    const stored = await pool.query("SELECT c.*, (SELECT string_agg(data::text, '') FROM change_log) AS feed FROM cashiers c");
    expect(JSON.stringify(stored.rows)).not.toMatch(/48151623|"9999"/);
  });

  it('When a manager edits its own store, then cashiers and prices go through the funnel, and the catalog stays admin-only', async () => {
    const manager = await createManager(base, admin, store.id);
    await ok(base, 'POST', `/v1/admin/stores/${store.id}/cashiers`, { token: manager.token, body: { name: 'Cy', role: 'manager', pin: '2468' } });
    expect(summary(await newChanges()).map((r) => r[0])).toEqual(['user']);
    const denied = await call(base, 'POST', '/v1/admin/categories', { token: manager.token, body: { name: 'Nope' } });
    expect(denied.code).toBe('PERMISSION_DENIED');
    expect(await newChanges()).toEqual([]);
    expect((await pool.query('SELECT count(*)::int AS n FROM change_log WHERE tenant_id <> $1', [tenantId])).rows[0]).toEqual({ n: 0 });
  });

  it('When a batch of changes is recorded, then it lands in its order, and one malformed change fails the whole batch', async () => {
    const level = (productId: string, qtyMilli: number) =>
      ({ tenantId, storeId: store.id, entity: 'stockLevel', entityId: productId, op: 'upsert', data: { productId, qtyMilli, updatedAt: '2025-03-01T09:00:00.000Z' } }) as const;
    await catalogTransaction(pool, (tx) =>
      recordChanges(tx, [level('p-2', 1000), level('p-1', -500), { tenantId, storeId: null, entity: 'category', entityId: 'gone', op: 'delete' }]),
    );
    expect(summary(await newChanges())).toEqual([
      ['stockLevel', 'p-2', 'upsert', store.id],
      ['stockLevel', 'p-1', 'upsert', store.id],
      ['category', 'gone', 'delete', null],
    ]);

    // Its key does not match entity_id: the terminal would file it under the wrong product.
    const wrongKey = { ...level('p-3', 1), entityId: 'p-4' };
    await expect(catalogTransaction(pool, (tx) => recordChanges(tx, [level('p-3', 1), wrongKey]))).rejects.toMatchObject({ code: 'INTERNAL' });
    expect(await newChanges()).toEqual([]);
  });

  it('When the server source is searched, then change_log is written in exactly one place: recordChange', () => {
    const src = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../src');
    const writers: string[] = [];
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        // A raw INSERT, or a batch insert helper pointed at the table by name.
        else if (entry.name.endsWith('.ts') && /INSERT\s+INTO\s+change_log|['"`]change_log['"`]/i.test(fs.readFileSync(full, 'utf8'))) writers.push(path.relative(src, full));
      }
    };
    walk(src);
    expect(writers).toEqual(['domain/catalog-changes.ts']);
  });
});
