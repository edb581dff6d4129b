import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase } from '../../../server/test/support/database';
import { startTestServer, type TestServer } from '../../../server/test/support/app';
import { createTenantWithAdmin, loginAdmin, ok } from '../../../server/test/support/fixtures';
import type { Pool } from '../../../server/src/db/pool';
import { ean13, realisticProducts, seedDemo, weightLabel } from '../../../scripts/demo/seed';
import { createHandlers, dispatch } from '../../src/core/api';
import { isValidGtin } from '../../src/core/catalog/gtin';
import { TerminalCore } from '../../src/core/terminal-core';

// The demo seeding `npm start` and the end-to-end tests use (scripts/demo/seed.ts), against the
// real server: the catalog is well formed, and a terminal enrolled in the store sells from it.
let pool: Pool;
let server: TestServer;
let dir: string;
const cores: TerminalCore[] = [];

beforeAll(async () => {
  ({ pool } = await freshDatabase());
  server = await startTestServer(pool);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keel-seed-'));
});
afterAll(async () => {
  for (const core of cores) core.close();
  await server.close();
  await pool.end();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function newAdmin() {
  const tenant = await createTenantWithAdmin(pool);
  return (await loginAdmin(server.baseUrl, tenant.email)).token;
}

async function enrolledTerminal(token: string, storeId: string) {
  const core = await TerminalCore.open({ dataDir: fs.mkdtempSync(path.join(dir, 't-')), appVersion: '0.0.0', autoSync: false });
  cores.push(core);
  const handlers = createHandlers(core);
  const { code } = await ok<{ code: string }>(server.baseUrl, 'POST', `/v1/admin/stores/${storeId}/enrollment-codes`, { token, body: {} });
  const call = async (channel: string, input: unknown = {}) => {
    const result = await dispatch(handlers, channel, input);
    if (!result.ok) throw new Error(`${channel}: ${result.error.code} ${result.error.message}`);
    return result.value as never;
  };
  await call('enrollment.enroll', { serverUrl: server.baseUrl, code, name: 'Till 1' });
  await call('sync.now');
  return { core, call };
}

describe('demo seeding', () => {
  it('When the realistic catalog is built, then it has 300+ products, valid EAN-13s, weighed produce and three VAT rates', () => {
    const products = realisticProducts();
    expect(products.length).toBeGreaterThanOrEqual(300);
    const packaged = products.filter((p) => !p.soldByWeight);
    for (const p of packaged) expect(isValidGtin(p.barcodes[0]!), p.barcodes[0]).toBe(true);
    expect(new Set(products.flatMap((p) => p.barcodes)).size).toBe(products.length);
    expect(new Set(products.map((p) => p.sku)).size).toBe(products.length);
    expect(products.filter((p) => p.soldByWeight).length).toBeGreaterThanOrEqual(20);
    expect(new Set(products.map((p) => p.taxRateId))).toEqual(new Set(['std', 'reduced', 'zero']));
    expect(isValidGtin(ean13(123_456))).toBe(true);
    expect(isValidGtin(weightLabel('00100', 1234))).toBe(true);
  });

  it('When the demo is seeded, then a terminal enrolled in it logs Anna in, scans an EAN and a scale label, and sells', async () => {
    const token = await newAdmin();
    const seed = await seedDemo(server.baseUrl, token);
    expect(seed.cashiers.map((c) => `${c.name}:${c.role}:${c.pin}`)).toEqual(['Anna:cashier:1111', 'Sam:supervisor:2222', 'Mia:manager:3333']);
    const { call } = await enrolledTerminal(token, seed.storeId);
    expect(await call('app.info')).toMatchObject({ enrolled: true, storeName: 'Keel Demo Market' });
    await call('session.login', { userId: seed.cashiers[0]!.id, pin: '1111' });
    await call('shift.open', { openingFloatMinor: 10_000 });

    const milk = seed.samples.packaged[0]!;
    await call('cart.addByBarcode', { barcode: milk.barcodes[0] });
    const bananas = seed.samples.weighed[0]!;
    const cart: { lines: Array<{ qtyMilli: number }>; totals: { totalMinor: number } } = await call('cart.addByBarcode', {
      barcode: weightLabel(bananas.barcodes[0]!.slice(2), 1_250),
    });
    expect(cart.lines.map((l) => l.qtyMilli)).toEqual([1_000, 1_250]);
    expect(cart.totals.totalMinor).toBe(milk.priceMinor + Math.round((bananas.priceMinor * 1_250) / 1_000));
    expect(await call('checkout.complete', { tenders: [{ kind: 'cash', amountMinor: 5_000 }] })).toMatchObject({ totalMinor: cart.totals.totalMinor });
  });

  it('When the catalog is seeded empty, then the store and its people exist and the terminal loads no products', async () => {
    const token = await newAdmin();
    const seed = await seedDemo(server.baseUrl, token, { products: 0 });
    expect(seed.productCount).toBe(0);
    const { call } = await enrolledTerminal(token, seed.storeId);
    expect(await call('session.users')).toHaveLength(3);
    expect(await call('catalog.search', { query: 'milk' })).toEqual([]);
  });

  it('When 100k products are seeded with the database at hand, then they go in by SQL with their barcodes', async () => {
    // Only the realistic part goes through the API; a terminal's first sync of such a catalog is
    // covered by server/test/pull/scale.test.ts and the end-to-end "100k catalog loads" test.
    const token = await newAdmin();
    const started = Date.now();
    const seed = await seedDemo(server.baseUrl, token, { products: 100_000, sql: pool, storeName: 'Big Store' });
    const { rows } = await pool.query<{ products: number; barcodes: number }>(
      `SELECT (SELECT count(*) FROM products p WHERE p.tenant_id = s.tenant_id) AS products,
              (SELECT count(*) FROM barcodes b WHERE b.tenant_id = s.tenant_id) AS barcodes
         FROM stores s WHERE s.id = $1`,
      [seed.storeId],
    );
    expect(rows[0]).toEqual({ products: 100_000, barcodes: 100_000 });
    const { rows: last } = await pool.query('SELECT p.sku FROM barcodes b JOIN products p ON p.tenant_id = b.tenant_id AND p.id = b.product_id WHERE b.code = $1', [ean13(99_999)]);
    expect(last).toEqual([{ sku: 'DEMO-099999' }]);
    expect(Date.now() - started).toBeLessThan(120_000);
  }, 180_000);
});
