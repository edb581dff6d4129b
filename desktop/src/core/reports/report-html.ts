import { localDateTime } from '@keel/shared';
import { money, qty, ratePercent, scopeText, TENDER_LABELS, titleOf } from './report-format';
import type { Report } from '@keel/shared';

/**
 * The report as a self-contained HTML page for A4 printing, and so for PDF: no PDF library is
 * installed, and Electron can print this page to PDF itself (webContents.printToPDF), or the
 * user can "Print → Save as PDF". Every value is escaped; the page loads nothing (no scripts,
 * no remote CSS), so it also satisfies the renderer's strict CSP.
 */
export function reportHtml(report: Report): string {
  const m = (minor: number) => money(report, minor);
  const at = (iso: string) => localDateTime(iso, report.timeZone);
  const s = report.summary;
  const sections = [
    table('Summary', ['', 'Count', 'Amount'], [
      ['Sales', s.counts.sales, m(s.salesGrossMinor)],
      ['Refunds', s.counts.refunds, m(s.refundsGrossMinor)],
      ['Voids', s.counts.voids, m(s.voidsGrossMinor)],
      ['Gross', '', m(s.grossMinor)],
      ['Net', '', m(s.netMinor)],
      ['Tax', '', m(s.taxMinor)],
      ['Discounts', '', m(s.discountMinor)],
      ['Cash rounding', '', m(s.roundingMinor)],
      ['Grand total', '', m(s.grandTotalMinor)],
    ]),
    table('Tax by rate', ['Rate', 'Net', 'Tax', 'Gross'], s.taxes.map((t) => [`${ratePercent(t.ratePpm)} (${t.taxRateId})`, m(t.netMinor), m(t.taxMinor), m(t.grossMinor)])),
    table('Tenders', ['Kind', 'Count', 'Amount'], s.tenders.map((t) => [TENDER_LABELS[t.kind], t.count, m(t.amountMinor)])),
    table('Cash', ['Shift', 'Float', 'Expected', 'Counted', 'Over/short'], [
      ...report.cash.shifts.map((sh) => [
        `${sh.cashier.name}, ${at(sh.openedAt)}${sh.closedAt ? ` – ${at(sh.closedAt)}` : ' (open)'}`,
        m(sh.openingFloatMinor),
        m(sh.expectedMinor),
        sh.countedMinor === null ? '' : m(sh.countedMinor),
        sh.overShortMinor === null ? '' : m(sh.overShortMinor),
      ]),
      ['Closed shifts', '', m(report.cash.expectedMinor), m(report.cash.countedMinor), m(report.cash.overShortMinor)],
      [`Cash in / out (${s.counts.cashMovements})`, '', m(s.cashInMinor), m(-s.cashOutMinor), ''],
      ['No-sale openings', '', String(s.counts.noSales), '', ''],
    ]),
    table('Sales by hour', ['Hour', 'Sales', 'Amount'], report.byHour.map((h) => [h.label, h.salesCount, m(h.grossMinor)])),
    table('By category', ['Category', 'Quantity', 'Amount'], report.byCategory.map((c) => [c.name, qty(c.qtyMilli), m(c.grossMinor)])),
    table(
      'By cashier',
      ['Cashier', 'Sales', 'Amount', 'Discounts', 'Refunds', 'Voids', 'No-sale'],
      report.byCashier.map((c) => [c.cashier.name, c.salesCount, m(c.salesGrossMinor), m(c.discountMinor), m(c.refundsGrossMinor), m(c.voidsGrossMinor), c.noSales]),
    ),
    table('Top items', ['SKU', 'Item', 'Quantity', 'Amount'], report.topItems.map((i) => [i.sku, i.name, qty(i.qtyMilli), m(i.grossMinor)])),
    table(
      'Refunds',
      ['Receipt', 'Of', 'Time', 'By', 'Approved by', 'Reason', 'Amount'],
      report.refunds.map((r) => [r.receiptNumber, r.originalReceiptNumber, at(r.createdAt), r.cashier.name, r.approvedBy?.name ?? '', r.reason, m(r.amountMinor)]),
    ),
    table(
      'Voids',
      ['Receipt', 'Time', 'By', 'Approved by', 'Reason', 'Amount'],
      report.voids.map((v) => [v.receiptNumber, at(v.createdAt), v.cashier.name, v.approvedBy.name, v.reason, m(v.amountMinor)]),
    ),
    table('Discounts', ['By', 'Approved by', 'Kind', 'Count', 'Amount'], report.discounts.map((d) => [d.cashier.name, d.approvedBy?.name ?? '', d.kind, d.count, m(d.amountMinor)])),
    table('No-sale openings', ['Time', 'By', 'Reason'], report.noSales.map((n) => [at(n.createdAt), n.cashier.name, n.reason ?? ''])),
  ];
  const meta = [
    `Terminal ${report.terminalCode}`,
    scopeText(report),
    report.z ? `Closed ${at(report.z.closedAt)} by ${report.z.closedBy.name}` : `Printed ${at(report.generatedAt)}`,
    report.firstReceiptNumber ? `Receipts ${report.firstReceiptNumber} – ${report.lastReceiptNumber ?? ''}` : 'No receipts',
    `Amounts in ${report.currency}; times ${report.timeZone}`,
  ];
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(`${titleOf(report)} – ${report.storeName}`)}</title>
<style>
body{font:10pt system-ui,sans-serif;margin:1.5cm}h1{font-size:14pt;margin:0}h2{font-size:11pt;margin:1.2em 0 .3em}
p.meta{margin:.2em 0;color:#333}table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid #ccc;padding:2px 6px;text-align:left}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}section{break-inside:avoid}@page{size:A4;margin:1.5cm}
</style></head><body>
<h1>${esc(report.storeName)} – ${esc(titleOf(report))}</h1>
${meta.map((line) => `<p class="meta">${esc(line)}</p>`).join('\n')}
${sections.join('\n')}
</body></html>
`;
}

type Cell = string | number;

function table(title: string, head: string[], rows: Cell[][]): string {
  if (rows.length === 0) return `<section><h2>${esc(title)}</h2><p>None.</p></section>`;
  // Counts and amounts align right, and so do their headings.
  const numeric = (i: number) => rows.every((r) => typeof r[i] === 'number' || /^-?\d+(\.\d+)?( %)?$|^$/.test(String(r[i])));
  const right = head.map((_, i) => i > 0 && numeric(i));
  const cell = (tag: 'td' | 'th', value: Cell, i: number) => `<${tag}${right[i] ? ' class="n"' : ''}>${esc(String(value))}</${tag}>`;
  return `<section><h2>${esc(title)}</h2><table><thead><tr>${head.map((h, i) => cell('th', h, i)).join('')}</tr></thead><tbody>
${rows.map((r) => `<tr>${r.map((v, i) => cell('td', v, i)).join('')}</tr>`).join('\n')}
</tbody></table></section>`;
}

export function esc(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}
