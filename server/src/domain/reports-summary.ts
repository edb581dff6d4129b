import { summaryOf, type DocTotals, type SummaryParts, type TaxPart, type TenderPart, type ZSummary } from '@keel/shared';

/**
 * The server's side of the Z figures: the rules themselves are shared (`summaryOf` in
 * shared/src/ipc/report-summary.ts), so a terminal's Z and the server's recomputation agree to
 * the unit when the documents agree. What stays here is the server's cash-movement row (it
 * keeps who and why for the report lists) and the comparison that names each differing figure.
 */
export { summaryOf, type DocTotals, type SummaryParts, type TaxPart, type TenderPart };

export interface CashMove {
  kind: 'cash_in' | 'cash_out' | 'no_sale';
  amountMinor: number;
  cashierId: string;
  reason: string | null;
  createdAt: string;
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
