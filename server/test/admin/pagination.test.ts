import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Pool } from '../../src/db/pool';
import { encodeCursor } from '../../src/domain/listing';
import { startTestServer, type TestServer } from '../support/app';
import { freshDatabase } from '../support/database';
import { call, createStore, createTenantWithAdmin, insertAnomaly, insertSale, loginAdmin, ok, seedCatalog, type StoreFixture } from '../support/fixtures';

interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

describe('keyset pagination', () => {
  let pool: Pool;
  let server: TestServer;
  let base: string;
  let admin: string;
  let tenantId: string;
  let store: StoreFixture;

  /** Follows nextCursor to the end; `between` runs after each page (to write concurrently). */
  async function walk<T>(path: string, limit: number, between: () => Promise<void> = async () => undefined): Promise<{ items: T[]; pages: number }> {
    const items: T[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const sep = path.includes('?') ? '&' : '?';
      const page: Page<T> = await ok<Page<T>>(base, 'GET', `${path}${sep}limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`, { token: admin });
      expect(page.items.length).toBeLessThanOrEqual(limit);
      items.push(...page.items);
      cursor = page.nextCursor;
      pages++;
      await between();
    } while (cursor !== null && pages < 1000);
    return { items, pages };
  }

  beforeAll(async () => {
    ({ pool } = await freshDatabase());
    server = await startTestServer(pool, { env: { RATE_LIMIT_LOGIN_PER_MIN: '1000' } });
    base = server.baseUrl;
    const tenant = await createTenantWithAdmin(pool);
    tenantId = tenant.tenantId;
    admin = (await loginAdmin(base, tenant.email)).token;
    store = await createStore(base, admin);
  });
  afterAll(async () => {
    await server.close();
    await pool.end();
  });

  it('When 120 products are walked 7 at a time, then every product appears once, in SKU order', async () => {
    const { products } = await seedCatalog(base, admin, { products: 120 });
    const { items, pages } = await walk<{ id: string; sku: string }>('/v1/admin/products', 7);
    expect(pages).toBe(Math.ceil(120 / 7));
    expect(items.map((p) => p.id)).toEqual(products.map((p) => p.id));
    expect(new Set(items.map((p) => p.id)).size).toBe(120);

    const all = await ok<Page<unknown>>(base, 'GET', '/v1/admin/products', { token: admin });
    expect([all.items.length, all.nextCursor === null]).toEqual([50, false]);
    const exact = await ok<Page<unknown>>(base, 'GET', '/v1/admin/products?limit=200', { token: admin });
    expect([exact.items.length, exact.nextCursor]).toEqual([120, null]);
  });

  it('When 120 categories share one name, then the id breaks the tie and none repeats or goes missing', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 120; i++) ids.push((await ok<{ id: string }>(base, 'POST', '/v1/admin/categories', { token: admin, body: { name: 'Same' } })).id);
    const { items } = await walk<{ id: string; name: string }>('/v1/admin/categories', 13);
    const same = items.filter((c) => c.name === 'Same').map((c) => c.id);
    expect(same).toHaveLength(120);
    expect(new Set(same)).toEqual(new Set(ids));
  });

  it('When anomalies are walked newest first while new ones arrive, then each of the 120 appears exactly once', async () => {
    const ids: number[] = [];
    for (let i = 0; i < 120; i++) ids.push(await insertAnomaly(pool, { tenantId, storeId: store.id }));
    const { items } = await walk<{ id: number }>(`/v1/admin/stores/${store.id}/anomalies`, 11, async () => {
      await insertAnomaly(pool, { tenantId, storeId: store.id });
    });
    expect(items.map((a) => a.id)).toEqual([...ids].reverse());
  });

  it('When 120 sales share their timestamps across days, then the walk returns each once, newest day first', async () => {
    const terminal = '00000000-0000-4000-8000-000000000001';
    const ids: string[] = [];
    for (let i = 0; i < 120; i++) {
      const day = `2025-03-0${1 + (i % 3)}`;
      ids.push(await insertSale(pool, { tenantId, storeId: store.id, terminalId: terminal, businessDate: day, createdAt: `${day}T10:00:00.000Z`, seq: i + 1 }));
    }
    const { items } = await walk<{ id: string; businessDate: string }>(`/v1/admin/stores/${store.id}/sales?from=2025-03-01&to=2025-03-03`, 9);
    expect(items).toHaveLength(120);
    expect(new Set(items.map((s) => s.id))).toEqual(new Set(ids));
    const days = items.map((s) => s.businessDate);
    expect(days).toEqual([...days].sort().reverse());
  });

  it('When limit or cursor are out of bounds or forged, then 400 INVALID_INPUT', async () => {
    for (const query of ['limit=0', 'limit=201', 'limit=abc', 'cursor=not-a-cursor', `cursor=${encodeCursor(['a', 'b', 'c'])}`]) {
      const res = await call(base, 'GET', `/v1/admin/products?${query}`, { token: admin });
      expect([query, res.status, res.code]).toEqual([query, 400, 'INVALID_INPUT']);
    }
    // The right arity but the wrong type for the key: refused, not a 500.
    const forged = await call(base, 'GET', `/v1/admin/stores/${store.id}/anomalies?cursor=${encodeCursor(['x'])}`, { token: admin });
    expect([forged.status, forged.code]).toEqual([400, 'INVALID_INPUT']);
  });
});
