import PDFDocument from 'pdfkit';
import { localDateTime, type HourBucket, type Report } from '@keel/shared';
import { moneyText, qty, ratePercent, scopeText, TENDER_LABELS, titleOf } from './report-format';
import { pdfFonts } from './report-fonts';

/**
 * The report as an A4 PDF for the manager's files, drawn with pdfkit from the same Report the
 * printer, CSV and screen read: header, key figures, a sales-by-hour bar chart, then one table
 * per section. Layout is done here, not by pdfkit's text flow: every row is measured before it
 * is drawn and moved to a new page (with its table header again) when it would not fit, and
 * every cell is cut to its column with an ellipsis, so nothing overlaps or runs off the page.
 * Amounts are never cut: their columns are sized for them.
 *
 * Text is set in DejaVu Sans (report-fonts.ts: Latin, Greek, Cyrillic); a character it cannot
 * draw (Chinese, say) is printed as "?" rather than dropped or drawn as an empty box.
 */
export function reportPdf(report: Report): Promise<Buffer> {
  const fonts = pdfFonts();
  const drawable = (text: string) => pdfText(text, fonts.draws);
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN },
    bufferPages: true,
    info: {
      Title: drawable(`${titleOf(report)} - ${report.storeName}`),
      Author: 'Keel POS',
      Subject: drawable(scopeText(report)),
      // The report's own instant, so the same report gives the same file.
      CreationDate: new Date(report.generatedAt),
    },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont(FONT, fonts.regular);
  doc.registerFont(BOLD, fonts.bold);
  new PdfLayout(doc, report, drawable).render();
  doc.end();
  return done;
}

const MARGIN = 40;
const FOOTER = 24;
const FONT = 'Body';
const BOLD = 'Bold';
const INK = '#111111';
const MUTED = '#555555';
const RULE = '#bbbbbb';
const BAND = '#eeeeee';
const BAR = '#2f6db5';
const ROW = 14;
const BODY = 8.5;

type Align = 'left' | 'right';
interface Column {
  head: string;
  /** Relative width; the table fills the text width. */
  width: number;
  align?: Align;
}
type Cell = string | number;

class PdfLayout {
  private y = MARGIN;
  private readonly left = MARGIN;
  private readonly width: number;
  private readonly bottom: number;

  constructor(
    private readonly doc: PDFKit.PDFDocument,
    private readonly report: Report,
    private readonly drawable: (text: string) => string,
  ) {
    this.width = doc.page.width - 2 * MARGIN;
    this.bottom = doc.page.height - MARGIN - FOOTER;
  }

