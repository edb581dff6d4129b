import { describe, expect, it } from 'vitest';
import type { ReportScope } from '@keel/shared';
import { readSaleGroups, readSaleTenders, readSoldLines, rowsDated, wholeDays } from '../../src/core/reports/report-days';
import { readFacts, ReportStatements } from '../../src/core/reports/report-read';
import type { Db } from '../../src/core/store/database';
import { backfill } from '../../src/core/store/migrations/0005-report-days';
import { openedTill, storeSettings, type Harness } from '../sale/harness';
import { reportsOf, tradeADay } from './support';

// Migration 0005's columns let the reports read a day's lines and tenders by day and discounts
// without parsing documents. Rows written without them (NULL) are read the old way. Either way
// the facts must be the same, and the fast way must be taken only when it covers the scope.

const settings = storeSettings();

/** The columns as a sale path that does not write them leaves them. */
function forget(db: Db): void {
  db.exec(`UPDATE sale_lines SET business_date = NULL, line_discount_minor = NULL, discount_approved_by = NULL;
           UPDATE sale_tenders SET business_date = NULL; UPDATE sales SET cart_discount_approved_by = NULL;`);
}

/** Everything readFacts reads for `scope`, with the columns forgotten, then filled. */
function bothWays(h: Harness, scope: ReportScope) {
  const statements = new ReportStatements(h.db);
  const facts = () => ({ facts: readFacts(statements, scope, settings), days: rowsDated(statements) ? wholeDays(statements, scope) : null });
  forget(h.db);
  const old = facts();
  h.db.exec(backfill);
  return { old, filled: facts() };
}

const journalUpTo = (h: Harness, afterSeq = 0): ReportScope => ({
  kind: 'journal',
  afterSeq,
  beforeSeq: (h.db.prepare('SELECT max(seq) AS seq FROM journal').get() as { seq: number }).seq + 1,
});

describe('reports by business day (migration 0005 columns)', () => {
  it('When a day is read as a Z, an X of the day or an X of the shift, then the facts are the same with or without the columns', async () => {
    const h = await openedTill();
    await tradeADay(h);
    const shiftId = (h.db.prepare('SELECT shift_id FROM shifts').get() as { shift_id: string }).shift_id;
    for (const scope of [journalUpTo(h), { kind: 'businessDay', businessDate: '2026-03-02' }, { kind: 'shift', shiftId }] as ReportScope[]) {
      const { old, filled } = bothWays(h, scope);
      expect(filled.facts).toEqual(old.facts);
      expect(old.days).toBeNull();
      expect(filled.days).toEqual(scope.kind === 'shift' ? null : { from: '2026-03-02', to: '2026-03-02' });
    }
    // The day has a line discount with its approver and a cart discount: both read from columns.
    expect(bothWays(h, journalUpTo(h)).filled.facts.discounts.map((d) => d.kind).sort()).toEqual(['cart', 'line']);
  });

  it('When sales, lines and tenders are summed by day, then the rows are those summed through the sales, in the same order', async () => {
    const h = await openedTill({ who: 'manager' });
    await tradeADay(h);
    h.clock.set('2026-03-03T10:00:00.000Z');
    await tradeADay(h);
    h.db.exec(backfill);
    const statements = new ReportStatements(h.db);
    const range = journalUpTo(h);
    if (range.kind !== 'journal') throw new Error('unreachable');
    const throughSales = { sql: 's.seq > ? AND s.seq < ?', params: [range.afterSeq, range.beforeSeq] };
    for (const days of [{ from: '2026-03-02', to: '2026-03-03' }, wholeDays(statements, range)!]) {
      expect(days).toEqual({ from: '2026-03-02', to: '2026-03-03' });
      for (const read of [readSaleGroups, readSoldLines, readSaleTenders]) {
        const rows = read(statements, days, throughSales);
        expect(rows.length).toBeGreaterThan(1);
        expect(rows).toEqual(read(statements, null, throughSales));
      }
    }
    for (const day of ['2026-03-02', '2026-03-03']) {
      const oneDay = { sql: 's.business_date = ?', params: [day] };
      for (const read of [readSaleGroups, readSoldLines, readSaleTenders]) expect(read(statements, { from: day, to: day }, oneDay)).toEqual(read(statements, null, oneDay));
    }
  });

  it('When a Z covers two business days (a day left open), then both are read by day and the facts are the same', async () => {
    const h = await openedTill({ who: 'manager' });
    await tradeADay(h);
    h.clock.set('2026-03-03T10:00:00.000Z');
    h.sale.cart.addProduct('wine');
    await h.sale.checkout.complete([{ kind: 'cash', amountMinor: 1299 }]);
    const { old, filled } = bothWays(h, journalUpTo(h));
    expect(filled.days).toEqual({ from: '2026-03-02', to: '2026-03-03' });
    expect(filled.facts).toEqual(old.facts);
  });

  it('When the day was already closed once, then the next Z does not read the day whole: only the sales after the first Z count', async () => {
    const h = await openedTill({ who: 'manager' });
    await tradeADay(h);
    h.sale.shifts.close([]);
    const reports = reportsOf(h);
    reports.closeDay();
    const afterSeq = (h.db.prepare('SELECT max(seq) AS seq FROM journal').get() as { seq: number }).seq;
    h.sale.shifts.open(0);
    h.sale.cart.addProduct('wine');
    await h.sale.checkout.complete([{ kind: 'cash', amountMinor: 1299 }]);
    h.sale.shifts.close([]);
    const { old, filled } = bothWays(h, journalUpTo(h, afterSeq));
    expect(filled.days).toBeNull();
    expect(filled.facts).toEqual(old.facts);
    expect(reports.closeDay().summary).toMatchObject({ salesGrossMinor: 1299, counts: { sales: 1 } });
  });

  it('When one line of the day lacks its day, then nothing is read by day', async () => {
    const h = await openedTill();
    await tradeADay(h);
    const scope: ReportScope = { kind: 'businessDay', businessDate: '2026-03-02' };
    const { filled } = bothWays(h, scope);
    expect(filled.days).not.toBeNull();
    h.db.exec('UPDATE sale_lines SET business_date = NULL WHERE rowid = (SELECT max(rowid) FROM sale_lines)');
    const statements = new ReportStatements(h.db);
    expect(rowsDated(statements)).toBe(false);
    expect(readFacts(statements, scope, settings)).toEqual(filled.facts);
  });

  it('When one discounted line lacks its discount columns, then its sale is read from its document and the discounts are the same', async () => {
    const h = await openedTill();
    await tradeADay(h);
    const scope = journalUpTo(h);
    const { filled } = bothWays(h, scope);
    expect(h.db.prepare('UPDATE sale_lines SET line_discount_minor = NULL WHERE line_discount_minor <> 0').run().changes).toBe(1);
    expect(readFacts(new ReportStatements(h.db), scope, settings).discounts).toEqual(filled.facts.discounts);
  });
});
