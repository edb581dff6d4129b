import type { TaxSummary, TenderKind, TenderTotal, ZSummary } from '@keel/shared';

/**
 * The Z figures (ZSummary) from aggregated rows, by THE SAME RULES as the terminal's
 * desktop/src/core/reports/report-build.ts (buildSummary), so that a terminal's Z and the
 * server's recomputation agree to the unit when the documents agree:
 * - gross = sales + refunds (≤ 0) + voids (≤ 0), tax-included, before cash rounding;
 * - tax by rate after refunds and voids, rates that cancel out left out, highest rate first
 *   then id in code-point order;
 * - net and tax are the sums of the rates; discount and rounding net of refunds and voids;
 * - tenders signed, in the order cash, card, other, kinds never used left out.
 * The end-to-end test in desktop/test/reports pins the two to each other. (Both move to shared/.)
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

export interface CashMove {
  kind: 'cash_in' | 'cash_out' | 'no_sale';
  amountMinor: number;
  cashierId: string;
  reason: string | null;
  createdAt: string;
}

export interface SummaryParts {
  sales: DocTotals[];
  refunds: DocTotals[];
  voids: DocTotals[];
  taxes: TaxPart[];
  tenders: TenderPart[];
  cashMoves: CashMove[];
}

const TENDER_ORDER = ['cash', 'card', 'other'] as const;
const sum = <T>(rows: readonly T[], pick: (row: T) => number): number => rows.reduce((total, row) => total + pick(row), 0);
const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export function summaryOf(parts: SummaryParts, grandTotalMinor: (grossMinor: number) => number): ZSummary {
  const salesGrossMinor = sum(parts.sales, (r) => r.grossMinor);
  const refundsGrossMinor = sum(parts.refunds, (r) => r.grossMinor);
  const voidsGrossMinor = 0 - sum(parts.voids, (r) => r.grossMinor); // 0 − x, not −x: never a -0 in a hashed payload
  const grossMinor = salesGrossMinor + refundsGrossMinor + voidsGrossMinor;
  const taxes = mergeTaxes(parts.taxes);
  const moves = (kind: CashMove['kind']) => parts.cashMoves.filter((m) => m.kind === kind);
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

/** One line per figure that differs, tax rates keyed by id and rate, tenders by kind. */
export function summaryDifferences(terminal: ZSummary, server: ZSummary): { field: string; terminal: number | null; server: number | null }[] {
  const flat = (s: ZSummary): Map<string, number> => {
    const out = new Map<string, number>();
    for (const [key, value] of Object.entries(s)) if (typeof value === 'number') out.set(key, value);
    for (const [key, value] of Object.entries(s.counts)) out.set(`counts.${key}`, value);
    for (const t of s.taxes) for (const f of ['netMinor', 'taxMinor', 'grossMinor'] as const) out.set(`taxes[${t.taxRateId}@${t.ratePpm}].${f}`, t[f]);
    for (const t of s.tenders) for (const f of ['amountMinor', 'count'] as const) out.set(`tenders[${t.kind}].${f}`, t[f]);
    return out;
  };
  const a = flat(terminal);
  const b = flat(server);
  return [...new Set([...a.keys(), ...b.keys()])]
    .filter((key) => a.get(key) !== b.get(key))
    .map((field) => ({ field, terminal: a.get(field) ?? null, server: b.get(field) ?? null }));
}
