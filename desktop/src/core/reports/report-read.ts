import { businessDateOf, type TimeOfDay } from '@keel/shared';
import { shiftCash } from '../sale/ledger';
import type { Statement } from 'better-sqlite3';
import type { Db } from '../store/database';
import type {
  CashMoveRow,
  DocGroupRow,
  ItemRow,
  RefundRow,
  ReportFacts,
  ShiftFactRow,
  TaxRow,
  TenderRow,
  VoidRow,
} from './report-facts';
import type { ReportScope } from '@keel/shared';
import { readDiscounts } from './report-discounts';
import { readSaleGroups, readSaleTenders, readSoldLines, rowsDated, wholeDays } from './report-days';

/**
 * The SQL half of the reports: reads the ledger's document tables for one scope and returns
 * rows aggregated as far as SQLite can take them (report-facts.ts). No report logic here; the
 * pure builder decides what the rows mean. Every query filters the documents through `filter`,
 * which the indexes of migration 0003 serve (business_date, shift_id, journal seq); the sales,
 * their lines and tenders of whole days are read by day (report-days.ts).
 */

/**
 * One connection with the report statements prepared once and kept: preparing this SQL costs
 * more than running some of it (measured ~6 ms per Z on the benchmark ledger).
 */
export class ReportStatements {
  private readonly cache = new Map<string, Statement<unknown[], unknown>>();
  constructor(readonly db: Db) {}

  prepare<P extends unknown[], R>(sql: string): Statement<P, R> {
    let statement = this.cache.get(sql);
    if (!statement) {
      statement = this.db.prepare<unknown[], unknown>(sql);
      this.cache.set(sql, statement);
    }
    return statement as unknown as Statement<P, R>;
  }
}

export interface ReadSettings {
  timeZone: string;
  businessDayStartsAt: TimeOfDay;
}

export type Param = string | number;
export interface Filter {
  sql: string;
  params: Param[];
}

/** The documents of one scope in the table aliased `a` (sales, refunds, voids share the columns). */
function filter(scope: ReportScope, a: string): Filter {
  switch (scope.kind) {
    case 'shift':
      return { sql: `${a}.shift_id = ?`, params: [scope.shiftId] };
    case 'businessDay':
      return { sql: `${a}.business_date = ?`, params: [scope.businessDate] };
    case 'journal':
      return { sql: `${a}.seq > ? AND ${a}.seq < ?`, params: [scope.afterSeq, scope.beforeSeq] };
  }
}

