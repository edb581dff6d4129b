import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrinterSimulator } from '../../../scripts/devices/printer-sim';
import { openPtyPair, type PtyPair } from '../../../scripts/devices/pty-pair';
import { screenshot, waitForText } from './support/browser';
import { amountPattern, openBrowserTill, type BrowserTill } from './support/session';
import { PEOPLE, PRODUCTS } from './support/shop';
import type { Till } from './support/till';

/**
 * The device settings screen and the day's close in Chromium, against the browser host (core
 * with the real serial drivers) and the real server: a supervisor sees the honest "not
 * configured" state, saves a printer on a port that does not exist and is told so by name,
 * then points it at the printer simulator on a socat PTY pair and prints a test slip. Then two
 * sales, the shift closed with a note-and-coin count, and the day closed from Reports behind
 * its confirmation and a manager's PIN: Z report 1 with the day's gross, listed as a closed day.
 */
const [MILK, BREAD, COFFEE] = PRODUCTS;
const MISSING_PORT = '/dev/ttyKEEL-none';

let session: BrowserTill;
let page: Page;
let till: Till;
let problems: string[];
let ptyDir: string;
let pair: PtyPair | undefined;
let sim: PrinterSimulator | undefined;

beforeAll(async () => {
  session = await openBrowserTill('devices', { serverEnv: { RATE_LIMIT_ENROLL_PER_MIN: '1000', RATE_LIMIT_LOGIN_PER_MIN: '1000' } });
  ({ page, till, problems } = session);
  ptyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'keel-e2e-pty-'));
}, 120_000);

afterAll(async () => {
  await session?.close(async () => {
    // Core lets go of the port before the simulator and socat go ("unplugging" under it is another test).
    await sim?.stop();
    await pair?.close();
    if (ptyDir) fs.rmSync(ptyDir, { recursive: true, force: true });
  });
});

