import fs from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshot, waitForText } from './support/browser';
import { amountPattern, openBrowserTill, type BrowserTill } from './support/session';
import { PEOPLE, PRODUCTS } from './support/shop';
import type { Till } from './support/till';

/**
 * The reports screen in Chromium against the browser host and the real server: a supervisor
 * sells a few items, opens Reports from the sell screen and sees an X report whose totals are
 * the sales just made, with the hour chart; the PDF and CSV exports download as files.
 */
const [MILK, BREAD, COFFEE] = PRODUCTS;

let session: BrowserTill;
let page: Page;
let till: Till;
let problems: string[];

beforeAll(async () => {
  session = await openBrowserTill('reports', { serverEnv: { RATE_LIMIT_ENROLL_PER_MIN: '1000', RATE_LIMIT_LOGIN_PER_MIN: '1000' } });
  ({ page, till, problems } = session);
}, 120_000);

afterAll(async () => {
  await session?.close();
});

describe('reports in the browser', () => {
  it('When a supervisor opens Reports after a few sales, then the X report shows those sales, the hour chart, and exports PDF and CSV', async () => {
    await session.startShift(PEOPLE.supervisor);

    const sales = [[MILK!, BREAD!], [COFFEE!], [MILK!]];
    for (const items of sales) {
      for (const p of items) await till.scan(p.barcode, p.name);
      await till.payExactCash();
      await till.nextSale();
    }
    const grossMinor = sales.flat().reduce((sum, p) => sum + p.priceMinor, 0);

    await page.getByTestId('nav-reports').click();
    await page.getByTestId('report-title').filter({ hasText: 'X report' }).waitFor();
    await waitForText(page.getByTestId('report-gross'), new RegExp(amountPattern(grossMinor)));
    expect(await page.getByTestId('report-sales-count').textContent()).toContain(String(sales.length));
    // The drawer holds the float plus the cash taken.
    await waitForText(page.getByTestId('report-cash-expected'), new RegExp(amountPattern(10_000 + grossMinor)));
    expect(await page.getByTestId('hour-bar').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('report-sales').textContent()).toMatch(new RegExp(`Sales${sales.length}${amountPattern(grossMinor)}`));
    await screenshot(page, 'reports-01-x');

    const [pdf] = await Promise.all([page.waitForEvent('download'), page.getByTestId('report-pdf').click()]);
    expect(pdf.suggestedFilename()).toMatch(/^x-report-.+\.pdf$/);
    const pdfPath = await pdf.path();
    expect(fs.readFileSync(pdfPath).subarray(0, 5).toString('latin1')).toBe('%PDF-');

    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByTestId('report-csv').click()]);
    expect(csv.suggestedFilename()).toMatch(/^x-report-.+\.csv$/);
    expect(fs.readFileSync(await csv.path(), 'utf8')).toContain(`summary,sales,,${sales.length},,${amountPattern(grossMinor).replace('\\', '')}`);

    // No printer is configured here: printing says so and does not pretend.
    await page.getByTestId('report-print').click();
    await waitForText(page.getByRole('status').or(page.locator('.notice')).first(), /Not printed|printed/i).catch(() => undefined);
    await screenshot(page, 'reports-02-after-print');

    // Closing the day needs the shift closed first: the confirmation says so and will not close.
    await page.getByTestId('close-day').click();
    await page.getByText('A shift is still open').waitFor();
    expect(await page.getByTestId('confirm-close-day').isDisabled()).toBe(true);
    await screenshot(page, 'reports-03-close-day-blocked');
    await page.keyboard.press('Escape');
    expect(problems).toEqual([]);
  });
});
