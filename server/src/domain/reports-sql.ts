import { businessDateOf } from '@keel/shared';
import type { Pool, PoolClient } from '../db/pool';
import type { CashMove, DocTotals, SummaryParts, TaxPart, TenderPart } from './reports-summary';

/**
 * The SQL aggregates behind server reports and the Z check, over the tables push fills (sales,
 * sale_lines, sale_tenders, refunds, voids, and the operations themselves for cash). Two kinds
 * of scope:
 * - dates: business dates from..to (inclusive) of some stores, or of one terminal; the business
 *   date is the one the terminal recorded from the store's time zone and day start;
 * - journal: one terminal's documents after journal seq `afterSeq` and before `beforeSeq`,
 *   which is exactly what that terminal's Z covers (DayClosed in shared/sale/day-close.ts).
 * Indexes: migration 0002-report-indexes.
 */

export type Db = Pool | PoolClient;

export type ReportFilter =
  | { kind: 'dates'; tenantId: string; storeIds: string[]; terminalId: string | null; from: string; to: string }
  | { kind: 'journal'; tenantId: string; terminalId: string; afterSeq: number; beforeSeq: number };

/** Positional parameters for one statement: `$n` in the order they are added. */
export class Params {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/** The scope's condition on a document table aliased `a`; voids keep their business date in the document. */
export function docWhere(f: ReportFilter, a: string, q: Params, table: 'doc' | 'void' = 'doc'): string {
  const tenant = `${a}.tenant_id = ${q.add(f.tenantId)}`;
  if (f.kind === 'journal') {
    return `${tenant} AND ${a}.terminal_id = ${q.add(f.terminalId)} AND ${a}.seq > ${q.add(f.afterSeq)} AND ${a}.seq < ${q.add(f.beforeSeq)}`;
  }
  const day = table === 'void' ? `(${a}.void->>'businessDate')` : `${a}.business_date`;
  const range = table === 'void' ? `${day} BETWEEN ${q.add(f.from)} AND ${q.add(f.to)}` : `${day} BETWEEN ${q.add(f.from)}::date AND ${q.add(f.to)}::date`;
  const where = f.terminalId === null ? `${a}.store_id = ANY(${q.add(f.storeIds)}::uuid[])` : `${a}.terminal_id = ${q.add(f.terminalId)}`;
  return `${tenant} AND ${where} AND ${range}`;
}

/** 'YYYY-MM-DDTHH:MM' of the UTC quarter-hour of s.created_at, as the terminal's SQL slices it. */
const QUARTER = `to_char(date_trunc('hour', s.created_at AT TIME ZONE 'UTC')
  + floor(date_part('minute', s.created_at AT TIME ZONE 'UTC') / 15) * interval '15 minutes', 'YYYY-MM-DD"T"HH24:MI')`;

export interface SaleGroup extends DocTotals {
  businessDate: string;
  cashierId: string;
  quarter: string;
  voided: boolean;
  firstAt: Date;
  lastAt: Date;
}

export interface DocGroup extends DocTotals {
  businessDate: string;
  cashierId: string;
  firstAt: Date;
  lastAt: Date;
}

export interface Parts extends SummaryParts {
  sales: SaleGroup[];
  refunds: DocGroup[];
  voids: DocGroup[];
  cashMoves: CashMove[];
}

const sums = `count(*)::int AS count, sum(%.total_minor)::bigint AS "grossMinor"`;

export async function readParts(db: Db, f: ReportFilter): Promise<Parts> {
  const run = async <T extends object>(build: (q: Params) => string): Promise<T[]> => {
    const q = new Params();
    const sql = build(q);
    return (await db.query<T>(sql, q.values)).rows;
  };
  const [sales, refunds, voids, taxes, tenders, cashMoves] = await Promise.all([
    run<SaleGroup>(
      (q) => `SELECT s.business_date::text AS "businessDate", coalesce(s.cashier_id, '') AS "cashierId", ${QUARTER} AS quarter,
                     s.voided_at IS NOT NULL AS voided, ${sums.replace('%', 's')}, sum(s.discount_minor)::bigint AS "discountMinor",
                     sum(s.rounding_minor)::bigint AS "roundingMinor", min(s.created_at) AS "firstAt", max(s.created_at) AS "lastAt"
                FROM sales s WHERE ${docWhere(f, 's', q)} GROUP BY 1, 2, 3, 4`,
    ),
    run<DocGroup>(
      (q) => `SELECT r.business_date::text AS "businessDate", r.refund->>'cashierId' AS "cashierId", ${sums.replace('%', 'r')},
                     sum((r.refund->'totals'->>'discountMinor')::bigint)::bigint AS "discountMinor",
                     sum((r.refund->>'roundingMinor')::bigint)::bigint AS "roundingMinor", min(r.created_at) AS "firstAt", max(r.created_at) AS "lastAt"
                FROM refunds r WHERE ${docWhere(f, 'r', q)} GROUP BY 1, 2`,
    ),
    run<DocGroup>(
      (q) => `SELECT v.void->>'businessDate' AS "businessDate", v.void->>'cashierId' AS "cashierId", ${sums.replace('%', 's')},
                     sum(s.discount_minor)::bigint AS "discountMinor", sum(s.rounding_minor)::bigint AS "roundingMinor",
                     min(v.created_at) AS "firstAt", max(v.created_at) AS "lastAt"
                FROM voids v JOIN sales s ON s.tenant_id = v.tenant_id AND s.id = v.sale_id
               WHERE ${docWhere(f, 'v', q, 'void')} GROUP BY 1, 2`,
    ),
    run<TaxPart>(
      (q) => `SELECT l.tax_rate_id AS "taxRateId", l.rate_ppm AS "ratePpm", sum(l.net_minor)::bigint AS "netMinor",
                     sum(l.tax_minor)::bigint AS "taxMinor", sum(l.total_minor)::bigint AS "grossMinor", false AS voided
                FROM sales s JOIN sale_lines l ON l.tenant_id = s.tenant_id AND l.sale_id = s.id WHERE ${docWhere(f, 's', q)} GROUP BY 1, 2
              UNION ALL
              SELECT j->>'taxRateId', (j->>'ratePpm')::int, sum((j->>'netMinor')::bigint)::bigint, sum((j->>'taxMinor')::bigint)::bigint,
                     sum((j->>'totalMinor')::bigint)::bigint, false
                FROM refunds r CROSS JOIN LATERAL jsonb_array_elements(r.refund->'lines') j WHERE ${docWhere(f, 'r', q)} GROUP BY 1, 2
              UNION ALL
              SELECT l.tax_rate_id, l.rate_ppm, sum(l.net_minor)::bigint, sum(l.tax_minor)::bigint, sum(l.total_minor)::bigint, true
                FROM voids v JOIN sale_lines l ON l.tenant_id = v.tenant_id AND l.sale_id = v.sale_id WHERE ${docWhere(f, 'v', q, 'void')} GROUP BY 1, 2`,
    ),
    // Refund and void tenders live only in their documents, already negative (money given back).
    run<TenderPart>(
      (q) => `SELECT t.kind, sum(t.amount_minor)::bigint AS "amountMinor", count(*)::int AS count
                FROM sales s JOIN sale_tenders t ON t.tenant_id = s.tenant_id AND t.sale_id = s.id WHERE ${docWhere(f, 's', q)} GROUP BY 1
              UNION ALL
              SELECT j->>'kind', sum((j->>'amountMinor')::bigint)::bigint, count(*)::int
                FROM refunds r CROSS JOIN LATERAL jsonb_array_elements(r.refund->'tenders') j WHERE ${docWhere(f, 'r', q)} GROUP BY 1
              UNION ALL
              SELECT j->>'kind', sum((j->>'amountMinor')::bigint)::bigint, count(*)::int
                FROM voids v CROSS JOIN LATERAL jsonb_array_elements(v.void->'tenders') j WHERE ${docWhere(f, 'v', q, 'void')} GROUP BY 1`,
    ),
    readCashMoves(db, f),
  ]);
  return { sales, refunds, voids, taxes, tenders, cashMoves };
}

interface CashOp {
  type: 'cash.moved' | 'drawer.opened';
  terminalId: string;
  payload: { direction?: 'in' | 'out'; amountMinor?: number; cashierId: string; reason: string | null; createdAt: string };
}

/**
 * Cash in/out and no-sale openings, from the operations as pushed: the cash_movements rows do
 * not name the cashier, the operations do. For dates, a generous window on the operation's
 * instant is read (index operations_cash) and each kept when businessDateOf, with its store's
 * zone and day start, puts it in range: the same rule the terminal used for its documents.
 */
async function readCashMoves(db: Db, f: ReportFilter): Promise<CashMove[]> {
  const cols = `o.type, o.terminal_id::text AS "terminalId", o.op->'payload' AS payload`;
  const kinds = `o.type IN ('cash.moved', 'drawer.opened') AND o.status = 'applied'`;
  let ops: CashOp[];
  if (f.kind === 'journal') {
    ops = (
      await db.query<CashOp>(`SELECT ${cols} FROM operations o WHERE o.tenant_id = $1 AND o.terminal_id = $2 AND o.seq > $3 AND o.seq < $4 AND ${kinds} ORDER BY o.seq`, [
        f.tenantId,
        f.terminalId,
        f.afterSeq,
        f.beforeSeq,
      ])
    ).rows;
  } else {
    const zones = await terminalZones(db, f);
    const lo = new Date(Date.parse(`${f.from}T00:00:00.000Z`) - 2 * 86_400_000).toISOString();
    const hi = new Date(Date.parse(`${f.to}T00:00:00.000Z`) + 3 * 86_400_000).toISOString();
    ops = (
      await db.query<CashOp>(
        `SELECT ${cols} FROM operations o WHERE o.tenant_id = $1 AND o.terminal_id = ANY($2::uuid[]) AND ${kinds}
            AND (o.op->>'createdAt') >= $3 AND (o.op->>'createdAt') < $4 ORDER BY o.op->>'createdAt'`,
        [f.tenantId, [...zones.keys()], lo, hi],
      )
    ).rows.filter((op) => {
      const zone = zones.get(op.terminalId);
      const day = zone ? businessDateOf(op.payload.createdAt, zone.timeZone, zone.businessDayStartsAt) : null;
      return day !== null && day >= f.from && day <= f.to;
    });
  }
  return ops.map(({ type, payload: p }) => ({
    kind: type === 'drawer.opened' ? 'no_sale' : p.direction === 'in' ? 'cash_in' : 'cash_out',
    amountMinor: type === 'drawer.opened' ? 0 : (p.amountMinor ?? 0),
    cashierId: p.cashierId,
    reason: p.reason,
    createdAt: p.createdAt,
  }));
}

/** The terminals of a date scope with their store's time zone and business-day start. */
export async function terminalZones(db: Db, f: Extract<ReportFilter, { kind: 'dates' }>): Promise<Map<string, { timeZone: string; businessDayStartsAt: string }>> {
  const { rows } = await db.query<{ id: string; timeZone: string; businessDayStartsAt: string }>(
    `SELECT t.id::text AS id, st.settings->>'timeZone' AS "timeZone", st.settings->>'businessDayStartsAt' AS "businessDayStartsAt"
       FROM terminals t JOIN stores st ON st.tenant_id = t.tenant_id AND st.id = t.store_id
      WHERE t.tenant_id = $1 AND ${f.terminalId === null ? 't.store_id = ANY($2::uuid[])' : 't.id = $2'}`,
    [f.tenantId, f.terminalId ?? f.storeIds],
  );
  return new Map(rows.map((r) => [r.id, { timeZone: r.timeZone, businessDayStartsAt: r.businessDayStartsAt }]));
}

/** First and last receipt numbers of one terminal's documents (sales and refunds share the sequence). */
export async function receiptRange(db: Db, f: ReportFilter): Promise<{ first: string | null; last: string | null }> {
  const pick = async (order: 'ASC' | 'DESC') => {
    const q = new Params();
    const { rows } = await db.query<{ n: string }>(
      `SELECT n FROM (SELECT s.receipt_seq AS k, s.receipt_number AS n FROM sales s WHERE ${docWhere(f, 's', q)}
                      UNION ALL
                      SELECT (r.refund->>'receiptSeq')::bigint, r.refund->>'receiptNumber' FROM refunds r WHERE ${docWhere(f, 'r', q)}) x
        ORDER BY k ${order} LIMIT 1`,
      q.values,
    );
    return rows[0]?.n ?? null;
  };
  const [first, last] = await Promise.all([pick('ASC'), pick('DESC')]);
  return { first, last };
}
