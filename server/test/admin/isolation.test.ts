import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Pool } from '../../src/db/pool';
import { adminRoutes } from '../../src/http/admin';
import type { AdminRoute } from '../../src/http/admin-routes';
import { startTestServer, type TestServer } from '../support/app';
import { freshDatabase } from '../support/database';
import { call, loginAdmin, PASSWORD, storeSettings, type ApiResponse } from '../support/fixtures';
import { buildWorld, snapshot, storeBMarkers, tenant2Markers, TENANT_OF, type StoreKey, type World } from './isolation-world';

type Actor = 'admin1' | 'managerA';
type Denial =
  | { as: Actor; path: string; body?: unknown; status: 400 | 403 | 404; code: string }
  | { as: Actor; path: string; check: (res: ApiResponse<unknown>, w: World) => void };

interface Row {
  /** A valid body, so that a denial is about scope and never about validation. */
  body?: (w: World) => unknown;
  /** Denials beyond the generic ones derived from the route's access and parameters. */
  extra?: (w: World) => Denial[];
  /** Why a route has no tenant or store to cross (only when it has no generic denials either). */
  none?: string;
  /** The allowed request that must succeed (proves the denials are not just a broken route). */
  control: (w: World) => { as: Actor | 'fresh'; path?: string; body?: unknown };
}

const noLeak = (as: Actor, path: string): Denial => ({
  as,
  path,
  check: (res, w) => {
    expect(res.status, `${as} ${path}`).toBe(200);
    const text = JSON.stringify(res.body);
    for (const marker of [...tenant2Markers(w), ...(as === 'managerA' ? storeBMarkers(w) : [])]) {
      expect(text.includes(marker), `${as} ${path} leaks ${marker}`).toBe(false);
    }
  },
});
const both = (path: string) => [noLeak('admin1', path), noLeak('managerA', path)];
const newEmail = () => `iso-${randomUUID().slice(0, 8)}@example.test`;
const productBody = (w: World) => ({ sku: `ISO-${randomUUID().slice(0, 6)}`, name: 'Iso', taxRateId: 'std', priceMinor: 5, categoryId: w.tenants[1].categoryId });

/**
 * One row per admin route, keyed "METHOD path" exactly as the router declares it. The test
 * fails when the router has a route this table lacks, so a new route cannot skip these checks.
 */
