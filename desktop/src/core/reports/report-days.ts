import type { ReportScope } from '@keel/shared';
import type { ItemRow, SaleGroupRow, TaxRow, TenderRow } from './report-facts';
import type { Filter, Param, ReportStatements } from './report-read';

/**
 * The sale groups, sale lines and sale tenders of a scope, read by business day when the scope
 * is made of whole days (a Z, an X of a day), else through the scope's sales.
 *
 * Through the sales, a day's lines and tenders cost one index search per sale, and every row
 * is sorted to be grouped: the largest part of a Z. By day (migration 0005), a day's rows lie
 * together in an index in the order they are grouped. Both ways give the same rows in the same
 * order (sorted by the grouping columns); voided sales are included either way.
 */

export interface Days {
  from: string;
  to: string;
}

/**
 * The business days whose sales are exactly the scope's, or null when there are none such: a
 * shift is part of a day, and a journal range (a Z) need not hold whole days (a day closed
 * twice, a sale after the Z that still belongs to the closed day).
 */
export function wholeDays(db: ReportStatements, scope: ReportScope): Days | null {
  if (scope.kind === 'shift') return null;
  if (scope.kind === 'businessDay') return { from: scope.businessDate, to: scope.businessDate };
  const range = db
    .prepare<[number, number], { from: string | null; to: string | null; n: number }>(
      'SELECT min(business_date) AS "from", max(business_date) AS "to", count(*) AS n FROM sales WHERE seq > ? AND seq < ?',
    )
    .get(scope.afterSeq, scope.beforeSeq);
  if (!range?.from || !range.to) return null;
  // Every sale of the range is on these days; if they hold no more sales than the range, they hold no other.
  const onDays = db.prepare<[string, string], { n: number }>('SELECT count(*) AS n FROM sales WHERE business_date BETWEEN ? AND ?').get(range.from, range.to);
  return onDays?.n === range.n ? { from: range.from, to: range.to } : null;
}

/**
 * Whether every sale line and tender carries its business day, so a day's can be read by day:
 * a row written by a sale path that does not set it (NULL) would be missed.
 */
export function rowsDated(db: ReportStatements): boolean {
  const undated = db
    .prepare<[], { undated: number }>(
      `SELECT EXISTS (SELECT 1 FROM sale_lines WHERE business_date IS NULL)
           OR EXISTS (SELECT 1 FROM sale_tenders WHERE business_date IS NULL) AS undated`,
    )
    .get();
  return undated?.undated === 0;
}

interface Sums {
  columns: string;
  /** The rows summed, with their alias. */
  from: 'sales s' | 'sale_lines l' | 'sale_tenders t';
  /** How they meet the scope's sales. */
  join: string;
  groups: string;
}

/** 'YYYY-MM-DDTHH:MM' of the UTC quarter-hour a sale began in: index sales_day_groups stores it. */
const QUARTER = `substr(s.created_at, 1, 14) || printf('%02d', (CAST(substr(s.created_at, 15, 2) AS INTEGER) / 15) * 15)`;

const SALE_GROUPS: Sums = {
  columns: `s.business_date AS businessDate, s.cashier_id AS cashierId, ${QUARTER} AS quarter, s.voided_at IS NOT NULL AS voided,
            count(*) AS count, sum(s.total_minor) AS grossMinor, sum(s.discount_minor) AS discountMinor,
            sum(s.rounding_minor) AS roundingMinor, min(s.created_at) AS firstAt, max(s.created_at) AS lastAt`,
  from: 'sales s',
  join: '',
  groups: `s.business_date, s.cashier_id, ${QUARTER}, s.voided_at IS NOT NULL`,
};

/** Sales grouped by business date, cashier, UTC quarter-hour and whether voided (voided as 0 or 1). */
export type SaleGroupSqlRow = Omit<SaleGroupRow, 'voided'> & { voided: number };
export const readSaleGroups = (db: ReportStatements, days: Days | null, s: Filter): SaleGroupSqlRow[] => sums(db, SALE_GROUPS, days, s);

/** Sold lines summed per item, category and tax rate: one pass gives both the item figures and tax by rate. */
export type SoldLineRow = ItemRow & Omit<TaxRow, 'voided'>;

const LINES: Sums = {
  // The name is a bare column: any line's name for the SKU will do, and max() would cost a comparison per line.
  columns: `l.sku AS sku, l.name AS name, l.category_id AS categoryId, l.tax_rate_id AS taxRateId, l.rate_ppm AS ratePpm,
            sum(l.qty_milli) AS qtyMilli, sum(l.total_minor) AS grossMinor, sum(l.net_minor) AS netMinor, sum(l.tax_minor) AS taxMinor`,
  from: 'sale_lines l',
  join: 'JOIN sale_lines l ON l.sale_id = s.sale_id',
  groups: 'l.sku, l.category_id, l.tax_rate_id, l.rate_ppm',
};

/** Sale tenders per kind (refunds' and voids' tenders live in their documents: report-read.ts). */
const TENDERS: Sums = {
  columns: 't.kind AS kind, sum(t.amount_minor) AS amountMinor, count(*) AS count',
  from: 'sale_tenders t',
  join: 'JOIN sale_tenders t ON t.sale_id = s.sale_id',
  groups: 't.kind',
};

/** `days`: whole days whose lines and tenders all carry their day (wholeDays, rowsDated). */
export const readSoldLines = (db: ReportStatements, days: Days | null, s: Filter): SoldLineRow[] => sums(db, LINES, days, s);
export const readSaleTenders = (db: ReportStatements, days: Days | null, s: Filter): TenderRow[] => sums(db, TENDERS, days, s);

/** One day is read in its index's order and needs no sort; a range of days is sorted. */
function sums<R>(db: ReportStatements, { columns, from, join, groups }: Sums, days: Days | null, s: Filter): R[] {
  if (days === null) return db.prepare<Param[], R>(`SELECT ${columns} FROM sales s ${join} WHERE ${s.sql} GROUP BY ${groups}`).all(...s.params);
  const alias = from.slice(-1);
  if (days.from === days.to) return db.prepare<[string], R>(`SELECT ${columns} FROM ${from} WHERE ${alias}.business_date = ? GROUP BY ${groups}`).all(days.from);
  return db.prepare<[string, string], R>(`SELECT ${columns} FROM ${from} WHERE ${alias}.business_date BETWEEN ? AND ? GROUP BY ${groups}`).all(days.from, days.to);
}