export function readFacts(db: ReportStatements, scope: ReportScope, settings: ReadSettings): Omit<ReportFacts, 'grandTotal'> {
  const s = filter(scope, 's');
  const r = filter(scope, 'r');
  const v = filter(scope, 'v');
  const all = <T>(sql: string, params: Param[]): T[] => db.prepare<Param[], T>(sql).all(...params);

  const days = wholeDays(db, scope);
  // Only if the sale path wrote migration 0005's columns (a day on every line and tender, and
  // with it the discount columns) are lines and tenders read by day and discounts from columns.
  const written = rowsDated(db);
  const dated = written ? days : null;
  const sales = readSaleGroups(db, days, s).map((row) => ({ ...row, voided: row.voided === 1 }));

  const refunds = all<DocGroupRow>(
    `SELECT r.business_date AS businessDate, r.cashier_id AS cashierId, count(*) AS count, sum(r.total_minor) AS grossMinor,
            sum(json_extract(r.doc, '$.totals.discountMinor')) AS discountMinor, sum(json_extract(r.doc, '$.roundingMinor')) AS roundingMinor,
            min(r.created_at) AS firstAt, max(r.created_at) AS lastAt
       FROM refunds r WHERE ${r.sql} GROUP BY 1, 2`,
    r.params,
  );

  const voids = all<DocGroupRow>(
    `SELECT v.business_date AS businessDate, json_extract(v.doc, '$.cashierId') AS cashierId, count(*) AS count,
            sum(s.total_minor) AS grossMinor, sum(s.discount_minor) AS discountMinor, sum(s.rounding_minor) AS roundingMinor,
            min(v.created_at) AS firstAt, max(v.created_at) AS lastAt
       FROM voids v JOIN sales s ON s.sale_id = v.sale_id WHERE ${v.sql} GROUP BY 1, 2`,
    v.params,
  );

  const lines = readSoldLines(db, dated, s);
  // The few voided sales' lines, taken out of "what sold" below.
  const voidedLines = all<ItemRow>(
    `SELECT l.sku AS sku, l.name AS name, l.category_id AS categoryId, sum(l.qty_milli) AS qtyMilli, sum(l.total_minor) AS grossMinor
       FROM sales s JOIN sale_lines l ON l.sale_id = s.sale_id WHERE ${s.sql} AND s.voided_at IS NOT NULL
      GROUP BY l.sku, l.category_id`,
    s.params,
  );
  const taxes: TaxRow[] = [
    ...lines.map((l) => ({ taxRateId: l.taxRateId, ratePpm: l.ratePpm, netMinor: l.netMinor, taxMinor: l.taxMinor, grossMinor: l.grossMinor, voided: false })),
    ...all<Omit<TaxRow, 'voided'>>(
      `SELECT json_extract(j.value, '$.taxRateId') AS taxRateId, json_extract(j.value, '$.ratePpm') AS ratePpm,
              sum(json_extract(j.value, '$.netMinor')) AS netMinor, sum(json_extract(j.value, '$.taxMinor')) AS taxMinor,
              sum(json_extract(j.value, '$.totalMinor')) AS grossMinor
         FROM refunds r, json_each(r.doc, '$.lines') j WHERE ${r.sql} GROUP BY 1, 2`,
      r.params,
    ).map((t) => ({ ...t, voided: false })),
    ...all<Omit<TaxRow, 'voided'>>(
      `SELECT l.tax_rate_id AS taxRateId, l.rate_ppm AS ratePpm, sum(l.net_minor) AS netMinor, sum(l.tax_minor) AS taxMinor,
              sum(l.total_minor) AS grossMinor
         FROM voids v JOIN sale_lines l ON l.sale_id = v.sale_id WHERE ${v.sql} GROUP BY 1, 2`,
      v.params,
    ).map((t) => ({ ...t, voided: true })),
  ];

  // Refund and void tenders live only in their documents, already negative (money given back).
  const tenders = [
    ...readSaleTenders(db, dated, s),
    ...all<TenderRow>(
      `SELECT json_extract(j.value, '$.kind') AS kind, sum(json_extract(j.value, '$.amountMinor')) AS amountMinor, count(*) AS count
         FROM refunds r, json_each(r.doc, '$.tenders') j WHERE ${r.sql} GROUP BY 1
       UNION ALL
       SELECT json_extract(j.value, '$.kind'), sum(json_extract(j.value, '$.amountMinor')), count(*)
         FROM voids v, json_each(v.doc, '$.tenders') j WHERE ${v.sql} GROUP BY 1`,
      [...r.params, ...v.params],
    ),
  ];

  const refundList = all<RefundRow>(
    `SELECT r.receipt_number AS receiptNumber, json_extract(r.doc, '$.originalReceiptNumber') AS originalReceiptNumber,
            r.created_at AS createdAt, r.cashier_id AS cashierId, r.approved_by AS approvedBy,
            r.total_minor + json_extract(r.doc, '$.roundingMinor') AS amountMinor, json_extract(r.doc, '$.reason') AS reason
       FROM refunds r WHERE ${r.sql} ORDER BY r.receipt_seq`,
    r.params,
  );
  const voidList = all<VoidRow>(
    `SELECT s.receipt_number AS receiptNumber, v.created_at AS createdAt, json_extract(v.doc, '$.cashierId') AS cashierId,
            v.approved_by AS approvedBy, s.total_minor + s.rounding_minor AS saleAmountMinor, json_extract(v.doc, '$.reason') AS reason
       FROM voids v JOIN sales s ON s.sale_id = v.sale_id WHERE ${v.sql} ORDER BY v.seq`,
    v.params,
  );

  return {
    sales,
    refunds,
    voids,
    taxes,
    tenders,
    items: standingItems(lines, voidedLines),
    refundList,
    voidList,
    discounts: readDiscounts(db, s, written),
    cashMoves: readCashMoves(db, scope, settings),
    shifts: readShifts(db, scope),
    ...receiptRange(db, s, r),
    userNames: names(db, 'users'),
    categoryNames: names(db, 'categories'),
  };
}

/** Lines of sales that stand: all lines less the voided sales' ones, one row per item and category. */
function standingItems(lines: readonly ItemRow[], voided: readonly ItemRow[]): ItemRow[] {
  const items = new Map<string, ItemRow>();
  const add = (l: ItemRow, sign: 1 | -1) => {
    const key = `${l.sku}\u0000${l.categoryId ?? ''}`;
    const item = items.get(key) ?? { sku: l.sku, name: l.name, categoryId: l.categoryId, qtyMilli: 0, grossMinor: 0 };
    item.qtyMilli += sign * l.qtyMilli;
    item.grossMinor += sign * l.grossMinor;
    items.set(key, item);
  };
  for (const l of lines) add(l, 1);
  for (const l of voided) add(l, -1);
  return [...items.values()].filter((i) => i.qtyMilli !== 0 || i.grossMinor !== 0);
}

/**
 * Cash in/out and no-sale openings. They carry no business date, so for a business day the
 * rows of a generous UTC window are read and kept when businessDateOf puts them on that day.
 */
