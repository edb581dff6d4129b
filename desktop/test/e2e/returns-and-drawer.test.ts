import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Pool } from '../../../server/src/db/pool';
import { screenshot, waitForText } from './support/browser';
import { openBrowserTill, type BrowserTill } from './support/session';
import { PEOPLE, PRODUCTS, type E2eShop } from './support/shop';
import type { Till } from './support/till';

/**
 * The till's back-office moves through the real UI in Chromium, against the browser host and
 * the real server: a sale is refunded after the page was reloaded (the screen has no memory of
 * it, only the ledger does), cash is taken out, the drawer is opened for a no-sale, and a price
 * is changed on a cart line, each with a supervisor's PIN where core asks for one.
 */
const [MILK, BREAD, COFFEE] = PRODUCTS;

let session: BrowserTill;
let pool: Pool;
let shop: E2eShop;
let page: Page;
let till: Till;
let problems: string[];
let receipt = '';

beforeAll(async () => {
  session = await openBrowserTill('returns', { coreOptions: { appVersion: '0.1.0', requestTimeoutMs: 3_000, sync: { intervalMs: 1_000 } } });
  ({ pool, shop, page, till, problems } = session);
}, 120_000);

afterAll(async () => {
  await session?.close();
});

describe('returns, cash moves, no-sale and price changes in the browser', () => {
  it('When a cashier sells two products for cash, then the sale completes with a receipt number', async () => {
    await session.startShift(PEOPLE.cashier);
    await till.scan(MILK.barcode, MILK.name);
    await till.scan(MILK.barcode, MILK.name);
    await till.scan(BREAD.barcode, BREAD.name);
    receipt = await till.payExactCash();
    expect(receipt).toMatch(/^[A-Z][A-Z0-9]*-\d{6}$/);
    await till.nextSale();
  });

  it('When the page is reloaded and the receipt number is typed on the returns screen, then the sale appears and one line is refunded with a supervisor PIN', async () => {
    await page.reload();
    await till.waitForSell();
    await page.getByTestId('nav-returns').click();
    await page.getByTestId('receipt-search').fill(receipt.toLowerCase());
    await page.getByTestId('receipt-search').press('Enter');
    const record = page.getByTestId('sale-record');
    await waitForText(record.getByRole('heading'), new RegExp(`Receipt ${receipt}`));
    expect(await record.getByTestId('return-line').count()).toBe(2);
    // Only the bread goes back: no milk.
    const milk = record.getByTestId('return-line').filter({ hasText: MILK.name });
    await milk.getByRole('button', { name: `Refund one less ${MILK.name}` }).click();
    await milk.getByRole('button', { name: `Refund one less ${MILK.name}` }).click();
    await waitForText(milk.getByTestId('return-qty'), /^0$/);
    await page.getByRole('button', { name: 'Damaged or faulty' }).click();
    await waitForText(page.getByTestId('refund'), /Refund 1 line/);
    await screenshot(page, '30-returns-found-by-receipt');
    await page.getByTestId('refund').click();
    await page.getByRole('heading', { name: 'Supervisor approval' }).waitFor();
    await page.keyboard.type(PEOPLE.supervisor.pin, { delay: 60 });
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Refund complete' }).waitFor();
    await waitForText(page.getByTestId('refund-amount'), /3\.49/);
    await waitForText(page.getByTestId('recent-sale').filter({ hasText: receipt }), /partly refunded/);
    await screenshot(page, '31-returns-refund-done');

    // Found again: the bread shows as refunded and nothing of it is left to refund.
    await page.getByTestId('recent-sale').filter({ hasText: receipt }).click();
    const bread = page.getByTestId('return-line').filter({ hasText: BREAD.name });
    await waitForText(bread, /1 refunded/);
    await waitForText(bread, /nothing left/);
    await waitForText(page.getByTestId('refund'), /Refund everything left/);
    await screenshot(page, '32-returns-after-refund');

    await waitForText(page.getByTestId('sync-pending'), /All sent/, 20_000);
    const { rows } = await pool.query<{ total_minor: string }>('SELECT total_minor FROM refunds WHERE tenant_id = $1', [shop.tenantId]);
    expect(rows.map((r) => Number(r.total_minor))).toEqual([-BREAD.priceMinor]);
  });

  it('When an unknown receipt number is typed, then it says no such sale on this till', async () => {
    await page.getByTestId('receipt-search').fill('999');
    await page.getByTestId('receipt-find').click();
    await waitForText(page.getByRole('alert'), /No sale with receipt number [A-Z0-9]+-000999 on this till/);
    await screenshot(page, '33-returns-unknown-receipt');
  });

  it('When cash is taken out from the sell screen, then it is recorded and the drawer’s expected cash drops by it', async () => {
    await page.getByRole('button', { name: 'Sell', exact: true }).click();
    await till.waitForSell();
    await page.getByTestId('open-cash-move').click();
    await page.getByRole('heading', { name: 'Cash in / out' }).waitFor();
    await page.getByTestId('cash-out').click();
    await page.keyboard.type('20', { delay: 80 });
    await waitForText(page.getByTestId('move-amount'), /20\.00/);
    await page.getByRole('button', { name: 'Safe drop' }).click();
    await screenshot(page, '34-cash-out');
    await page.getByTestId('record-cash-move').click();
    await page.getByTestId('cash-moved').waitFor();
    // 100.00 float + 2 × 1.19 + 3.49 sold − 3.49 refunded − 20.00 out = 82.38
    await waitForText(page.getByTestId('expected-after'), /82\.38/);
    await screenshot(page, '35-cash-out-done');
    await page.getByRole('button', { name: 'Done' }).click();
    await page.waitForFunction(() => document.querySelector('[role="dialog"]') === null);
  });

  it('When the drawer is opened for a no-sale with no drawer connected, then the no-sale is recorded and it says the drawer did not open', async () => {
    await page.getByTestId('open-no-sale').click();
    await page.getByRole('button', { name: 'Change for a customer' }).click();
    await screenshot(page, '36-no-sale');
    await page.getByTestId('open-drawer').click();
    await page.getByTestId('no-sale-done').waitFor();
    await waitForText(page.getByTestId('drawer-not-opened'), /did not open/);
    await screenshot(page, '37-no-sale-done');
    await page.getByRole('button', { name: 'Done' }).click();
    await waitForText(page.getByTestId('sync-pending'), /All sent/, 20_000);
    const { rows } = await pool.query<{ type: string; status: string }>(
      "SELECT type, status FROM operations WHERE tenant_id = $1 AND type IN ('cash.moved', 'drawer.opened') ORDER BY seq",
      [shop.tenantId],
    );
    expect(rows.map((r) => [r.type, r.status])).toEqual([['cash.moved', 'applied'], ['drawer.opened', 'applied']]);
  });

  it('When a cashier changes a line’s price, then a supervisor approves it and the line is marked', async () => {
    await till.scan(COFFEE.barcode, COFFEE.name);
    await page.getByRole('button', { name: `Change ${COFFEE.name}` }).click();
    await page.getByTestId('change-price').waitFor();
    await screenshot(page, '38a-line-dialog-change-price');
    await page.getByTestId('change-price').click();
    await page.getByRole('heading', { name: `Change price: ${COFFEE.name}` }).waitFor();
    await page.keyboard.type('7.5', { delay: 80 });
    await waitForText(page.getByTestId('new-price'), /7\.50/);
    await page.getByRole('button', { name: 'Price match' }).click();
    await screenshot(page, '38-price-change');
    await page.getByTestId('set-price').click();
    await page.getByRole('heading', { name: 'Supervisor approval' }).waitFor();
    await page.keyboard.type(PEOPLE.supervisor.pin, { delay: 60 });
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelector('[role="dialog"]') === null);
    const line = page.getByTestId('cart-line').filter({ hasText: COFFEE.name });
    await waitForText(line, /price changed/);
    await waitForText(line.getByTestId('line-total'), /7\.50/);
    await screenshot(page, '39-price-changed-line');
    // The smallest supported screen: the six sell tiles and the pay button still fit above the status bar.
    await page.setViewportSize({ width: 1024, height: 768 });
    await screenshot(page, '39a-sell-tiles-1024x768');
    await page.getByTestId('nav-returns').click();
    await page.getByTestId('recent-sale').first().click();
    await page.getByTestId('sale-record').waitFor();
    await screenshot(page, '39b-returns-1024x768');
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it('When it all ran, then the page logged no error and no CSP violation', () => {
    expect(problems).toEqual([]);
  });
});
