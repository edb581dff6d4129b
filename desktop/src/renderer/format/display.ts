import { formatMoney, formatQty } from '@keel/shared';

/**
 * Display helpers. Amounts go through shared formatMoney (integers in, exact text out); the
 * grouping and symbol added here are only for reading, never parsed back.
 */

const SYMBOLS: Record<string, string> = { EUR: '€', USD: '$', GBP: '£', CHF: 'CHF', JPY: '¥' };

/** "12.50 €" style: the currency's plain text with thin grouping, then its symbol. */
export function money(minor: number, currency: string): string {
  const text = formatMoney(minor, currency);
  const negative = text.startsWith('-');
  const [whole = '', fraction] = (negative ? text.slice(1) : text).split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, '\u202f');
  const body = fraction === undefined ? grouped : `${grouped}.${fraction}`;
  const symbol = SYMBOLS[currency] ?? currency;
  return `${negative ? '−' : ''}${body}\u00a0${symbol}`;
}

/** A signed difference: "+2.00 €", "−0.50 €", "0.00 €". */
export function signedMoney(minor: number, currency: string): string {
  return minor > 0 ? `+${money(minor, currency)}` : money(minor, currency);
}

/** Pieces as "2", weights as "0.385 kg". */
export function quantity(qtyMilli: number, soldByWeight: boolean): string {
  return soldByWeight ? `${formatQty(qtyMilli, { fixed: true })} kg` : formatQty(qtyMilli);
}

const pad = (n: number) => String(n).padStart(2, '0');

/** Local "14:02" for a timestamp today, else "3 Mar 14:02". */
export function clockTime(iso: string, now: Date = new Date()): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return '';
  const hm = `${pad(at.getHours())}:${pad(at.getMinutes())}`;
  const sameDay = at.getFullYear() === now.getFullYear() && at.getMonth() === now.getMonth() && at.getDate() === now.getDate();
  if (sameDay) return hm;
  const month = at.toLocaleString('en', { month: 'short' });
  return `${at.getDate()} ${month} ${hm}`;
}

/** "just now", "4 min", "2 h 5 min" since a timestamp. */
export function age(iso: string, now: Date = new Date()): string {
  const ms = now.getTime() - new Date(iso).getTime();
  if (!Number.isFinite(ms) || ms < 60_000) return 'just now';
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  return minutes % 60 === 0 ? `${hours} h` : `${hours} h ${minutes % 60} min`;
}

export function percentText(basisPoints: number): string {
  const whole = Math.floor(basisPoints / 100);
  const rest = basisPoints % 100;
  return rest === 0 ? `${whole} %` : `${whole}.${String(rest).padStart(2, '0').replace(/0$/, '')} %`;
}

export function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  const letters = parts.length > 1 ? [parts[0]![0], parts.at(-1)![0]] : [parts[0]?.[0], parts[0]?.[1]];
  return letters.filter(Boolean).join('').toUpperCase();
}
