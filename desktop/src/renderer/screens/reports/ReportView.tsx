import type { ReactNode } from 'react';
import type { Report } from '@keel/shared';
import { money, quantity } from '../../format/display';
import { HourChart } from './HourChart';

const TENDERS = { cash: 'Cash', card: 'Card', other: 'Other' } as const;

/** Wall-clock "2026-03-02 14:05" in the store's zone (the report's own, not the browser's). */
function storeTime(iso: string, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(new Date(iso));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}`;
}

/** `textColumns`: how many leading columns hold words (left-aligned); the rest are figures. */
function Table({ title, head, rows, foot, testId, textColumns = 1 }: { title: string; head: string[]; rows: ReactNode[][]; foot?: ReactNode[]; testId?: string; textColumns?: number }) {
  return (
    <section className="report-section" data-testid={testId}>
      <h3>{title}</h3>
      {rows.length === 0 ? (
        <p className="muted">None.</p>
      ) : (
        <table className="report-table">
          <thead>
            <tr>
              {head.map((h, i) => (
                <th key={i} className={i >= textColumns ? 'num' : undefined}>
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r, i) => (
              <tr key={i}>
                {r.map((c, j) => (
                  <td key={j} className={j >= textColumns ? 'num' : undefined}>
                    {c}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
          {foot ? (
            <tfoot>
              <tr>
                {foot.map((c, j) => (
                  <td key={j} className={j >= textColumns ? 'num' : undefined}>
                    {c}
                  </td>
                ))}
              </tr>
            </tfoot>
          ) : null}
        </table>
      )}
    </section>
  );
}

/** One X or Z report on screen: who/when, the key figures, the hour chart, then the sections. */
export function ReportView({ report }: { report: Report }) {
  const s = report.summary;
  const c = report.currency;
  const m = (minor: number) => money(minor, c);
  const at = (iso: string) => storeTime(iso, report.timeZone);
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  const day = report.businessDates.join(', ') || (report.z?.businessDate ?? (report.scope.kind === 'businessDay' ? report.scope.businessDate : '—'));
  return (
    <article className="report" data-testid="report" aria-label={report.z ? `Z report ${report.z.zNumber}` : 'X report'}>
      <header className="report-head">
        <div>
          <h2 data-testid="report-title">{report.z ? `Z report ${report.z.zNumber}` : 'X report'}</h2>
          <p className="muted">
            {report.z ? `Day closed ${at(report.z.closedAt)} by ${report.z.closedBy.name}` : `Read-out at ${at(report.generatedAt)} — changes nothing`}
          </p>
        </div>
        <dl className="report-meta">
          <dt>Business day</dt>
          <dd>{day}</dd>
          <dt>Period</dt>
          <dd>{report.firstAt && report.lastAt ? `${at(report.firstAt)} – ${at(report.lastAt).slice(11)}` : 'No documents'}</dd>
          <dt>Receipts</dt>
          <dd>{report.firstReceiptNumber ? `${report.firstReceiptNumber} – ${report.lastReceiptNumber ?? ''}` : 'None'}</dd>
          <dt>Terminal</dt>
          <dd>{report.terminalCode}</dd>
        </dl>
      </header>

      <div className="report-figures">
        <div className="figure" data-testid="report-gross">
          <span>Gross sales</span>
          <strong>{m(s.grossMinor)}</strong>
        </div>
        <div className="figure" data-testid="report-sales-count">
          <span>Sales</span>
          <strong>{s.counts.sales}</strong>
        </div>
        <div className="figure">
          <span>Net (excl. tax)</span>
          <strong>{m(s.netMinor)}</strong>
        </div>
        <div className="figure">
          <span>Tax</span>
          <strong>{m(s.taxMinor)}</strong>
        </div>
        <div className="figure" data-testid="report-cash-expected">
          <span>Cash in drawers</span>
          <strong>{m(sum(report.cash.shifts.map((sh) => sh.expectedMinor)))}</strong>
        </div>
        <div className="figure">
          <span>Grand total</span>
          <strong>{m(s.grandTotalMinor)}</strong>
        </div>
      </div>

      <section className="report-section">
        <h3>Sales by hour</h3>
        <HourChart hours={report.byHour} currency={c} />
      </section>

      <div className="report-columns">
        <Table
          title="Sales"
          testId="report-sales"
          head={['', 'Count', 'Amount']}
          rows={[
            ['Sales', s.counts.sales, m(s.salesGrossMinor)],
            ['Refunds', s.counts.refunds, m(s.refundsGrossMinor)],
            ['Voids', s.counts.voids, m(s.voidsGrossMinor)],
            ['Discounts given', '', m(s.discountMinor)],
            ['No-sale openings', s.counts.noSales, ''],
          ]}
          foot={['Gross', '', m(s.grossMinor)]}
        />
        <Table
          title="Tenders"
          head={['', 'Count', 'Amount']}
          rows={s.tenders.map((t) => [TENDERS[t.kind], t.count, m(t.amountMinor)])}
          foot={['Total', sum(s.tenders.map((t) => t.count)), m(sum(s.tenders.map((t) => t.amountMinor)))]}
        />
        <Table
          title="Tax by rate"
          head={['Rate', 'Net', 'Tax', 'Gross']}
          rows={s.taxes.map((t) => [`${t.ratePpm / 10_000} % (${t.taxRateId})`, m(t.netMinor), m(t.taxMinor), m(t.grossMinor)])}
        />
        <Table
          title="Cash: expected vs counted"
          head={['Shift', 'Expected', 'Counted', 'Over/short']}
          rows={report.cash.shifts.map((sh) => [
            `${sh.cashier.name}, ${at(sh.openedAt).slice(11)}${sh.closedAt ? `–${at(sh.closedAt).slice(11)}` : ' (open)'}`,
            m(sh.expectedMinor),
            sh.countedMinor === null ? 'not counted' : m(sh.countedMinor),
            sh.overShortMinor === null ? '' : m(sh.overShortMinor),
          ])}
        />
        <Table
          title="By cashier"
          head={['Cashier', 'Sales', 'Amount', 'Refunds', 'Voids']}
          rows={report.byCashier.map((x) => [x.cashier.name, x.salesCount, m(x.salesGrossMinor), m(x.refundsGrossMinor), m(x.voidsGrossMinor)])}
        />
        <Table title="By category" head={['Category', 'Quantity', 'Amount']} rows={report.byCategory.map((x) => [x.name, quantity(x.qtyMilli, false), m(x.grossMinor)])} />
        <Table title="Top items" head={['Item', 'Quantity', 'Amount']} rows={report.topItems.map((x) => [x.name, quantity(x.qtyMilli, false), m(x.grossMinor)])} />
        <Table
          title="Refunds, voids and discounts"
          textColumns={3}
          head={['What', 'By', 'Approved by', 'Amount']}
          rows={[
            ...report.refunds.map((x) => [`Refund ${x.receiptNumber} (${x.reason})`, x.cashier.name, x.approvedBy?.name ?? '—', m(x.amountMinor)]),
            ...report.voids.map((x) => [`Void ${x.receiptNumber} (${x.reason})`, x.cashier.name, x.approvedBy.name, m(x.amountMinor)]),
            ...report.discounts.map((x) => [`${x.count} ${x.kind === 'line' ? 'line' : 'whole-sale'} discount${x.count === 1 ? '' : 's'}`, x.cashier.name, x.approvedBy?.name ?? '—', m(x.amountMinor)]),
          ]}
        />
        <Table title="No-sale drawer openings" textColumns={3} head={['Time', 'By', 'Reason']} rows={report.noSales.map((x) => [at(x.createdAt).slice(11), x.cashier.name, x.reason ?? '—'])} />
      </div>
    </article>
  );
}
