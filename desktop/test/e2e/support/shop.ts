import type { Pool } from '../../../../server/src/db/pool';
import { createStore, createTenantWithAdmin, loginAdmin, ok } from '../../../../server/test/support/fixtures';

/** The people of the e2e store: one of each role, so approvals can be shown. */
export const PEOPLE = {
  cashier: { name: 'Anna Berg', role: 'cashier', pin: '1234' },
  supervisor: { name: 'Sam Ortiz', role: 'supervisor', pin: '5678' },
  manager: { name: 'Maria Keller', role: 'manager', pin: '2468' },
} as const;

export const PRODUCTS = [
  { sku: 'MILK-1L', name: 'Whole Milk 1 l', priceMinor: 119, barcode: '4000000000013', tax: 'red' },
  { sku: 'BREAD-RYE', name: 'Rye Bread 750 g', priceMinor: 349, barcode: '4000000000020', tax: 'red' },
  { sku: 'COFFEE-500', name: 'Coffee Beans 500 g', priceMinor: 899, barcode: '4000000000037', tax: 'red' },
  { sku: 'TEA-GREEN', name: 'Green Tea 20 bags', priceMinor: 279, barcode: '4000000000044', tax: 'red' },
  { sku: 'SOAP-LAV', name: 'Lavender Soap', priceMinor: 215, barcode: '4000000000051', tax: 'std' },
  { sku: 'BATT-AA4', name: 'Batteries AA 4-pack', priceMinor: 599, barcode: '4000000000068', tax: 'std' },
] as const;

export interface E2eShop {
  adminToken: string;
  storeId: string;
  tenantId: string;
}

/** A tenant, its store, three people and (optionally) the small catalog, through the admin API. */
export async function seedE2eShop(baseUrl: string, pool: Pool, options: { catalog?: boolean; storeName?: string; settings?: Record<string, unknown> } = {}): Promise<E2eShop> {
  const tenant = await createTenantWithAdmin(pool);
  const adminToken = (await loginAdmin(baseUrl, tenant.email)).token;
  // Discount limits so that approvals mean something: a cashier up to 5 %, a supervisor 25 %.
  const settings = { maxDiscountBasisPointsByRole: { cashier: 500, supervisor: 2_500, manager: 10_000 }, ...(options.storeName ? { name: options.storeName } : {}), ...options.settings };
  const storeId = (await createStore(baseUrl, adminToken, settings)).id;
  for (const person of Object.values(PEOPLE)) {
    await ok(baseUrl, 'POST', `/v1/admin/stores/${storeId}/cashiers`, { token: adminToken, body: person });
  }
  await ok(baseUrl, 'POST', '/v1/admin/tax-rates', { token: adminToken, body: { id: 'std', name: 'Standard', ratePpm: 190_000 } });
  await ok(baseUrl, 'POST', '/v1/admin/tax-rates', { token: adminToken, body: { id: 'red', name: 'Reduced', ratePpm: 70_000 } });
  if (options.catalog ?? true) {
    for (const p of PRODUCTS) {
      await ok(baseUrl, 'POST', '/v1/admin/products', {
        token: adminToken,
        body: { sku: p.sku, name: p.name, taxRateId: p.tax, priceMinor: p.priceMinor, barcodes: [p.barcode] },
      });
    }
  }
  return { adminToken, storeId, tenantId: tenant.tenantId };
}

export async function enrollmentCode(baseUrl: string, shop: E2eShop): Promise<string> {
  const { code } = await ok<{ code: string }>(baseUrl, 'POST', `/v1/admin/stores/${shop.storeId}/enrollment-codes`, { token: shop.adminToken, body: {} });
  return code;
}

/** Sales the server holds for the tenant, by receipt number. */
export async function serverSales(pool: Pool, tenantId: string): Promise<{ receipt_number: string; total_minor: number }[]> {
  const { rows } = await pool.query<{ receipt_number: string; total_minor: number }>(
    'SELECT receipt_number, total_minor FROM sales WHERE tenant_id = $1 ORDER BY receipt_number',
    [tenantId],
  );
  return rows;
}
