import type { TaxSummary, TenderTotal, ZSummary } from '@keel/shared';
import type { ReportFacts } from './report-facts';
import { hourSeries } from '@keel/shared';
import type { CashierRow, CategoryRow, Report, ReportPerson, ReportScope, ZInfo } from '@keel/shared';

/**
 * Pure report building: aggregated rows in, report out; no SQL, no clock, no I/O. The summary
 * is the Z's figures (ZSummary); its rules are written once here so that the terminal's Z,
 * the X and the server's recomputation agree to the unit:
 * - gross = sales + refunds (≤ 0) + voids (≤ 0), all tax-included and before cash rounding;
 * - tax by rate after refunds and voids, rates whose figures all cancel out are left out,
 *   ordered by rate (highest first) then id;
 * - net and tax are the sums of the rates; discount and rounding are net of refunds and voids;
 * - tenders are signed, by kind in the order cash, card, other, kinds never used left out.
 */

const TENDER_ORDER = ['cash', 'card', 'other'] as const;

const sum = <T>(rows: readonly T[], pick: (row: T) => number): number => rows.reduce((total, row) => total + pick(row), 0);

export function buildSummary(facts: ReportFacts): ZSummary {
  const salesGrossMinor = sum(facts.sales, (r) => r.grossMinor);
  const refundsGrossMinor = sum(facts.refunds, (r) => r.grossMinor);
  const voidsGrossMinor = 0 - sum(facts.voids, (r) => r.grossMinor); // 0 − x, not −x: never a -0 in a hashed payload
  const grossMinor = salesGrossMinor + refundsGrossMinor + voidsGrossMinor;
  const taxes = mergeTaxes(facts.taxes);
  const moves = (kind: string) => facts.cashMoves.filter((m) => m.kind === kind);
  return {
    salesGrossMinor,
    refundsGrossMinor,
    voidsGrossMinor,
    grossMinor,
    netMinor: sum(taxes, (t) => t.netMinor),
    taxMinor: sum(taxes, (t) => t.taxMinor),
    taxes,
    discountMinor: sum(facts.sales, (r) => r.discountMinor) + sum(facts.refunds, (r) => r.discountMinor) - sum(facts.voids, (r) => r.discountMinor),
    roundingMinor: sum(facts.sales, (r) => r.roundingMinor) + sum(facts.refunds, (r) => r.roundingMinor) - sum(facts.voids, (r) => r.roundingMinor),
    tenders: mergeTenders(facts.tenders),
    cashInMinor: sum(moves('cash_in'), (m) => m.amountMinor),
    cashOutMinor: sum(moves('cash_out'), (m) => m.amountMinor),
    counts: {
      sales: sum(facts.sales, (r) => r.count),
      refunds: sum(facts.refunds, (r) => r.count),
      voids: sum(facts.voids, (r) => r.count),
      noSales: moves('no_sale').length,
      cashMovements: moves('cash_in').length + moves('cash_out').length,
    },
    grandTotalMinor: facts.grandTotal.baseMinor + (facts.grandTotal.sinceBaseMinor ?? grossMinor),
  };
}

export function mergeTaxes(rows: ReportFacts['taxes']): TaxSummary[] {
  const byRate = new Map<string, TaxSummary>();
  for (const row of rows) {
    const key = `${row.taxRateId}\u0000${row.ratePpm}`;
    const sign = row.voided ? -1 : 1;
    const entry = byRate.get(key) ?? { taxRateId: row.taxRateId, ratePpm: row.ratePpm, netMinor: 0, taxMinor: 0, grossMinor: 0 };
    entry.netMinor += sign * row.netMinor;
    entry.taxMinor += sign * row.taxMinor;
    entry.grossMinor += sign * row.grossMinor;
    byRate.set(key, entry);
  }
  return [...byRate.values()]
    .filter((t) => t.netMinor !== 0 || t.taxMinor !== 0 || t.grossMinor !== 0)
    .sort((a, b) => b.ratePpm - a.ratePpm || compareText(a.taxRateId, b.taxRateId));
}

export function mergeTenders(rows: ReportFacts['tenders']): TenderTotal[] {
  return TENDER_ORDER.flatMap((kind) => {
    const mine = rows.filter((r) => r.kind === kind);
    const count = sum(mine, (r) => r.count);
    return count === 0 ? [] : [{ kind, amountMinor: sum(mine, (r) => r.amountMinor), count }];
  });
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

/** Code-point order, not locale order: the same on every machine and in PostgreSQL's "C" collation. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
