import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { hashPassword } from '../../src/auth/secrets';
import type { Pool } from '../../src/db/pool';

/**
 * Reusable test fixtures for the admin API and terminals: tenants, accounts, stores, enrolled
 * terminals and a small catalog, made through the real HTTP API wherever one exists (so the
 * fixtures also leave their change_log rows), and through SQL for what terminals push.
 */

export interface ApiResponse<T> {
  status: number;
  body: T;
  /** The error envelope's code, when the answer is an error. */
  code: string | undefined;
}

/** A JSON request with an optional bearer token; the body of a 204 is undefined. */
export async function call<T = unknown>(
  baseUrl: string,
  method: string,
  path: string,
  options: { token?: string; body?: unknown } = {},
): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = {};
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await res.text();
  const body = (text ? JSON.parse(text) : undefined) as T;
  const code = res.status >= 400 ? (body as { code?: string } | undefined)?.code : undefined;
  return { status: res.status, body, code };
}

/** Like call, but fails the test unless the answer is 2xx. */
export async function ok<T = unknown>(baseUrl: string, method: string, path: string, options: { token?: string; body?: unknown } = {}): Promise<T> {
  const res = await call<T>(baseUrl, method, path, options);
  expect(res.status, `${method} ${path} answered ${res.status} ${JSON.stringify(res.body)}`).toBeLessThan(300);
  return res.body;
}

export const PASSWORD = 'correct horse battery staple';

export interface TenantWithAdmin {
  tenantId: string;
  adminId: string;
  email: string;
  password: string;
}

/** A tenant and its first admin account, written directly (as bootstrapAdmin does). */
export async function createTenantWithAdmin(
  pool: Pool,
  options: { name?: string; email?: string; password?: string } = {},
): Promise<TenantWithAdmin> {
  const tenantId = randomUUID();
  const adminId = randomUUID();
  const email = options.email ?? `admin-${tenantId.slice(0, 8)}@example.test`;
  const password = options.password ?? PASSWORD;
  await pool.query('INSERT INTO tenants (id, name) VALUES ($1, $2)', [tenantId, options.name ?? `Tenant ${tenantId.slice(0, 8)}`]);
  await pool.query("INSERT INTO accounts (tenant_id, id, email, password_hash, role) VALUES ($1, $2, $3, $4, 'admin')", [
    tenantId,
    adminId,
    email,
    await hashPassword(password),
  ]);
  return { tenantId, adminId, email, password };
}

export interface LoginResult {
  token: string;
  expiresAt: string;
  account: { id: string; email: string; role: 'admin' | 'manager'; tenantId: string; storeId: string | null };
}

export function loginAdmin(baseUrl: string, email: string, password: string = PASSWORD): Promise<LoginResult> {
  return ok<LoginResult>(baseUrl, 'POST', '/v1/admin/login', { body: { email, password } });
}

/** Settings a store needs at least; everything else takes the server's defaults. */
export function storeSettings(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { name: 'Main Street', currency: 'EUR', taxMode: 'inclusive', timeZone: 'Europe/Berlin', ...overrides };
}

export interface StoreFixture {
  id: string;
  name: string;
  settings: Record<string, unknown> & { timeZone: string; storeId: string };
}

export function createStore(baseUrl: string, adminToken: string, overrides: Record<string, unknown> = {}): Promise<StoreFixture> {
  return ok<StoreFixture>(baseUrl, 'POST', '/v1/admin/stores', { token: adminToken, body: storeSettings(overrides) });
}

/** A manager account of `storeId`, logged in. */
export async function createManager(
  baseUrl: string,
  adminToken: string,
  storeId: string,
): Promise<{ id: string; email: string; token: string }> {
  const email = `manager-${randomUUID().slice(0, 8)}@example.test`;
  const account = await ok<{ id: string }>(baseUrl, 'POST', '/v1/admin/accounts', {
    token: adminToken,
    body: { email, password: PASSWORD, role: 'manager', storeId },
  });
  const { token } = await loginAdmin(baseUrl, email);
  return { id: account.id, email, token };
}

export interface EnrolledTerminal {
  terminalId: string;
  terminalCode: string;
  token: string;
  storeId: string;
  tenantId: string;
}

/** Makes an enrollment code as the admin and redeems it as a terminal would. */
export async function enrollTerminal(baseUrl: string, adminToken: string, storeId: string, name = 'Till'): Promise<EnrolledTerminal> {
  const { code } = await ok<{ code: string }>(baseUrl, 'POST', `/v1/admin/stores/${storeId}/enrollment-codes`, { token: adminToken, body: {} });
  return ok<EnrolledTerminal>(baseUrl, 'POST', '/v1/terminals/enroll', { body: { code, name } });
}

