import { localDateTime } from '@keel/shared';
import { money, qty, ratePercent, scopeText, TENDER_LABELS, titleOf } from './report-format';
import type { Report } from '@keel/shared';

/**
 * The report for the receipt printer: plain lines of at most 42 characters (Font A on 80 mm
 * paper), which the devices layer turns into ESC/POS and the screen shows as a preview. Labels
 * are cut, never amounts: an amount that does not fit would be a wrong number on paper.
 */
export const REPORT_WIDTH = 42;

/** `width`: the printer's characters per line (42 on 80 mm paper in Font A, 32 on 58 mm). */
export function reportLines(report: Report, width = REPORT_WIDTH): string[] {
  const out = new Printer(width);
  const m = (minor: number) => money(report, minor);
  const at = (iso: string) => localDateTime(iso, report.timeZone);
  const s = report.summary;

  out.center(report.storeName);
  out.center(titleOf(report));
  out.row('Terminal', report.terminalCode);
  out.text(scopeText(report));
  if (report.z) out.text(`Closed ${at(report.z.closedAt)} by ${report.z.closedBy.name}`);
  else out.text(`Printed ${at(report.generatedAt)}`);
  if (report.firstReceiptNumber && report.lastReceiptNumber) out.row('Receipts', `${report.firstReceiptNumber}..${report.lastReceiptNumber}`);
  out.row('Currency', report.currency);

  out.section('SALES');
  out.row(`Sales (${s.counts.sales})`, m(s.salesGrossMinor));
  out.row(`Refunds (${s.counts.refunds})`, m(s.refundsGrossMinor));
  out.row(`Voids (${s.counts.voids})`, m(s.voidsGrossMinor));
  out.row('Gross', m(s.grossMinor));
  out.row('Net', m(s.netMinor));
  out.row('Tax', m(s.taxMinor));
  out.row('Discounts', m(s.discountMinor));
  out.row('Cash rounding', m(s.roundingMinor));

  out.section('TAX BY RATE');
  for (const t of s.taxes) {
    out.row(`${ratePercent(t.ratePpm)} ${t.taxRateId}`, m(t.grossMinor));
    out.row('  net', m(t.netMinor));
    out.row('  tax', m(t.taxMinor));
  }

  out.section('TENDERS');
  for (const t of s.tenders) out.row(`${TENDER_LABELS[t.kind]} (${t.count})`, m(t.amountMinor));

  out.section('CASH');
  out.row('Cash in', m(s.cashInMinor));
  out.row('Cash out', m(-s.cashOutMinor));
  out.row('Cash movements', String(s.counts.cashMovements));
  out.row('No-sale openings', String(s.counts.noSales));
  for (const shift of report.cash.shifts) {
    out.text(`${shift.cashier.name} ${at(shift.openedAt)}`);
    out.row('  Float', m(shift.openingFloatMinor));
    out.row('  Expected', m(shift.expectedMinor));
    out.row('  Counted', shift.countedMinor === null ? 'open' : m(shift.countedMinor));
    if (shift.overShortMinor !== null) out.row('  Over/short', m(shift.overShortMinor));
  }
  out.row('Expected (closed shifts)', m(report.cash.expectedMinor));
  out.row('Counted', m(report.cash.countedMinor));
  out.row('Over/short', m(report.cash.overShortMinor));

  out.section('SALES BY HOUR');
  for (const h of report.byHour) if (h.salesCount > 0) out.row(`${h.label} (${h.salesCount})`, m(h.grossMinor));

  out.section('BY CATEGORY');
  for (const c of report.byCategory) out.row(c.name, m(c.grossMinor));

  out.section('BY CASHIER');
  for (const c of report.byCashier) {
    out.text(c.cashier.name);
    out.row(`  Sales (${c.salesCount})`, m(c.salesGrossMinor));
    if (c.discountMinor !== 0) out.row('  Discounts', m(c.discountMinor));
    if (c.refundsCount > 0) out.row(`  Refunds (${c.refundsCount})`, m(c.refundsGrossMinor));
    if (c.voidsCount > 0) out.row(`  Voids (${c.voidsCount})`, m(c.voidsGrossMinor));
    if (c.noSales > 0) out.row('  No-sale openings', String(c.noSales));
  }

  out.section('TOP ITEMS');
  for (const item of report.topItems) out.row(`${qty(item.qtyMilli)} x ${item.name}`, m(item.grossMinor));

  if (report.refunds.length > 0) out.section('REFUNDS');
  for (const r of report.refunds) {
    out.row(`${r.receiptNumber} ${at(r.createdAt).slice(11)}`, m(r.amountMinor));
    out.text(`  of ${r.originalReceiptNumber} by ${r.cashier.name}`);
    if (r.approvedBy) out.text(`  approved by ${r.approvedBy.name}`);
    out.text(`  ${r.reason}`);
  }
  if (report.voids.length > 0) out.section('VOIDS');
  for (const v of report.voids) {
    out.row(`${v.receiptNumber} ${at(v.createdAt).slice(11)}`, m(v.amountMinor));
    out.text(`  by ${v.cashier.name}, approved by ${v.approvedBy.name}`);
    out.text(`  ${v.reason}`);
  }
  if (report.discounts.length > 0) out.section('DISCOUNTS');
  for (const d of report.discounts) {
    out.row(`${d.cashier.name} ${d.kind} (${d.count})`, m(d.amountMinor));
    if (d.approvedBy) out.text(`  approved by ${d.approvedBy.name}`);
  }
  if (report.noSales.length > 0) out.section('NO-SALE OPENINGS');
  for (const n of report.noSales) out.text(`${at(n.createdAt).slice(11)} ${n.cashier.name}${n.reason ? `: ${n.reason}` : ''}`);

  out.rule();
  out.row('GRAND TOTAL', m(s.grandTotalMinor));
  out.rule();
  return out.lines;
}

class Printer {
  readonly lines: string[] = [];

  constructor(private readonly width: number) {}

  text(value: string): void {
    this.lines.push(clip(value, this.width));
  }

  center(value: string): void {
    const clipped = clip(value, this.width);
    this.lines.push(' '.repeat(Math.floor((this.width - [...clipped].length) / 2)) + clipped);
  }

  /** Label left, value right; the label gives way so the value is always whole. */
  row(label: string, value: string): void {
    const room = Math.max(0, this.width - value.length - 1);
    const left = clip(label, room);
    const chars = [...`${left}${' '.repeat(Math.max(1, this.width - [...left].length - value.length))}${value}`];
    this.lines.push(chars.slice(-this.width).join(''));
  }

  rule(): void {
    this.lines.push('-'.repeat(this.width));
  }

  section(title: string): void {
    this.rule();
    this.lines.push(title);
  }
}

/** Cuts to `width` characters with an ellipsis (code points, so a name never ends in half a character). */
function clip(value: string, width: number): string {
  const chars = [...value.replace(/[\r\n\t]/g, ' ')];
  if (chars.length <= width) return chars.join('');
  return width <= 1 ? chars.slice(0, width).join('') : `${chars.slice(0, width - 1).join('')}…`;
}
