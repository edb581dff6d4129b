import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IPC_CHANNEL_NAMES, type IpcChannel, type IpcInput } from '@keel/shared';
import { freshDatabase } from '../../../server/test/support/database';
import { startTestServer, type TestServer } from '../../../server/test/support/app';
import { createStore, createTenantWithAdmin, loginAdmin, ok, seedCatalog, type SeededCatalog } from '../../../server/test/support/fixtures';
import type { Pool } from '../../../server/src/db/pool';
import { createHandlers, dispatch, type Handlers } from '../../src/core/api';
import { TerminalCore } from '../../src/core/terminal-core';
import { tempDir } from '../support/temp';

// The terminal core end to end through its IPC handlers, against the real server and
// PostgreSQL: enroll, first catalog sync, PIN login, shift, scan, cash sale, push.
let pool: Pool;
let server: TestServer;
let adminToken: string;
let storeId: string;
let catalog: SeededCatalog;

beforeAll(async () => {
  ({ pool } = await freshDatabase());
  server = await startTestServer(pool);
  const tenant = await createTenantWithAdmin(pool);
  adminToken = (await loginAdmin(server.baseUrl, tenant.email)).token;
  storeId = (await createStore(server.baseUrl, adminToken)).id;
  catalog = await seedCatalog(server.baseUrl, adminToken, { products: 5 });
  await ok(server.baseUrl, 'POST', `/v1/admin/stores/${storeId}/cashiers`, { token: adminToken, body: { name: 'Anna', role: 'cashier', pin: '1234' } });
});
afterAll(async () => {
  await server.close();
  await pool.end();
});

async function call<C extends IpcChannel>(handlers: Handlers, channel: C, input: IpcInput<C> | Record<string, never> = {}) {
  const result = await dispatch(handlers, channel, input);
  if (!result.ok) throw new Error(`${channel}: ${result.error.code} ${result.error.message}`);
  return result.value as Awaited<ReturnType<Handlers[C]>>;
}

describe('terminal core', () => {
  it('When the contract is read, then every channel has a handler and no handler is extra', async () => {
    const core = await TerminalCore.open({ dataDir: tempDir(), appVersion: '0.1.0', autoSync: false });
    expect(Object.keys(createHandlers(core)).sort()).toEqual([...IPC_CHANNEL_NAMES].sort());
    core.close();
  });

  it('When input breaks the contract or core fails, then the caller gets a typed error and never a stack', async () => {
    const core = await TerminalCore.open({ dataDir: tempDir(), appVersion: '0.1.0', autoSync: false });
    const handlers = createHandlers(core);
    expect(await dispatch(handlers, 'cart.addByBarcode', { barcode: 42 })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await dispatch(handlers, 'no.such', {})).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await dispatch(handlers, 'cart.get', {})).toMatchObject({ ok: false, error: { code: 'NOT_ENROLLED' } });
    const failed = await dispatch(handlers, 'enrollment.enroll', { serverUrl: 'http://127.0.0.1:1', code: 'ABCDE-12345', name: 'Till' });
    expect(failed).toMatchObject({ ok: false, error: { code: 'NETWORK_UNREACHABLE' } });
    expect(JSON.stringify(failed)).not.toMatch(/at .*\.ts:\d+/);
    core.close();
  });

  it('When a new terminal enrolls, syncs, and a cashier sells by scan for cash, then the server holds the sale', async () => {
    const core = await TerminalCore.open({ dataDir: tempDir(), appVersion: '0.1.0', autoSync: false });
    const h = createHandlers(core);
    const { code } = await ok<{ code: string }>(server.baseUrl, 'POST', `/v1/admin/stores/${storeId}/enrollment-codes`, { token: adminToken, body: {} });
    const enrolled = await call(h, 'enrollment.enroll', { serverUrl: server.baseUrl, code, name: 'Till 1' });
    expect(enrolled.storeId).toBe(storeId);

    const synced = await call(h, 'sync.now');
    expect(synced, JSON.stringify(synced.lastError)).toMatchObject({ state: 'online' });
    expect((await call(h, 'app.info')).storeName).toBe('Main Street');
    const users = await call(h, 'session.users');
    const anna = users.find((u) => u.name === 'Anna')!;
    expect((await dispatch(h, 'session.login', { userId: anna.id, pin: '9999' })).ok).toBe(false);
    await call(h, 'session.login', { userId: anna.id, pin: '1234' });
    await call(h, 'shift.open', { openingFloatMinor: 10_000 });

    const product = catalog.products[1]!;
    const cart = await call(h, 'cart.addByBarcode', { barcode: product.barcodes[0]! });
    expect(cart.totals.totalMinor).toBe(product.priceMinor);
    const sale = await call(h, 'checkout.complete', { tenders: [{ kind: 'cash', amountMinor: 500 }] });
    expect(sale).toMatchObject({ totalMinor: product.priceMinor, changeMinor: 500 - product.priceMinor, receiptPrinted: false });
    expect((await call(h, 'sync.status')).pendingCount).toBe(2); // shift.opened + sale.completed

    const after = await call(h, 'sync.now');
    expect(after).toMatchObject({ state: 'online', pendingCount: 0 });
    const { rows } = await pool.query('SELECT receipt_number, total_minor FROM sales WHERE id = $1', [sale.saleId]);
    expect(rows).toEqual([{ receipt_number: sale.receiptNumber, total_minor: product.priceMinor }]);
    core.close();
  });
});
