import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import {
  BarcodeSchema,
  businessDateOf,
  CategorySchema,
  discountLimitFor,
  ProductSchema,
  roleAtLeast,
  StockLevelSchema,
  StoreSettingsSchema,
  UserSchema,
  UtcTimestampSchema,
  UuidSchema,
  type Product,
} from '../../src/catalog';

const product: Product = {
  id: 'p-coffee',
  sku: 'COF-500',
  name: 'Coffee beans 500 g',
  categoryId: 'c-pantry',
  taxRateId: 'vat-7',
  priceMinor: 1299,
  barcodes: ['4006381333931'],
  soldByWeight: false,
  active: true,
  updatedAt: '2025-03-01T09:30:00.000Z',
};

const settings = {
  storeId: 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d',
  name: 'Keel Corner Shop',
  addressLines: ['Hauptstraße 1', '10115 Berlin'],
  taxNumber: 'DE123456789',
  currency: 'EUR',
  taxMode: 'inclusive',
  timeZone: 'Europe/Berlin',
  businessDayStartsAt: '04:00',
  receiptHeaderLines: ['Keel Corner Shop', ''],
  receiptFooterLines: ['Thank you!'],
  shiftOverShortLimitMinor: 500,
  maxDiscountBasisPointsByRole: { cashier: 1000, supervisor: 2500, manager: 10_000 },
  updatedAt: '2025-03-01T09:30:00.000Z',
};

function issuePaths(result: z.ZodSafeParseResult<unknown>): PropertyKey[][] {
  return result.success ? [] : result.error.issues.map((i) => i.path);
}

describe('catalog schemas', () => {
  it('When a valid product is parsed, then it comes back unchanged', () => {
    expect(ProductSchema.parse(product)).toEqual(product);
  });

  it('When a product has a negative price, then parsing fails at priceMinor', () => {
    const result = ProductSchema.safeParse({ ...product, priceMinor: -1 });
    expect(issuePaths(result)).toEqual([['priceMinor']]);
  });

  it('When a product price is not an integer, then parsing fails at priceMinor', () => {
    expect(issuePaths(ProductSchema.safeParse({ ...product, priceMinor: 12.99 }))).toEqual([['priceMinor']]);
  });

  it('When a barcode contains a space, then parsing fails at that barcode', () => {
    expect(issuePaths(ProductSchema.safeParse({ ...product, barcodes: ['400638', '4006 381'] }))).toEqual([['barcodes', 1]]);
  });

  it('When a barcode, category and stock level are valid, then they parse (negative stock allowed)', () => {
    expect(BarcodeSchema.parse({ code: '4006381333931', productId: 'p-coffee', updatedAt: product.updatedAt }).code).toBe('4006381333931');
    expect(CategorySchema.parse({ id: 'c-pantry', name: 'Pantry', parentId: null, sortOrder: 3, active: true, updatedAt: product.updatedAt }).name).toBe('Pantry');
    expect(StockLevelSchema.parse({ productId: 'p-coffee', qtyMilli: -3000, updatedAt: product.updatedAt }).qtyMilli).toBe(-3000);
  });

  it('When an instant is not in Date.toISOString form, then it is refused', () => {
    expect(UtcTimestampSchema.safeParse('2025-03-01T09:30:00.000Z').success).toBe(true);
    expect(UtcTimestampSchema.safeParse(new Date('2025-03-01T09:30:00Z').toISOString()).success).toBe(true);
    expect(UtcTimestampSchema.safeParse('2025-03-01T09:30:00Z').success).toBe(false);
    expect(UtcTimestampSchema.safeParse('2025-03-01T10:30:00.000+01:00').success).toBe(false);
    expect(UtcTimestampSchema.safeParse('2025-02-30T09:30:00.000Z').success).toBe(false);
  });

  it('When a UUID is upper case or not a UUID, then it is refused', () => {
    expect(UuidSchema.safeParse('3f2b8c1e-7a4d-4e5f-9b6a-1c2d3e4f5a6b').success).toBe(true);
    expect(UuidSchema.safeParse('3F2B8C1E-7A4D-4E5F-9B6A-1C2D3E4F5A6B').success).toBe(false);
    expect(UuidSchema.safeParse('not-a-uuid').success).toBe(false);
  });

  it('When a user carries a plain PIN instead of a hash, then parsing fails at pinHash', () => {
    const user = {
      id: 'u-anna',
      name: 'Anna',
      role: 'cashier',
      pinHash: 'scrypt$16384$8$1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo',
      active: true,
      maxDiscountBasisPoints: null,
      updatedAt: product.updatedAt,
    };
    expect(UserSchema.parse(user).role).toBe('cashier');
    expect(issuePaths(UserSchema.safeParse({ ...user, pinHash: '1234567890123456' }))).toEqual([['pinHash']]);
    expect(issuePaths(UserSchema.safeParse({ ...user, role: 'owner' }))).toEqual([['role']]);
  });

  it('When store settings omit rounding, then the pricing defaults apply', () => {
    const parsed = StoreSettingsSchema.parse(settings);
    expect(parsed.roundingMode).toBe('half-up');
    expect(parsed.cashRoundingMinor).toBe(1);
    expect(parsed.timeZone).toBe('Europe/Berlin');
  });

  it('When store settings have an unknown time zone or a bad day start, then the path names the field', () => {
    expect(issuePaths(StoreSettingsSchema.safeParse({ ...settings, timeZone: 'Mars/Olympus' }))).toEqual([['timeZone']]);
    expect(issuePaths(StoreSettingsSchema.safeParse({ ...settings, businessDayStartsAt: '24:00' }))).toEqual([['businessDayStartsAt']]);
    expect(issuePaths(StoreSettingsSchema.safeParse({ ...settings, receiptFooterLines: ['a\nb'] }))).toEqual([['receiptFooterLines', 0]]);
  });
});

