import { sumDenominations, type DenominationCount } from '@keel/shared';

/** A note or coin of a currency, in minor units. */
export interface Denomination {
  minor: number;
  kind: 'note' | 'coin';
}

/** Euro banknotes in circulation (the 500 is rarely seen in a till) and the eight coins. */
const EUR: Denomination[] = [
  ...[20_000, 10_000, 5_000, 2_000, 1_000, 500].map((minor) => ({ minor, kind: 'note' as const })),
  ...[200, 100, 50, 20, 10, 5, 2, 1].map((minor) => ({ minor, kind: 'coin' as const })),
];

const TABLES: Record<string, Denomination[]> = { EUR };

/** The count table for a currency; null when Keel has none (the close then takes one total). */
export function denominationsOf(currency: string): Denomination[] | null {
  return TABLES[currency] ?? null;
}

/** Counts as the shift.close channel takes them: only the rows with something counted. */
export function countsFrom(counts: ReadonlyMap<number, number>): DenominationCount[] {
  return [...counts.entries()]
    .filter(([, count]) => count > 0)
    .sort(([a], [b]) => b - a)
    .map(([denominationMinor, count]) => ({ denominationMinor, count }));
}

export function countedMinor(counts: ReadonlyMap<number, number>): number {
  return sumDenominations(countsFrom(counts));
}

/** A count field's text as a whole number of pieces (blank is 0); null when it is not one. */
export function parseCount(text: string): number | null {
  const trimmed = text.trim();
  if (trimmed === '') return 0;
  if (!/^\d{1,6}$/.test(trimmed)) return null;
  return Number(trimmed);
}
