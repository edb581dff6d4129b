import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readFacts, ReportStatements } from '../../src/core/reports/report-read';
import { openDatabase, type Db } from '../../src/core/store/database';
import { migrate } from '../../src/core/store/migrate';
import { MIGRATIONS } from '../../src/core/store/migrations';
import { openedTill, rows, storeSettings, type Harness } from '../sale/harness';
import { tempDir } from '../support/temp';
import { tradeADay } from './support';

// Migration 0005 (report days): a version-4 ledger that already holds a day of sales gains the
// columns with the values its documents and sales say, and the reports' reads by day and of
// discounts use the new indexes instead of sorting or opening rows.

const settings = storeSettings();

/** A version-4 ledger holding the documents `h` recorded, copied column by column. */
function version4Copy(h: Harness): Db {
  const db = openDatabase(path.join(tempDir(), 'keel-v4.sqlite'));
  expect(migrate(db, MIGRATIONS.slice(0, 4))).toEqual([1, 2, 3, 4]);
  db.exec(`ATTACH '${h.file}' AS h`);
  const columns = (table: string) => rows<{ name: string }>(db, `SELECT name FROM pragma_table_info('${table}', 'main')`).map((c) => c.name).join(', ');
  for (const table of ['meta', 'tax_rates', 'categories', 'products', 'users', 'store_settings', 'journal', 'shifts', 'sales', 'sale_lines', 'sale_tenders', 'refunds', 'voids', 'cash_movements']) {
    db.exec(`DELETE FROM main.${table}; INSERT INTO main.${table} (${columns(table)}) SELECT ${columns(table)} FROM h.${table}`);
  }
  db.exec('DETACH h');
  return db;
}

/** The query plan of every statement readFacts prepares for a scope. */
function plans(db: Db, scope: Parameters<typeof readFacts>[1]): { sql: string; plan: string }[] {
  const statements = new ReportStatements(db);
  const seen: string[] = [];
  const prepare = statements.prepare.bind(statements);
  statements.prepare = ((sql: string) => {
    seen.push(sql);
    return prepare(sql);
  }) as typeof statements.prepare;
  readFacts(statements, scope, settings);
  return seen.map((sql) => ({
    sql,
    // Unbound parameters (NULL) do not change a plan; none of this SQL has a '?' in a literal.
    plan: rows<{ detail: string }>(db, `EXPLAIN QUERY PLAN ${sql}`, ...sql.split('?').slice(1).map(() => null))
      .map((r) => r.detail)
      .join('; '),
  }));
}

describe('ledger migration 0005: report days and discount columns', () => {
  it('When a version-4 ledger with a day of sales is migrated, then lines and tenders carry their sale day and the discounts their document figures', async () => {
    const h = await openedTill();
    await tradeADay(h);
    const db = version4Copy(h);
    expect(rows(db, 'SELECT count(*) AS n FROM sale_lines')).toEqual([{ n: 5 }]);
    expect(migrate(db, MIGRATIONS.slice(0, 5))).toEqual([5]);

    expect(rows(db, 'SELECT count(*) AS n FROM sale_lines l JOIN sales s USING (sale_id) WHERE l.business_date IS NOT s.business_date')).toEqual([{ n: 0 }]);
    expect(rows(db, 'SELECT count(*) AS n FROM sale_tenders t JOIN sales s USING (sale_id) WHERE t.business_date IS NOT s.business_date')).toEqual([{ n: 0 }]);
    // The day's one discounted sale: wine 15 % off approved by the supervisor, bread none; 1.00 off the cart, not approved.
    expect(
      rows(db, `SELECT l.sku, l.line_discount_minor AS line, l.discount_minor AS total, l.discount_approved_by AS approvedBy, s.cart_discount_approved_by AS cartApprovedBy
                  FROM sale_lines l JOIN sales s USING (sale_id) WHERE s.discount_minor <> 0 ORDER BY l.line_no`),
    ).toEqual([
      { sku: 'SKU-wine', line: 195, total: 195 + 52, approvedBy: 'u-super', cartApprovedBy: null },
      { sku: 'SKU-bread', line: 0, total: 48, approvedBy: null, cartApprovedBy: null },
    ]);
    // Undiscounted sales are never read for discounts, so they are left as they were.
    expect(rows(db, 'SELECT count(*) AS n FROM sale_lines l JOIN sales s USING (sale_id) WHERE s.discount_minor = 0 AND l.line_discount_minor IS NOT NULL')).toEqual([{ n: 0 }]);

    // And the reports read the same from the migrated copy as from the ledger written by the sale path.
    const scope = { kind: 'businessDay', businessDate: '2026-03-02' } as const;
    expect(readFacts(new ReportStatements(db), scope, settings)).toEqual(readFacts(new ReportStatements(h.db), scope, settings));
    db.close();
  });

  it('When a Z of whole days is read on a migrated ledger, then sales, lines and tenders come from the day indexes unsorted and discounts from their own index', async () => {
    const h = await openedTill();
    await tradeADay(h);
    const db = version4Copy(h);
    migrate(db, MIGRATIONS.slice(0, 5));
    const all = plans(db, { kind: 'journal', afterSeq: 0, beforeSeq: 1_000_000 });
    const planOf = (pattern: RegExp) => {
      const found = all.filter((p) => pattern.test(p.sql));
      expect(found, String(pattern)).toHaveLength(1);
      return found[0]!.plan;
    };
    expect(planOf(/FROM sales s WHERE s\.business_date = \?/)).toBe('SEARCH s USING COVERING INDEX sales_day_groups (business_date=?)');
    expect(planOf(/FROM sale_lines l WHERE l\.business_date = \?/)).toBe('SEARCH l USING COVERING INDEX sale_lines_day (business_date=?)');
    expect(planOf(/FROM sale_tenders t WHERE t\.business_date = \?/)).toBe('SEARCH t USING COVERING INDEX sale_tenders_day (business_date=?)');
    expect(planOf(/business_date IS NULL/)).toMatch(/SEARCH sale_lines USING COVERING INDEX sale_lines_day \(business_date=\?\).*SEARCH sale_tenders USING COVERING INDEX sale_tenders_day \(business_date=\?\)/);
    expect(planOf(/line_discount_minor AS lineDiscountMinor/)).toMatch(/SEARCH l USING COVERING INDEX sale_lines_discounts \(sale_id=\?\)/);
    db.close();
  });
});