describe('business day', () => {
  it('When a sale is at 00:30 local and the day starts at 04:00, then it belongs to the previous day', () => {
    // 23:30 UTC on 1 March is 00:30 on 2 March in Berlin (UTC+1).
    expect(businessDateOf('2025-03-01T23:30:00.000Z', 'Europe/Berlin', '04:00')).toBe('2025-03-01');
  });

  it('When the local time is exactly the day start, then it belongs to that calendar day', () => {
    expect(businessDateOf('2025-03-02T03:00:00.000Z', 'Europe/Berlin', '04:00')).toBe('2025-03-02');
    expect(businessDateOf('2025-03-02T02:59:00.000Z', 'Europe/Berlin', '04:00')).toBe('2025-03-01');
  });

  it('When the day starts at midnight, then the business date is the local calendar date', () => {
    expect(businessDateOf('2025-03-01T23:30:00.000Z', 'Europe/Berlin', '00:00')).toBe('2025-03-02');
    expect(businessDateOf('2025-03-01T23:30:00.000Z', 'America/New_York', '00:00')).toBe('2025-03-01');
  });

  it('When the previous day is in the previous year, then the date rolls back across the year', () => {
    expect(businessDateOf('2025-01-01T00:30:00.000Z', 'UTC', '04:00')).toBe('2024-12-31');
    expect(businessDateOf('2024-03-01T01:00:00.000Z', 'UTC', '02:00')).toBe('2024-02-29');
  });

  it('When clocks go forward overnight, then the wall clock still decides', () => {
    // 2025-03-30 02:00 Berlin jumps to 03:00; 01:30 UTC is 03:30 local (CEST).
    expect(businessDateOf('2025-03-30T01:30:00.000Z', 'Europe/Berlin', '04:00')).toBe('2025-03-29');
    expect(businessDateOf('2025-03-30T02:00:00.000Z', 'Europe/Berlin', '04:00')).toBe('2025-03-30');
  });
});

describe('roles and discount limits', () => {
  it('When comparing roles, then authority is cashier < supervisor < manager', () => {
    expect(roleAtLeast('manager', 'supervisor')).toBe(true);
    expect(roleAtLeast('supervisor', 'supervisor')).toBe(true);
    expect(roleAtLeast('cashier', 'supervisor')).toBe(false);
  });

  it('When a user has no own limit, then the store limit for the role applies', () => {
    const parsed = StoreSettingsSchema.parse(settings);
    expect(discountLimitFor({ role: 'supervisor', maxDiscountBasisPoints: null }, parsed)).toBe(2500);
    expect(discountLimitFor({ role: 'cashier', maxDiscountBasisPoints: 500 }, parsed)).toBe(500);
  });
});