/** Waits for a condition in this process (the simulator's side), bounded. */
async function until(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('device settings in the browser', () => {
  it('When a supervisor opens Devices on a fresh terminal, then every device says not configured and Test connection says so too', async () => {
    await session.startShift(PEOPLE.supervisor);

    await page.getByTestId('nav-devices').click();
    await page.getByRole('heading', { name: 'Devices', level: 1 }).waitFor();
    for (const kind of ['printer', 'cardTerminal', 'scanner']) {
      await waitForText(page.getByTestId(`state-${kind}`), /not configured/);
      expect(await page.getByTestId(`${kind}-enabled`).isChecked()).toBe(false);
    }
    await page.getByTestId('test-printer').click();
    await waitForText(page.getByTestId('result-printer'), /DEVICE_NOT_CONFIGURED — No port is configured for this device/);
    await screenshot(page, 'devices-01-not-configured');
  });

  it('When a printer is saved on a port that does not exist, then Test connection says the port cannot be opened and names it', async () => {
    await page.getByTestId('printer-enabled').check();
    await page.getByTestId('printer-port').fill(MISSING_PORT);
    await screenshot(page, 'devices-02-printer-form');
    await page.getByTestId('save-devices').click();
    await waitForText(page.getByTestId('result-save'), /^Saved\./);
    expect(await page.getByTestId('printer-port').inputValue()).toBe(MISSING_PORT);

    await page.getByTestId('test-printer').click();
    const result = page.getByTestId('result-printer');
    await waitForText(result, /PORT_OPEN_FAILED — The serial port could not be opened/);
    expect(await result.textContent()).toContain(MISSING_PORT);
    expect(await result.getAttribute('class')).toBe('inline-error');
    // The card's "Now:" line follows the device manager's status events, not the form.
    await waitForText(page.getByTestId('state-printer'), /Now: Printer: offline/);
    await screenshot(page, 'devices-03-port-open-failed');
  });

  it('When the printer simulator sits on a PTY and that port is saved, then Test print succeeds and the simulator receives the slip', async () => {
    pair = await openPtyPair(ptyDir, 'printer');
    sim = new PrinterSimulator(pair.device);
    await sim.start();

    await page.getByTestId('printer-port').fill(pair.app);
    // No drawer on this printer: the sales below should not wait on a simulated drawer.
    await page.getByTestId('printer-drawer').selectOption('none');
    await page.getByTestId('save-devices').click();
    await waitForText(page.getByTestId('result-save'), /^Saved\./);
    await waitForText(page.getByTestId('state-printer'), /Now: Printer: ready/);

    await page.getByTestId('test-printer').click();
    await waitForText(page.getByTestId('result-printer'), /^Connected/);
    await page.getByTestId('test-print').click();
    await waitForText(page.getByTestId('result-printer'), /The test slip printed/);
    const simulator = sim;
    await until(() => simulator.receipts.length > 0, 'the test slip at the simulator');
    const slip = simulator.receipts.at(-1)?.join('\n') ?? '';
    expect(slip).toContain(pair.app);
    expect(slip).toContain('baud');
    expect(simulator.events.some((e) => e.type === 'cut')).toBe(true);
    await screenshot(page, 'devices-04-test-print-ok');
  });

  it('When the page is reloaded, then the status bar shows the printer as it is now, without waiting for it to change', async () => {
    await page.reload();
    await waitForText(page.getByTestId('printer-state'), /Printer: ready/, 5_000);
  });
});

describe('closing the day in the browser', () => {
  const sales = [[MILK!, BREAD!], [COFFEE!]];
  const grossMinor = sales.flat().reduce((sum, p) => sum + p.priceMinor, 0);

  it('When two sales are made and the shift is closed with a note-and-coin count, then the count matches and the shift closes exact', async () => {
    await page.getByRole('button', { name: 'Sell', exact: true }).click();
    await till.waitForSell();
    for (const items of sales) {
      for (const p of items) await till.scan(p.barcode, p.name);
      await till.payExactCash();
      await till.nextSale();
    }

    await page.getByTestId('nav-close-shift').click();
    await page.getByRole('heading', { name: 'Count the drawer' }).waitFor();
    const expectedMinor = 10_000 + grossMinor;
    await waitForText(page.getByTestId('expected'), new RegExp(amountPattern(expectedMinor)));
    // 100 + 4.68 + 8.99 = 113.67: one 100 note, one 10 note, and 2 + 1 + 0.50 + 0.10 + 0.05 + 0.02 in coins.
    expect(expectedMinor).toBe(11_367);
    for (const denomination of [10_000, 1_000, 200, 100, 50, 10, 5, 2]) await page.getByTestId(`count-${denomination}`).fill('1');
    await waitForText(page.getByTestId('counted'), new RegExp(amountPattern(expectedMinor)));
    await waitForText(page.getByTestId('difference'), /Exact/);
    await screenshot(page, 'z-01-shift-count');

    await page.getByTestId('close-shift').click();
    await page.getByTestId('shift-closed').waitFor();
    await waitForText(page.getByTestId('closed-difference'), /Exact/);
    await screenshot(page, 'z-02-shift-closed');
  });

  it('When the day is closed from Reports with the confirmation and a manager PIN, then Z report 1 shows the day’s gross and is listed as a closed day', async () => {
    await page.getByRole('button', { name: 'Open a new shift' }).click();
    await page.getByRole('heading', { name: 'Open a shift' }).waitFor();
    await page.getByTestId('nav-reports').click();
    await page.getByTestId('report-title').filter({ hasText: 'X report' }).waitFor();
    await waitForText(page.getByTestId('report-gross'), new RegExp(amountPattern(grossMinor)));
    await page.getByText('No day closed yet').waitFor();

    await page.getByTestId('close-day').click();
    await page.getByRole('heading', { name: 'Close the business day?' }).waitFor();
    expect(await page.getByText('A shift is still open').count()).toBe(0);
    expect(await page.getByTestId('confirm-close-day').isEnabled()).toBe(true);
    await screenshot(page, 'z-03-confirm-close-day');
    await page.getByTestId('confirm-close-day').click();

    // A supervisor reads reports; closing the day takes a manager.
    await page.getByRole('heading', { name: 'Manager approval' }).waitFor();
    await screenshot(page, 'z-04-manager-pin');
    await page.keyboard.type(PEOPLE.manager.pin, { delay: 60 });
    await page.keyboard.press('Enter');

    await page.getByTestId('report-title').filter({ hasText: 'Z report 1' }).waitFor({ timeout: 15_000 });
    await waitForText(page.getByTestId('report-gross'), new RegExp(amountPattern(grossMinor)));
    expect(await page.getByTestId('report-sales-count').textContent()).toContain(String(sales.length));
    // The Z names who closed the day: the manager whose PIN approved it.
    await waitForText(page.getByTestId('report'), new RegExp(`Day closed .* by ${PEOPLE.manager.name}`));
    const entry = page.getByTestId('z-entry').filter({ hasText: 'Z 1' });
    await waitForText(entry, new RegExp(amountPattern(grossMinor)));
    expect(await page.getByTestId('z-entry').count()).toBe(1);
    expect(await entry.getAttribute('class')).toContain('is-current');
    await screenshot(page, 'z-05-z-report');

    // Away to the X read-out and back: the closed day opens again from the list.
    await page.getByTestId('open-x').click();
    await page.getByTestId('report-title').filter({ hasText: 'X report' }).waitFor();
    await entry.click();
    await page.getByTestId('report-title').filter({ hasText: 'Z report 1' }).waitFor();
    await waitForText(page.getByTestId('report-gross'), new RegExp(amountPattern(grossMinor)));
    await screenshot(page, 'z-06-z-reopened');
  });

  it('When it all ran, then the page logged no error and no CSP violation', () => {
    expect(problems).toEqual([]);
  });
});
