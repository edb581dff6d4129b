import type { TaxSummary, TenderKind } from '../pricing/schemas';
import type { TenderTotal, ZSummary } from '../sale/day-close';
import type { CashierRow, CategoryRow, ReportPerson } from './reports';

/**
 * THE Z figures (ZSummary) from aggregated rows: one set of rules for the terminal's X and Z
 * and the server's recomputation of a Z, so they agree to the unit when the documents agree.
 * - gross = sales + refunds (≤ 0) + voids (≤ 0), all tax-included and before cash rounding;
 * - tax by rate after refunds and voids; rates whose figures all cancel out are left out,
 *   ordered by rate (highest first) then id in code-point order;
 * - net and tax are the sums of the rates; discount and rounding are net of refunds and voids;
 * - tenders are signed, by kind in the order cash, card, other; kinds never used left out.
 * Each side reads the rows its own way (SQLite, PostgreSQL); only these shapes are shared.
 */

/** Sale, refund or voided-sale documents, grouped; voided sales' figures as recorded (≥ 0). */
export interface DocTotals {
  count: number;
  grossMinor: number;
  discountMinor: number;
  roundingMinor: number;
}

export interface TaxPart {
  taxRateId: string;
  ratePpm: number;
  netMinor: number;
  taxMinor: number;
  grossMinor: number;
  /** Lines of voided sales, subtracted. */
  voided: boolean;
}

export interface TenderPart {
  kind: TenderKind;
  amountMinor: number;
  count: number;
}

export interface CashMovePart {
  kind: 'cash_in' | 'cash_out' | 'no_sale';
  amountMinor: number;
}

export interface SummaryParts {
  sales: readonly DocTotals[];
  refunds: readonly DocTotals[];
  voids: readonly DocTotals[];
  taxes: readonly TaxPart[];
  tenders: readonly TenderPart[];
  cashMoves: readonly CashMovePart[];
}

const TENDER_ORDER = ['cash', 'card', 'other'] as const;

const sum = <T>(rows: readonly T[], pick: (row: T) => number): number => rows.reduce((total, row) => total + pick(row), 0);

/** Code-point order, not locale order: the same on every machine and in PostgreSQL's "C" collation. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The summary; `grandTotalMinor` turns the period's gross into the running grand total. */
export function summaryOf(parts: SummaryParts, grandTotalMinor: (grossMinor: number) => number): ZSummary {
  const salesGrossMinor = sum(parts.sales, (r) => r.grossMinor);
  const refundsGrossMinor = sum(parts.refunds, (r) => r.grossMinor);
  const voidsGrossMinor = 0 - sum(parts.voids, (r) => r.grossMinor); // 0 − x, not −x: never a -0 in a hashed payload
  const grossMinor = salesGrossMinor + refundsGrossMinor + voidsGrossMinor;
  const taxes = mergeTaxes(parts.taxes);
  const moves = (kind: CashMovePart['kind']) => parts.cashMoves.filter((m) => m.kind === kind);
  const net = (pick: (r: DocTotals) => number) => sum(parts.sales, pick) + sum(parts.refunds, pick) - sum(parts.voids, pick);
  return {
    salesGrossMinor,
    refundsGrossMinor,
    voidsGrossMinor,
    grossMinor,
    netMinor: sum(taxes, (t) => t.netMinor),
    taxMinor: sum(taxes, (t) => t.taxMinor),
    taxes,
    discountMinor: net((r) => r.discountMinor),
    roundingMinor: net((r) => r.roundingMinor),
    tenders: mergeTenders(parts.tenders),
    cashInMinor: sum(moves('cash_in'), (m) => m.amountMinor),
    cashOutMinor: sum(moves('cash_out'), (m) => m.amountMinor),
    counts: {
      sales: sum(parts.sales, (r) => r.count),
      refunds: sum(parts.refunds, (r) => r.count),
      voids: sum(parts.voids, (r) => r.count),
      noSales: moves('no_sale').length,
      cashMovements: moves('cash_in').length + moves('cash_out').length,
    },
    grandTotalMinor: grandTotalMinor(grossMinor),
  };
}

function mergeTaxes(rows: readonly TaxPart[]): TaxSummary[] {
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

function mergeTenders(rows: readonly TenderPart[]): TenderTotal[] {
  return TENDER_ORDER.flatMap((kind) => {
    const mine = rows.filter((r) => r.kind === kind);
    const count = sum(mine, (r) => r.count);
    return count === 0 ? [] : [{ kind, amountMinor: sum(mine, (r) => r.amountMinor), count }];
  });
}

/** Items by category, biggest first (then name): the report's "by category" table. */
export function categoryRows(
  items: readonly { categoryId: string | null; qtyMilli: number; grossMinor: number }[],
  categoryNames: ReadonlyMap<string, string>,
): CategoryRow[] {
  const rows = new Map<string | null, CategoryRow>();
  for (const item of items) {
    const name = item.categoryId === null ? 'Uncategorised' : (categoryNames.get(item.categoryId) ?? item.categoryId);
    const entry = rows.get(item.categoryId) ?? { categoryId: item.categoryId, name, qtyMilli: 0, grossMinor: 0 };
    entry.qtyMilli += item.qtyMilli;
    entry.grossMinor += item.grossMinor;
    rows.set(item.categoryId, entry);
  }
  return [...rows.values()].sort((a, b) => b.grossMinor - a.grossMinor || compareText(a.name, b.name));
}

type ByCashier = DocTotals & { cashierId: string };

/** Every document a cashier made, by name then id: Σ salesGross over cashiers is the summary's salesGross. */
export function cashierRows(
  parts: { sales: readonly ByCashier[]; refunds: readonly ByCashier[]; voids: readonly ByCashier[]; cashMoves: readonly { kind: string; cashierId: string }[] },
  person: (id: string) => ReportPerson,
): CashierRow[] {
  const rows = new Map<string, CashierRow>();
  const row = (id: string): CashierRow => {
    let entry = rows.get(id);
    if (!entry) {
      entry = { cashier: person(id), salesCount: 0, salesGrossMinor: 0, discountMinor: 0, refundsCount: 0, refundsGrossMinor: 0, voidsCount: 0, voidsGrossMinor: 0, noSales: 0 };
      rows.set(id, entry);
    }
    return entry;
  };
  for (const s of parts.sales) {
    const r = row(s.cashierId);
    r.salesCount += s.count;
    r.salesGrossMinor += s.grossMinor;
    r.discountMinor += s.discountMinor;
  }
  for (const d of parts.refunds) {
    const r = row(d.cashierId);
    r.refundsCount += d.count;
    r.refundsGrossMinor += d.grossMinor;
  }
  for (const d of parts.voids) {
    const r = row(d.cashierId);
    r.voidsCount += d.count;
    r.voidsGrossMinor -= d.grossMinor;
  }
  for (const m of parts.cashMoves) if (m.kind === 'no_sale') row(m.cashierId).noSales += 1;
  return [...rows.values()].sort((a, b) => compareText(a.cashier.name, b.cashier.name) || compareText(a.cashier.id, b.cashier.id));
}
