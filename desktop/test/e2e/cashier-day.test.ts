import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Pool } from '../../../server/src/db/pool';
import { startTestServer, type TestServer } from '../../../server/test/support/app';
import { freshDatabase } from '../../../server/test/support/database';
import { startHost, type Host } from '../../src/host/host';
import { launchBrowser, scanCode, screenshot, waitForText, watchConsole } from './support/browser';
import { buildRendererOnce } from './support/build-renderer';
import { enrollmentCode, PEOPLE, PRODUCTS, seedE2eShop, serverSales, type E2eShop } from './support/shop';
import { startTcpProxy, type TcpProxy } from './support/tcp-proxy';
import { amountPattern } from './support/session';
import { Till } from './support/till';

/**
 * A cashier's day through the real UI in Chromium, against the browser host (core in its own
 * process) and the real sync server on PostgreSQL: enroll, log in, open a shift, sell by scan
 * and by search for cash, lose the server and keep selling, get it back and see every sale
 * arrive, refund and void with a supervisor, park and resume, close the shift with a count.
 * The terminal reaches the server through a TCP proxy on a fixed port, because it keeps the
 * address it enrolled with: stopping the proxy is the outage.
 */
const SERVER_ENV = { RATE_LIMIT_PUSH_PER_MIN: '1000000', RATE_LIMIT_ENROLL_PER_MIN: '1000', RATE_LIMIT_LOGIN_PER_MIN: '1000' };
const [MILK, BREAD, COFFEE, TEA, SOAP, BATTERIES] = PRODUCTS;

let pool: Pool;
let server: TestServer;
let proxy: TcpProxy;
let shop: E2eShop;
let host: Host;
let page: Page;
let till: Till;
let closeBrowser: () => Promise<void>;
let problems: string[];
let dataDir: string;
const receipts: string[] = [];

beforeAll(async () => {
  const rendererDir = await buildRendererOnce(inject('pgDataDir'));
  ({ pool } = await freshDatabase());
  server = await startTestServer(pool, { env: SERVER_ENV });
  shop = await seedE2eShop(server.baseUrl, pool);
  proxy = await startTcpProxy(Number(new URL(server.baseUrl).port));
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'keel-e2e-till-'));
  host = await startHost({
    dataDir,
    rendererDir,
    coreOutput: false,
    // Quick retries so the outage and the recovery fit in a test; the logic is the production one.
    coreOptions: { appVersion: '0.1.0', requestTimeoutMs: 3_000, sync: { intervalMs: 1_000, backoff: { baseMs: 200, capMs: 1_000 }, breaker: { threshold: 5, cooldownMs: 1_000 } } },
  });
  const browser = await launchBrowser();
  page = browser.page;
  closeBrowser = browser.close;
  problems = watchConsole(page);
  till = new Till(page);
  await page.goto(host.url);
}, 120_000);