  render(): void {
    const r = this.report;
    const s = r.summary;
    const m = (minor: number) => moneyText(r, minor);
    const at = (iso: string) => localDateTime(iso, r.timeZone);
    const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

    this.header();
    this.keyFigures([
      ['Gross sales', m(s.grossMinor)],
      ['Net (excl. tax)', m(s.netMinor)],
      ['Tax', m(s.taxMinor)],
      ['Sales', String(s.counts.sales)],
      ['Grand total', m(s.grandTotalMinor)],
    ]);
    this.chart(r.byHour);

    this.table('Sales', [{ head: '', width: 4 }, { head: 'Count', width: 1, align: 'right' }, { head: 'Amount', width: 2, align: 'right' }], [
      ['Sales', s.counts.sales, m(s.salesGrossMinor)],
      ['Refunds', s.counts.refunds, m(s.refundsGrossMinor)],
      ['Voids', s.counts.voids, m(s.voidsGrossMinor)],
      ['Discounts given', '', m(s.discountMinor)],
      ['Cash rounding', '', m(s.roundingMinor)],
      ['Net (excl. tax)', '', m(s.netMinor)],
      ['Tax', '', m(s.taxMinor)],
    ], ['Gross', '', m(s.grossMinor)]);
    this.grandTotal(m(s.grandTotalMinor));

    this.table(
      'Tax by rate',
      [{ head: 'Rate', width: 3 }, { head: 'Net', width: 2, align: 'right' }, { head: 'Tax', width: 2, align: 'right' }, { head: 'Gross', width: 2, align: 'right' }],
      s.taxes.map((t) => [`${ratePercent(t.ratePpm)} (${t.taxRateId})`, m(t.netMinor), m(t.taxMinor), m(t.grossMinor)]),
      ['Total', m(sum(s.taxes.map((t) => t.netMinor))), m(sum(s.taxes.map((t) => t.taxMinor))), m(sum(s.taxes.map((t) => t.grossMinor)))],
    );

    this.table(
      'Tenders',
      [{ head: 'Tender', width: 4 }, { head: 'Count', width: 1, align: 'right' }, { head: 'Amount', width: 2, align: 'right' }],
      s.tenders.map((t) => [TENDER_LABELS[t.kind], t.count, m(t.amountMinor)]),
      ['Total', sum(s.tenders.map((t) => t.count)), m(sum(s.tenders.map((t) => t.amountMinor)))],
    );

    this.table(
      'Cash: expected vs counted',
      [
        { head: 'Shift', width: 4 },
        { head: 'Float', width: 1.6, align: 'right' },
        { head: 'Expected', width: 1.6, align: 'right' },
        { head: 'Counted', width: 1.6, align: 'right' },
        { head: 'Over/short', width: 1.6, align: 'right' },
      ],
      [
        ...r.cash.shifts.map((sh): Cell[] => [
          `${sh.cashier.name}, ${at(sh.openedAt)}${sh.closedAt ? ` - ${at(sh.closedAt).slice(11)}` : ' (open)'}`,
          m(sh.openingFloatMinor),
          m(sh.expectedMinor),
          sh.countedMinor === null ? 'not counted' : m(sh.countedMinor),
          sh.overShortMinor === null ? '' : m(sh.overShortMinor),
        ]),
        [`Cash in (${s.counts.cashMovements} movements)`, '', m(s.cashInMinor), '', ''],
        ['Cash out', '', m(-s.cashOutMinor), '', ''],
      ],
      ['Closed shifts', '', m(r.cash.expectedMinor), m(r.cash.countedMinor), m(r.cash.overShortMinor)],
    );

    this.table(
      'Refunds',
      [
        { head: 'Receipt', width: 2 },
        { head: 'Of receipt', width: 2 },
        { head: 'Time', width: 1 },
        { head: 'By', width: 1.6 },
        { head: 'Approved by', width: 1.6 },
        { head: 'Reason', width: 2.4 },
        { head: 'Amount', width: 1.6, align: 'right' },
      ],
      r.refunds.map((x) => [x.receiptNumber, x.originalReceiptNumber, at(x.createdAt).slice(11), x.cashier.name, x.approvedBy?.name ?? '', x.reason, m(x.amountMinor)]),
    );
    this.table(
      'Voids',
      [
        { head: 'Receipt', width: 2 },
        { head: 'Time', width: 1 },
        { head: 'By', width: 1.8 },
        { head: 'Approved by', width: 1.8 },
        { head: 'Reason', width: 3.2 },
        { head: 'Amount', width: 1.6, align: 'right' },
      ],
      r.voids.map((v) => [v.receiptNumber, at(v.createdAt).slice(11), v.cashier.name, v.approvedBy.name, v.reason, m(v.amountMinor)]),
    );
    this.table(
      'Discounts',
      [{ head: 'Given by', width: 3 }, { head: 'Approved by', width: 3 }, { head: 'Kind', width: 1.4 }, { head: 'Count', width: 1, align: 'right' }, { head: 'Amount', width: 1.8, align: 'right' }],
      r.discounts.map((d) => [d.cashier.name, d.approvedBy?.name ?? '', d.kind === 'line' ? 'Line' : 'Whole sale', d.count, m(d.amountMinor)]),
    );
    this.table(
      'No-sale drawer openings',
      [{ head: 'Time', width: 2 }, { head: 'By', width: 3 }, { head: 'Reason', width: 7 }],
      r.noSales.map((n) => [at(n.createdAt), n.cashier.name, n.reason ?? '']),
    );

    this.table(
      'By category',
      [{ head: 'Category', width: 5 }, { head: 'Quantity', width: 1.5, align: 'right' }, { head: 'Amount', width: 2, align: 'right' }],
      r.byCategory.map((c) => [c.name, qty(c.qtyMilli), m(c.grossMinor)]),
    );
    this.table(
      'By cashier',
      [
        { head: 'Cashier', width: 2.6 },
        { head: 'Sales', width: 0.8, align: 'right' },
        { head: 'Amount', width: 1.6, align: 'right' },
        { head: 'Discounts', width: 1.5, align: 'right' },
        { head: 'Refunds', width: 1.5, align: 'right' },
        { head: 'Voids', width: 1.5, align: 'right' },
        { head: 'No-sale', width: 0.9, align: 'right' },
      ],
      r.byCashier.map((c) => [c.cashier.name, c.salesCount, m(c.salesGrossMinor), m(c.discountMinor), m(c.refundsGrossMinor), m(c.voidsGrossMinor), c.noSales]),
    );
    this.table(
      'Top items',
      [{ head: 'SKU', width: 1.6 }, { head: 'Item', width: 4.4 }, { head: 'Quantity', width: 1.2, align: 'right' }, { head: 'Amount', width: 1.8, align: 'right' }],
      r.topItems.map((i) => [i.sku, i.name, qty(i.qtyMilli), m(i.grossMinor)]),
    );
    this.table(
      'Sales by hour',
      [{ head: 'Hour', width: 3 }, { head: 'Sales', width: 1, align: 'right' }, { head: 'Amount', width: 2, align: 'right' }],
      r.byHour.filter((h) => h.salesCount > 0 || h.grossMinor !== 0).map((h) => [h.label, h.salesCount, m(h.grossMinor)]),
    );

    this.footers();
  }

