// Shared data of the reports benchmark fixture (reports-fixture.ts): the terminal, its store
// settings, people and catalog.
import { randomBytes, scryptSync } from 'node:crypto';
import type { CatalogChange, Product, StoreSettings, User } from '@keel/shared';

export const TERMINAL = { terminalId: '0f0e0d0c-0b0a-4908-8706-050403020100', storeId: '6f1c2b9e-4d3a-4c5b-9e8f-0a1b2c3d4e5f', terminalCode: 'T01' };
export const MEASURED_DATE = '2026-03-02';
export const PINS = { cashier: '1111', supervisor: '2222', manager: '3333' };
export const PRODUCTS = 500;
const CATEGORIES = 20;
const AT = '2025-01-01T00:00:00.000Z';

export const SETTINGS: StoreSettings = {
  storeId: TERMINAL.storeId,
  name: 'Bench Store',
  currency: 'EUR',
  taxMode: 'inclusive',
  roundingMode: 'half-up',
  cashRoundingMinor: 5,
  addressLines: [],
  taxNumber: null,
  timeZone: 'Europe/Berlin',
  businessDayStartsAt: '04:00',
  receiptHeaderLines: [],
  receiptFooterLines: [],
  shiftOverShortLimitMinor: 100_000,
  maxDiscountBasisPointsByRole: { cashier: 1000, supervisor: 2000, manager: 5000 },
  updatedAt: AT,
};

function pinHash(pin: string): string {
  const salt = randomBytes(16);
  return `scrypt$1024$8$1$${salt.toString('base64url')}$${scryptSync(pin, salt, 32, { N: 1024, r: 8, p: 1 }).toString('base64url')}`;
}

export const USERS: User[] = [
  ...[1, 2, 3, 4, 5, 6].map((n): User => ({ id: `u${n}`, name: `Cashier ${n}`, role: 'cashier', pinHash: pinHash(PINS.cashier), active: true, maxDiscountBasisPoints: null, updatedAt: AT })),
  { id: 'sup', name: 'Supervisor', role: 'supervisor', pinHash: pinHash(PINS.supervisor), active: true, maxDiscountBasisPoints: null, updatedAt: AT },
  { id: 'mgr', name: 'Manager', role: 'manager', pinHash: pinHash(PINS.manager), active: true, maxDiscountBasisPoints: null, updatedAt: AT },
];

export function catalog(): CatalogChange[] {
  const products: Product[] = Array.from({ length: PRODUCTS }, (_, k) => {
    const n = String(k + 1).padStart(4, '0');
    return {
      id: `p${n}`,
      sku: `SKU-${n}`,
      name: `Product ${n}`,
      categoryId: `c${String((k % CATEGORIES) + 1).padStart(2, '0')}`,
      taxRateId: k % 3 === 0 ? 'std' : 'red',
      priceMinor: 99 + ((k * 37) % 2000),
      barcodes: [],
      soldByWeight: false,
      active: true,
      updatedAt: AT,
    };
  });
  return [
    { entity: 'taxRate', op: 'upsert', id: 'std', data: { id: 'std', name: 'VAT 19 %', ratePpm: 190_000 } },
    { entity: 'taxRate', op: 'upsert', id: 'red', data: { id: 'red', name: 'VAT 7 %', ratePpm: 70_000 } },
    ...Array.from({ length: CATEGORIES }, (_, k): CatalogChange => {
      const id = `c${String(k + 1).padStart(2, '0')}`;
      return { entity: 'category', op: 'upsert', id, data: { id, name: `Category ${k + 1}`, parentId: null, sortOrder: k, active: true, updatedAt: AT } };
    }),
    ...products.map((p): CatalogChange => ({ entity: 'product', op: 'upsert', id: p.id, data: p })),
    ...USERS.map((u): CatalogChange => ({ entity: 'user', op: 'upsert', id: u.id, data: u })),
    { entity: 'storeSettings', op: 'upsert', id: TERMINAL.storeId, data: SETTINGS },
  ];
}
