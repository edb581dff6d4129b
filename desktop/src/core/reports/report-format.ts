import { formatMoney, formatQty, localDateTime } from '@keel/shared';
import type { Report } from '@keel/shared';

/**
 * Formatting shared by the printed, CSV and HTML renderings. Amounts go through the shared
 * formatMoney (plain "1234.50", the form exports and parseMoney agree on); times are shown on
 * the store's wall clock, since the wire and the ledger hold UTC only.
 */

export const money = (report: Pick<Report, 'currency'>, minor: number): string => formatMoney(minor, report.currency);

export const qty = (qtyMilli: number): string => formatQty(qtyMilli);

const SYMBOLS: Record<string, string> = { EUR: '€', GBP: '£', USD: '$' };

/**
 * An amount for people to read (the PDF): formatMoney's exact digits, thousands grouped with
 * commas and the store currency after it ("1,234.50 €", "-3.00 CHF"). Never parsed back; the
 * CSV keeps the plain form. Only symbols the PDF's standard fonts (WinAnsi) can draw.
 */
export function moneyText(report: Pick<Report, 'currency'>, minor: number): string {
  const plain = money(report, minor);
  const negative = plain.startsWith('-');
  const [whole = '', fraction] = (negative ? plain.slice(1) : plain).split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${negative ? '-' : ''}${grouped}${fraction === undefined ? '' : `.${fraction}`} ${SYMBOLS[report.currency] ?? report.currency}`;
}

/** "z-report-0003-2025-03-01-T01.pdf", "x-report-T01-2025-03-01-1432.csv": sortable, and safe on any file system. */
export function reportFileName(report: Report, extension: 'pdf' | 'csv'): string {
  const safe = (text: string) => text.replace(/[^\w-]+/g, '_');
  if (report.z) return `z-report-${String(report.z.zNumber).padStart(4, '0')}-${report.z.businessDate}-${safe(report.terminalCode)}.${extension}`;
  const stamp = localDateTime(report.generatedAt, report.timeZone).replace(' ', '-').replace(':', '');
  return `x-report-${safe(report.terminalCode)}-${stamp}.${extension}`;
}

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