afterAll(async () => {
  await closeBrowser?.();
  await host?.close();
  await proxy?.close();
  await server?.close();
  await pool?.end();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('a cashier day in the browser', () => {
  it('When a new terminal is enrolled with a code, then it loads the catalog and shows the people of the store', async () => {
    await page.getByRole('heading', { name: 'Set up this terminal' }).waitFor();
    await screenshot(page, '01-enroll');
    // A wrong code is answered in words, and nothing is stored.
    await till.enroll(proxy.url, 'WRONG-CODE-1', 'Till 1');
    await waitForText(page.getByRole('alert'), /unknown, expired or already used/);
    await screenshot(page, '02-enroll-error');
    await till.enroll(proxy.url, await enrollmentCode(server.baseUrl, shop), 'Till 1');
    await till.waitForLogin();
    for (const person of Object.values(PEOPLE)) await page.getByTestId('person').filter({ hasText: person.name }).waitFor();
    await waitForText(page.getByTestId('sync-state'), /Online/);
    await screenshot(page, '03-login-people');
  });

  it('When a wrong PIN is typed, then it says so; with the right PIN the shift opens with its float', async () => {
    await page.getByTestId('person').filter({ hasText: PEOPLE.cashier.name }).click();
    await page.keyboard.type('9999', { delay: 60 });
    await page.keyboard.press('Enter');
    await waitForText(page.getByRole('alert'), /Wrong PIN/);
    await screenshot(page, '04-pin-wrong');
    await page.keyboard.type(PEOPLE.cashier.pin, { delay: 60 });
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Open a shift' }).waitFor();
    await page.keyboard.type('100', { delay: 80 });
    await waitForText(page.getByTestId('float-amount'), /100\.00/);
    await screenshot(page, '05-open-shift');
    await page.keyboard.press('Enter');
    await till.waitForSell();
    expect(await page.getByTestId('who').textContent()).toContain(PEOPLE.cashier.name);
  });

  it('When products are scanned with no field focused and while the search box holds text, then every scan lands in the cart and the search text is kept', async () => {
    await till.scan(MILK.barcode, MILK.name);
    // A person is typing a search, slowly; a scan arrives in the middle of it.
    await page.getByTestId('search').click();
    await page.keyboard.type('co', { delay: 120 });
    await till.scan(BREAD.barcode, BREAD.name);
    expect(await page.getByTestId('search').inputValue()).toBe('co');
    // The same product scanned twice is one line with quantity 2.
    await till.scan(MILK.barcode, MILK.name);
    await waitForText(page.getByTestId('cart-line').filter({ hasText: MILK.name }).getByTestId('line-qty'), /^2$/);
    expect(await till.lineCount()).toBe(2);
    // An unknown code is said out loud, not dropped.
    await page.getByTestId('search').fill('');
    await page.locator('body').click({ position: { x: 300, y: 500 } });
    await scanCode(page, '4006381333931');
    await waitForText(page.getByRole('alert'), /No product has the barcode 4006381333931/);
    await screenshot(page, '06-scan-unknown');
    await page.getByRole('button', { name: 'Dismiss' }).click();
    expect(await till.lineCount()).toBe(2);
  });

  it('When a product is found by search and picked with Enter, then it is added and the totals are the integer sum', async () => {
    await page.getByTestId('search').fill('coffee');
    await page.getByTestId('search-result').filter({ hasText: COFFEE.name }).waitFor();
    await screenshot(page, '06-search');
    await page.getByTestId('search').press('Enter');
    await page.getByTestId('cart-line').filter({ hasText: COFFEE.name }).waitFor();
    const total = 2 * MILK.priceMinor + BREAD.priceMinor + COFFEE.priceMinor;
    await waitForText(page.getByTestId('cart-total'), new RegExp(amountPattern(total)));
    await screenshot(page, '07-sell-cart');
  });

  it('When a cashier gives a discount above her limit, then a supervisor approves it with a PIN and the line shows it', async () => {
    await page.getByTestId('cart-line').filter({ hasText: COFFEE.name }).getByRole('button', { name: `Change ${COFFEE.name}` }).click();
    await page.getByRole('dialog').getByRole('button', { name: '−20 %' }).click();
    await page.getByRole('heading', { name: 'Supervisor approval' }).waitFor();
    await page.keyboard.type(PEOPLE.supervisor.pin, { delay: 60 });
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelector('[role="dialog"]') === null);
    await waitForText(page.getByTestId('cart-line').filter({ hasText: COFFEE.name }), /−20 %/);
    // 899 − 20 % = 719.2, rounded half-up to 719: the engine's integers, not floats.
    const total = 2 * MILK.priceMinor + BREAD.priceMinor + 719;
    await waitForText(page.getByTestId('cart-total'), new RegExp(amountPattern(total)));
    await page.setViewportSize({ width: 1024, height: 768 });
    await screenshot(page, '07b-sell-discount-1024x768');
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it('When the card is tried with no card terminal connected, then nothing is charged and it says so', async () => {
    await page.getByTestId('pay').click();
    await page.getByRole('tab', { name: /Card/ }).click();
    await waitForText(page.getByTestId('complete'), /Charge card/);
    await page.getByTestId('complete').click();
    await waitForText(page.getByRole('alert'), /No card terminal is connected/);
    await screenshot(page, '08a-card-unavailable');
    await page.getByRole('tab', { name: /Cash/ }).click();
  });

  it('When the customer pays cash with a note, then the change is shown and the missing receipt is said, with a reprint', async () => {
    await page.getByTestId('quick-amount').filter({ hasText: '20.00' }).click();
    const total = 2 * MILK.priceMinor + BREAD.priceMinor + 719;
    const changeText = amountPattern(2000 - total);
    await waitForText(page.getByTestId('change-preview'), new RegExp(changeText));
    await screenshot(page, '08-tender-cash');
    await page.getByTestId('complete').click();
    receipts.push(await till.waitForComplete());
    await waitForText(page.getByTestId('change-due'), new RegExp(changeText));
    await waitForText(page.getByTestId('receipt-state'), /Receipt not printed/);
    await page.getByTestId('reprint').click();
    await waitForText(page.getByTestId('reprint-result'), /no receipt printer is set up/);
    await screenshot(page, '09-complete');
    await till.nextSale();
    await waitForText(page.getByTestId('sync-pending'), /All sent/, 20_000);
    expect((await serverSales(pool, shop.tenantId)).map((s) => s.receipt_number)).toEqual(receipts);
  });

  it('When the server goes away, then three more sales complete while the bar says offline, 3 pending and since when', async () => {
    await proxy.down();
    await server.close();
    for (const product of [TEA, SOAP]) {
      await till.scan(product.barcode, product.name);
      receipts.push(await till.payExactCash());
      await till.nextSale();
    }
    // The third is a split: a 2.00 voucher, the rest in cash.
    await till.scan(BATTERIES.barcode, BATTERIES.name);
    await page.keyboard.press('F12');
    await page.keyboard.press('F3');
    await page.keyboard.press('Delete');
    await page.keyboard.type('2', { delay: 80 });
    await waitForText(page.getByTestId('complete'), /Add 2\.00.*voucher, pay the rest/);
    await page.keyboard.press('Enter');
    await waitForText(page.getByTestId('remaining'), new RegExp(amountPattern(BATTERIES.priceMinor - 200)));
    await page.keyboard.press('F1');
    await page.getByTestId('quick-exact').click();
    await screenshot(page, '10a-split-tender');
    await page.getByTestId('complete').click();
    receipts.push(await till.waitForComplete());
    await till.nextSale();
    await waitForText(page.getByTestId('sync-state'), /Offline/, 20_000);
    await waitForText(page.getByTestId('sync-pending'), /^3 pending since \d\d:\d\d$/, 20_000);
    await waitForText(page.getByTestId('sync-detail'), /Keep selling/);
    await screenshot(page, '10-offline-pending');
  });

  it('When the server is back on the same address, then the pending sales drain to zero and the server holds every sale', async () => {
    server = await startTestServer(pool, { env: SERVER_ENV });
    await proxy.up(Number(new URL(server.baseUrl).port));
    await waitForText(page.getByTestId('sync-pending'), /All sent/, 30_000);
    await waitForText(page.getByTestId('sync-state'), /Online/, 10_000);
    const held = await serverSales(pool, shop.tenantId);
    expect(held.map((s) => s.receipt_number).sort()).toEqual([...receipts].sort());
    const { rows: tenders } = await pool.query<{ kind: string; amount_minor: string }>(
      "SELECT kind, amount_minor FROM sale_tenders WHERE tenant_id = $1 AND kind = 'other'",
      [shop.tenantId],
    );
    expect(tenders.map((t) => Number(t.amount_minor))).toEqual([200]);
    await screenshot(page, '11-back-online');
  });

  it('When a cashier refunds a sale, then a supervisor PIN is asked, and the refund reaches the server', async () => {
    await page.getByTestId('nav-returns').click();
    await page.getByTestId('recent-sale').first().waitFor();
    expect(await page.getByTestId('recent-sale').count()).toBe(4);
    await page.getByTestId('recent-sale').filter({ hasText: receipts[0]! }).click();
    await page.getByRole('button', { name: 'Damaged or faulty' }).click();
    await page.getByTestId('refund').click();
    await page.getByRole('heading', { name: 'Supervisor approval' }).waitFor();
    await screenshot(page, '12-refund-approval');
    await page.keyboard.type('0000', { delay: 60 });
    await page.keyboard.press('Enter');
    await waitForText(page.getByRole('dialog').getByRole('alert'), /No supervisor or higher has this PIN|Wrong PIN/);
    await page.keyboard.type(PEOPLE.supervisor.pin, { delay: 60 });
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Refund complete' }).waitFor();
    await screenshot(page, '13-refund-done');
    await waitForText(page.getByTestId('sync-pending'), /All sent/, 20_000);
    const { rows } = await pool.query<{ total_minor: string }>('SELECT total_minor FROM refunds WHERE tenant_id = $1', [shop.tenantId]);
    expect(rows).toHaveLength(1);
  });

  it('When a sale is voided with a supervisor PIN, then it is marked void', async () => {
    await page.getByTestId('recent-sale').filter({ hasText: receipts[1]! }).click();
    await page.getByRole('button', { name: 'Wrong item' }).click();
    await page.getByTestId('void').click();
    await page.keyboard.type(PEOPLE.supervisor.pin, { delay: 60 });
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Sale voided' }).waitFor();
    await waitForText(page.getByTestId('recent-sale').filter({ hasText: receipts[1]! }), /voided/);
  });

  it('When a sale is parked, then the cart is free for the next customer and the parked sale can be resumed', async () => {
    await page.getByRole('button', { name: 'Sell', exact: true }).click();
    await till.scan(TEA.barcode, TEA.name);
    await page.keyboard.press('F6');
    await page.getByLabel('Note (optional)').fill('blue jacket');
    await page.getByRole('button', { name: 'Park sale' }).click();
    await page.getByText('Scan a product to start a sale').waitFor();
    await page.getByTestId('open-parked').click();
    await page.getByTestId('parked-cart').filter({ hasText: 'blue jacket' }).waitFor();
    await screenshot(page, '14-parked');
    await page.getByTestId('parked-cart').filter({ hasText: 'blue jacket' }).click();
    await page.getByTestId('cart-line').filter({ hasText: TEA.name }).waitFor();
    await page.getByRole('button', { name: 'Clear cart' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Clear cart' }).click();
    await page.getByText('Scan a product to start a sale').waitFor();
  });

  it('When the drawer is counted short, then expected, counted and the difference show, and a manager approves the close', async () => {
    await page.getByTestId('nav-close-shift').click();
    await page.getByTestId('expected').waitFor();
    const expectedText = (await page.getByTestId('expected').textContent()) ?? '';
    await page.getByTestId('count-5000').fill('2');
    await page.getByTestId('count-200').fill('3');
    await page.getByTestId('count-50').fill('1');
    await waitForText(page.getByTestId('counted'), /106\.50/);
    await waitForText(page.getByTestId('difference'), /Short|Over|Exact/);
    await screenshot(page, '15-close-shift-count');
    await page.getByTestId('close-shift').click();
    await page.getByRole('heading', { name: 'Manager approval' }).waitFor();
    await page.keyboard.type(PEOPLE.manager.pin, { delay: 60 });
    await page.keyboard.press('Enter');
    await page.getByTestId('shift-closed').waitFor();
    const expectedMinor = Number(expectedText.replace(/[^\d]/g, ''));
    const diff = 10_650 - expectedMinor;
    await waitForText(page.getByTestId('closed-difference'), new RegExp(`${diff < 0 ? 'Short' : 'Over'}.*${amountPattern(Math.abs(diff))}`));
    await screenshot(page, '16-shift-closed');
    await waitForText(page.getByTestId('sync-pending'), /All sent/, 20_000);
    const { rows } = await pool.query<{ over_short_minor: string }>('SELECT over_short_minor FROM shifts WHERE tenant_id = $1 AND closed_at IS NOT NULL', [shop.tenantId]);
    expect(rows.map((r) => Number(r.over_short_minor))).toEqual([diff]);
  });

  it('When the whole day ran, then the page logged no error and no CSP violation', () => {
    expect(problems).toEqual([]);
  });
});
