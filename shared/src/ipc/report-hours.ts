import type { HourBucket } from './reports';

/**
 * Sales by hour of the store's wall clock, from rows grouped by 15-minute UTC buckets. SQL
 * groups by UTC (it has no time zones); this turns buckets into local hours with Intl, so the
 * same code is right across daylight-saving changes and for zones with :30 and :45 offsets
 * (every zone's offset is a multiple of 15 minutes, so a UTC quarter-hour never straddles a
 * local hour). Hours are keyed by the UTC instant they began: a fall-back night's two 02:00
 * hours stay apart, and a spring-forward night has no 02:00 at all.
 */

export interface QuarterRow {
  /** Start of a UTC quarter-hour, "YYYY-MM-DDTHH:MM" (as sliced from an ISO instant). */
  quarter: string;
  salesCount: number;
  grossMinor: number;
}

const HOUR_MS = 3_600_000;

interface Wall {
  date: string;
  hour: string;
  minute: number;
  offset: string;
}

function wallClock(timeZone: string): (at: number) => Wall {
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'longOffset',
  });
  return (at) => {
    const parts = new Map(format.formatToParts(at).map((p) => [p.type, p.value]));
    // longOffset reads "GMT+02:00", or just "GMT" at offset zero.
    const zone = parts.get('timeZoneName') ?? 'GMT';
    return {
      date: `${parts.get('year')}-${parts.get('month')}-${parts.get('day')}`,
      hour: `${parts.get('hour')}:00`,
      minute: Number(parts.get('minute')),
      offset: zone === 'GMT' ? '+00:00' : zone.slice(3),
    };
  };
}

/** Every hour from the first to the last one with sales, empty hours included, oldest first. */
export function hourSeries(rows: readonly QuarterRow[], timeZone: string): HourBucket[] {
  if (rows.length === 0) return [];
  const wall = wallClock(timeZone);
  const byStart = new Map<number, { salesCount: number; grossMinor: number }>();
  for (const row of rows) {
    const at = Date.parse(`${row.quarter}:00.000Z`);
    const start = at - wall(at).minute * 60_000;
    const entry = byStart.get(start) ?? { salesCount: 0, grossMinor: 0 };
    entry.salesCount += row.salesCount;
    entry.grossMinor += row.grossMinor;
    byStart.set(start, entry);
  }
  const starts = [...byStart.keys()].sort((a, b) => a - b);
  const first = starts[0] ?? 0;
  const last = starts.at(-1) ?? 0;
  const buckets: (Omit<HourBucket, 'label'> & { date: string })[] = [];
  for (let start = first; start <= last; start += HOUR_MS) {
    const w = wall(start);
    const sums = byStart.get(start) ?? { salesCount: 0, grossMinor: 0 };
    buckets.push({ startsAt: new Date(start).toISOString(), hour: w.hour, utcOffset: w.offset, date: w.date, ...sums });
  }
  return buckets.map(({ date, ...b }) => ({ ...b, label: labelOf(b.hour, date, b.utcOffset, buckets) }));
}

/**
 * "HH:00" where it is unambiguous. The same hour twice on one date is a fall-back night: add the
 * offset. The same hour on different dates (a report over several days): add the date.
 */
function labelOf(hour: string, date: string, offset: string, all: readonly { hour: string; date: string }[]): string {
  const same = all.filter((b) => b.hour === hour);
  const twiceToday = same.filter((b) => b.date === date).length > 1;
  const otherDates = same.some((b) => b.date !== date);
  return [otherDates ? date : null, hour, twiceToday ? offset : null].filter((part) => part !== null).join(' ');
}
