import { describe, expect, it } from 'vitest';
import { CatalogReplica } from '../../src/core/catalog/replica';
import { isValidGtin } from '../../src/core/catalog/gtin';
import { freshLedger, product, upsert } from './fixtures';

/**
 * Known-valid codes (published examples): EAN-13 4006381333931, EAN-8 96385074,
 * UPC-A 036000291452 and 042100005264. In-store labels were computed by hand with the GS1
 * mod-10 rule: 2100123 00385 → 3, 2200456 01299 → 4, 2100999 00385 → 8, 2100124 00385 → 2,
 * 2100777 00000 → 0, 2100777 01234 → 8.
 */
function catalog(options?: ConstructorParameters<typeof CatalogReplica>[1]) {
  const { db } = freshLedger();
  const replica = new CatalogReplica(db, options);
  replica.applyPage(
    [
      upsert.product(product('ean13', { barcodes: ['4006381333931'] })),
      upsert.product(product('ean8', { barcodes: ['96385074'] })),
      // Registered in EAN-13 form, scanned as UPC-A.
      upsert.product(product('upc-as-ean', { barcodes: ['0036000291452'] })),
      // Registered as UPC-A, scanned in EAN-13 form.
      upsert.product(product('upc', { barcodes: ['042100005264'] })),
      upsert.product(product('code128', { barcodes: ['ABC-123'] })),
      // In-store items: barcode "21" + item, SKU "22" + item (the two mapping routes).
      upsert.product(product('cheese', { soldByWeight: true, priceMinor: 1890, barcodes: ['2100123'] })),
      upsert.product(product('cake', { sku: '2200456' })),
      // The zero-value EAN-13 of item 2100777, as scale systems register a PLU (check digit 0).
      upsert.product(product('apples', { soldByWeight: true, barcodes: ['2100777000000'] })),
      upsert.product(product('piece-item', { barcodes: ['2100999'] })),
      upsert.product(product('retired', { active: false, barcodes: ['5901234123457'] })),
    ],
    'c1',
  );
  return replica;
}

const cases: { name: string; scan: string; id: string | null; qtyMilli?: number | null; priceMinor?: number | null }[] = [
  { name: 'a valid EAN-13 registered as such', scan: '4006381333931', id: 'ean13' },
  { name: 'a valid EAN-8', scan: '96385074', id: 'ean8' },
  { name: 'a UPC-A whose EAN-13 form (leading 0) is registered', scan: '036000291452', id: 'upc-as-ean' },
  { name: 'an EAN-13 with leading 0 whose UPC-A form is registered', scan: '0042100005264', id: 'upc' },
  { name: 'a GTIN-14 with leading zeros of a registered EAN-13', scan: '04006381333931', id: 'ean13' },
  { name: 'a non-GTIN code (Code 128) registered exactly', scan: 'ABC-123', id: 'code128' },
  { name: 'a code with the Enter a wedge scanner appends', scan: '4006381333931\r\n', id: 'ean13' },
  { name: 'an EAN-13 with a wrong check digit', scan: '4006381333932', id: null },
  { name: 'an EAN-8 with a wrong check digit', scan: '96385075', id: null },
  { name: 'a UPC-A with a wrong check digit', scan: '036000291453', id: null },
  { name: 'a weighed label 21 with 0.385 kg', scan: '2100123003853', id: 'cheese', qtyMilli: 385, priceMinor: null },
  { name: 'a weighed label with a wrong check digit', scan: '2100123003854', id: null },
  { name: 'a priced label 22 with 12.99 (product by SKU)', scan: '2200456012994', id: 'cake', qtyMilli: null, priceMinor: 1299 },
  { name: 'a weight label for a product not sold by weight', scan: '2100999003858', id: null },
  { name: 'an in-store label for an unknown item', scan: '2100124003852', id: null },
  { name: 'a valid but unknown EAN-13', scan: '5012345678900', id: null },
  { name: 'an inactive product', scan: '5901234123457', id: null },
  { name: 'an empty or non-printable scan', scan: ' ', id: null },
];

describe('CatalogReplica.resolveScan', () => {
  for (const c of cases) {
    it(`When ${c.name} is scanned (${JSON.stringify(c.scan)}), then it resolves to ${c.id ?? 'nothing'}`, () => {
      const result = catalog().resolveScan(c.scan);
      expect(result?.product.id ?? null).toBe(c.id);
      if (result && c.qtyMilli !== undefined) expect(result.qtyMilli).toBe(c.qtyMilli);
      if (result && c.priceMinor !== undefined) expect(result.embeddedPriceMinor).toBe(c.priceMinor);
      if (result) expect(result.scanned).toBe(c.scan.trim());
    });
  }

  it('When the test table states a code is valid or not, then the GS1 check agrees (the table is no circular proof)', () => {
    const valid = ['4006381333931', '96385074', '036000291452', '042100005264', '5012345678900', '5901234123457'];
    const labels = ['2100123003853', '2200456012994', '2100999003858', '2100124003852', '2100777000000', '2100777012348'];
    expect([...valid, ...labels].filter((code) => !isValidGtin(code))).toEqual([]);
    expect(['4006381333932', '96385075', '036000291453', '2100123003854', '2100777012340'].filter(isValidGtin)).toEqual([]);
  });

  it('When a plain code and its weight-label item both exist, then the plain code scans without a quantity', () => {
    expect(catalog().resolveScan('2100123')).toMatchObject({ qtyMilli: null, embeddedPriceMinor: null, product: { id: 'cheese' } });
  });

  it('When the scale registers the zero-value EAN-13 of the item, then a label for it resolves', () => {
    const replica = catalog();
    expect(replica.resolveScan('2100777012348')).toMatchObject({ product: { id: 'apples' }, qtyMilli: 1234 });
    expect(replica.resolveScan('2100777012340')).toBeNull(); // the same label with a wrong check digit
  });

  it('When a store configures its own rules, then they replace the defaults', () => {
    const custom = catalog({ inStoreRules: [{ prefix: '22', kind: 'weight' }, { prefix: '21', kind: 'price' }] });
    expect(custom.resolveScan('2100123003853')).toMatchObject({ product: { id: 'cheese' }, qtyMilli: null, embeddedPriceMinor: 385 });
    expect(() => catalog({ inStoreRules: [{ prefix: '21', kind: 'price', itemDigits: 4 }] })).toThrow(RangeError);
    expect(() => catalog({ inStoreRules: [{ prefix: '31', kind: 'price' }] })).toThrow(RangeError);
  });
});
