import { describe, expect, it } from 'vitest';
import { KeelError } from '@keel/shared';
import { CatalogReplica } from '../../src/core/catalog/replica';
import type { CatalogSink } from '../../src/core/sync/engine';
import { openDatabase } from '../../src/core/store/database';
import { dumpReplica, freshLedger, product, remove, storeSettings, upsert, user, STORE_ID } from './fixtures';

const count = (db: ReturnType<typeof freshLedger>['db'], table: string) =>
  (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
const snapshot = (done: number, total: number) => ({ phase: 'snapshot' as const, progress: { done, total } });
const LOG = { phase: 'log' as const };
const FAKE_HASH = 'scrypt$16384$8$1$c2FsdHNhbHRzYWx0$a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2U';

describe('CatalogReplica.applyPage', () => {
  it('When a snapshot and then log pages arrive, then the replica holds the server state with cursor and progress', () => {
    const { db } = freshLedger();
    const replica = new CatalogReplica(db);
    const first = [upsert.taxRate('vat-19', 190_000), upsert.category('cat-1'), upsert.product(product('p1', { barcodes: ['4006381333931'] }))];
    expect(replica.applyPage(first, 'c1', snapshot(3, 5))).toEqual({ applied: 3, cursor: 'c1', swept: 0 });
    expect(replica.progress()).toEqual({ phase: 'snapshot', done: 3, total: 5 });
    replica.applyPage([upsert.barcode('4006381333931', 'p1'), upsert.settings(storeSettings())], 'c2', snapshot(5, 5));
    replica.applyPage(
      [upsert.product(product('p1', { priceMinor: 249, barcodes: ['4006381333931'] })), upsert.product(product('p2')), upsert.stock('p1', 12_000)],
      'c3',
      LOG,
    );
    expect(replica.cursor()).toBe('c3');
    expect(replica.progress()).toBeNull();
    expect(replica.getProduct('p1')?.priceMinor).toBe(249);
    expect(replica.resolveScan('4006381333931')?.product.id).toBe('p1');
    expect(replica.taxRates()).toEqual([{ id: 'vat-19', name: 'vat-19', ratePpm: 190_000 }]);
    expect(replica.settings()?.storeId).toBe(STORE_ID);
    expect(db.prepare('SELECT qty_milli FROM stock_levels WHERE product_id = ?').get('p1')).toEqual({ qty_milli: 12_000 });
  });

  it('When the sync engine hands over a whole pull response, then it is applied the same way', () => {
    const { db } = freshLedger();
    const replica = new CatalogReplica(db);
    // The engine's CatalogSink (src/core/sync/engine.ts) is satisfied by the replica itself.
    const sink: CatalogSink = replica;
    sink.applyPage({ changes: [upsert.product(product('p1'))], cursor: 'c1', hasMore: true, ackedSeq: 0, snapshot: snapshot(1, 2) });
    expect(replica.progress()).toEqual({ phase: 'snapshot', done: 1, total: 2 });
    expect(sink.cursor()).toBe('c1');
    expect(replica.getProduct('p1')?.id).toBe('p1');
  });

  it('When deletes arrive, then the rows go and a deleted product takes its barcodes with it', () => {
    const { db } = freshLedger();
    const replica = new CatalogReplica(db);
    replica.applyPage(
      [upsert.product(product('p1', { barcodes: ['96385074', '4006381333931'] })), upsert.category('cat-9'), upsert.settings(storeSettings()), upsert.stock('p1', 5)],
      'c1',
    );
    replica.applyPage([remove('barcode', '96385074')], 'c2');
    expect(replica.resolveScan('96385074')).toBeNull();
    expect(replica.resolveScan('4006381333931')?.product.id).toBe('p1');
    replica.applyPage([remove('product', 'p1'), remove('category', 'cat-9'), remove('storeSettings', STORE_ID), remove('stockLevel', 'p1')], 'c3');
    expect(replica.getProduct('p1')).toBeNull();
    expect(replica.resolveScan('4006381333931')).toBeNull();
    expect(replica.settings()).toBeNull();
    for (const t of ['products', 'barcodes', 'categories', 'store_settings', 'stock_levels']) expect(count(db, t)).toBe(0);
  });

  it('When the same pages are applied twice (at-least-once delivery), then the replica is unchanged the second time', () => {
    const { db } = freshLedger();
    const replica = new CatalogReplica(db);
    const pages = [
      { changes: [upsert.product(product('p1', { barcodes: ['4006381333931'] })), upsert.user(user('u1', FAKE_HASH))], cursor: 'c1' },
      { changes: [upsert.barcode('96385074', 'p1'), remove('barcode', '4006381333931'), upsert.stock('p1', -2000)], cursor: 'c2' },
    ];
    for (const p of pages) replica.applyPage(p.changes, p.cursor);
    const once = dumpReplica(db);
    for (const p of pages) replica.applyPage(p.changes, p.cursor);
    expect(dumpReplica(db)).toEqual(once);
  });

  it('When one change of a page is invalid, then the whole page is refused with INVALID_INPUT naming it and nothing is applied', () => {
    const { db } = freshLedger();
    const replica = new CatalogReplica(db);
    replica.applyPage([upsert.product(product('p0'))], 'c1');
    const before = dumpReplica(db);
    const bad = { entity: 'product', op: 'upsert', id: 'p2', data: { ...product('p2'), priceMinor: -5 } };
    let thrown: unknown;
    try {
      replica.applyPage([upsert.product(product('p1')), bad, upsert.category('cat-1')], 'c2');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(KeelError);
    expect((thrown as KeelError).code).toBe('INVALID_INPUT');
    const issues = ((thrown as KeelError).details as { issues: { path: string }[] }).issues;
    expect(issues.map((i) => i.path)).toContain('changes.1.data.priceMinor');
    expect(dumpReplica(db)).toEqual(before);
    expect(replica.cursor()).toBe('c1');
  });

  it('When a change id does not match its data key, or the entity is unknown, then the page is refused', () => {
    const { db } = freshLedger();
    const replica = new CatalogReplica(db);
    const mismatched = { entity: 'product', op: 'upsert', id: 'other', data: product('p1') };
    expect(() => replica.applyPage([mismatched], 'c1')).toThrow(KeelError);
    expect(() => replica.applyPage([{ entity: 'coupon', op: 'delete', id: 'x' }], 'c1')).toThrow(KeelError);
    expect(() => replica.applyPage([], '')).toThrow(KeelError);
    expect(replica.cursor()).toBeNull();
  });

  it('When writing fails in the middle of a page, then neither its earlier changes nor its cursor remain (STORAGE_FAILED)', () => {
    const { db, file } = freshLedger();
    const replica = new CatalogReplica(db);
    replica.applyPage([upsert.product(product('p0'))], 'c1');
    // A test-only trigger makes the third write of the page fail, as a full disk would.
    db.exec("CREATE TEMP TRIGGER fail_p3 BEFORE INSERT ON products WHEN NEW.id = 'p3' BEGIN SELECT RAISE(ABORT, 'disk full'); END");
    expect(() => replica.applyPage([upsert.product(product('p1')), upsert.product(product('p2')), upsert.product(product('p3'))], 'c2')).toThrow(
      expect.objectContaining({ code: 'STORAGE_FAILED' }),
    );
    db.close();
    // Read back from the file, as after a restart.
    const reopened = openDatabase(file);
    const again = new CatalogReplica(reopened);
    expect(again.cursor()).toBe('c1');
    expect(again.getProduct('p1')).toBeNull();
    expect(again.getProduct('p0')).not.toBeNull();
    reopened.close();
  });

  it('When a user is applied, then the PIN hash is kept once, in its column, and not in the data copy', () => {
    const { db } = freshLedger();
    new CatalogReplica(db).applyPage([upsert.user(user('u1', FAKE_HASH, { maxDiscountBasisPoints: 1500 }))], 'c1');
    const row = db.prepare('SELECT pin_hash, data FROM users WHERE id = ?').get('u1') as { pin_hash: string; data: string };
    expect(row.pin_hash).toBe(FAKE_HASH);
    expect(row.data).not.toContain(FAKE_HASH);
    expect(JSON.parse(row.data)).toMatchObject({ maxDiscountBasisPoints: 1500 });
  });
});

describe('CatalogReplica snapshots', () => {
  it('When a snapshot streams in, then WAL checkpoints wait (10,000 pages) until the log begins, then the default (1,000) returns', () => {
    const { db } = freshLedger();
    const replica = new CatalogReplica(db);
    const threshold = () => db.pragma('wal_autocheckpoint', { simple: true });
    expect(threshold()).toBe(1000);
    replica.applyPage([upsert.taxRate('vat-19', 190_000)], 'c1', snapshot(1, 2));
    expect(threshold()).toBe(10_000);
    replica.applyPage([upsert.category('cat-1')], 'c2', snapshot(2, 2));
    expect(threshold()).toBe(10_000);
    replica.applyPage([], 'c3', LOG);
    expect(threshold()).toBe(1000);
    // A refused page changes nothing, the threshold included.
    expect(() => replica.applyPage([{ entity: 'product', op: 'upsert', id: 'x' }], 'c4', snapshot(1, 1))).toThrow(KeelError);
    expect(threshold()).toBe(1000);
  });

  it('When a new snapshot omits rows the replica had, then they stay sellable during it and are swept when the log begins', () => {
    const { db } = freshLedger();
    const replica = new CatalogReplica(db);
    replica.applyPage([upsert.product(product('old', { barcodes: ['96385074'] })), upsert.product(product('keep')), upsert.user(user('gone', FAKE_HASH))], 'log-1', LOG);
    // The cursor expired: the server sends a snapshot (first page: done equals its change count).
    replica.applyPage([upsert.product(product('keep')), upsert.product(product('new', { barcodes: ['4006381333931'] }))], 's1', snapshot(2, 3));
    expect(replica.resolveScan('96385074')?.product.id).toBe('old');
    replica.applyPage([upsert.taxRate('vat-19', 190_000)], 's2', snapshot(3, 3));
    const result = replica.applyPage([upsert.product(product('later'))], 'log-2', LOG);
    expect(result.swept).toBe(3); // product 'old', its barcode, user 'gone'
    expect(replica.getProduct('old')).toBeNull();
    expect(replica.resolveScan('96385074')).toBeNull();
    expect(db.prepare('SELECT id FROM users').all()).toEqual([]);
    expect(['keep', 'new', 'later'].map((id) => replica.getProduct(id)?.id)).toEqual(['keep', 'new', 'later']);
    expect(replica.resolveScan('4006381333931')?.product.id).toBe('new');
  });

  it('When the first snapshot lands on an empty replica, then it keeps no seen-set (nothing can need sweeping) and ends complete', () => {
    const { db } = freshLedger();
    const replica = new CatalogReplica(db);
    const seen = () => (db.prepare('SELECT count(*) AS n FROM temp.keel_snapshot_seen').get() as { n: number }).n;
    replica.applyPage([upsert.taxRate('vat-19', 190_000), upsert.product(product('a', { barcodes: ['96385074'] }))], 's1', snapshot(2, 3));
    replica.applyPage([upsert.product(product('b'))], 's2', snapshot(3, 3));
    expect(seen()).toBe(1); // only the start row
    expect(replica.applyPage([], 'log-1', LOG)).toEqual({ applied: 0, cursor: 'log-1', swept: 0 });
    expect(['a', 'b'].map((id) => replica.getProduct(id)?.id)).toEqual(['a', 'b']);
    expect(replica.resolveScan('96385074')?.product.id).toBe('a');
    // A later snapshot over this replica does keep the set, and sweeps what it no longer sends.
    replica.applyPage([upsert.product(product('b'))], 's3', snapshot(1, 1));
    expect(seen()).toBeGreaterThan(1);
    expect(replica.applyPage([], 'log-2', LOG).swept).toBe(3); // product 'a', its barcode, tax rate
    expect(replica.getProduct('a')).toBeNull();
  });

  it('When core restarts in the middle of a snapshot, then the next page resets the cursor so the snapshot starts over', () => {
    const { db, file } = freshLedger();
    new CatalogReplica(db).applyPage([upsert.product(product('a'))], 's1', snapshot(1, 2));
    db.close();
    const reopened = openDatabase(file);
    const replica = new CatalogReplica(reopened);
    expect(replica.cursor()).toBe('s1');
    const result = replica.applyPage([upsert.product(product('b'))], 's2', snapshot(2, 2));
    expect(result.cursor).toBeNull();
    expect(replica.cursor()).toBeNull();
    expect(replica.getProduct('b')).not.toBeNull(); // applied all the same: upserts are always true data
    // The fresh snapshot then completes and sweeps normally.
    replica.applyPage([upsert.product(product('b'))], 's1b', snapshot(1, 1));
    expect(replica.applyPage([], 'log-1', LOG)).toEqual({ applied: 0, cursor: 'log-1', swept: 1 });
    expect(replica.getProduct('a')).toBeNull();
    reopened.close();
  });

  it('When core restarted on the last snapshot page, then the first log page also resets the cursor rather than skip the sweep', () => {
    const { db, file } = freshLedger();
    new CatalogReplica(db).applyPage([upsert.product(product('a'))], 's1', snapshot(1, 1));
    db.close();
    const reopened = openDatabase(file);
    const replica = new CatalogReplica(reopened);
    expect(replica.applyPage([upsert.product(product('b'))], 'log-1', LOG).cursor).toBeNull();
    reopened.close();
  });
});
