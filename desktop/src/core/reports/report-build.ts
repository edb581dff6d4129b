import { compareText, hourSeries, summaryOf, type ZSummary } from '@keel/shared';
import type { CashierRow, CategoryRow, Report, ReportPerson, ReportScope, ZInfo } from '@keel/shared';
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
    byCategory: byCategory(facts),
    byCashier: byCashier(facts, person),
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

function byCategory(facts: ReportFacts): CategoryRow[] {
  const rows = new Map<string | null, CategoryRow>();
  for (const item of facts.items) {
    const name = item.categoryId === null ? 'Uncategorised' : (facts.categoryNames.get(item.categoryId) ?? item.categoryId);
    const entry = rows.get(item.categoryId) ?? { categoryId: item.categoryId, name, qtyMilli: 0, grossMinor: 0 };
    entry.qtyMilli += item.qtyMilli;
    entry.grossMinor += item.grossMinor;
    rows.set(item.categoryId, entry);
  }
  return [...rows.values()].sort((a, b) => b.grossMinor - a.grossMinor || compareText(a.name, b.name));
}

/** Every document a cashier made: Σ salesGross over cashiers is the summary's salesGross. */
function byCashier(facts: ReportFacts, person: (id: string) => ReportPerson): CashierRow[] {
  const rows = new Map<string, CashierRow>();
  const row = (id: string): CashierRow => {
    let entry = rows.get(id);
    if (!entry) {
      entry = { cashier: person(id), salesCount: 0, salesGrossMinor: 0, discountMinor: 0, refundsCount: 0, refundsGrossMinor: 0, voidsCount: 0, voidsGrossMinor: 0, noSales: 0 };
      rows.set(id, entry);
    }
    return entry;
  };
  for (const s of facts.sales) {
    const r = row(s.cashierId);
    r.salesCount += s.count;
    r.salesGrossMinor += s.grossMinor;
    r.discountMinor += s.discountMinor;
  }
  for (const s of facts.refunds) {
    const r = row(s.cashierId);
    r.refundsCount += s.count;
    r.refundsGrossMinor += s.grossMinor;
  }
  for (const s of facts.voids) {
    const r = row(s.cashierId);
    r.voidsCount += s.count;
    r.voidsGrossMinor -= s.grossMinor;
  }
  for (const m of facts.cashMoves) if (m.kind === 'no_sale') row(m.cashierId).noSales += 1;
  return [...rows.values()].sort((a, b) => compareText(a.cashier.name, b.cashier.name) || compareText(a.cashier.id, b.cashier.id));
}

function personOf(names: ReadonlyMap<string, string>): (id: string) => ReportPerson {
  return (id) => ({ id, name: names.get(id) ?? id });
}
