// A terminal core for benchmarks that needs no server: a real ledger file, a catalog of N
// products fed through CatalogReplica.applyPage in pull-sized pages (the only writer of the
// replica, exactly as the pull engine feeds it), an identity as enrollment would store it, a
// logged-in cashier and an open shift. Sync is off; what is measured is the till itself.
import fs from 'node:fs';
import { randomBytes, randomUUID, scryptSync } from 'node:crypto';
import type { CatalogChange, Product, StoreSettings, User } from '@keel/shared';
import { TerminalCore } from '../../desktop/src/core/terminal-core';

export const BENCH_AT = '2026-03-02T09:00:00.000Z';

/** A scrypt PIN hash in the server's format, with a small N: only the login uses it. */
function pinHash(pin: string): string {
  const salt = randomBytes(16);
  const key = scryptSync(pin, salt, 32, { N: 1024, r: 8, p: 1 });
  return `scrypt$1024$8$1$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

/** The barcode of product i (0-based): 13 digits, unique, in a range no GTIN rule reinterprets. */
export function benchBarcode(i: number): string {
  return `9${String(i).padStart(11, '0')}0`;
}

export function benchProduct(i: number): Product {
  return {
    id: `p-${i}`,
    sku: `SKU-${String(i).padStart(6, '0')}`,
    name: `Product ${i} ${i % 7 === 0 ? 'organic' : 'classic'} ${['tea', 'bread', 'soap', 'milk', 'rice'][i % 5]}`,
    categoryId: 'cat-1',
    taxRateId: i % 3 === 0 ? 'vat-7' : 'vat-19',
    priceMinor: 99 + (i % 500) * 13,
    barcodes: [benchBarcode(i)],
    soldByWeight: false,
    active: true,
    updatedAt: BENCH_AT,
  };
}

export function benchSettings(storeId: string): StoreSettings {
  return {
    storeId,
    name: 'Bench Shop',
    currency: 'EUR',
    taxMode: 'inclusive',
    roundingMode: 'half-up',
    cashRoundingMinor: 1,
    addressLines: ['Hauptstr. 1'],
    taxNumber: null,
    timeZone: 'Europe/Berlin',
    businessDayStartsAt: '04:00',
    receiptHeaderLines: [],
    receiptFooterLines: [],
    shiftOverShortLimitMinor: 500,
    maxDiscountBasisPointsByRole: { cashier: 1000, supervisor: 2000, manager: 10_000 },
    updatedAt: BENCH_AT,
  };
}

/** The catalog as pull pages of `pageSize` changes each: rates, category, cashier, settings, then products with their barcodes. */
export function catalogPages(products: number, storeId: string, cashier: User, pageSize = 1000): CatalogChange[][] {
  const head: CatalogChange[] = [
    { entity: 'taxRate', op: 'upsert', id: 'vat-19', data: { id: 'vat-19', name: 'VAT 19 %', ratePpm: 190_000 } },
    { entity: 'taxRate', op: 'upsert', id: 'vat-7', data: { id: 'vat-7', name: 'VAT 7 %', ratePpm: 70_000 } },
    { entity: 'category', op: 'upsert', id: 'cat-1', data: { id: 'cat-1', name: 'Groceries', parentId: null, sortOrder: 0, active: true, updatedAt: BENCH_AT } },
    { entity: 'user', op: 'upsert', id: cashier.id, data: cashier },
    { entity: 'storeSettings', op: 'upsert', id: storeId, data: benchSettings(storeId) },
  ];
  const pages: CatalogChange[][] = [head];
  let page: CatalogChange[] = [];
  for (let i = 0; i < products; i++) {
    const p = benchProduct(i);
    page.push({ entity: 'product', op: 'upsert', id: p.id, data: p });
    page.push({ entity: 'barcode', op: 'upsert', id: benchBarcode(i), data: { code: benchBarcode(i), productId: p.id, updatedAt: BENCH_AT } });
    if (page.length >= pageSize) {
      pages.push(page);
      page = [];
    }
  }
  if (page.length > 0) pages.push(page);
  return pages;
}

/**
 * Opens a core in `dataDir` with `products` products, enrolled (identity written as enrollment
 * would: the server URL is never contacted), the cashier logged in and a shift open.
 */
export async function benchTill(dataDir: string, products: number): Promise<TerminalCore> {
  const storeId = randomUUID();
  const cashier: User = { id: 'u-bench', name: 'Bench', role: 'cashier', pinHash: pinHash('1234'), active: true, maxDiscountBasisPoints: null, updatedAt: BENCH_AT };
  fs.mkdirSync(dataDir, { recursive: true });
  let core = await TerminalCore.open({ dataDir, appVersion: 'bench', autoSync: false });
  catalogPages(products, storeId, cashier).forEach((changes, i) => core.replica.applyPage(changes, `bench-${i}`));
  core.meta.set('identity', {
    serverUrl: 'http://127.0.0.1:9',
    tenantId: randomUUID(),
    storeId,
    terminalId: randomUUID(),
    terminalCode: 'T01',
    token: 'kt_bench_token_not_used_anywhere',
  });
  core.close();
  core = await TerminalCore.open({ dataDir, appVersion: 'bench', autoSync: false });
  core.session.set(core.people.login(cashier.id, '1234'));
  core.services().shifts.open(10_000);
  return core;
}
