import type { Product } from '@keel/shared';
import type { Db } from '../store/database';
import type { ScanResult } from './types';
import { equivalentGtins, isGtinShaped, isValidGtin } from './gtin';
import { compileRules, decodeInStore, type InStoreRule } from './in-store-codes';

/** What a scanner may deliver: printable ASCII without spaces, as BarcodeValueSchema allows. */
const SCANNABLE = /^[\x21-\x7E]{1,64}$/;

/**
 * Barcode → product, on the hot path of every scan (DESIGN.md "The spine", step 1). The common
 * case is one primary-key lookup on barcodes joined to products: a prepared statement, no
 * validation of the stored JSON (it was validated by CatalogReplica.applyPage, the only writer).
 *
 * Order, so that a scan can never resolve to a wrong product:
 * 1. the code exactly as registered (the server's code → product mapping is authoritative,
 *    whatever symbology it is);
 * 2. a GTIN-shaped code (8/12/13/14 digits) must carry a correct check digit, else null: a
 *    misread never falls through to a neighbouring product;
 * 3. the other spellings of the same GTIN (UPC-A ↔ EAN-13 with a leading 0, ...);
 * 4. an in-store code (GS1 Prefix 20–29, see in-store-codes.ts): its item, with the weight or
 *    price the label carries.
 * Inactive products never resolve: they stay in the replica for history but cannot be sold.
 */
export class ScanResolver {
  private readonly rules;
  private readonly byCode;
  private readonly bySku;

  constructor(db: Db, rules: readonly InStoreRule[]) {
    this.rules = compileRules(rules);
    this.byCode = db.prepare<[string], { data: string }>(
      'SELECT p.data FROM barcodes b JOIN products p ON p.id = b.product_id WHERE b.code = ? AND p.active = 1',
    );
    this.bySku = db.prepare<[string], { data: string }>('SELECT data FROM products WHERE sku = ? AND active = 1 ORDER BY id LIMIT 1');
  }

  resolve(scanned: string): ScanResult | null {
    // Keyboard-wedge scanners append Enter or Tab; a trailing suffix is no part of the code.
    const code = scanned.trim();
    if (!SCANNABLE.test(code)) return null;
    const exact = this.lookup(code);
    if (exact) return { product: exact, qtyMilli: null, embeddedPriceMinor: null, scanned: code };
    if (!isGtinShaped(code) || !isValidGtin(code)) return null;
    for (const form of equivalentGtins(code)) {
      const product = this.lookup(form);
      if (product) return { product, qtyMilli: null, embeddedPriceMinor: null, scanned: code };
    }
    const full = code.padStart(14, '0');
    return full.startsWith('0') ? this.inStore(full.slice(1), code) : null;
  }

  /**
   * An in-store label (EAN-13 form; a GTIN-14 with a leading 0 reads the same). A weight label
   * only resolves to a product sold by weight: grams on a piece item would sell 385 pieces'
   * thousandths, a wrong line rather than a missing one.
   */
  private inStore(ean13: string, scanned: string): ScanResult | null {
    const decoded = decodeInStore(ean13, this.rules);
    if (!decoded) return null;
    const product = this.itemProduct(decoded.itemKeys);
    if (!product) return null;
    if (decoded.kind === 'weight') {
      return product.soldByWeight ? { product, qtyMilli: decoded.value, embeddedPriceMinor: null, scanned } : null;
    }
    return { product, qtyMilli: null, embeddedPriceMinor: decoded.value, scanned };
  }

  private itemProduct(keys: readonly string[]): Product | null {
    for (const key of keys) {
      const product = this.lookup(key);
      if (product) return product;
    }
    const row = keys[0] === undefined ? undefined : this.bySku.get(keys[0]);
    return row ? (JSON.parse(row.data) as Product) : null;
  }

  private lookup(code: string): Product | null {
    const row = this.byCode.get(code);
    return row ? (JSON.parse(row.data) as Product) : null;
  }
}
