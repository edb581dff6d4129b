import { describe, expect, it } from 'vitest';
import { formatMoney } from '@keel/shared';
import { field, reportCsv } from '../../src/core/reports/report-csv';
import { reportHtml } from '../../src/core/reports/report-html';
import type { Report } from '@keel/shared';
import { REPORT_WIDTH, reportLines } from '../../src/core/reports/report-text';
import { openedTill } from '../sale/harness';
import { reportsOf, tradeADay } from './support';

/** A Z report of a known day, with names chosen to break naive CSV, HTML and fixed-width output. */
async function awkwardZ(): Promise<Report> {
  const h = await openedTill();
  await tradeADay(h);
  h.login('manager');
  h.sale.shifts.close([]);
  const z = reportsOf(h).closeDay();
  const rename = <T extends { id: string; name: string }>(p: T): T => ({ ...p, name: p.id === 'u-cashier' ? 'Kim "KK", Müller <script>' : p.name });
  return {
    ...z,
    storeName: 'Bäckerei & Café "Zur Mühle" – Hauptbahnhof Westausgang',
    byCashier: z.byCashier.map((c) => ({ ...c, cashier: rename(c.cashier) })),
    refunds: z.refunds.map((r) => ({ ...r, cashier: rename(r.cashier), reason: '=HYPERLINK("http://evil")' })),
    topItems: z.topItems.map((i) => ({ ...i, name: `${i.name} with a very long name that cannot fit a receipt line` })),
  };
}

/** RFC 4180 reader for the test: quoted fields may hold commas, quotes (doubled) and line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += c;
  }
  return rows;
}

describe('report output', () => {
  it('When a report is printed, then every line fits 42 columns and amounts are never cut', async () => {
    const z = await awkwardZ();
    const lines = reportLines(z);
    for (const line of lines) expect([...line].length, line).toBeLessThanOrEqual(REPORT_WIDTH);
    expect(lines[1]?.trim()).toBe('Z REPORT 1');
    const grand = lines.find((l) => l.startsWith('GRAND TOTAL'));
    expect(grand?.endsWith(formatMoney(z.summary.grandTotalMinor, 'EUR'))).toBe(true);
    const top = lines.find((l) => l.includes('with a very long'));
    expect(top).toMatch(/…\s+\d+\.\d{2}$/);
    expect(lines).toContain(`Receipts${' '.repeat(REPORT_WIDTH - 8 - 22)}T01-000001..T01-000005`);
  });

  it('When a report is exported as CSV, then it is RFC 4180, reads back field for field and amounts are decimal strings', async () => {
    const z = await awkwardZ();
    const csv = reportCsv(z);
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(csv.replaceAll('\r\n', '')).not.toMatch(/[\r\n]/);
    const rows = parseCsv(csv);
    expect(rows[0]).toEqual(['section', 'item', 'detail', 'count', 'quantity', 'amount']);
    for (const row of rows) expect(row).toHaveLength(6);
    const get = (section: string, item: string) => rows.find((r) => r[0] === section && r[1] === item);
    expect(get('report', 'store')?.[2]).toBe(z.storeName);
    expect(get('summary', 'gross')?.[5]).toBe(formatMoney(z.summary.grossMinor, 'EUR'));
    expect(get('summary', 'refunds')?.[5]).toMatch(/^-\d+\.\d{2}$/);
    expect(get('cashier', 'Kim "KK", Müller <script>')?.[2]).toBe('sales');
    // A reason that a spreadsheet would run as a formula is neutralised, and nothing else changes.
    expect(rows.find((r) => r[0] === 'refund')?.[2]).toContain(`: =HYPERLINK("http://evil")`);
    expect(rows.find((r) => r[0] === 'refund')?.[2]?.startsWith("'")).toBe(false);
    expect(field('=1+1')).toBe('=1+1');
    expect(field('a,b')).toBe('"a,b"');
    expect(field('say "hi"')).toBe('"say ""hi"""');
    expect(field('two\r\nlines')).toBe('"two\r\nlines"');
    expect(field(null)).toBe('');
  });

  it('When a cashier name starts like a formula, then the CSV prefixes it with an apostrophe', async () => {
    const z = await awkwardZ();
    const csv = reportCsv({ ...z, byCashier: z.byCashier.map((c) => ({ ...c, cashier: { ...c.cashier, name: '=cmd|calc' } })) });
    expect(parseCsv(csv).find((r) => r[0] === 'cashier')?.[1]).toBe("'=cmd|calc");
  });

  it('When a report is rendered as HTML for print or PDF, then all text is escaped and the page loads nothing', async () => {
    const z = await awkwardZ();
    const html = reportHtml(z);
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).not.toContain('<script');
    expect(html).toContain('Kim &quot;KK&quot;, Müller &lt;script&gt;');
    expect(html).toContain('Bäckerei &amp; Café');
    expect(html).not.toMatch(/\bsrc=|\bhref=/);
    expect(html).toContain(`<td class="n">${formatMoney(z.summary.grossMinor, 'EUR')}</td>`);
  });
});
