import { randomUUID } from 'node:crypto';
import type { Pool } from '../../src/db/pool';
import {
  createManager,
  createStore,
  createTenantWithAdmin,
  enrollTerminal,
  insertAnomaly,
  insertRejectedOperation,
  insertSale,
  loginAdmin,
  ok,
  PASSWORD,
} from '../support/fixtures';

export type StoreKey = 'A' | 'B' | 'X';
export type TenantKey = 1 | 2;
export const TENANT_OF: Record<StoreKey, TenantKey> = { A: 1, B: 1, X: 2 };

/** What one store owns: every kind of row a nested store route can address. */
export interface StoreStuff {
  id: string;
  cashierId: string;
  terminalId: string;
  codeId: string;
  saleId: string;
  anomalyId: number;
}

/** What one tenant owns. Both tenants have a tax rate 'std' on purpose: ids collide across tenants. */
export interface TenantStuff {
  productId: string;
  categoryId: string;
  /** A category no product uses (deletable). */
  spareCategoryId: string;
  /** A tax rate only this tenant has. */
  ownTaxRateId: string;
  /** A manager account of this tenant (not the acting one). */
  accountId: string;
}

/**
 * Two tenants; tenant 1 has stores A and B, tenant 2 has store X. Actors: admin1 (tenant 1),
 * managerA (store A). Tenant 2's names carry SECRET so that a leak into any response shows.
 */
export interface World {
  tokens: { admin1: string; managerA: string; admin2: string };
  admin1Email: string;
  stores: Record<StoreKey, StoreStuff>;
  tenants: Record<TenantKey, TenantStuff & { tenantId: string }>;
  managerAId: string;
}

export const SECRET = 'SECRET2';

async function tenantCatalog(base: string, token: string, tag: string): Promise<TenantStuff> {
  const own = tag === SECRET ? 'only2' : 'only1';
  await ok(base, 'POST', '/v1/admin/tax-rates', { token, body: { id: 'std', name: `${tag} standard`, ratePpm: 190_000 } });
  await ok(base, 'POST', '/v1/admin/tax-rates', { token, body: { id: own, name: `${tag} own`, ratePpm: 70_000 } });
  const category = await ok<{ id: string }>(base, 'POST', '/v1/admin/categories', { token, body: { name: `${tag} category` } });
  const spare = await ok<{ id: string }>(base, 'POST', '/v1/admin/categories', { token, body: { name: `${tag} spare` } });
  const product = await ok<{ id: string }>(base, 'POST', '/v1/admin/products', {
    token,
    body: { sku: `${tag}-SKU`, name: `${tag} product`, taxRateId: 'std', categoryId: category.id, priceMinor: 100, barcodes: [`${tag}-EAN`] },
  });
  const store = await ok<{ items: { id: string }[] }>(base, 'GET', '/v1/admin/stores', { token });
  const account = await ok<{ id: string }>(base, 'POST', '/v1/admin/accounts', {
    token,
    body: { email: `${tag.toLowerCase()}-${randomUUID().slice(0, 6)}@example.test`, password: PASSWORD, role: 'manager', storeId: store.items[0]!.id },
  });
  return { productId: product.id, categoryId: category.id, spareCategoryId: spare.id, ownTaxRateId: own, accountId: account.id };
}

async function storeStuff(pool: Pool, base: string, token: string, tenantId: string, storeId: string, productId: string, tag: string): Promise<StoreStuff> {
  const cashier = await ok<{ id: string }>(base, 'POST', `/v1/admin/stores/${storeId}/cashiers`, { token, body: { name: `${tag} cashier`, role: 'cashier', pin: '1234' } });
  const terminal = await enrollTerminal(base, token, storeId, `${tag} till`);
  const code = await ok<{ id: string }>(base, 'POST', `/v1/admin/stores/${storeId}/enrollment-codes`, { token, body: {} });
  await ok(base, 'PUT', `/v1/admin/stores/${storeId}/prices/${productId}`, { token, body: { priceMinor: 777 } });
  const saleId = await insertSale(pool, { tenantId, storeId, terminalId: terminal.terminalId, businessDate: '2025-03-01', seq: 1 });
  const anomalyId = await insertAnomaly(pool, { tenantId, storeId, terminalId: terminal.terminalId, code: `${tag}_ANOMALY` });
  await insertRejectedOperation(pool, { tenantId, terminalId: terminal.terminalId, seq: 2, reason: `${tag} rejected` });
  return { id: storeId, cashierId: cashier.id, terminalId: terminal.terminalId, codeId: code.id, saleId, anomalyId };
}

export async function buildWorld(pool: Pool, base: string): Promise<World> {
  const t1 = await createTenantWithAdmin(pool, { name: 'Tenant one' });
  const t2 = await createTenantWithAdmin(pool, { name: `${SECRET} tenant` });
  const admin1 = (await loginAdmin(base, t1.email)).token;
  const admin2 = (await loginAdmin(base, t2.email)).token;

  const storeA = await createStore(base, admin1, { name: 'Store A' });
  const storeB = await createStore(base, admin1, { name: 'Store B' });
  const storeX = await createStore(base, admin2, { name: `${SECRET} store` });
  const one = await tenantCatalog(base, admin1, 'ONE');
  const two = await tenantCatalog(base, admin2, SECRET);
  const managerA = await createManager(base, admin1, storeA.id);

  return {
    tokens: { admin1, managerA: managerA.token, admin2 },
    admin1Email: t1.email,
    managerAId: managerA.id,
    tenants: { 1: { ...one, tenantId: t1.tenantId }, 2: { ...two, tenantId: t2.tenantId } },
    stores: {
      A: await storeStuff(pool, base, admin1, t1.tenantId, storeA.id, one.productId, 'A'),
      B: await storeStuff(pool, base, admin1, t1.tenantId, storeB.id, one.productId, 'B'),
      X: await storeStuff(pool, base, admin2, t2.tenantId, storeX.id, two.productId, SECRET),
    },
  };
}

/** Every value of tenant 2 that must never appear in an answer to tenant 1. */
export function tenant2Markers(w: World): string[] {
  const t = w.tenants[2];
  const x = w.stores.X;
  return [SECRET, t.tenantId, t.productId, t.categoryId, t.spareCategoryId, t.accountId, x.id, x.cashierId, x.terminalId, x.codeId, x.saleId];
}

/** Store B's values, which store A's manager must never see. */
export function storeBMarkers(w: World): string[] {
  const b = w.stores.B;
  return [b.id, b.cashierId, b.terminalId, b.codeId, b.saleId, 'Store B'];
}

/** A digest of every business table: the denial phase must leave it unchanged. */
export async function snapshot(pool: Pool): Promise<Record<string, string>> {
  const tables = (
    await pool.query<{ tablename: string }>(
      "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename NOT IN ('rate_limits', 'admin_sessions', 'schema_migrations') ORDER BY 1",
    )
  ).rows.map((r) => r.tablename);
  const out: Record<string, string> = {};
  for (const table of tables) {
    const { rows } = await pool.query<{ digest: string | null }>(`SELECT md5(string_agg(t::text, '|' ORDER BY t::text)) AS digest FROM ${table} t`);
    out[table] = rows[0]?.digest ?? 'empty';
  }
  return out;
}
