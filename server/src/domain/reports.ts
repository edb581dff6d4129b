import { businessDateOf, BusinessDateSchema, cashierRows, categoryRows, KeelError, type ZSummary } from '@keel/shared';
import { z } from 'zod';
import type { AppContext } from '../context';
import { hourSeries, type HourBucket } from '@keel/shared';
import { readSections } from './reports-sections';
import { readParts, receiptRange, terminalZones, type Db, type ReportFilter } from './reports-sql';
import { summaryOf } from './reports-summary';
import { recomputeZ, type ZDifference } from './reports-z-check';
import { getStore } from './stores';

/**
 * Sales reports over business dates for a terminal, a store or the whole tenant: the same
 * figures and sections as the terminal's X/Z reports (desktop/src/core/reports), computed with
 * SQL aggregates over what the terminals pushed. Business dates are the ones the terminals
 * recorded from their store's time zone and day start, so a report for a date is what that
 * store's Zs for the date say. A tenant report is one report per currency (amounts of
 * different currencies are never added).
 */

const MAX_DAYS = 366;

export const ReportQuerySchema = z
  .object({ from: BusinessDateSchema.optional(), to: BusinessDateSchema.optional() })
  .strict()
  .refine((q) => q.from === undefined || q.to === undefined || q.from <= q.to, { path: ['from'], message: 'must not be after to' })
  .refine((q) => q.from === undefined || q.to === undefined || days(q.from, q.to) <= MAX_DAYS, { path: ['to'], message: `at most ${MAX_DAYS} days` });
export type ReportQuery = z.infer<typeof ReportQuerySchema>;

function days(from: string, to: string): number {
  return (Date.parse(to) - Date.parse(from)) / 86_400_000 + 1;
}

const person = (names: Map<string, string>) => (id: string) => ({ id, name: names.get(id) ?? id });
const sum = <T>(rows: readonly T[], pick: (r: T) => number) => rows.reduce((a, r) => a + pick(r), 0);
const iso = (d: Date) => d.toISOString();

export interface ServerReport {
  scope: { tenantId: string; storeIds: string[]; terminalId: string | null; from: string; to: string };
  currency: string;
  /** The zone hours are shown in: the stores' own, or UTC when a tenant's stores differ. */
  timeZone: string;
  generatedAt: string;
  businessDates: string[];
  firstAt: string | null;
  lastAt: string | null;
  /** Only for one terminal (each terminal numbers its own receipts). */
  firstReceiptNumber: string | null;
  lastReceiptNumber: string | null;
  /** grandTotalMinor: Σ over the terminals of the grand total of their last Z on or before `to`. */
  summary: ZSummary;
  byHour: HourBucket[];
  byCategory: { categoryId: string | null; name: string; qtyMilli: number; grossMinor: number }[];
  byCashier: { cashier: { id: string; name: string }; salesCount: number; salesGrossMinor: number; discountMinor: number; refundsCount: number; refundsGrossMinor: number; voidsCount: number; voidsGrossMinor: number; noSales: number }[];
  topItems: { sku: string; name: string; qtyMilli: number; grossMinor: number }[];
  refunds: unknown[];
  voids: unknown[];
  discounts: unknown[];
  noSales: unknown[];
  cash: { shifts: unknown[]; expectedMinor: number; countedMinor: number; overShortMinor: number };
}