export interface ProductFixture {
  id: string;
  sku: string;
  name: string;
  priceMinor: number;
  barcodes: string[];
  taxRateId: string;
  categoryId: string | null;
}

export interface SeededCatalog {
  taxRateId: string;
  categoryId: string;
  products: ProductFixture[];
}

/** A tax rate, a category and `products` products (SKU-0001, ...), each with one barcode. */
export async function seedCatalog(
  baseUrl: string,
  adminToken: string,
  options: { products?: number; taxRateId?: string; prefix?: string } = {},
): Promise<SeededCatalog> {
  const taxRateId = options.taxRateId ?? 'std';
  const prefix = options.prefix ?? 'SKU';
  await ok(baseUrl, 'POST', '/v1/admin/tax-rates', { token: adminToken, body: { id: taxRateId, name: 'Standard', ratePpm: 190_000 } });
  const category = await ok<{ id: string }>(baseUrl, 'POST', '/v1/admin/categories', { token: adminToken, body: { name: 'Groceries' } });
  const products: ProductFixture[] = [];
  for (let i = 1; i <= (options.products ?? 3); i++) {
    const n = String(i).padStart(4, '0');
    products.push(
      await ok<ProductFixture>(baseUrl, 'POST', '/v1/admin/products', {
        token: adminToken,
        body: { sku: `${prefix}-${n}`, name: `Product ${n}`, taxRateId, categoryId: category.id, priceMinor: 100 + i, barcodes: [`${prefix}${n}00`] },
      }),
    );
  }
  return { taxRateId, categoryId: category.id, products };
}

/** A completed sale as push would have stored it (one line, one cash tender). */
export async function insertSale(
  pool: Pool,
  sale: { tenantId: string; storeId: string; terminalId: string; businessDate: string; createdAt?: string; seq?: number },
): Promise<string> {
  const id = randomUUID();
  const seq = sale.seq ?? Math.floor(Math.random() * 1e9);
  await pool.query(
    `INSERT INTO sales (tenant_id, id, store_id, terminal_id, seq, receipt_number, receipt_seq, created_at, business_date, currency,
       subtotal_minor, discount_minor, net_minor, tax_minor, total_minor, rounding_minor, change_minor)
     VALUES ($1, $2, $3, $4, $5, $6, $5, $7, $8, 'EUR', 1190, 0, 1000, 190, 1190, 0, 10)`,
    [sale.tenantId, id, sale.storeId, sale.terminalId, seq, `T01-${String(seq).padStart(6, '0')}`, sale.createdAt ?? `${sale.businessDate}T10:00:00.000Z`, sale.businessDate],
  );
  await pool.query(
    `INSERT INTO sale_lines (tenant_id, sale_id, line_no, line_id, product_id, sku, name, unit_price_minor, qty_milli, tax_rate_id, rate_ppm,
       line_discount_minor, cart_discount_minor, total_minor, net_minor, tax_minor)
     VALUES ($1, $2, 1, 'l1', NULL, 'SKU-0001', 'Product', 1190, 1000, 'std', 190000, 0, 0, 1190, 1000, 190)`,
    [sale.tenantId, id],
  );
  await pool.query(
    `INSERT INTO sale_tenders (tenant_id, sale_id, idx, kind, amount_minor, tendered_minor, change_minor)
     VALUES ($1, $2, 0, 'cash', 1190, 1200, 10)`,
    [sale.tenantId, id],
  );
  return id;
}

export async function insertAnomaly(pool: Pool, anomaly: { tenantId: string; storeId: string; terminalId?: string; code?: string }): Promise<number> {
  const { rows } = await pool.query<{ id: number }>(
    `INSERT INTO anomalies (tenant_id, store_id, terminal_id, seq, code, message) VALUES ($1, $2, $3, 1, $4, 'Sold an unknown SKU') RETURNING id`,
    [anomaly.tenantId, anomaly.storeId, anomaly.terminalId ?? null, anomaly.code ?? 'UNKNOWN_SKU'],
  );
  return rows[0]!.id;
}

/** An operation push stored as rejected (one bad record never blocks the queue). */
export async function insertRejectedOperation(pool: Pool, op: { tenantId: string; terminalId: string; seq: number; reason?: string }): Promise<void> {
  await pool.query(
    `INSERT INTO operations (tenant_id, terminal_id, seq, op_id, type, hash, prev_hash, status, reason, op)
     VALUES ($1, $2, $3, $4, 'sale.completed', repeat('a', 64), repeat('0', 64), 'rejected', $5, '{}')`,
    [op.tenantId, op.terminalId, op.seq, randomUUID(), op.reason ?? 'refund exceeds the original sale'],
  );
}
