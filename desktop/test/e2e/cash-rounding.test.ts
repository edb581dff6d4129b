import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Pool } from '../../../server/src/db/pool';
import { ok } from '../../../server/test/support/fixtures';
import type { TestServer } from '../../../server/test/support/app';
import { screenshot, waitForText } from './support/browser';
import { openBrowserTill, type BrowserTill } from './support/session';
import { PEOPLE, serverSales, type E2eShop } from './support/shop';
import type { Till } from './support/till';

/**
 * A store whose smallest coin is 0.05 (Swiss francs), in Chromium against the browser host and
 * the real server: the tender screen shows the cash due rounded as the drawer takes it, and a
 * sale whose cash part rounds to nothing (0.02) completes with nothing handed over; the server
 * settles both sales the same way (no tender or totals anomaly).
 */
const GUM = { sku: 'GUM-1', name: 'Chewing Gum', priceMinor: 102, barcode: '4000000000075' };
const BAG = { sku: 'BAG-PAPER', name: 'Paper Bag', priceMinor: 2, barcode: '4000000000082' };

let session: BrowserTill;
let pool: Pool;
let server: TestServer;
let shop: E2eShop;
let page: Page;
let till: Till;
let problems: string[];
const receipts: string[] = [];

beforeAll(async () => {
  session = await openBrowserTill('cash-rounding', { storeSettings: { currency: 'CHF', cashRoundingMinor: 5 }, coreOptions: { appVersion: '0.1.0', sync: { intervalMs: 1_000 } } });
  ({ pool, server, shop, page, till, problems } = session);
  for (const p of [GUM, BAG]) {
    await ok(server.baseUrl, 'POST', '/v1/admin/products', { token: shop.adminToken, body: { sku: p.sku, name: p.name, taxRateId: 'std', priceMinor: p.priceMinor, barcodes: [p.barcode] } });
  }
}, 120_000);

afterAll(async () => {
  await session?.close();
});

describe('cash rounding to 0.05 in the browser', () => {
  it('When 1.02 is paid in cash, then the screen shows 1.00 to take in cash, Exact is 1.00, and the sale completes without change', async () => {
    await session.startShift(PEOPLE.cashier);
    await till.scan(GUM.barcode, GUM.name);
    await page.keyboard.press('F12');
    await waitForText(page.getByTestId('remaining'), /1\.02/);
    await waitForText(page.getByTestId('cash-due'), /In cash, rounded\s*1\.00/);
    await waitForText(page.getByTestId('quick-exact'), /1\.00/);
    await page.getByTestId('quick-exact').click();
    await waitForText(page.getByTestId('complete'), /^Complete sale$/);
    await screenshot(page, 'cash-rounding-01-rounded-due');
    await page.getByTestId('complete').click();
    receipts.push(await till.waitForComplete());
    await till.nextSale();
  });

  it('When a 0.02 bag is paid in cash, then nothing is to take in cash and Exact (0.00) completes the sale', async () => {
    await till.scan(BAG.barcode, BAG.name);
    await page.keyboard.press('F12');
    await waitForText(page.getByTestId('cash-due'), /In cash, rounded\s*0\.00/);
    await page.getByTestId('quick-exact').click();
    expect(await page.getByTestId('complete').isEnabled()).toBe(true);
    await screenshot(page, 'cash-rounding-02-rounded-away');
    await page.getByTestId('complete').click();
    receipts.push(await till.waitForComplete());
    await till.nextSale();
  });

  it('When the sales are synced, then the server holds both, settled the same way (no tender or totals mismatch)', async () => {
    await waitForText(page.getByTestId('sync-pending'), /All sent/, 20_000);
    expect(await serverSales(pool, shop.tenantId)).toEqual([
      { receipt_number: receipts[0], total_minor: GUM.priceMinor },
      { receipt_number: receipts[1], total_minor: BAG.priceMinor },
    ]);
    const { rows } = await pool.query('SELECT rounding_minor FROM sales WHERE tenant_id = $1 ORDER BY receipt_number', [shop.tenantId]);
    expect(rows).toEqual([{ rounding_minor: -2 }, { rounding_minor: -2 }]);
    // The shop has no stock booked in, so each sale is a NEGATIVE_STOCK anomaly; nothing else.
    const anomalies = await pool.query<{ code: string }>('SELECT code FROM anomalies WHERE tenant_id = $1', [shop.tenantId]);
    expect(anomalies.rows.map((a) => a.code).filter((code) => code !== 'NEGATIVE_STOCK')).toEqual([]);
  });

  it('When it all ran, then the page logged no error and no CSP violation', () => {
    expect(problems).toEqual([]);
  });
});