  // ---- blocks --------------------------------------------------------------------------

  private header(): void {
    const r = this.report;
    const at = (iso: string) => localDateTime(iso, r.timeZone);
    const title = titleOf(r);
    this.font(BOLD, 16);
    const titleWidth = this.doc.widthOfString(title);
    this.put(title, this.left + this.width - titleWidth, this.y, titleWidth + 1, 'left');
    this.put(r.storeName, this.left, this.y, this.width - titleWidth - 16);
    this.y += 24;

    const period = r.firstAt && r.lastAt ? `${at(r.firstAt)} - ${at(r.lastAt)}` : 'No documents in this period';
    const facts: [string, string][] = [
      ['Terminal', r.terminalCode],
      ['Business day', r.businessDates.length > 0 ? r.businessDates.join(', ') : (r.z?.businessDate ?? (r.scope.kind === 'businessDay' ? r.scope.businessDate : '-'))],
      ['Z number', r.z ? String(r.z.zNumber) : 'X report (day not closed)'],
      ['Covers', scopeText(r)],
      ['Period', period],
      ['Receipts', r.firstReceiptNumber ? `${r.firstReceiptNumber} - ${r.lastReceiptNumber ?? ''}` : 'None'],
      r.z ? ['Closed', `${at(r.z.closedAt)} by ${r.z.closedBy.name}`] : ['Printed', at(r.generatedAt)],
      ['Currency', `${r.currency}, times in ${r.timeZone}`],
    ];
    // Two columns of label/value pairs.
    const half = this.width / 2;
    const labelWidth = 70;
    facts.forEach(([label, value], i) => {
      const x = this.left + (i % 2) * half;
      const y = this.y + Math.floor(i / 2) * 13;
      this.font(FONT, BODY, MUTED);
      this.put(label, x, y, labelWidth);
      this.font(BOLD, BODY, INK);
      this.put(value, x + labelWidth, y, half - labelWidth - 10);
    });
    this.y += Math.ceil(facts.length / 2) * 13 + 4;
    this.rule(this.y, INK, 1);
    this.y += 10;
  }

  private keyFigures(figures: [string, string][]): void {
    const gap = 8;
    const boxWidth = (this.width - gap * (figures.length - 1)) / figures.length;
    const height = 40;
    this.ensure(height + 12);
    figures.forEach(([label, value], i) => {
      const x = this.left + i * (boxWidth + gap);
      this.doc.save().roundedRect(x, this.y, boxWidth, height, 3).fillAndStroke('#f4f6f9', RULE).restore();
      this.font(FONT, 7.5, MUTED);
      this.put(label.toUpperCase(), x + 6, this.y + 6, boxWidth - 12);
      this.font(BOLD, 12, INK);
      this.put(value, x + 6, this.y + 19, boxWidth - 12);
    });
    this.y += height + 14;
  }

