import { currencyExponent, formatMoney, parseMoney } from '@keel/shared';

/**
 * Typing an amount on a keypad: the text as typed ("20", "12.5"), turned into minor units only
 * through shared parseMoney, so a keypad can never produce a float or an amount with more
 * decimals than the currency has (the key is simply not taken).
 */

const MAX_WHOLE_DIGITS = 7;

/** The entry text after one key: a digit, '.' or ',' (decimal point), 'Backspace' or 'Clear'. */
export function typeAmountKey(text: string, key: string, currency: string): string {
  const exponent = currencyExponent(currency);
  if (key === 'Backspace') return text.slice(0, -1);
  if (key === 'Clear' || key === 'Delete') return '';
  if (key === '.' || key === ',') {
    if (exponent === 0 || text.includes('.')) return text;
    return text === '' ? '0.' : `${text}.`;
  }
  if (!/^\d$/.test(key)) return text;
  const [whole = '', fraction] = text.split('.');
  if (fraction !== undefined) return fraction.length >= exponent ? text : text + key;
  if (whole === '0') return key; // no leading zeros
  return whole.length >= MAX_WHOLE_DIGITS ? text : text + key;
}

/** Minor units of an entry, or null while it is empty or unfinished ("12." counts as 12). */
export function entryMinor(text: string, currency: string): number | null {
  if (text === '') return null;
  const clean = text.endsWith('.') ? text.slice(0, -1) : text;
  try {
    return parseMoney(clean, currency);
  } catch {
    return null;
  }
}

/** The text a keypad starts from for an amount (e.g. a suggested card amount). */
export function entryOf(minor: number, currency: string): string {
  return formatMoney(minor, currency);
}

/** Notes in minor units, largest first, for the quick "next note" buttons. */
const NOTES: Record<string, number[]> = {
  EUR: [50_000, 20_000, 10_000, 5_000, 2_000, 1_000, 500],
  USD: [10_000, 5_000, 2_000, 1_000, 500, 100],
  GBP: [5_000, 2_000, 1_000, 500],
  CHF: [100_000, 20_000, 10_000, 5_000, 2_000, 1_000],
};

/**
 * Quick cash amounts after "exact": the next round amounts a customer is likely to hand over
 * (next whole unit, then the next multiple of each note), each above what is due, at most
 * `count` of them, ascending.
 */
export function quickCashAmounts(dueMinor: number, currency: string, count = 3): number[] {
  if (dueMinor <= 0) return [];
  const unit = 10 ** currencyExponent(currency);
  const notes = NOTES[currency] ?? [100, 50, 20, 10, 5].map((n) => n * unit);
  const steps = [unit, ...[...notes].reverse()];
  const amounts = new Set<number>();
  for (const step of steps) {
    const next = Math.ceil(dueMinor / step) * step;
    if (next > dueMinor) amounts.add(next);
  }
  return [...amounts].sort((a, b) => a - b).slice(0, count);
}
