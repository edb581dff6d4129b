import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPtyPair, type PtyPair } from '../../../scripts/devices/pty-pair';
import { ZvtSimulator } from '../../../scripts/devices/zvt-sim';
import { screenshot, waitForText } from './support/browser';
import { amountPattern, openBrowserTill, type BrowserTill } from './support/session';
import { PEOPLE, PRODUCTS, serverSales, type E2eShop } from './support/shop';
import type { Till } from './support/till';

/**
 * A card payment whose outcome is unknown, in Chromium against the browser host (core with the
 * real ZVT driver) and the real server: the ZVT simulator sits on a socat PTY pair and "pulls
 * the cable" (stops and kills socat) after the amount was sent and before its Status-Information,
 * so the terminal never booked it. The tender screen must say the outcome is unknown and refuse
 * to complete; "Check with terminal" with the terminal back asks it (status enquiry) and shows
 * its answer; the sale is then paid once. A second payment in doubt is settled by a manager by
 * hand as "not charged", which frees the cart. A card refund in doubt shows on the Returns
 * screen and is settled there the same way.
 */
const [MILK, BREAD, COFFEE] = PRODUCTS;

let session: BrowserTill;
let shop: E2eShop;
let page: Page;
let till: Till;
let problems: string[];
let ptyDir: string;
let pair: PtyPair | undefined;
let sim: ZvtSimulator | undefined;
const receipts: string[] = [];

beforeAll(async () => {
  session = await openBrowserTill('card-doubt');
  ({ shop, page, till, problems } = session);
  ptyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'keel-e2e-pty-'));
}, 120_000);

afterAll(async () => {
  await session?.close(async () => {
    // Core lets go of the port before the simulator and socat go.
    await sim?.stop();
    await pair?.close();
    if (ptyDir) fs.rmSync(ptyDir, { recursive: true, force: true });
  });
});

/** Plugs the card terminal in: a socat pair at the same paths and the simulator on its device side. */
async function plugIn(): Promise<ZvtSimulator> {
  pair = await openPtyPair(ptyDir, 'card');
  if (!sim) {
    // Dropping the link is the simulator stopping and socat dying, as when the cable is pulled.
    sim = new ZvtSimulator(pair.device, async () => {
      await sim?.stop();
      await pair?.close();
    });
  }
  await sim.start();
  return sim;
}

/** Pays the cart's total by card on the tender screen, while the terminal drops the link before it books. */
async function payByCardAndLoseTheLink(terminal: ZvtSimulator, amountMinor: number): Promise<void> {
  await page.keyboard.press('F12');
  await page.keyboard.press('F2');
  await waitForText(page.getByTestId('complete'), new RegExp(`Charge card ${amountPattern(amountMinor)}`));
  const bookedBefore = terminal.journal.filter((e) => e.state === 'booked').length;
  terminal.behaviour.dropAt = 'before-status-info';
  await page.getByTestId('complete').click();
  const panel = page.getByTestId('unknown-payment');
  await waitForText(panel, new RegExp(`Card payment of ${amountPattern(amountMinor)}.*: outcome unknown\\.`));
  expect(await page.getByTestId('complete').isDisabled()).toBe(true);
  // The terminal never booked it: it was cut off before its Status-Information.
  expect(terminal.journal.filter((e) => e.state === 'booked')).toHaveLength(bookedBefore);
}