  /** Sales by hour as bars, every hour from the first to the last sale (empty hours too). */
  private chart(hours: HourBucket[]): void {
    const height = 130;
    const axis = 58;
    const labels = 22;
    this.sectionTitle(`Sales by hour (gross, ${this.report.currency})`, height + labels + 10);
    if (hours.length === 0) {
      this.font(FONT, BODY, MUTED);
      this.put('No sales in this period.', this.left, this.y, this.width);
      this.y += ROW + 8;
      return;
    }
    const top = this.y + 6;
    const plotLeft = this.left + axis;
    const plotWidth = this.width - axis;
    const lo = Math.min(0, ...hours.map((h) => h.grossMinor));
    const hi = Math.max(0, ...hours.map((h) => h.grossMinor));
    const step = niceStep((hi - lo) / 4 || 100);
    const max = Math.ceil(hi / step) * step || step;
    const min = Math.floor(lo / step) * step;
    const yOf = (minor: number) => top + ((max - minor) / (max - min)) * height;

    // Grid lines with their amounts.
    for (let v = min; v <= max; v += step) {
      const y = yOf(v);
      this.doc.save().moveTo(plotLeft, y).lineTo(plotLeft + plotWidth, y).lineWidth(v === 0 ? 0.8 : 0.4).strokeColor(v === 0 ? '#666666' : '#dddddd').stroke().restore();
      this.font(FONT, 6.5, MUTED);
      const text = moneyText(this.report, v);
      this.put(text, plotLeft - 4 - Math.min(axis - 6, this.doc.widthOfString(text)), y - 3, axis - 6);
    }

    const slot = plotWidth / hours.length;
    const barWidth = Math.max(2, Math.min(28, slot * 0.7));
    // Axis labels on every hour when they fit, else on every 2nd or 3rd.
    this.font(FONT, 6.5);
    const widest = Math.max(...hours.map((h) => this.doc.widthOfString(h.hour)));
    const every = Math.max(1, Math.ceil((widest + 4) / slot));
    hours.forEach((h, i) => {
      const cx = plotLeft + slot * i + slot / 2;
      const y0 = yOf(0);
      const y1 = yOf(h.grossMinor);
      if (h.grossMinor !== 0) this.doc.save().rect(cx - barWidth / 2, Math.min(y0, y1), barWidth, Math.max(0.5, Math.abs(y1 - y0))).fill(h.grossMinor < 0 ? '#b54a2f' : BAR).restore();
      // The number of sales above the bar: short enough to fit every slot.
      if (h.salesCount > 0 && slot >= 10) {
        this.font(FONT, 6, INK);
        const count = String(h.salesCount);
        const w = this.doc.widthOfString(count);
        this.put(count, cx - w / 2, Math.min(y0, y1) - 8, w + 1);
      }
      if (i % every === 0) {
        this.font(FONT, 6.5, INK);
        const w = this.doc.widthOfString(h.hour);
        this.put(h.hour, cx - w / 2, top + height + 4, w + 1);
        // The repeated hour of a fall-back night carries its UTC offset.
        if (h.label !== h.hour) {
          this.font(FONT, 5.5, MUTED);
          const ow = this.doc.widthOfString(h.utcOffset);
          this.put(h.utcOffset, cx - ow / 2, top + height + 12, ow + 1);
        }
      }
    });
    this.font(FONT, 6.5, MUTED);
    this.put('Numbers above the bars: sales in that hour.', this.left, top + height + labels - 2, this.width, 'right');
    this.y = top + height + labels + 12;
  }

  private table(title: string, columns: Column[], rows: Cell[][], total?: Cell[]): void {
    const total0 = columns.reduce((a, c) => a + c.width, 0);
    const widths = columns.map((c) => (c.width / total0) * this.width);
    const aligns = columns.map((c) => c.align ?? 'left');
    // The title never stands alone at the foot of a page: it comes with its header and a row.
    this.sectionTitle(title, ROW * 2 + 4);
    if (rows.length === 0) {
      this.font(FONT, BODY, MUTED);
      this.put('None.', this.left, this.y + 2, this.width);
      this.y += ROW + 10;
      return;
    }
    const headRow = () => {
      this.doc.save().rect(this.left, this.y, this.width, ROW).fill(BAND).restore();
      this.row(columns.map((c) => c.head), widths, aligns, BOLD, MUTED);
    };
    headRow();
    rows.forEach((row, i) => {
      // The last row keeps its total line on the same page.
      const needed = i === rows.length - 1 && total ? 2 * ROW : ROW;
      if (this.y + needed > this.bottom) {
        this.newPage();
        this.font(BOLD, 9, MUTED);
        this.put(`${title} (continued)`, this.left, this.y, this.width);
        this.y += 14;
        headRow();
      }
      this.row(row, widths, aligns, FONT, INK);
      this.rule(this.y, '#e2e2e2', 0.4);
    });
    if (total) {
      this.rule(this.y, INK, 0.8);
      this.row(total, widths, aligns, BOLD, INK);
    }
    this.y += 12;
  }

