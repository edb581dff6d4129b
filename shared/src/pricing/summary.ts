import { sumBig } from './bigint';
import { safeMinor } from './errors';
import type { PricedLine, TaxSummary, Totals } from './schemas';

/**
 * Cart totals and the per-rate summary as plain sums of the lines. Nothing is recomputed
 * from aggregates, which is what makes lines, rate summaries and totals reconcile to the unit
 * on receipts, Z reports and the server's recomputation. Rates appear in order of first use.
 * Sums run on bigint: many safe lines can add up to an unsafe total, which is refused.
 */
export function summarise(lines: readonly PricedLine[]): Totals {
  const byRate = new Map<string, { ratePpm: number; net: bigint; tax: bigint; gross: bigint }>();
  for (const line of lines) {
    const entry = byRate.get(line.taxRateId) ?? { ratePpm: line.ratePpm, net: 0n, tax: 0n, gross: 0n };
    entry.net += BigInt(line.netMinor);
    entry.tax += BigInt(line.taxMinor);
    entry.gross += BigInt(line.totalMinor);
    byRate.set(line.taxRateId, entry);
  }
  const taxes: TaxSummary[] = [...byRate].map(([taxRateId, entry]) => ({
    taxRateId,
    ratePpm: entry.ratePpm,
    netMinor: safeMinor(entry.net, 'netMinor'),
    taxMinor: safeMinor(entry.tax, 'taxMinor'),
    grossMinor: safeMinor(entry.gross, 'grossMinor'),
  }));
  const sum = (pick: (line: PricedLine) => number) => sumBig(lines.map((line) => BigInt(pick(line))));
  return {
    subtotalMinor: safeMinor(sum((l) => l.extendedMinor), 'subtotalMinor'),
    discountMinor: safeMinor(sum((l) => l.lineDiscountMinor + l.cartDiscountMinor), 'discountMinor'),
    netMinor: safeMinor(sum((l) => l.netMinor), 'netMinor'),
    taxMinor: safeMinor(sum((l) => l.taxMinor), 'taxMinor'),
    totalMinor: safeMinor(sum((l) => l.totalMinor), 'totalMinor'),
    taxes,
  };
}
