import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatMoney, type Report } from '@keel/shared';
import { fit, pdfText as drawableText, reportPdf } from '../../src/core/reports/report-pdf';
import { pdfFonts } from '../../src/core/reports/report-fonts';
import { moneyText, reportFileName } from '../../src/core/reports/report-format';
import { tempDir } from '../support/temp';
import { openedTill, PINS, type Harness } from '../sale/harness';
import { reportsOf, tradeADay } from './support';

/**
 * The PDF export, read back with poppler (pdfinfo / pdftotext, as a manager's viewer would
 * read it): the file is a PDF with pages, and its text holds the figures of a report built from
 * real sales in a real SQLite ledger. Figures are expected as formatMoney's digits with the
 * currency sign, computed here from the report's integers, not from the PDF code's formatter.
 */

const euro = (minor: number) => `${formatMoney(minor, 'EUR')} €`;

function pdfText(pdf: Buffer): { pages: number; text: string } {
  const dir = tempDir();
  const file = path.join(dir, 'report.pdf');
  fs.writeFileSync(file, pdf);
  const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
  const pages = Number(/^Pages:\s+(\d+)/m.exec(info)?.[1] ?? 0);
  const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  return { pages, text };
}

/** A day of the known trade (support.ts), spread over the afternoon so the chart has hours. */
async function closedDay(): Promise<{ h: Harness; z: Report }> {
  const h = await openedTill();
  await tradeADay(h);
  h.clock.set('2026-03-02T13:20:00.000Z');
  h.sale.cart.addProduct('wine', 3000);
  await h.sale.checkout.complete([{ kind: 'cash', amountMinor: 5000 }]);
  h.login('manager');
  h.sale.shifts.close([]);
  return { h, z: reportsOf(h).closeDay() };
}

describe('report PDF', () => {
  it('When a Z report is exported as PDF, then it parses, has pages, and its text holds the figures of the day', async () => {
    const { z } = await closedDay();
    if (z.kind !== 'z') throw new Error('expected a Z');
    const pdf = await reportPdf(z);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.subarray(-6).toString('latin1')).toMatch(/%%EOF/);
    const { pages, text } = pdfText(pdf);
    expect(pages).toBeGreaterThan(0);

    const s = z.summary;
    expect(text).toContain('Corner Shop');
    expect(text).toContain(`Z REPORT ${z.z.zNumber}`);
    expect(text).toContain('T01-000001 - T01-000006');
    expect(text).toContain(z.z.businessDate);
    // Key figures and the sales table.
    for (const minor of [s.grossMinor, s.netMinor, s.taxMinor, s.salesGrossMinor, s.refundsGrossMinor, s.voidsGrossMinor, s.discountMinor, s.grandTotalMinor]) {
      expect(text, euro(minor)).toContain(euro(minor));
    }
    // Tax by rate, tenders, cash.
    for (const t of s.taxes) expect(text).toContain(euro(t.taxMinor));
    for (const t of s.tenders) expect(text).toMatch(new RegExp(`${{ cash: 'Cash', card: 'Card', other: 'Other' }[t.kind]}\\s+${t.count}\\s+${euro(t.amountMinor).replace('.', '\\.')}`));
    expect(text).toContain(euro(z.cash.expectedMinor));
    // Who refunded, voided and approved, and why.
    expect(z.refunds.length).toBeGreaterThan(0);
    expect(text).toContain(z.refunds[0]!.reason);
    expect(text).toContain(z.voids[0]!.reason);
    expect(text).toContain(z.voids[0]!.approvedBy.name);
    expect(text).toContain('change for the market stall');
    // Categories, cashiers, top items, the chart's axis and the grand total line.
    for (const c of z.byCashier) expect(text).toContain(c.cashier.name);
    expect(text).toContain(z.topItems[0]!.name);
    expect(text).toContain('Sales by hour');
    expect(text).toMatch(/10:00[\s\S]*14:00/);
    expect(text).toMatch(new RegExp(`Grand total since this terminal was installed\\s+${euro(s.grandTotalMinor).replace('.', '\\.')}`));
    expect(text).toMatch(/Page 1 of \d/);
  });

  it('When the report is long, then rows continue on new pages under their table header and every page is numbered', async () => {
    const { z } = await closedDay();
    const many: Report = {
      ...z,
      topItems: Array.from({ length: 120 }, (_, i) => ({ sku: `SKU-${i}`, name: `Item number ${i}`, qtyMilli: 1000, grossMinor: 100 + i })),
    };
    const { pages, text } = pdfText(await reportPdf(many));
    expect(pages).toBeGreaterThan(2);
    expect(text).toContain('Top items (continued)');
    expect(text).toContain(`Page ${pages} of ${pages}`);
    for (const i of [0, 59, 119]) expect(text).toContain(`Item number ${i}`);
  });

  it('When the same report is exported twice, then the bytes are the same', async () => {
    const { z } = await closedDay();
    expect((await reportPdf(z)).equals(await reportPdf(z))).toBe(true);
  });

  it('When an X report of the open shift is exported, then it says it is an X and carries its own figures', async () => {
    const h = await openedTill();
    await tradeADay(h);
    const x = reportsOf(h).x({ approverPin: PINS.supervisor });
    const { text } = pdfText(await reportPdf(x));
    expect(text).toContain('X REPORT');
    expect(text).toContain('X report (day not closed)');
    expect(text).toContain(euro(x.summary.grossMinor));
    expect(reportFileName(x, 'pdf')).toMatch(/^x-report-T01-\d{4}-\d{2}-\d{2}-\d{4}\.pdf$/);
  });

  it('When names are Polish, Greek or Russian, then the PDF shows them as written (embedded DejaVu Sans), and the same report gives the same bytes', async () => {
    const { z } = await closedDay();
    const named = { ...z, storeName: 'Sklep Łódź – Ωμέγα – Москва' };
    const pdf = await reportPdf(named);
    expect(pdfText(pdf).text).toContain('Sklep Łódź – Ωμέγα – Москва');
    expect(pdf.toString('latin1')).toMatch(/\/BaseFont \/[A-Z]{6}\+DejaVuSans\b/);
    expect((await reportPdf(named)).equals(pdf)).toBe(true);
  });

  it('When text does not fit, then it is cut with an ellipsis and characters the fonts lack become "?"', () => {
    const measure = (t: string) => [...t].length;
    expect(fit('Sparkling water', 8, measure)).toBe('Sparkli…');
    expect(fit('Cola', 8, measure)).toBe('Cola');
    // DejaVu draws Latin, Greek and Cyrillic; CJK becomes "?", a control character a space.
    expect(drawableText('Müller – €5 Łódź Ωμέγα Москва 東京\u0007!', pdfFonts().draws)).toBe('Müller – €5 Łódź Ωμέγα Москва ?? !');
    expect(moneyText({ currency: 'EUR' }, -123456789)).toBe('-1,234,567.89 €');
    expect(moneyText({ currency: 'JPY' }, 5000)).toBe('5,000 JPY');
  });
});