  /** The running total since installation, right under the day's figures it continues. */
  private grandTotal(amount: string): void {
    this.ensure(36);
    this.y -= 4;
    this.rule(this.y, INK, 1);
    this.y += 7;
    this.font(BOLD, 11, INK);
    this.put('Grand total since this terminal was installed', this.left + 4, this.y, this.width * 0.65);
    this.put(amount, this.left + this.width * 0.65, this.y, this.width * 0.35 - 4, 'right');
    this.y += 17;
    this.rule(this.y, INK, 1);
    this.y += 16;
  }

  /** Every page: what it is and where it stands, so a loose page still says whose it is. */
  private footers(): void {
    const r = this.report;
    const range = this.doc.bufferedPageRange();
    for (let i = range.start; i < range.start + range.count; i++) {
      this.doc.switchToPage(i);
      const y = this.doc.page.height - MARGIN - 10;
      this.rule(y - 6, RULE, 0.5);
      this.font(FONT, 7, MUTED);
      const left = `${r.storeName} - ${titleOf(r)} - terminal ${r.terminalCode} - ${r.z ? `closed ${localDateTime(r.z.closedAt, r.timeZone)}` : `printed ${localDateTime(r.generatedAt, r.timeZone)}`}`;
      this.put(left, this.left, y, this.width * 0.8);
      this.put(`Page ${i - range.start + 1} of ${range.count}`, this.left + this.width * 0.8, y, this.width * 0.2, 'right');
    }
  }

  // ---- primitives ----------------------------------------------------------------------

  private sectionTitle(title: string, keepWith: number): void {
    this.ensure(18 + keepWith);
    this.font(BOLD, 10.5, INK);
    this.put(title, this.left, this.y, this.width);
    this.y += 16;
  }

  private row(cells: Cell[], widths: number[], aligns: Align[], font: string, color: string): void {
    let x = this.left;
    this.font(font, BODY, color);
    cells.forEach((cell, i) => {
      const w = widths[i] ?? 0;
      this.put(String(cell), x + 4, this.y + 3.5, w - 8, aligns[i] ?? 'left');
      x += w;
    });
    this.y += ROW;
  }

  private rule(y: number, color: string, width: number): void {
    this.doc.save().moveTo(this.left, y).lineTo(this.left + this.width, y).lineWidth(width).strokeColor(color).stroke().restore();
  }

  private ensure(height: number): void {
    if (this.y + height > this.bottom) this.newPage();
  }

  private newPage(): void {
    this.doc.addPage();
    this.y = MARGIN;
  }

  private font(name: string, size: number, color?: string): void {
    this.doc.font(name).fontSize(size);
    if (color) this.doc.fillColor(color);
  }

  /**
   * One line of text cut to `width` with an ellipsis. Placed at an explicit point with line
   * breaking off, so pdfkit's own text flow never adds a page or wraps under the next row.
   */
  private put(text: string, x: number, y: number, width: number, align: Align = 'left'): void {
    if (width <= 0) return;
    const fitted = fit(this.drawable(text), width, (t) => this.doc.widthOfString(t));
    const dx = align === 'right' ? width - this.doc.widthOfString(fitted) : 0;
    this.doc.text(fitted, x + Math.max(0, dx), y, { lineBreak: false });
  }
}

/** Cuts text to a width with "…" (measured, not counted). */
export function fit(text: string, width: number, measure: (text: string) => number): string {
  if (measure(text) <= width) return text;
  const chars = [...text];
  let lo = 0;
  let hi = chars.length;
  // The longest prefix that fits with its ellipsis.
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (measure(`${chars.slice(0, mid).join('')}…`) <= width) lo = mid;
    else hi = mid - 1;
  }
  return lo === 0 ? '' : `${chars.slice(0, lo).join('').trimEnd()}…`;
}

/** 1, 2 or 5 times a power of ten, at least `raw`: grid lines at amounts people read at a glance. */
function niceStep(raw: number): number {
  const power = 10 ** Math.floor(Math.log10(Math.max(1, raw)));
  for (const f of [1, 2, 5, 10]) if (f * power >= raw) return f * power;
  return 10 * power;
}

/** Text the fonts can draw: characters they lack become "?", control characters and odd spaces plain spaces. */
export function pdfText(text: string, draws: (codePoint: number) => boolean): string {
  let out = '';
  for (const ch of text.replace(/[\r\n\t\u00a0\u2000-\u200b\u202f]/g, ' ')) {
    const code = ch.codePointAt(0) ?? 0x3f;
    out += code < 0x20 || (code >= 0x7f && code < 0xa0) ? ' ' : draws(code) ? ch : '?';
  }
  return out;
}
