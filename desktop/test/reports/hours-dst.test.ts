import { describe, expect, it } from 'vitest';
import { hourSeries } from '@keel/shared';
import { openedTill, type Harness } from '../sale/harness';
import { reportsOf } from './support';

async function sellAt(h: Harness, iso: string): Promise<void> {
  h.clock.set(iso);
  h.sale.cart.addProduct('cola');
  await h.sale.checkout.complete([{ kind: 'cash', amountMinor: 250 }]);
}

describe('sales by hour in the store time zone', () => {
  it('When the clocks go back (Europe/Berlin, 2026-10-25), then the 25-hour business day has two 02:00 hours, labelled apart', async () => {
    const h = await openedTill({ who: 'supervisor' });
    await sellAt(h, '2026-10-24T02:30:00.000Z'); // 04:30 CEST: the business day's first hour
    await sellAt(h, '2026-10-25T00:15:00.000Z'); // 02:15 CEST, first pass
    await sellAt(h, '2026-10-25T01:15:00.000Z'); // 02:15 CET, second pass
    await sellAt(h, '2026-10-25T01:45:00.000Z'); // 02:45 CET
    await sellAt(h, '2026-10-25T02:30:00.000Z'); // 03:30 CET: still the 24th (day starts 04:00)
    await sellAt(h, '2026-10-25T03:30:00.000Z'); // 04:30 CET: the 25th

    const x = reportsOf(h).x({ businessDate: '2026-10-24' });
    expect(x.summary.counts.sales).toBe(5);
    expect(x.byHour).toHaveLength(25);
    expect(x.byHour[0]).toMatchObject({ hour: '04:00', utcOffset: '+02:00', label: '04:00', startsAt: '2026-10-24T02:00:00.000Z' });
    const night = x.byHour.filter((b) => b.hour === '02:00');
    expect(night).toEqual([
      { startsAt: '2026-10-25T00:00:00.000Z', hour: '02:00', utcOffset: '+02:00', label: '02:00 +02:00', salesCount: 1, grossMinor: 250 },
      { startsAt: '2026-10-25T01:00:00.000Z', hour: '02:00', utcOffset: '+01:00', label: '02:00 +01:00', salesCount: 2, grossMinor: 500 },
    ]);
    expect(x.byHour.at(-1)).toMatchObject({ hour: '03:00', utcOffset: '+01:00', label: '03:00', salesCount: 1 });
    expect(new Set(x.byHour.map((b) => b.label)).size).toBe(25);
  });

  it('When the clocks go forward (Europe/Berlin, 2026-03-29), then the 23-hour business day has no 02:00 hour', async () => {
    const h = await openedTill({ who: 'supervisor' });
    await sellAt(h, '2026-03-28T03:30:00.000Z'); // 04:30 CET
    await sellAt(h, '2026-03-29T00:30:00.000Z'); // 01:30 CET
    await sellAt(h, '2026-03-29T01:30:00.000Z'); // 03:30 CEST: one real hour later
    const x = reportsOf(h).x({ businessDate: '2026-03-28' });
    expect(x.summary.counts.sales).toBe(3);
    expect(x.byHour).toHaveLength(23);
    expect(x.byHour.map((b) => b.hour)).not.toContain('02:00');
    expect(x.byHour.slice(-2).map((b) => [b.label, b.utcOffset, b.salesCount])).toEqual([
      ['01:00', '+01:00', 1],
      ['03:00', '+02:00', 1],
    ]);
  });

  it('When the zone is 5:45 ahead of UTC (Asia/Kathmandu), then UTC quarter-hours land in the right local hour', () => {
    const series = hourSeries(
      [
        { quarter: '2026-03-02T04:00', salesCount: 1, grossMinor: 100 }, // 09:45 local
        { quarter: '2026-03-02T04:15', salesCount: 2, grossMinor: 200 }, // 10:00 local
        { quarter: '2026-03-02T05:00', salesCount: 4, grossMinor: 400 }, // 10:45 local
      ],
      'Asia/Kathmandu',
    );
    expect(series.map((b) => [b.startsAt, b.label, b.salesCount, b.grossMinor])).toEqual([
      ['2026-03-02T03:15:00.000Z', '09:00', 1, 100],
      ['2026-03-02T04:15:00.000Z', '10:00', 6, 600],
    ]);
  });

  it('When a series spans several days, then repeated hours carry their date', () => {
    const series = hourSeries(
      [
        { quarter: '2026-03-02T09:00', salesCount: 1, grossMinor: 100 },
        { quarter: '2026-03-03T09:00', salesCount: 1, grossMinor: 100 },
      ],
      'Europe/Berlin',
    );
    expect(series).toHaveLength(25);
    expect(series[0]?.label).toBe('2026-03-02 10:00');
    expect(series.at(-1)?.label).toBe('2026-03-03 10:00');
    expect(series[1]?.label).toBe('11:00');
  });
});