async function buildReport(db: Db, f: Extract<ReportFilter, { kind: 'dates' }>, currency: string, timeZone: string, now: Date): Promise<ServerReport> {
  const [parts, sections, grand, receipts] = await Promise.all([
    readParts(db, f),
    readSections(db, f),
    grandTotalAt(db, f),
    f.terminalId === null ? Promise.resolve({ first: null, last: null }) : receiptRange(db, f),
  ]);
  const who = person(sections.userNames);
  const docs = [...parts.sales, ...parts.refunds, ...parts.voids];
  const closed = sections.shifts.filter((s) => s.countedMinor !== null);
  return {
    scope: { tenantId: f.tenantId, storeIds: f.storeIds, terminalId: f.terminalId, from: f.from, to: f.to },
    currency,
    timeZone,
    generatedAt: iso(now),
    businessDates: [...new Set(docs.map((d) => d.businessDate))].sort(),
    firstAt: docs.length ? iso(new Date(Math.min(...docs.map((d) => d.firstAt.getTime())))) : null,
    lastAt: docs.length ? iso(new Date(Math.max(...docs.map((d) => d.lastAt.getTime())))) : null,
    firstReceiptNumber: receipts.first,
    lastReceiptNumber: receipts.last,
    summary: summaryOf(parts, () => grand),
    byHour: hourSeries(parts.sales.filter((s) => !s.voided).map((s) => ({ quarter: s.quarter, salesCount: s.count, grossMinor: s.grossMinor })), timeZone),
    byCategory: categoryRows(sections.items, sections.categoryNames),
    byCashier: cashierRows(parts, who),
    topItems: [...sections.items].sort((a, b) => b.grossMinor - a.grossMinor || (a.sku < b.sku ? -1 : 1)).slice(0, 10).map(({ sku, name, qtyMilli, grossMinor }) => ({ sku, name, qtyMilli, grossMinor })),
    refunds: sections.refundList.map((r) => ({ ...r, createdAt: iso(r.createdAt), cashier: who(r.cashierId), approvedBy: r.approvedBy === null ? null : who(r.approvedBy) })),
    voids: sections.voidList.map(({ saleAmountMinor, ...v }) => ({ ...v, createdAt: iso(v.createdAt), cashier: who(v.cashierId), approvedBy: who(v.approvedBy), amountMinor: -saleAmountMinor })),
    discounts: sections.discounts.map((d) => ({ ...d, cashier: who(d.cashierId), approvedBy: d.approvedBy === null ? null : who(d.approvedBy) })),
    noSales: parts.cashMoves.filter((m) => m.kind === 'no_sale').map((m) => ({ createdAt: m.createdAt, cashier: who(m.cashierId), reason: m.reason })),
    cash: {
      shifts: sections.shifts.map((s) => ({ ...s, openedAt: iso(s.openedAt), closedAt: s.closedAt ? iso(s.closedAt) : null, cashier: who(s.cashierId) })),
      expectedMinor: sum(closed, (s) => s.expectedMinor ?? 0),
      countedMinor: sum(closed, (s) => s.countedMinor ?? 0),
      overShortMinor: sum(closed, (s) => s.overShortMinor ?? 0),
    },
  };
}

/** Σ over the scope's terminals of the grand total of their last Z with a business date ≤ to. */
async function grandTotalAt(db: Db, f: Extract<ReportFilter, { kind: 'dates' }>): Promise<number> {
  const terminals = [...(await terminalZones(db, f)).keys()];
  const { rows } = await db.query<{ total: number }>(
    `SELECT coalesce(sum((report->'summary'->>'grandTotalMinor')::bigint), 0)::bigint AS total FROM (
       SELECT DISTINCT ON (terminal_id) report FROM day_closes
        WHERE tenant_id = $1 AND terminal_id = ANY($2::uuid[]) AND business_date <= $3::date ORDER BY terminal_id, z_number DESC) z`,
    [f.tenantId, terminals, f.to],
  );
  return rows[0]?.total ?? 0;
}

/** from/to default to today's business date in the store's zone. */
function range(query: ReportQuery, timeZone: string, dayStartsAt: string, now: Date): { from: string; to: string } {
  const today = businessDateOf(now, timeZone, dayStartsAt);
  const from = query.from ?? query.to ?? today;
  const to = query.to ?? (query.from && query.from > today ? query.from : today);
  if (from > to || days(from, to) > MAX_DAYS) {
    throw new KeelError('INVALID_INPUT', 'Invalid query', { issues: [{ path: 'from', message: `from..to must be an ascending range of at most ${MAX_DAYS} days` }] });
  }
  return { from, to };
}

export async function storeReport(ctx: AppContext, tenantId: string, storeId: string, query: ReportQuery): Promise<ServerReport> {
  const { settings } = await getStore(ctx.pool, tenantId, storeId);
  const now = ctx.now();
  const filter = { kind: 'dates' as const, tenantId, storeIds: [storeId], terminalId: null, ...range(query, settings.timeZone, settings.businessDayStartsAt, now) };
  return buildReport(ctx.pool, filter, settings.currency, settings.timeZone, now);
}

