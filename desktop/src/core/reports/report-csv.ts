import { money, qty, titleOf } from './report-format';
import type { Report } from '@keel/shared';

/**
 * The report as CSV (RFC 4180): one table in "long" form, `section,item,detail,count,quantity,
 * amount`, so every section fits the same columns and a spreadsheet can filter by section.
 * CRLF line ends; a field is quoted when it holds a comma, a quote, CR or LF, quotes doubled.
 * Amounts are formatMoney's plain decimals ("-12.50"), never floats. Free text (names, reasons)
 * that a spreadsheet would run as a formula (=, +, -, @ first) gets a leading apostrophe
 * (OWASP "CSV injection"); amounts and counts are never touched.
 */

type Cell = string | number | null;
const HEADER: Cell[] = ['section', 'item', 'detail', 'count', 'quantity', 'amount'];

export function reportCsv(report: Report): string {
  const rows: Cell[][] = [HEADER];
  const m = (minor: number) => money(report, minor);
  const add = (section: string, item: string, detail: string | null, count: number | null, quantity: string | null, amount: string | null) =>
    rows.push([section, text(item), detail === null ? null : text(detail), count, quantity, amount]);
  const s = report.summary;

  add('report', 'title', titleOf(report), null, null, null);
  add('report', 'store', report.storeName, null, null, null);
  add('report', 'terminal', report.terminalCode, null, null, null);
  add('report', 'currency', report.currency, null, null, null);
  add('report', 'time zone', report.timeZone, null, null, null);
  add('report', 'generated at', report.generatedAt, null, null, null);
  add('report', 'business dates', report.businessDates.join(' '), null, null, null);
  add('report', 'first receipt', report.firstReceiptNumber ?? '', null, null, null);
  add('report', 'last receipt', report.lastReceiptNumber ?? '', null, null, null);
  if (report.z) {
    add('report', 'z number', String(report.z.zNumber), null, null, null);
    add('report', 'closed at', report.z.closedAt, null, null, null);
    add('report', 'closed by', report.z.closedBy.name, null, null, null);
  }

  add('summary', 'sales', null, s.counts.sales, null, m(s.salesGrossMinor));
  add('summary', 'refunds', null, s.counts.refunds, null, m(s.refundsGrossMinor));
  add('summary', 'voids', null, s.counts.voids, null, m(s.voidsGrossMinor));
  add('summary', 'gross', null, null, null, m(s.grossMinor));
  add('summary', 'net', null, null, null, m(s.netMinor));
  add('summary', 'tax', null, null, null, m(s.taxMinor));
  add('summary', 'discounts', null, null, null, m(s.discountMinor));
  add('summary', 'cash rounding', null, null, null, m(s.roundingMinor));
  add('summary', 'cash in', null, null, null, m(s.cashInMinor));
  add('summary', 'cash out', null, null, null, m(s.cashOutMinor));
  add('summary', 'cash movements', null, s.counts.cashMovements, null, null);
  add('summary', 'no-sale openings', null, s.counts.noSales, null, null);
  add('summary', 'grand total', null, null, null, m(s.grandTotalMinor));
  for (const t of s.taxes) {
    add('tax', t.taxRateId, `${t.ratePpm / 10_000} % net`, null, null, m(t.netMinor));
    add('tax', t.taxRateId, `${t.ratePpm / 10_000} % tax`, null, null, m(t.taxMinor));
    add('tax', t.taxRateId, `${t.ratePpm / 10_000} % gross`, null, null, m(t.grossMinor));
  }
  for (const t of s.tenders) add('tender', t.kind, null, t.count, null, m(t.amountMinor));
  for (const h of report.byHour) add('hour', h.label, h.startsAt, h.salesCount, null, m(h.grossMinor));
  for (const c of report.byCategory) add('category', c.name, c.categoryId, null, qty(c.qtyMilli), m(c.grossMinor));
  for (const c of report.byCashier) {
    add('cashier', c.cashier.name, 'sales', c.salesCount, null, m(c.salesGrossMinor));
    add('cashier', c.cashier.name, 'discounts', null, null, m(c.discountMinor));
    add('cashier', c.cashier.name, 'refunds', c.refundsCount, null, m(c.refundsGrossMinor));
    add('cashier', c.cashier.name, 'voids', c.voidsCount, null, m(c.voidsGrossMinor));
    add('cashier', c.cashier.name, 'no-sale openings', c.noSales, null, null);
  }
  for (const i of report.topItems) add('top item', i.name, i.sku, null, qty(i.qtyMilli), m(i.grossMinor));
  for (const r of report.refunds) {
    add('refund', r.receiptNumber, `of ${r.originalReceiptNumber} at ${r.createdAt} by ${r.cashier.name}${r.approvedBy ? `, approved by ${r.approvedBy.name}` : ''}: ${r.reason}`, null, null, m(r.amountMinor));
  }
  for (const v of report.voids) {
    add('void', v.receiptNumber, `at ${v.createdAt} by ${v.cashier.name}, approved by ${v.approvedBy.name}: ${v.reason}`, null, null, m(v.amountMinor));
  }
  for (const d of report.discounts) {
    add('discount', d.cashier.name, `${d.kind}${d.approvedBy ? `, approved by ${d.approvedBy.name}` : ''}`, d.count, null, m(d.amountMinor));
  }
  for (const n of report.noSales) add('no-sale', n.cashier.name, `${n.createdAt}${n.reason ? `: ${n.reason}` : ''}`, null, null, null);
  for (const sh of report.cash.shifts) {
    const who = `${sh.cashier.name} from ${sh.openedAt}`;
    add('cash', who, 'float', null, null, m(sh.openingFloatMinor));
    add('cash', who, 'expected', null, null, m(sh.expectedMinor));
    add('cash', who, 'counted', null, null, sh.countedMinor === null ? null : m(sh.countedMinor));
    add('cash', who, 'over/short', null, null, sh.overShortMinor === null ? null : m(sh.overShortMinor));
  }
  add('cash', 'closed shifts', 'expected', null, null, m(report.cash.expectedMinor));
  add('cash', 'closed shifts', 'counted', null, null, m(report.cash.countedMinor));
  add('cash', 'closed shifts', 'over/short', null, null, m(report.cash.overShortMinor));

  return rows.map((row) => row.map(field).join(',')).join('\r\n') + '\r\n';
}

/** RFC 4180 §2.5–2.7: quote when needed, double the quotes inside. */
export function field(value: Cell): string {
  if (value === null) return '';
  const s = String(value);
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** Free text a spreadsheet would evaluate as a formula is neutralised with a leading apostrophe. */
function text(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}
