import type { CatalogEntity } from '@keel/shared';
import type { Db } from '../store/database';

/**
 * Remembers which catalog rows a snapshot delivered, so that when the snapshot ends the rows it
 * did not deliver (deleted on the server while this terminal's cursor was too old) are removed.
 *
 * The server's protocol (server/src/domain/pull-snapshot.ts): a 'snapshot' page whose
 * progress.done equals its number of changes starts a new snapshot; the first 'log' page ends
 * it. We apply snapshot pages to the live tables, so selling continues on a copy that only gets
 * fresher, and sweep once at the end. The sweep's end state equals replacing the replica.
 *
 * The set lives in a TEMP table: it takes part in the page's transaction (a refused page marks
 * nothing) but not in the schema, and it dies with the connection. A restart in the middle of a
 * snapshot therefore loses the set; CatalogReplica notices and starts the snapshot over (see
 * applyPage), which costs a re-download but can never keep a deleted row.
 */
export class SnapshotTracker {
  private readonly activeStmt;
  private readonly markingStmt;
  private readonly emptyStmt;
  private readonly clearStmt;
  private readonly startStmt;
  private readonly markStmt;
  private readonly sweepStmts;

  constructor(db: Db) {
    db.exec(
      'CREATE TEMP TABLE IF NOT EXISTS keel_snapshot_seen (entity TEXT NOT NULL, id TEXT NOT NULL, PRIMARY KEY (entity, id)) WITHOUT ROWID',
    );
    // The start row: ('*', '*') for a snapshot over an existing replica, ('*', 'empty') for one
    // that began with no catalog at all (a first sync), which has nothing to sweep.
    this.activeStmt = db.prepare<[], { n: number }>("SELECT 1 AS n FROM temp.keel_snapshot_seen WHERE entity = '*'");
    this.markingStmt = db.prepare<[], { n: number }>("SELECT 1 AS n FROM temp.keel_snapshot_seen WHERE entity = '*' AND id = '*'");
    this.emptyStmt = db.prepare<[], { n: number }>(
      `SELECT (SELECT count(*) FROM (SELECT 1 FROM products LIMIT 1)) + (SELECT count(*) FROM (SELECT 1 FROM barcodes LIMIT 1))
            + (SELECT count(*) FROM (SELECT 1 FROM categories LIMIT 1)) + (SELECT count(*) FROM (SELECT 1 FROM tax_rates LIMIT 1))
            + (SELECT count(*) FROM (SELECT 1 FROM users LIMIT 1)) + (SELECT count(*) FROM (SELECT 1 FROM store_settings LIMIT 1))
            + (SELECT count(*) FROM (SELECT 1 FROM stock_levels LIMIT 1)) AS n`,
    );
    this.clearStmt = db.prepare('DELETE FROM temp.keel_snapshot_seen');
    this.startStmt = db.prepare<[string]>("INSERT INTO temp.keel_snapshot_seen (entity, id) VALUES ('*', ?)");
    this.markStmt = db.prepare<[string, string]>('INSERT OR IGNORE INTO temp.keel_snapshot_seen (entity, id) VALUES (?, ?)');
    const seen = (entity: CatalogEntity) => `(SELECT id FROM temp.keel_snapshot_seen WHERE entity = '${entity}')`;
    this.sweepStmts = [
      `DELETE FROM products WHERE id NOT IN ${seen('product')}`,
      `DELETE FROM barcodes WHERE code NOT IN ${seen('barcode')}`,
      `DELETE FROM categories WHERE id NOT IN ${seen('category')}`,
      `DELETE FROM tax_rates WHERE id NOT IN ${seen('taxRate')}`,
      `DELETE FROM users WHERE id NOT IN ${seen('user')}`,
      `DELETE FROM store_settings WHERE json_extract(data, '$.storeId') NOT IN ${seen('storeSettings')}`,
      `DELETE FROM stock_levels WHERE product_id NOT IN ${seen('stockLevel')}`,
    ].map((sql) => db.prepare(sql));
  }

  /** True while a snapshot that began on this connection is being received. */
  active(): boolean {
    return this.activeStmt.get() !== undefined;
  }

  /** Begins a new snapshot, forgetting any earlier one. Call inside the page's transaction. */
  start(): void {
    this.clearStmt.run();
    this.startStmt.run(this.emptyStmt.get()?.n === 0 ? 'empty' : '*');
  }

  /**
   * Whether this snapshot must record what it delivers. Not when it began on an empty replica:
   * then every row present at the end was written by the snapshot itself (only pages write the
   * replica, and a log page ends the snapshot), so the sweep has nothing to find, and a first
   * sync of 100k products skips 200k bookkeeping inserts.
   */
  marking(): boolean {
    return this.markingStmt.get() !== undefined;
  }

  mark(entity: CatalogEntity, id: string): void {
    this.markStmt.run(entity, id);
  }

  /** Deletes every replica row the snapshot did not deliver, then forgets the snapshot. */
  sweep(): number {
    let removed = 0;
    if (this.marking()) for (const stmt of this.sweepStmts) removed += stmt.run().changes;
    this.clearStmt.run();
    return removed;
  }

  /** Forgets a snapshot that cannot be completed (it will be downloaded again). */
  abandon(): void {
    this.clearStmt.run();
  }
}