describe('a card payment whose outcome is unknown, in the browser', () => {
  it('When a supervisor sets the card terminal to the simulator’s port, then Save and Test connection say it is connected', async () => {
    await session.startShift(PEOPLE.supervisor);

    const terminal = await plugIn();
    await page.getByTestId('nav-devices').click();
    await page.getByRole('heading', { name: 'Devices', level: 1 }).waitFor();
    await page.getByTestId('cardTerminal-enabled').check();
    await page.getByTestId('cardTerminal-port').fill(pair!.app);
    await page.getByTestId('save-devices').click();
    await waitForText(page.getByTestId('result-save'), /^Saved\./);
    await page.getByTestId('test-card').click();
    await waitForText(page.getByTestId('result-cardTerminal'), /^Connected/);
    expect(terminal.commands.length).toBeGreaterThan(0);
    await page.getByRole('button', { name: 'Sell', exact: true }).click();
    await till.waitForSell();
  });

  it('When the link drops after the amount was sent, then the tender screen says the outcome is unknown and Complete stays disabled', async () => {
    await till.scan(COFFEE!.barcode, COFFEE!.name);
    await payByCardAndLoseTheLink(sim!, COFFEE!.priceMinor);
    await waitForText(page.getByTestId('unknown-payment'), /Do not charge the card again/);
    await screenshot(page, 'card-doubt-01-unknown');
  });

  it('When the terminal is back and "Check with terminal" is pressed, then it shows the terminal’s answer (not charged) and the sale is paid by card exactly once', async () => {
    const terminal = sim!;
    terminal.behaviour.dropAt = null;
    await plugIn();
    const enquiriesBefore = terminal.commands.filter((c) => c === '05 01').length;
    await page.getByTestId('check-terminal').click();
    await waitForText(page.getByTestId('payment-settled'), /Not done/);
    expect(terminal.commands.filter((c) => c === '05 01').length).toBe(enquiriesBefore + 1); // the status enquiry
    expect(terminal.journal).toEqual([]);
    expect(await page.getByTestId('unknown-payment').count()).toBe(0);
    // The failed attempt's "connection lost, do not charge again" no longer holds, so it is gone.
    expect(await page.getByText('Do not charge again').count()).toBe(0);
    await screenshot(page, 'card-doubt-02-not-charged');

    await page.keyboard.press('F2');
    await waitForText(page.getByTestId('complete'), new RegExp(`Charge card ${amountPattern(COFFEE!.priceMinor)}`));
    await page.getByTestId('complete').click();
    receipts.push(await till.waitForComplete());
    expect(terminal.journal).toMatchObject([{ amountMinor: COFFEE!.priceMinor, state: 'booked' }]);
    await till.nextSale();
    await waitForText(page.getByTestId('sync-pending'), /All sent/, 20_000);
    expect(await serverSales(session.pool, shop.tenantId)).toEqual([{ receipt_number: receipts[0], total_minor: COFFEE!.priceMinor }]);
  });

  it('When a second payment in doubt is settled by hand by a manager as not charged, then the panel goes and the cart can be changed and paid', async () => {
    await till.scan(BREAD!.barcode, BREAD!.name);
    await payByCardAndLoseTheLink(sim!, BREAD!.priceMinor);

    // The terminal stays unplugged: asking cannot settle it, and the screen does not guess.
    await page.getByTestId('check-terminal').click();
    await waitForText(page.getByTestId('unknown-answer'), /^Still unknown: /);
    expect(await page.getByTestId('unknown-payment').isVisible()).toBe(true);
    expect(await page.getByTestId('complete').isDisabled()).toBe(true);
    await screenshot(page, 'card-doubt-03-still-unknown');

    await page.getByTestId('resolve-manually').click();
    await page.getByTestId('manual-not-charged').check();
    await page.getByTestId('manual-reason').fill('Terminal journal shows no payment');
    await waitForText(page.getByTestId('manual-confirmation'), /The payment will be removed from this sale/);
    await screenshot(page, 'card-doubt-04-manual');
    await page.getByTestId('manual-confirm').click();

    // A supervisor is logged in; settling by hand takes a manager.
    await page.getByRole('heading', { name: 'Manager approval' }).waitFor();
    await page.keyboard.type(PEOPLE.manager.pin, { delay: 60 });
    await page.keyboard.press('Enter');
    await waitForText(page.getByTestId('payment-settled'), /^Settled by hand as not charged: the payment was removed from the sale\.$/);
    expect(await page.getByTestId('unknown-payment').count()).toBe(0);
    await screenshot(page, 'card-doubt-05-settled-by-hand');

    // The cart is free: back to it, another item, paid in cash.
    await page.keyboard.press('Escape');
    await till.scan(MILK!.barcode, MILK!.name);
    expect(await till.lineCount()).toBe(2);
    receipts.push(await till.payExactCash());
    await till.nextSale();
    await waitForText(page.getByTestId('sync-pending'), /All sent/, 20_000);
    const sales = await serverSales(session.pool, shop.tenantId);
    expect(sales.map((s) => s.receipt_number)).toEqual(receipts);
    expect(sales[1]?.total_minor).toBe(BREAD!.priceMinor + MILK!.priceMinor);
  });

  it('When the link drops during a card refund, then the Returns screen shows the refund in doubt, and "Check with terminal" settles it so the refund can be made once', async () => {
    const terminal = sim!;
    await plugIn(); // it stayed unplugged after the payment settled by hand
    await page.getByTestId('nav-returns').click();
    await page.getByTestId('receipt-search').fill(receipts[0]!);
    await page.getByTestId('receipt-search').press('Enter');
    await waitForText(page.getByTestId('sale-record').getByRole('heading'), new RegExp(`Receipt ${receipts[0]}`));
    await page.getByRole('button', { name: 'Damaged or faulty' }).click();
    terminal.behaviour.dropAt = 'before-status-info';
    await page.getByTestId('refund').click();
    const panel = page.getByTestId('unknown-payment');
    await waitForText(panel, new RegExp(`Card refund of ${amountPattern(COFFEE!.priceMinor)}.*\\(sale ${receipts[0]}\\): outcome unknown\\.`));
    expect(terminal.journal.filter((e) => e.kind === 'refund')).toEqual([]);
    await waitForText(panel, /during the refund; whether the money went back to the card is not known yet/);
    await screenshot(page, 'card-doubt-06-refund-unknown');

    terminal.behaviour.dropAt = null;
    await plugIn();
    await panel.getByTestId('check-terminal').click();
    await waitForText(page.getByTestId('payment-settled'), /^Not done: /);
    expect(await page.getByTestId('unknown-payment').count()).toBe(0);

    await page.getByTestId('refund').click();
    await page.getByRole('heading', { name: 'Refund complete' }).waitFor();
    expect(terminal.journal.filter((e) => e.kind === 'refund')).toMatchObject([{ amountMinor: COFFEE!.priceMinor, state: 'booked' }]);
    await screenshot(page, 'card-doubt-07-refund-done');
    await waitForText(page.getByTestId('sync-pending'), /All sent/, 20_000);
    const { rows } = await session.pool.query<{ total_minor: string }>('SELECT total_minor FROM refunds WHERE tenant_id = $1', [shop.tenantId]);
    expect(rows.map((r) => Number(r.total_minor))).toEqual([-COFFEE!.priceMinor]);
  });

  it('When the card terminal end-of-day is run from Devices, then its total and report lines show, and it says the report did not print because no receipt printer is set up', async () => {
    await page.getByTestId('nav-devices').click();
    await page.getByRole('heading', { name: 'Devices', level: 1 }).waitFor();
    await page.getByTestId('end-of-day').click();
    // Booked today: the coffee (8.99) and refunded: the coffee → the terminal's total is 0.00.
    await waitForText(page.getByTestId('result-cardTerminal'), /End-of-day done, total 0\.00.*Its report did not print: no receipt printer is set up\./);
    await waitForText(page.getByTestId('result-cardTerminal'), /KASSENSCHNITT/);
    await page.getByTestId('result-cardTerminal').scrollIntoViewIfNeeded();
    await screenshot(page, 'card-doubt-08-end-of-day');
  });

  it('When it all ran, then the page logged no error and no CSP violation', () => {
    expect(problems).toEqual([]);
  });
});
