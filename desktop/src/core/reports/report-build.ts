import { cashierRows, categoryRows, compareText, hourSeries, summaryOf, type ZSummary } from '@keel/shared';
import type { Report, ReportPerson, ReportScope, ZInfo } from '@keel/shared';
import type { ReportFacts } from './report-facts';

/**
 * Pure report building: aggregated rows in, report out; no SQL, no clock, no I/O. The summary
 * (the Z's figures) follows the rules in shared/src/ipc/report-summary.ts, the same the server
 * recomputes a Z with.
 */

const sum = <T>(rows: readonly T[], pick: (row: T) => number): number => rows.reduce((total, row) => total + pick(row), 0);

/** The summary by the shared rules; the grand total continues the terminal's running total. */
export function buildSummary(facts: ReportFacts): ZSummary {
  return summaryOf(facts, (grossMinor) => facts.grandTotal.baseMinor + (facts.grandTotal.sinceBaseMinor ?? grossMinor));
}

export interface ReportHeader {
  scope: ReportScope;
  storeName: string;
  terminalCode: string;
  currency: string;
  timeZone: string;
  generatedAt: string;
  /** Null for an X report. */
  z: ZInfo | null;
}

export function buildReport(facts: ReportFacts, header: ReportHeader, summary: ZSummary = buildSummary(facts)): Report {
  const person = personOf(facts.userNames);
  const docs = [...facts.sales, ...facts.refunds, ...facts.voids];
  const standing = facts.sales.filter((r) => !r.voided);
  const closed = facts.shifts.filter((s) => s.countedMinor !== null);
  const { z, ...rest } = header;
  const body = {
    ...rest,
    businessDates: coveredDates(facts),
    firstAt: docs.map((d) => d.firstAt).sort(compareText)[0] ?? null,
    lastAt: docs.map((d) => d.lastAt).sort(compareText).at(-1) ?? null,
    firstReceiptNumber: facts.firstReceiptNumber,
    lastReceiptNumber: facts.lastReceiptNumber,
    summary,
    byHour: hourSeries(
      standing.map((r) => ({ quarter: r.quarter, salesCount: r.count, grossMinor: r.grossMinor })),
      header.timeZone,
    ),
    byCategory: categoryRows(facts.items, facts.categoryNames),
    byCashier: cashierRows(facts, person),
    topItems: [...facts.items]
      .sort((a, b) => b.grossMinor - a.grossMinor || compareText(a.sku, b.sku))
      .slice(0, 10)
      .map(({ sku, name, qtyMilli, grossMinor }) => ({ sku, name, qtyMilli, grossMinor })),
    refunds: facts.refundList.map((r) => ({
      receiptNumber: r.receiptNumber,
      originalReceiptNumber: r.originalReceiptNumber,
      createdAt: r.createdAt,
      cashier: person(r.cashierId),
      approvedBy: r.approvedBy === null ? null : person(r.approvedBy),
      amountMinor: r.amountMinor,
      reason: r.reason,
    })),
    voids: facts.voidList.map((v) => ({
      receiptNumber: v.receiptNumber,
      createdAt: v.createdAt,
      cashier: person(v.cashierId),
      approvedBy: person(v.approvedBy),
      amountMinor: -v.saleAmountMinor,
      reason: v.reason,
    })),
    discounts: facts.discounts.map((d) => ({
      cashier: person(d.cashierId),
      approvedBy: d.approvedBy === null ? null : person(d.approvedBy),
      kind: d.kind,
      count: d.count,
      amountMinor: d.amountMinor,
    })),
    noSales: facts.cashMoves
      .filter((m) => m.kind === 'no_sale')
      .map((m) => ({ createdAt: m.createdAt, cashier: person(m.cashierId), reason: m.reason })),
    cash: {
      shifts: facts.shifts.map(({ cashierId, ...s }) => ({ ...s, cashier: person(cashierId) })),
      expectedMinor: sum(closed, (s) => s.expectedMinor),
      countedMinor: sum(closed, (s) => s.countedMinor ?? 0),
      overShortMinor: sum(closed, (s) => s.overShortMinor ?? 0),
    },
  };
  return z === null ? { kind: 'x', ...body, z: null } : { kind: 'z', ...body, z };
}

/** Business dates of the documents, ascending: a Z after a day left open covers two. */
export function coveredDates(facts: Pick<ReportFacts, 'sales' | 'refunds' | 'voids'>): string[] {
  const docs = [...facts.sales, ...facts.refunds, ...facts.voids];
  return [...new Set(docs.map((d) => d.businessDate))].sort(compareText);
}

function personOf(names: ReadonlyMap<string, string>): (id: string) => ReportPerson {
  return (id) => ({ id, name: names.get(id) ?? id });
}
