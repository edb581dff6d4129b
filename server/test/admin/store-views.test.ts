import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Pool } from '../../src/db/pool';
import { startTestServer, type TestServer } from '../support/app';
import { freshDatabase } from '../support/database';
import {
  call,
  createStore,
  createTenantWithAdmin,
  enrollTerminal,
  insertAnomaly,
  insertRejectedOperation,
  insertSale,
  loginAdmin,
  ok,
  seedCatalog,
  type StoreFixture,
} from '../support/fixtures';

interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

describe('stores, sales, anomalies, rejected operations and health', () => {
  let pool: Pool;
  let server: TestServer;
  let base: string;
  let admin: string;
  let tenantId: string;
  let store: StoreFixture;
  // 23:30 UTC on 1 March is already 2 March in Auckland (UTC+13).
  let clock = new Date('2025-03-01T23:30:00.000Z');

  beforeAll(async () => {
    ({ pool } = await freshDatabase());
    server = await startTestServer(pool, { now: () => clock, env: { RATE_LIMIT_LOGIN_PER_MIN: '1000', RATE_LIMIT_ENROLL_PER_MIN: '1000' } });
    base = server.baseUrl;
    const tenant = await createTenantWithAdmin(pool);
    tenantId = tenant.tenantId;
    admin = (await loginAdmin(base, tenant.email)).token;
    store = await createStore(base, admin, { name: 'Auckland', currency: 'NZD', taxMode: 'inclusive', timeZone: 'Pacific/Auckland' });
  });
  afterAll(async () => {
    await server.close();
    await pool.end();
  });

  it('When a store is created with few settings, then defaults fill the rest and the whole validates', async () => {
    expect(store.settings).toMatchObject({
      storeId: store.id,
      name: 'Auckland',
      roundingMode: 'half-up',
      cashRoundingMinor: 1,
      businessDayStartsAt: '00:00',
      receiptHeaderLines: [],
      maxDiscountBasisPointsByRole: { cashier: 0, supervisor: 0, manager: 0 },
      updatedAt: clock.toISOString(),
    });
    for (const bad of [{ timeZone: 'Nowhere/City' }, { currency: 'eur' }, { currency: 'EUO' }, { taxMode: 'sometimes' }, { name: '' }, { storeId: store.id }]) {
      const res = await call(base, 'POST', '/v1/admin/stores', { token: admin, body: { name: 'X', currency: 'EUR', taxMode: 'inclusive', timeZone: 'UTC', ...bad } });
      expect([JSON.stringify(bad), res.code]).toEqual([JSON.stringify(bad), 'INVALID_INPUT']);
    }
  });

  it('When settings are patched, then they merge into the current ones and the name follows', async () => {
    const updated = await ok<{ name: string; settings: Record<string, unknown> }>(base, 'PATCH', `/v1/admin/stores/${store.id}`, {
      token: admin,
      body: { name: 'Auckland CBD', businessDayStartsAt: '04:00', receiptHeaderLines: ['Kia ora'] },
    });
    expect(updated.name).toBe('Auckland CBD');
    expect(updated.settings).toMatchObject({ timeZone: 'Pacific/Auckland', businessDayStartsAt: '04:00', receiptHeaderLines: ['Kia ora'] });
    const bad = await call(base, 'PATCH', `/v1/admin/stores/${store.id}`, { token: admin, body: { unknownSetting: true } });
    expect(bad.code).toBe('INVALID_INPUT');
    await ok(base, 'PATCH', `/v1/admin/stores/${store.id}`, { token: admin, body: { businessDayStartsAt: '00:00' } });
  });

  it("When sales are listed without dates, then today's business date in the store's time zone is used", async () => {
    const terminal = await enrollTerminal(base, admin, store.id);
    const onFirst = await insertSale(pool, { tenantId, storeId: store.id, terminalId: terminal.terminalId, businessDate: '2025-03-01', seq: 1 });
    const onSecond = await insertSale(pool, { tenantId, storeId: store.id, terminalId: terminal.terminalId, businessDate: '2025-03-02', seq: 2 });
    const today = await ok<Page<{ id: string }>>(base, 'GET', `/v1/admin/stores/${store.id}/sales`, { token: admin });
    expect(today.items.map((s) => s.id)).toEqual([onSecond]);
    const range = await ok<Page<{ id: string }>>(base, 'GET', `/v1/admin/stores/${store.id}/sales?from=2025-03-01&to=2025-03-01`, { token: admin });
    expect(range.items.map((s) => s.id)).toEqual([onFirst]);
    const backwards = await call(base, 'GET', `/v1/admin/stores/${store.id}/sales?from=2025-03-02&to=2025-03-01`, { token: admin });
    expect(backwards.code).toBe('INVALID_INPUT');
    expect((await call(base, 'GET', `/v1/admin/stores/${store.id}/sales?from=2025-3-1`, { token: admin })).code).toBe('INVALID_INPUT');

    const sale = await ok<Record<string, unknown>>(base, 'GET', `/v1/admin/stores/${store.id}/sales/${onFirst}`, { token: admin });
    expect(sale).toMatchObject({ id: onFirst, businessDate: '2025-03-01', totalMinor: 1190, receiptNumber: 'T01-000001' });
    expect(sale.lines).toEqual([expect.objectContaining({ lineNo: 1, sku: 'SKU-0001', qtyMilli: 1000, totalMinor: 1190 })]);
    expect(sale.tenders).toEqual([expect.objectContaining({ kind: 'cash', amountMinor: 1190, tenderedMinor: 1200, changeMinor: 10 })]);
    expect((await call(base, 'GET', `/v1/admin/stores/${store.id}/sales/not-a-uuid`, { token: admin })).code).toBe('NOT_FOUND');
  });

  it('When an anomaly is resolved, then it leaves the open list and keeps its first resolution time', async () => {
    const id = await insertAnomaly(pool, { tenantId, storeId: store.id });
    const open = await ok<Page<{ id: number }>>(base, 'GET', `/v1/admin/stores/${store.id}/anomalies`, { token: admin });
    expect(open.items.map((a) => a.id)).toContain(id);
    const resolved = await ok<{ resolvedAt: string }>(base, 'POST', `/v1/admin/stores/${store.id}/anomalies/${id}/resolve`, { token: admin });
    expect(resolved.resolvedAt).toBe(clock.toISOString());
    clock = new Date(clock.getTime() + 60_000);
    const again = await ok<{ resolvedAt: string }>(base, 'POST', `/v1/admin/stores/${store.id}/anomalies/${id}/resolve`, { token: admin });
    expect(again.resolvedAt).toBe(resolved.resolvedAt);
    const stillOpen = await ok<Page<{ id: number }>>(base, 'GET', `/v1/admin/stores/${store.id}/anomalies`, { token: admin });
    expect(stillOpen.items.map((a) => a.id)).not.toContain(id);
    const done = await ok<Page<{ id: number }>>(base, 'GET', `/v1/admin/stores/${store.id}/anomalies?status=resolved`, { token: admin });
    expect(done.items.map((a) => a.id)).toEqual([id]);
  });

  it('When operations were rejected, then the store lists them with their reason and terminal', async () => {
    const terminal = await enrollTerminal(base, admin, store.id, 'Rejecting till');
    await insertRejectedOperation(pool, { tenantId, terminalId: terminal.terminalId, seq: 7, reason: 'refund exceeds the original sale' });
    const page = await ok<Page<Record<string, unknown>>>(base, 'GET', `/v1/admin/stores/${store.id}/rejected-operations`, { token: admin });
    expect(page.items).toEqual([
      expect.objectContaining({ terminalId: terminal.terminalId, terminalCode: terminal.terminalCode, seq: 7, reason: 'refund exceeds the original sale' }),
    ]);
  });

  it('When store prices are listed, then each shows its own and the base price', async () => {
    const { products } = await seedCatalog(base, admin, { products: 2 });
    await ok(base, 'PUT', `/v1/admin/stores/${store.id}/prices/${products[1]!.id}`, { token: admin, body: { priceMinor: 5 } });
    const page = await ok<Page<Record<string, unknown>>>(base, 'GET', `/v1/admin/stores/${store.id}/prices`, { token: admin });
    expect(page.items).toEqual([expect.objectContaining({ productId: products[1]!.id, priceMinor: 5, basePriceMinor: products[1]!.priceMinor })]);
    expect((await call(base, 'PUT', `/v1/admin/stores/${store.id}/prices/${products[0]!.id}`, { token: admin, body: { priceMinor: -1 } })).code).toBe(
      'INVALID_INPUT',
    );
  });

  it('When an admin opens the health view, then it shows the pool, schema, feed lag and counts with stale terminals', async () => {
    const fresh = await enrollTerminal(base, admin, store.id, 'Fresh till');
    clock = new Date(clock.getTime() + 2 * 3_600_000);
    await ok(base, 'POST', '/v1/terminals/heartbeat', {
      token: fresh.token,
      body: { version: '1.0.0', queueDepth: 0, oldestPendingAt: null, lastSyncAt: null, devices: [], sentAt: clock.toISOString() },
    });
    const health = await ok<Record<string, unknown>>(base, 'GET', '/v1/admin/health', { token: admin });
    const terminals = await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM terminals WHERE tenant_id = $1', [tenantId]);
    const total = terminals.rows[0]!.n;
    expect(health).toMatchObject({
      schema: { current: true },
      rejectedOperations: 1,
      openAnomalies: 0,
      terminals: { total, active: total, revoked: 0, notSeenForOverAnHour: total - 1 },
    });
    expect(health.pool).toEqual({ total: expect.any(Number), idle: expect.any(Number), waiting: expect.any(Number) });
    expect(health.feedLagSeconds).toEqual(expect.any(Number));
  });
});
