/**
 * The store's wall clock for an instant: formatting and business-day rules read time in the
 * store's zone, never the machine's. One Intl.DateTimeFormat per zone, kept: building one costs
 * far more than using it, and sales and reports ask for the same zone over and over.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, format);
  }
  return format;
}

export interface WallClock {
  year: string;
  month: string;
  day: string;
  hour: string;
  minute: string;
}

export function wallClockOf(instant: Date, timeZone: string): WallClock {
  const parts = formatterFor(timeZone).formatToParts(instant);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return { year: part('year'), month: part('month'), day: part('day'), hour: part('hour'), minute: part('minute') };
}

/** "2026-03-02 10:00" on the store's wall clock. */
export function localDateTime(iso: string, timeZone: string): string {
  const w = wallClockOf(new Date(iso), timeZone);
  return `${w.year}-${w.month}-${w.day} ${w.hour}:${w.minute}`;
}
