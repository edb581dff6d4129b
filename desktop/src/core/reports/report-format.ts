import { formatMoney, formatQty } from '@keel/shared';
import type { Report } from '@keel/shared';

/**
 * Formatting shared by the printed, CSV and HTML renderings. Amounts go through the shared
 * formatMoney (plain "1234.50", the form exports and parseMoney agree on); times are shown on
 * the store's wall clock, since the wire and the ledger hold UTC only.
 */

export const money = (report: Pick<Report, 'currency'>, minor: number): string => formatMoney(minor, report.currency);

export const qty = (qtyMilli: number): string => formatQty(qtyMilli);

/** 190000 ppm → "19 %", 65000 → "6.5 %". */
export function ratePercent(ratePpm: number): string {
  return `${(ratePpm / 10_000).toFixed(4).replace(/\.?0+$/, '')} %`;
}


export const TENDER_LABELS = { cash: 'Cash', card: 'Card', other: 'Other' } as const;

/** A report's title line: "Z REPORT 12" or "X REPORT". */
export function titleOf(report: Report): string {
  return report.kind === 'z' ? `Z REPORT ${report.z.zNumber}` : 'X REPORT';
}

/** What the report covers, in words. */
export function scopeText(report: Report): string {
  switch (report.scope.kind) {
    case 'shift':
      return `Shift ${report.scope.shiftId.slice(0, 8)}`;
    case 'businessDay':
      return `Business day ${report.scope.businessDate}`;
    case 'journal':
      return report.businessDates.length > 0 ? `Business day ${report.businessDates.join(', ')}` : 'No documents';
  }
}
