import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { inject } from 'vitest';
import type { Pool } from '../../../../server/src/db/pool';
import { startTestServer, type TestServer } from '../../../../server/test/support/app';
import { freshDatabase } from '../../../../server/test/support/database';
import { startHost, type Host, type HostOptions } from '../../../src/host/host';
import { launchBrowser, watchConsole } from './browser';
import { buildRendererOnce } from './build-renderer';
import { enrollmentCode, seedE2eShop, type E2eShop } from './shop';
import { Till } from './till';

/** One e2e run's world: a fresh database and server with the shop seeded, the host, Chromium on it. */
export interface BrowserTill {
  pool: Pool;
  server: TestServer;
  shop: E2eShop;
  host: Host;
  page: Page;
  till: Till;
  /** Console errors and CSP violations seen so far (a test expects none at its end). */
  problems: string[];
  dataDir: string;
  /** Enrolls the till as "Till 1", logs `person` in and opens a shift with a float of 100. */
  startShift(person: { name: string; pin: string }): Promise<void>;
  /** Closes everything; `afterHost` runs once core has let go (e.g. of a serial port), before the server stops. */
  close(afterHost?: () => Promise<void>): Promise<void>;
}

export const PERMISSIVE_LIMITS = { RATE_LIMIT_PUSH_PER_MIN: '1000000', RATE_LIMIT_ENROLL_PER_MIN: '1000', RATE_LIMIT_LOGIN_PER_MIN: '1000' };

/** Starts the server, seeds the shop, starts the host on a fresh data dir and opens the page. */
export async function openBrowserTill(
  name: string,
  options: { serverEnv?: Record<string, string>; coreOptions?: HostOptions['coreOptions']; storeSettings?: Record<string, unknown> } = {},
): Promise<BrowserTill> {
  const rendererDir = await buildRendererOnce(inject('pgDataDir'));
  const { pool } = await freshDatabase();
  const server = await startTestServer(pool, { env: options.serverEnv ?? PERMISSIVE_LIMITS });
  const shop = await seedE2eShop(server.baseUrl, pool, { ...(options.storeSettings ? { settings: options.storeSettings } : {}) });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `keel-e2e-${name}-`));
  const host = await startHost({ dataDir, rendererDir, coreOutput: false, coreOptions: options.coreOptions ?? { appVersion: '0.1.0' } });
  const browser = await launchBrowser();
  const problems = watchConsole(browser.page);
  await browser.page.goto(host.url);
  const till = new Till(browser.page);
  return {
    pool,
    server,
    shop,
    host,
    page: browser.page,
    till,
    problems,
    dataDir,
    async startShift(person) {
      await till.enroll(server.baseUrl, await enrollmentCode(server.baseUrl, shop), 'Till 1');
      await till.waitForLogin();
      await till.login(person.name, person.pin);
      await till.openShift('100');
    },
    async close(afterHost) {
      await browser.close();
      await host.close();
      await afterHost?.();
      await server.close();
      await pool.end();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** "12.34" as a regular-expression source, from minor units (EUR). */
export const amountPattern = (minor: number) => `${Math.floor(minor / 100)}\\.${String(minor % 100).padStart(2, '0')}`;