const TABLE: Record<string, Row> = {
  'post /login': { none: 'public; acts on no tenant until it returns a session', control: (w) => ({ as: 'fresh', body: { email: w.admin1Email, password: PASSWORD } }) },
  'post /logout': { none: "ends the caller's own session only", control: () => ({ as: 'fresh' }) },
  'get /me': { none: "describes the caller's own account only", control: () => ({ as: 'managerA' }) },

  'get /accounts': { extra: () => [noLeak('admin1', '/accounts')], control: () => ({ as: 'admin1' }) },
  'post /accounts': {
    body: () => ({ email: newEmail(), password: PASSWORD, role: 'admin' }),
    extra: (w) => [
      { as: 'admin1', path: '/accounts', body: { email: newEmail(), password: PASSWORD, role: 'manager', storeId: w.stores.X.id }, status: 404, code: 'NOT_FOUND' },
    ],
    control: () => ({ as: 'admin1', body: { email: newEmail(), password: PASSWORD, role: 'admin' } }),
  },
  'patch /accounts/:accountId': { body: () => ({ disabled: false }), control: (w) => ({ as: 'admin1', body: { disabled: false }, path: `/accounts/${w.tenants[1].accountId}` }) },

  'get /stores': { extra: () => both('/stores'), control: () => ({ as: 'managerA' }) },
  'post /stores': { body: () => storeSettings(), control: () => ({ as: 'admin1', body: storeSettings({ name: 'Control' }) }) },
  'get /stores/:storeId': { control: () => ({ as: 'managerA' }) },
  'patch /stores/:storeId': { body: () => ({ receiptFooterLines: ['Hi'] }), control: () => ({ as: 'managerA', body: { receiptFooterLines: ['Bye'] } }) },
  'get /stores/:storeId/cashiers': { control: () => ({ as: 'managerA' }) },
  'post /stores/:storeId/cashiers': { body: () => ({ name: 'Iso', role: 'cashier', pin: '1111' }), control: () => ({ as: 'managerA', body: { name: 'Ctl', role: 'cashier', pin: '2222' } }) },
  'patch /stores/:storeId/cashiers/:cashierId': { body: () => ({ name: 'Renamed' }), control: () => ({ as: 'managerA', body: { name: 'Renamed' } }) },
  'delete /stores/:storeId/cashiers/:cashierId': { control: () => ({ as: 'managerA' }) },
  'get /stores/:storeId/enrollment-codes': { control: () => ({ as: 'managerA' }) },
  'post /stores/:storeId/enrollment-codes': { body: () => ({}), control: () => ({ as: 'managerA', body: {} }) },
  'delete /stores/:storeId/enrollment-codes/:codeId': { control: () => ({ as: 'managerA' }) },
  'get /stores/:storeId/terminals': { control: () => ({ as: 'managerA' }) },
  'post /stores/:storeId/terminals/:terminalId/revoke': { control: () => ({ as: 'managerA' }) },

  'get /tax-rates': { extra: () => both('/tax-rates'), control: () => ({ as: 'managerA' }) },
  'post /tax-rates': { body: () => ({ id: 'iso', name: 'Iso', ratePpm: 1 }), control: () => ({ as: 'admin1', body: { id: 'ctl', name: 'Ctl', ratePpm: 1 } }) },
  'patch /tax-rates/:taxRateId': { body: () => ({ name: 'Renamed' }), control: () => ({ as: 'admin1', body: { name: 'Renamed' } }) },
  'get /categories': { extra: () => both('/categories'), control: () => ({ as: 'managerA' }) },
  'post /categories': {
    body: () => ({ name: 'Iso' }),
    extra: (w) => [{ as: 'admin1', path: '/categories', body: { name: 'Iso', parentId: w.tenants[2].categoryId }, status: 400, code: 'INVALID_INPUT' }],
    control: () => ({ as: 'admin1', body: { name: 'Ctl' } }),
  },
  'patch /categories/:categoryId': {
    body: () => ({ name: 'Renamed' }),
    extra: (w) => [
      { as: 'admin1', path: `/categories/${w.tenants[1].spareCategoryId}`, body: { parentId: w.tenants[2].categoryId }, status: 400, code: 'INVALID_INPUT' },
    ],
    control: () => ({ as: 'admin1', body: { name: 'Renamed' } }),
  },
  'delete /categories/:categoryId': { control: (w) => ({ as: 'admin1', path: `/categories/${w.tenants[1].spareCategoryId}` }) },
  'get /products': { extra: () => both('/products'), control: () => ({ as: 'managerA' }) },
  'get /products/:productId': { control: () => ({ as: 'managerA' }) },
  'post /products': {
    body: productBody,
    extra: (w) => [
      { as: 'admin1', path: '/products', body: { ...productBody(w), categoryId: w.tenants[2].categoryId }, status: 400, code: 'INVALID_INPUT' },
      { as: 'admin1', path: '/products', body: { ...productBody(w), taxRateId: 'only2' }, status: 400, code: 'INVALID_INPUT' },
    ],
    control: (w) => ({ as: 'admin1', body: productBody(w) }),
  },
  'patch /products/:productId': {
    body: () => ({ name: 'Renamed' }),
    extra: (w) => [
      { as: 'admin1', path: `/products/${w.tenants[1].productId}`, body: { categoryId: w.tenants[2].categoryId }, status: 400, code: 'INVALID_INPUT' },
    ],
    control: () => ({ as: 'admin1', body: { name: 'Renamed' } }),
  },
  'get /stores/:storeId/prices': { control: () => ({ as: 'managerA' }) },
  'put /stores/:storeId/prices/:productId': { body: () => ({ priceMinor: 1 }), control: () => ({ as: 'managerA', body: { priceMinor: 2 } }) },
  'delete /stores/:storeId/prices/:productId': { control: () => ({ as: 'managerA' }) },

  'get /stores/:storeId/sales': { control: () => ({ as: 'managerA' }) },
  'get /stores/:storeId/sales/:saleId': { control: () => ({ as: 'managerA' }) },
  'get /stores/:storeId/anomalies': { control: () => ({ as: 'managerA' }) },
  'post /stores/:storeId/anomalies/:anomalyId/resolve': { control: () => ({ as: 'managerA' }) },
  'get /stores/:storeId/rejected-operations': { control: () => ({ as: 'managerA' }) },
  'get /reports': { extra: () => [noLeak('admin1', '/reports')], control: () => ({ as: 'admin1' }) },
  'get /stores/:storeId/reports': { control: () => ({ as: 'managerA' }) },
  'get /stores/:storeId/terminals/:terminalId/reports': { control: () => ({ as: 'managerA' }) },
  'get /stores/:storeId/terminals/:terminalId/z-reports': { control: () => ({ as: 'managerA' }) },
  'get /health': {
    extra: () => [
      {
        as: 'admin1',
        path: '/health',
        check: (res) => {
          // Tenant 1 has one terminal, one open anomaly and one rejected operation in each of A and B.
          expect(res.body).toMatchObject({ rejectedOperations: 2, openAnomalies: 2, terminals: { total: 2, active: 2 } });
        },
      },
    ],
    control: () => ({ as: 'admin1' }),
  },
};