function readCashMoves(db: ReportStatements, scope: ReportScope, settings: ReadSettings): CashMoveRow[] {
  const columns = 'kind, amount_minor AS amountMinor, cashier_id AS cashierId, reason, created_at AS createdAt';
  if (scope.kind === 'shift') {
    return db.prepare<[string], CashMoveRow>(`SELECT ${columns} FROM cash_movements WHERE shift_id = ? ORDER BY seq`).all(scope.shiftId);
  }
  if (scope.kind === 'journal') {
    return db
      .prepare<[number, number], CashMoveRow>(`SELECT ${columns} FROM cash_movements WHERE seq > ? AND seq < ? ORDER BY seq`)
      .all(scope.afterSeq, scope.beforeSeq);
  }
  const day = Date.parse(`${scope.businessDate}T00:00:00.000Z`);
  const from = new Date(day - 2 * 86_400_000).toISOString();
  const to = new Date(day + 3 * 86_400_000).toISOString();
  return db
    .prepare<[string, string], CashMoveRow>(`SELECT ${columns} FROM cash_movements WHERE created_at >= ? AND created_at < ? ORDER BY seq`)
    .all(from, to)
    .filter((m) => businessDateOf(m.createdAt, settings.timeZone, settings.businessDayStartsAt) === scope.businessDate);
}

/** The shifts of a scope; an open one is shown with what its drawer should hold now. */
function readShifts(db: ReportStatements, scope: ReportScope): ShiftFactRow[] {
  const where =
    scope.kind === 'shift'
      ? { sql: 'shift_id = ?', params: [scope.shiftId] }
      : scope.kind === 'businessDay'
        ? { sql: 'business_date = ?', params: [scope.businessDate] }
        : {
            // Shifts opened or closed inside the journal range (their rows carry no seq).
            sql: `shift_id IN (SELECT json_extract(op, '$.payload.shiftId') FROM journal
                                WHERE seq > ? AND seq < ? AND type IN ('shift.opened', 'shift.closed'))`,
            params: [scope.afterSeq, scope.beforeSeq],
          };
  const rows = db
    .prepare<Param[], Omit<ShiftFactRow, 'expectedMinor'> & { expectedMinor: number | null }>(
      `SELECT shift_id AS shiftId, cashier_id AS cashierId, opened_at AS openedAt, closed_at AS closedAt,
              opening_float_minor AS openingFloatMinor, expected_minor AS expectedMinor, counted_minor AS countedMinor,
              over_short_minor AS overShortMinor
         FROM shifts WHERE ${where.sql} ORDER BY opened_at`,
    )
    .all(...where.params);
  return rows.map((row) => ({ ...row, expectedMinor: row.expectedMinor ?? shiftCash(db.db, row).expectedMinor }));
}

/** First and last receipt numbers of the documents (sales and refunds share the sequence). */
function receiptRange(db: ReportStatements, s: Filter, r: Filter): Pick<ReportFacts, 'firstReceiptNumber' | 'lastReceiptNumber'> {
  const range = db
    .prepare<Param[], { lo: number | null; hi: number | null }>(
      `SELECT min(lo) AS lo, max(hi) AS hi FROM (
         SELECT min(s.receipt_seq) AS lo, max(s.receipt_seq) AS hi FROM sales s WHERE ${s.sql}
         UNION ALL SELECT min(r.receipt_seq), max(r.receipt_seq) FROM refunds r WHERE ${r.sql})`,
    )
    .get(...s.params, ...r.params);
  const numberOf = (seq: number | null | undefined): string | null => {
    if (seq === null || seq === undefined) return null;
    return (
      db
        .prepare<[number, number], { n: string }>(
          'SELECT receipt_number AS n FROM sales WHERE receipt_seq = ? UNION ALL SELECT receipt_number FROM refunds WHERE receipt_seq = ?',
        )
        .get(seq, seq)?.n ?? null
    );
  };
  return { firstReceiptNumber: numberOf(range?.lo), lastReceiptNumber: numberOf(range?.hi) };
}

function names(db: ReportStatements, table: 'users' | 'categories'): Map<string, string> {
  return new Map(db.prepare<[], { id: string; name: string }>(`SELECT id, name FROM ${table}`).all().map((row) => [row.id, row.name]));
}

/** Gross recorded after journal seq `afterSeq` (sales + refunds − voided sales): the grand total's running part. */
export function grossSince(db: ReportStatements, afterSeq: number): number {
  const row = db
    .prepare<[number, number, number], { gross: number | null }>(
      `SELECT (SELECT coalesce(sum(total_minor), 0) FROM sales WHERE seq > ?)
            + (SELECT coalesce(sum(total_minor), 0) FROM refunds WHERE seq > ?)
            - (SELECT coalesce(sum(s.total_minor), 0) FROM voids v JOIN sales s ON s.sale_id = v.sale_id WHERE v.seq > ?) AS gross`,
    )
    .get(afterSeq, afterSeq, afterSeq);
  return row?.gross ?? 0;
}
