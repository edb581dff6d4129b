import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CatalogChangeSchema, parseCatalogChangeFast } from '../../src/sync';

// parseCatalogChangeFast is what the server and the terminal run on every pulled change; it must
// give CatalogChangeSchema's verdict and value on every input, valid or not.

const updatedAt = '2026-03-01T09:00:00.000Z';
const product = {
  id: 'p-coffee',
  sku: 'COF-500',
  name: 'Coffee beans 500 g',
  categoryId: null,
  taxRateId: 'vat-7',
  priceMinor: 899,
  barcodes: ['4006381333931'],
  soldByWeight: false,
  active: true,
  updatedAt,
};
const VALID: Record<string, unknown>[] = [
  { entity: 'product', op: 'upsert', id: 'p-coffee', data: product },
  { entity: 'barcode', op: 'upsert', id: '4006381333931', data: { code: '4006381333931', productId: 'p-coffee', updatedAt } },
  { entity: 'category', op: 'delete', id: 'c-old' },
  { entity: 'taxRate', op: 'upsert', id: 'vat-7', data: { id: 'vat-7', name: 'VAT 7 %', ratePpm: 70_000 } },
  { entity: 'stockLevel', op: 'upsert', id: 'p-coffee', data: { productId: 'p-coffee', qtyMilli: -2000, updatedAt } },
  { entity: 'user', op: 'delete', id: 'u-gone' },
];

const junk = fc.oneof(fc.string(), fc.integer(), fc.constant(null), fc.constant(undefined), fc.boolean(), fc.constant({}), fc.constant([]), fc.double());

/** A valid change with one thing changed: a top-level or data field replaced, removed or added. */
const mutated = fc
  .tuple(fc.constantFrom(...VALID), fc.constantFrom('top', 'data'), fc.constantFrom('entity', 'op', 'id', 'data', 'sku', 'priceMinor', 'code', 'productId', 'ratePpm', 'qtyMilli', 'barcodes', 'extra'), fc.option(junk))
  .map(([base, level, key, value]) => {
    const copy: Record<string, unknown> = structuredClone(base);
    const target = level === 'top' || typeof copy.data !== 'object' ? copy : (copy.data as Record<string, unknown>);
    if (value === null) delete target[key];
    else target[key] = value;
    return copy;
  });

function verdicts(input: unknown): void {
  const full = CatalogChangeSchema.safeParse(input);
  const fast = parseCatalogChangeFast(input);
  expect(fast !== null).toBe(full.success);
  if (full.success) expect(fast).toEqual(full.data);
}

describe('parseCatalogChangeFast', () => {
  it('When a change is valid, then it returns what CatalogChangeSchema returns', () => {
    for (const change of VALID) verdicts(change);
    verdicts({ ...VALID[0], unknownKey: 1 }); // stripped by both
  });

  it('When a valid change is mutated at random, then it agrees with CatalogChangeSchema on the verdict and the value', () => {
    fc.assert(fc.property(mutated, (change) => verdicts(change)), { numRuns: 3000 });
  });

  it('When the input is not even an object, then both refuse it', () => {
    fc.assert(fc.property(junk, (value) => verdicts(value)));
  });
});