const key = (r: AdminRoute) => `${r.method} ${r.path}`;

/** The path with its parameters filled from one store's (and its tenant's) rows. */
function fill(path: string, w: World, store: StoreKey, nested: StoreKey = store): string {
  const s = w.stores[nested];
  const t = w.tenants[TENANT_OF[nested]];
  return path
    .replace(':storeId', w.stores[store].id)
    .replace(':cashierId', s.cashierId)
    .replace(':terminalId', s.terminalId)
    .replace(':codeId', s.codeId)
    .replace(':saleId', s.saleId)
    .replace(':anomalyId', String(s.anomalyId))
    .replace(':productId', t.productId)
    .replace(':categoryId', t.categoryId)
    .replace(':taxRateId', t.ownTaxRateId)
    .replace(':accountId', t.accountId);
}

/**
 * Denials every route gets from its declared access and parameters:
 * - store routes: managerA on store B and on tenant 2's store X → 403; admin1 on X → 404;
 *   a nested id of another store (or tenant) under a store the actor may use → 404;
 * - admin routes: managerA → 403 PERMISSION_DENIED; admin1 with tenant 2's ids → 404;
 * - session routes with ids: both actors with tenant 2's ids → 404.
 */
function genericDenials(r: AdminRoute, row: Row, w: World): Denial[] {
  const body = row.body?.(w);
  const out: Denial[] = [];
  const hasIds = /:(?!storeId)\w+/.test(r.path);
  if (r.access === 'store') {
    out.push({ as: 'managerA', path: fill(r.path, w, 'B'), body, status: 403, code: 'TENANT_ACCESS_DENIED' });
    out.push({ as: 'managerA', path: fill(r.path, w, 'X'), body, status: 403, code: 'TENANT_ACCESS_DENIED' });
    out.push({ as: 'admin1', path: fill(r.path, w, 'X'), body, status: 404, code: 'NOT_FOUND' });
    if (hasIds) {
      out.push({ as: 'admin1', path: fill(r.path, w, 'A', 'X'), body, status: 404, code: 'NOT_FOUND' });
      out.push({ as: 'admin1', path: fill(r.path, w, 'B', 'X'), body, status: 404, code: 'NOT_FOUND' });
      // A product is the tenant's, not the store's: store A may address tenant 1's products.
      if (!r.path.includes(':productId')) out.push({ as: 'managerA', path: fill(r.path, w, 'A', 'B'), body, status: 404, code: 'NOT_FOUND' });
    }
  } else if (r.access === 'admin') {
    out.push({ as: 'managerA', path: hasIds ? fill(r.path, w, 'A') : r.path, body, status: 403, code: 'PERMISSION_DENIED' });
    if (hasIds) out.push({ as: 'admin1', path: fill(r.path, w, 'X'), body, status: 404, code: 'NOT_FOUND' });
  } else if (r.access === 'session' && hasIds) {
    out.push({ as: 'admin1', path: fill(r.path, w, 'X'), body, status: 404, code: 'NOT_FOUND' });
    out.push({ as: 'managerA', path: fill(r.path, w, 'X'), body, status: 404, code: 'NOT_FOUND' });
  }
  return out;
}

