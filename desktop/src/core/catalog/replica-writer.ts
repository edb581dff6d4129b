import type { CatalogChange } from '@keel/shared';
import type { Db } from '../store/database';

type Upsert<E extends CatalogChange['entity']> = Extract<CatalogChange, { entity: E; op: 'upsert' }>['data'];

/**
 * Writes validated catalog changes into the replica tables. Every write is idempotent (upsert by
 * the sync id, delete by it), so a page applied twice leaves the same replica (DESIGN.md
 * "Sync protocol v1": delivery is at-least-once). The catalog is server-authoritative: rows are
 * overwritten, never merged. Runs inside CatalogReplica.applyPage's transaction only.
 */
export class ReplicaWriter {
  private readonly s;

  constructor(db: Db) {
    this.s = {
      product: db.prepare<[string, string, string, string | null, string, number, number, number, string]>(
        `INSERT INTO products (id, sku, name, category_id, tax_rate_id, price_minor, sold_by_weight, active, data)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET sku = excluded.sku, name = excluded.name, category_id = excluded.category_id,
           tax_rate_id = excluded.tax_rate_id, price_minor = excluded.price_minor, sold_by_weight = excluded.sold_by_weight,
           active = excluded.active, data = excluded.data`,
      ),
      productDelete: db.prepare<[string]>('DELETE FROM products WHERE id = ?'),
      productBarcodesDelete: db.prepare<[string]>('DELETE FROM barcodes WHERE product_id = ?'),
      barcode: db.prepare<[string, string]>(
        'INSERT INTO barcodes (code, product_id) VALUES (?, ?) ON CONFLICT (code) DO UPDATE SET product_id = excluded.product_id',
      ),
      barcodeDelete: db.prepare<[string]>('DELETE FROM barcodes WHERE code = ?'),
      category: db.prepare<[string, string, string]>(
        'INSERT INTO categories (id, name, data) VALUES (?, ?, ?) ON CONFLICT (id) DO UPDATE SET name = excluded.name, data = excluded.data',
      ),
      categoryDelete: db.prepare<[string]>('DELETE FROM categories WHERE id = ?'),
      taxRate: db.prepare<[string, string, number, string]>(
        `INSERT INTO tax_rates (id, name, rate_ppm, data) VALUES (?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, rate_ppm = excluded.rate_ppm, data = excluded.data`,
      ),
      taxRateDelete: db.prepare<[string]>('DELETE FROM tax_rates WHERE id = ?'),
      user: db.prepare(
        `INSERT INTO users (id, name, role, pin_hash, active, data) VALUES (@id, @name, @role, @pinHash, @active, @data)
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, role = excluded.role, pin_hash = excluded.pin_hash,
           active = excluded.active, data = excluded.data`,
      ),
      userDelete: db.prepare<[string]>('DELETE FROM users WHERE id = ?'),
      // One store per terminal: the row is always id 1, whichever storeId the data names.
      settings: db.prepare<[string]>('INSERT INTO store_settings (id, data) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET data = excluded.data'),
      settingsDelete: db.prepare<[string]>("DELETE FROM store_settings WHERE json_extract(data, '$.storeId') = ?"),
      stock: db.prepare<[string, number, string]>(
        `INSERT INTO stock_levels (product_id, qty_milli, updated_at) VALUES (?, ?, ?)
         ON CONFLICT (product_id) DO UPDATE SET qty_milli = excluded.qty_milli, updated_at = excluded.updated_at`,
      ),
      stockDelete: db.prepare<[string]>('DELETE FROM stock_levels WHERE product_id = ?'),
    };
  }

  /**
   * Applies one change. `mark` is told every (entity, id) an upsert wrote, for the snapshot sweep.
   */
  apply(change: CatalogChange, mark: (entity: CatalogChange['entity'], id: string) => void): void {
    if (change.op === 'delete') {
      this.remove(change.entity, change.id);
      return;
    }
    switch (change.entity) {
      case 'product':
        this.product(change.data, mark);
        break;
      case 'barcode':
        this.s.barcode.run(change.data.code, change.data.productId);
        break;
      case 'category':
        this.s.category.run(change.data.id, change.data.name, JSON.stringify(change.data));
        break;
      case 'taxRate':
        this.s.taxRate.run(change.data.id, change.data.name, change.data.ratePpm, JSON.stringify(change.data));
        break;
      case 'user':
        this.user(change.data);
        break;
      case 'storeSettings':
        this.s.settings.run(JSON.stringify(change.data));
        break;
      case 'stockLevel':
        this.s.stock.run(change.data.productId, change.data.qtyMilli, change.data.updatedAt);
        break;
    }
    mark(change.entity, change.id);
  }

  /**
   * A product row carries the product's whole barcode set (server: catalog-products.ts records
   * the product after replacing its codes, in one transaction), so its codes are replaced here:
   * the separate barcode changes that follow are then no-ops, and a replica fed only product
   * rows still scans. A code listed here that another product held moves to this one, as the
   * server only lets a code belong to one product.
   */
  private product(p: Upsert<'product'>, mark: (entity: CatalogChange['entity'], id: string) => void): void {
    // Positional parameters: binding by name costs a property lookup per column, per product.
    this.s.product.run(p.id, p.sku, p.name, p.categoryId, p.taxRateId, p.priceMinor, p.soldByWeight ? 1 : 0, p.active ? 1 : 0, JSON.stringify(p));
    this.s.productBarcodesDelete.run(p.id);
    for (const code of p.barcodes) {
      this.s.barcode.run(code, p.id);
      mark('barcode', code);
    }
  }

  /** The PIN hash lives in its column only: the data copy leaves it out so it is stored once. */
  private user(u: Upsert<'user'>): void {
    const { pinHash, ...rest } = u;
    this.s.user.run({ id: u.id, name: u.name, role: u.role, pinHash, active: u.active ? 1 : 0, data: JSON.stringify(rest) });
  }

  private remove(entity: CatalogChange['entity'], id: string): void {
    switch (entity) {
      case 'product':
        // Its codes go with it: a code must never resolve to a product the server removed.
        this.s.productBarcodesDelete.run(id);
        this.s.productDelete.run(id);
        break;
      case 'barcode':
        this.s.barcodeDelete.run(id);
        break;
      case 'category':
        this.s.categoryDelete.run(id);
        break;
      case 'taxRate':
        this.s.taxRateDelete.run(id);
        break;
      case 'user':
        this.s.userDelete.run(id);
        break;
      case 'storeSettings':
        this.s.settingsDelete.run(id);
        break;
      case 'stockLevel':
        this.s.stockDelete.run(id);
        break;
    }
  }
}
