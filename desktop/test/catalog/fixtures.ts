import path from 'node:path';
import type { CatalogChange, Product, StoreSettings, User } from '@keel/shared';
import { openDatabase, type Db } from '../../src/core/store/database';
import { migrate } from '../../src/core/store/migrate';
import { tempDir } from '../support/temp';

/** A migrated ledger in a fresh temp dir (real file, never :memory:), and its path for reopening. */
export function freshLedger(): { db: Db; file: string } {
  const file = path.join(tempDir(), 'keel.sqlite');
  const db = openDatabase(file);
  migrate(db);
  return { db, file };
}

export const AT = '2026-03-01T09:00:00.000Z';
export const STORE_ID = '6f1c2b9e-4d3a-4c5b-9e8f-0a1b2c3d4e5f';

export function product(id: string, overrides: Partial<Product> = {}): Product {
  return {
    id,
    sku: `SKU-${id}`,
    name: `Product ${id}`,
    categoryId: 'cat-1',
    taxRateId: 'vat-19',
    priceMinor: 199,
    barcodes: [],
    soldByWeight: false,
    active: true,
    updatedAt: AT,
    ...overrides,
  };
}

export function user(id: string, pinHash: string, overrides: Partial<User> = {}): User {
  return { id, name: `User ${id}`, role: 'cashier', pinHash, active: true, maxDiscountBasisPoints: null, updatedAt: AT, ...overrides };
}

export function storeSettings(overrides: Partial<StoreSettings> = {}): StoreSettings {
  return {
    storeId: STORE_ID,
    name: 'Corner Shop',
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
    updatedAt: AT,
    ...overrides,
  };
}

/** Builders for changes as the server sends them (id = the entity's sync key). */
export const upsert = {
  product: (p: Product): CatalogChange => ({ entity: 'product', op: 'upsert', id: p.id, data: p }),
  barcode: (code: string, productId: string): CatalogChange => ({ entity: 'barcode', op: 'upsert', id: code, data: { code, productId, updatedAt: AT } }),
  category: (id: string, name = `Category ${id}`): CatalogChange => ({
    entity: 'category',
    op: 'upsert',
    id,
    data: { id, name, parentId: null, sortOrder: 0, active: true, updatedAt: AT },
  }),
  taxRate: (id: string, ratePpm: number): CatalogChange => ({ entity: 'taxRate', op: 'upsert', id, data: { id, name: id, ratePpm } }),
  user: (u: User): CatalogChange => ({ entity: 'user', op: 'upsert', id: u.id, data: u }),
  settings: (s: StoreSettings): CatalogChange => ({ entity: 'storeSettings', op: 'upsert', id: s.storeId, data: s }),
  stock: (productId: string, qtyMilli: number): CatalogChange => ({ entity: 'stockLevel', op: 'upsert', id: productId, data: { productId, qtyMilli, updatedAt: AT } }),
};

export function remove(entity: CatalogChange['entity'], id: string): CatalogChange {
  return { entity, op: 'delete', id };
}

/** Every replica row, for comparing whole states. */
export function dumpReplica(db: Db): Record<string, unknown[]> {
  const tables = ['products', 'barcodes', 'categories', 'tax_rates', 'users', 'store_settings', 'stock_levels'];
  const dump: Record<string, unknown[]> = {};
  for (const t of tables) dump[t] = db.prepare(`SELECT * FROM ${t} ORDER BY 1`).all();
  dump['meta'] = db.prepare("SELECT key, value FROM meta WHERE key LIKE 'pull.%' ORDER BY key").all();
  return dump;
}