describe('tenant and store isolation on every admin route', () => {
  let pool: Pool;
  let server: TestServer;
  let w: World;
  let routes: AdminRoute[];
  let before: Record<string, string>;

  const send = (as: Actor, method: string, path: string, body?: unknown) =>
    call(server.baseUrl, method.toUpperCase(), `/v1/admin${path}`, { token: w.tokens[as], body });

  beforeAll(async () => {
    ({ pool } = await freshDatabase());
    server = await startTestServer(pool, { env: { RATE_LIMIT_LOGIN_PER_MIN: '1000', RATE_LIMIT_ENROLL_PER_MIN: '1000' } });
    w = await buildWorld(pool, server.baseUrl);
    routes = adminRoutes(server.ctx);
    before = await snapshot(pool);
  });
  afterAll(async () => {
    await server.close();
    await pool.end();
  });

  it('When the router is compared with the table, then every route has a row and every row a route', () => {
    expect(Object.keys(TABLE).sort()).toEqual(routes.map(key).sort());
  });

  it('When each route is called for another tenant or store, then it answers 403/404 (or leaks nothing) and changes nothing', async () => {
    let checked = 0;
    for (const r of routes) {
      const row = TABLE[key(r)];
      if (!row) continue;
      const denials = [...genericDenials(r, row, w), ...(row.extra?.(w) ?? [])];
      expect(denials.length > 0 || row.none !== undefined, `${key(r)} has no denial case and no reason why`).toBe(true);
      for (const d of denials) {
        const res = await send(d.as, r.method, d.path, 'body' in d ? d.body : undefined);
        if ('check' in d) d.check(res, w);
        else {
          expect([key(r), d.as, d.path, res.status, res.code]).toEqual([key(r), d.as, d.path, d.status, d.code]);
          // A resource 404, not a mistyped path in this table.
          if (d.status === 404) expect((res.body as { error: string }).error).not.toMatch(/^No route for/);
        }
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(100);
    expect(await snapshot(pool)).toEqual(before);
  });

  it('When each route is called within its scope, then it succeeds', async () => {
    for (const r of routes) {
      const row = TABLE[key(r)];
      if (!row) continue;
      const c = row.control(w);
      const path = c.path ?? (r.path.startsWith('/stores/:storeId') || r.path.includes(':') ? fill(r.path, w, 'A') : r.path);
      let token: string;
      if (c.as === 'fresh') token = (await loginAdmin(server.baseUrl, w.admin1Email)).token;
      else token = w.tokens[c.as];
      const res = await call(server.baseUrl, r.method.toUpperCase(), `/v1/admin${path}`, { token: r.access === 'public' ? undefined : token, body: c.body });
      expect([key(r), res.status < 300 ? 'ok' : `${res.status} ${JSON.stringify(res.body)}`]).toEqual([key(r), 'ok']);
    }
  });
});
