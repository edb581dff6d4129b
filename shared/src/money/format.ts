import { currencyExponent } from './currency';
import { formatScaled, parseScaled } from './decimal';
import { MoneyError } from './errors';
import { toBigInt, toSafeNumber } from './rounding';

export interface FormatMoneyOptions {
  /** Append the ISO code: "12.50 EUR". */
  withCode?: boolean;
}

/**
 * Plain machine-style text (a point, no grouping): "12.50", "-0.05", "1250" (JPY), "1.250"
 * (KWD). Locale-aware display belongs in the UI; this form is what receipts, exports and
 * parseMoney agree on.
 */
export function formatMoney(minor: number, currency: string, options: FormatMoneyOptions = {}): string {
  const exponent = currencyExponent(currency);
  const text = formatScaled(toBigInt(minor, 'minor'), exponent);
  return options.withCode ? `${text} ${currency}` : text;
}

/**
 * Exact inverse of formatMoney: "12.5" EUR -> 1250, "1250" JPY -> 1250. More significant
 * decimals than the currency has are refused rather than rounded, because a typed amount that
 * silently changes is worse than one the cashier must retype. A trailing code is accepted only
 * if it is the expected currency.
 */
export function parseMoney(text: string, currency: string): number {
  const exponent = currencyExponent(currency);
  const [amount = '', code, ...rest] = text.trim().split(/\s+/);
  if (rest.length > 0 || (code !== undefined && !/^[A-Z]{3}$/.test(code))) throw invalidAmount(text, currency);
  if (code !== undefined && code !== currency) {
    throw new MoneyError('CURRENCY_MISMATCH', `expected an amount in ${currency}, got ${code}`, { text, currency });
  }
  const parsed = parseScaled(amount, exponent);
  if (!parsed.ok) {
    if (parsed.reason === 'precision') {
      throw new MoneyError('TOO_MANY_DECIMALS', `${currency} amounts have at most ${exponent} decimals`, {
        text,
        currency,
        exponent,
      });
    }
    throw invalidAmount(text, currency);
  }
  return toSafeNumber(parsed.value);
}

function invalidAmount(text: string, currency: string): MoneyError {
  return new MoneyError('INVALID_AMOUNT', `not an amount: "${text}"`, { text, currency });
}
