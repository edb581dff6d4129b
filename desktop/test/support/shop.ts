import type { Pool } from '../../../server/src/db/pool';
import { createStore, createTenantWithAdmin, loginAdmin, ok } from '../../../server/test/support/fixtures';
import { createHandlers, type Handlers } from '../../src/core/api';
import { TerminalCore, type CoreOptions } from '../../src/core/terminal-core';

/**
 * A shop on the real server for terminal-core tests: a tenant, a store, a cashier and a small
 * catalog on two tax rates (so per-tax totals mean something), made through the admin API.
 */
export interface Shop {
  baseUrl: string;
  pool: Pool;
  adminToken: string;
  storeId: string;
  barcodes: string[];
  cashier: { name: string; pin: string };
  /** A manager, for approvals (voids, refunds). */
  manager: { name: string; pin: string };
}

/** Server settings for these tests: rate limits out of the way (the fault tests push a lot). */
export const TEST_SERVER_ENV = { RATE_LIMIT_PUSH_PER_MIN: '1000000', RATE_LIMIT_ENROLL_PER_MIN: '1000', RATE_LIMIT_LOGIN_PER_MIN: '1000' };

export async function seedShop(baseUrl: string, pool: Pool, options: { products?: number } = {}): Promise<Shop> {
  const tenant = await createTenantWithAdmin(pool);
  const adminToken = (await loginAdmin(baseUrl, tenant.email)).token;
  const storeId = (await createStore(baseUrl, adminToken)).id;
  const cashier = { name: 'Anna', pin: '1234' };
  await ok(baseUrl, 'POST', `/v1/admin/stores/${storeId}/cashiers`, { token: adminToken, body: { name: cashier.name, role: 'cashier', pin: cashier.pin } });
  const manager = { name: 'Mia', pin: '5678' };
  await ok(baseUrl, 'POST', `/v1/admin/stores/${storeId}/cashiers`, { token: adminToken, body: { name: manager.name, role: 'manager', pin: manager.pin } });
  await ok(baseUrl, 'POST', '/v1/admin/tax-rates', { token: adminToken, body: { id: 'std', name: 'Standard', ratePpm: 190_000 } });
  await ok(baseUrl, 'POST', '/v1/admin/tax-rates', { token: adminToken, body: { id: 'red', name: 'Reduced', ratePpm: 70_000 } });
  const barcodes: string[] = [];
  for (let i = 1; i <= (options.products ?? 6); i++) {
    const n = String(i).padStart(4, '0');
    const barcode = `KEEL${n}`;
    await ok(baseUrl, 'POST', '/v1/admin/products', {
      token: adminToken,
      body: { sku: `SKU-${n}`, name: `Product ${n}`, taxRateId: i % 2 === 0 ? 'red' : 'std', priceMinor: 99 + i * 37, barcodes: [barcode] },
    });
    barcodes.push(barcode);
  }
  return { baseUrl, pool, adminToken, storeId, barcodes, cashier, manager };
}

/**
 * Opens a terminal core in `dataDir`, enrolls it against `serverUrl` (the server itself or a
 * proxy in front of it), pulls the catalog, logs the cashier in and opens a shift: a till ready
 * to sell. The sync loop is off; tests drive syncNow.
 */
export async function readyTill(shop: Shop, dataDir: string, options: { serverUrl?: string; core?: Partial<CoreOptions>; name?: string } = {}): Promise<TerminalCore> {
  const core = await TerminalCore.open({ dataDir, appVersion: '0.1.0', autoSync: false, ...options.core });
  const { code } = await ok<{ code: string }>(shop.baseUrl, 'POST', `/v1/admin/stores/${shop.storeId}/enrollment-codes`, { token: shop.adminToken, body: {} });
  await core.enroll(options.serverUrl ?? shop.baseUrl, code, options.name ?? 'Till');
  const status = await core.syncEngine().syncNow();
  if (status.state !== 'online') throw new Error(`first sync failed: ${JSON.stringify(status)}`);
  const cashier = core.people.listActive().find((p) => p.name === shop.cashier.name);
  if (!cashier) throw new Error('the cashier did not arrive with the first pull');
  core.session.set(core.people.login(cashier.id, shop.cashier.pin));
  core.services().shifts.open(10_000);
  return core;
}

export type TenderPlan = 'cash' | 'card' | 'split' | 'other';

/**
 * One sale through the IPC handlers, exactly as the UI makes it: scan, then pay. `split` pays
 * about half by card and the rest in cash with change; `other` is a voucher. Card tenders need
 * a card terminal in the core options (test/payments/fake-card-terminal.ts approves).
 */
export async function sell(h: Handlers, barcodes: readonly string[], tender: TenderPlan = 'cash'): Promise<{ saleId: string; receiptNumber: string; totalMinor: number }> {
  let due = 0;
  for (const barcode of barcodes) due = (await h['cart.addByBarcode']({ barcode })).totals.totalMinor;
  const half = Math.max(1, Math.floor(due / 2));
  const tenders =
    tender === 'card'
      ? [{ kind: 'card' as const, amountMinor: due }]
      : tender === 'split'
        ? [{ kind: 'card' as const, amountMinor: half }, { kind: 'cash' as const, amountMinor: due - half + 500 }]
        : tender === 'other'
          ? [{ kind: 'other' as const, amountMinor: due, label: 'voucher' }]
          : [{ kind: 'cash' as const, amountMinor: due + 1000 }];
  const sale = await h['checkout.complete']({ tenders });
  return { saleId: sale.saleId, receiptNumber: sale.receiptNumber, totalMinor: sale.totalMinor };
}

export function handlersOf(core: TerminalCore): Handlers {
  return createHandlers(core);
}

/** A small deterministic random source (mulberry32) so a failing run can be replayed from its seed. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
