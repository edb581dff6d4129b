import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Pool } from '../../../server/src/db/pool';
import { startTestServer, type TestServer } from '../../../server/test/support/app';
import { freshDatabase } from '../../../server/test/support/database';
import { startHost, type Host } from '../../src/host/host';
import { bigBarcode, bigName, seedBigCatalog } from './support/big-catalog';
import { launchBrowser, scanCode, screenshot, waitForText, watchConsole } from './support/browser';
import { buildRendererOnce } from './support/build-renderer';
import { enrollmentCode, PEOPLE, seedE2eShop, type E2eShop } from './support/shop';
import { Till } from './support/till';

/**
 * The two ends of catalog size through the real UI: a store with no products at all (every
 * screen must still say what to do), and a store with 100,000 products whose first sync shows
 * its progress and whose products can then be found and scanned.
 */
const SERVER_ENV = { RATE_LIMIT_ENROLL_PER_MIN: '1000', RATE_LIMIT_LOGIN_PER_MIN: '1000' };
const BIG = 100_000;

let pool: Pool;
let server: TestServer;
let rendererDir: string;
let closeBrowser: () => Promise<void>;
let newPage: () => Promise<Page>;
/** The big store, seeded while the empty-store test runs (the seeding is the slow part). */
let bigStore: Promise<{ shop: E2eShop; seededMs: number }>;
const hosts: Host[] = [];
const dirs: string[] = [];

beforeAll(async () => {
  rendererDir = await buildRendererOnce(inject('pgDataDir'));
  ({ pool } = await freshDatabase());
  server = await startTestServer(pool, { env: SERVER_ENV });
  bigStore = seedE2eShop(server.baseUrl, pool, { catalog: false, storeName: 'Big Market' }).then(async (shop) => ({
    shop,
    seededMs: await seedBigCatalog(pool, shop.tenantId, 'std', BIG),
  }));
  bigStore.catch(() => undefined); // awaited (and failing) in its test
  const browser = await launchBrowser();
  closeBrowser = browser.close;
  newPage = () => browser.context.newPage();
}, 120_000);

afterAll(async () => {
  await bigStore?.catch(() => undefined);
  await closeBrowser?.();
  for (const host of hosts) await host.close();
  await server?.close();
  await pool?.end();
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

async function openTill(): Promise<{ page: Page; till: Till; problems: string[] }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'keel-e2e-catalog-'));
  dirs.push(dataDir);
  const host = await startHost({ dataDir, rendererDir, coreOutput: false, coreOptions: { appVersion: '0.1.0' } });
  hosts.push(host);
  const page = await newPage();
  const problems = watchConsole(page);
  await page.goto(host.url);
  return { page, till: new Till(page), problems };
}

describe('catalog sizes in the browser', () => {
  it('When the store has no products, then the sell screen, the search and a scan each say so plainly', async () => {
    const shop = await seedE2eShop(server.baseUrl, pool, { catalog: false, storeName: 'Empty Corner' });
    const { page, till, problems } = await openTill();
    await till.enroll(server.baseUrl, await enrollmentCode(server.baseUrl, shop), 'Till 1');
    await till.waitForLogin();
    await till.login(PEOPLE.cashier.name, PEOPLE.cashier.pin);
    await page.getByRole('button', { name: 'Empty drawer (0)' }).click();
    await page.getByRole('button', { name: /Open shift with 0\.00/ }).click();
    await till.waitForSell();
    await page.getByText('Scan a product to start a sale').waitFor();
    await page.getByTestId('search').fill('milk');
    await page.getByText('No product matches “milk”').waitFor();
    await page.locator('.cart-panel').click({ position: { x: 200, y: 300 } });
    await scanCode(page, '4006381333931');
    await waitForText(page.getByRole('alert'), /No product has the barcode 4006381333931/);
    await screenshot(page, '20-empty-catalog');
    expect(await page.getByTestId('cart-line').count()).toBe(0);
    expect(problems).toEqual([]);
  });

  it(
    'When the store has 100,000 products, then the first sync shows its progress, and any product can then be searched and scanned',
    async () => {
      const { shop, seededMs } = await bigStore;
      const { page, till, problems } = await openTill();
      await till.enroll(server.baseUrl, await enrollmentCode(server.baseUrl, shop), 'Till 1');
      const started = performance.now();
      // The bar moves: catch it part-way.
      await waitForText(page.getByTestId('sync-progress-label'), /Loading catalog: [1-9]\d %/, 60_000);
      await screenshot(page, '21-catalog-progress');
      await till.waitForLogin(150_000);
      const syncMs = performance.now() - started;
      console.info(`100k catalog: seeded in ${(seededMs / 1000).toFixed(1)} s (while the empty-store test ran), first sync in the UI ${(syncMs / 1000).toFixed(1)} s`);

      await till.login(PEOPLE.cashier.name, PEOPLE.cashier.pin);
      await till.openShift('50');
      const wanted = 77_777;
      await page.getByTestId('search').fill(bigName(wanted));
      await page.getByTestId('search-result').filter({ hasText: bigName(wanted) }).first().click();
      await page.getByTestId('cart-line').filter({ hasText: bigName(wanted) }).waitFor();
      await page.locator('.cart-panel').click({ position: { x: 200, y: 400 } });
      await till.scan(bigBarcode(99_999), bigName(99_999));
      await till.scan(bigBarcode(1), bigName(1));
      await page.getByTestId('search').fill('Smoked');
      await page.getByTestId('search-result').first().waitFor();
      await screenshot(page, '22-big-catalog-sell');
      expect(await page.getByTestId('cart-line').count()).toBe(3);
      expect(problems).toEqual([]);
    },
    240_000,
  );
});