export async function terminalReport(ctx: AppContext, tenantId: string, storeId: string, terminalId: string, query: ReportQuery): Promise<ServerReport> {
  const { settings } = await getStore(ctx.pool, tenantId, storeId);
  await requireTerminal(ctx.pool, tenantId, storeId, terminalId);
  const now = ctx.now();
  const filter = { kind: 'dates' as const, tenantId, storeIds: [storeId], terminalId, ...range(query, settings.timeZone, settings.businessDayStartsAt, now) };
  return buildReport(ctx.pool, filter, settings.currency, settings.timeZone, now);
}

/** The whole tenant, one report per currency; hours in the stores' zone when they share one, else UTC. */
export async function tenantReports(ctx: AppContext, tenantId: string, query: ReportQuery): Promise<{ from: string; to: string; reports: ServerReport[] }> {
  const { rows } = await ctx.pool.query<{ id: string; currency: string; timeZone: string }>(
    `SELECT id::text AS id, settings->>'currency' AS currency, settings->>'timeZone' AS "timeZone" FROM stores WHERE tenant_id = $1 ORDER BY id`,
    [tenantId],
  );
  const now = ctx.now();
  const { from, to } = range(query, 'UTC', '00:00', now);
  const currencies = [...new Set(rows.map((r) => r.currency))].sort();
  const reports = await Promise.all(
    currencies.map((currency) => {
      const stores = rows.filter((r) => r.currency === currency);
      const zones = new Set(stores.map((s) => s.timeZone));
      const timeZone = zones.size === 1 ? (stores[0]?.timeZone ?? 'UTC') : 'UTC';
      return buildReport(ctx.pool, { kind: 'dates', tenantId, storeIds: stores.map((s) => s.id), terminalId: null, from, to }, currency, timeZone, now);
    }),
  );
  return { from, to, reports };
}

export interface ZReview {
  zNumber: number;
  seq: number;
  businessDate: string;
  closedAt: string;
  closedBy: string;
  terminal: ZSummary;
  server: ZSummary;
  differences: ZDifference[];
}

/** A terminal's Zs with business dates in range, each next to the server's recomputation. */
export async function terminalZReports(ctx: AppContext, tenantId: string, storeId: string, terminalId: string, query: ReportQuery): Promise<ZReview[]> {
  const { settings } = await getStore(ctx.pool, tenantId, storeId);
  await requireTerminal(ctx.pool, tenantId, storeId, terminalId);
  const { from, to } = range(query, settings.timeZone, settings.businessDayStartsAt, ctx.now());
  const { rows } = await ctx.pool.query<{ seq: number; payload: Parameters<typeof recomputeZ>[2] }>(
    `SELECT seq, op->'payload' AS payload FROM operations
      WHERE tenant_id = $1 AND terminal_id = $2 AND type = 'day.closed' AND status = 'applied'
        AND (op->'payload'->>'businessDate') BETWEEN $3 AND $4 ORDER BY seq`,
    [tenantId, terminalId, from, to],
  );
  const scope = { tenantId, storeId, terminalId };
  return Promise.all(
    rows.map(async ({ seq, payload }) => {
      const again = await recomputeZ(ctx.pool, scope, payload, seq);
      return {
        zNumber: payload.zNumber,
        seq,
        businessDate: payload.businessDate,
        closedAt: payload.closedAt,
        closedBy: payload.closedBy,
        terminal: payload.summary,
        server: again.summary,
        differences: again.differences,
      };
    }),
  );
}

async function requireTerminal(db: Db, tenantId: string, storeId: string, terminalId: string): Promise<void> {
  const { rowCount } = await db.query('SELECT 1 FROM terminals WHERE tenant_id = $1 AND store_id = $2 AND id = $3', [tenantId, storeId, terminalId]);
  if (!rowCount) throw new KeelError('NOT_FOUND', 'No such terminal in this store.');
}
