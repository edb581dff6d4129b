import { formatScaled, parseScaled } from './decimal';
import { MoneyError } from './errors';
import { toBigInt, toSafeNumber } from './rounding';

/** Quantities are thousandths: scales report grams, so 0.385 kg is exactly 385. */
export const QTY_SCALE = 3;
export const QTY_ONE = 1000;

/** "0.385" -> 385, "2" -> 2000. Refuses a fourth significant decimal instead of rounding it. */
export function parseQty(text: string): number {
  const parsed = parseScaled(text.trim(), QTY_SCALE);
  if (!parsed.ok) {
    const code = parsed.reason === 'precision' ? 'TOO_MANY_DECIMALS' : 'INVALID_QUANTITY';
    throw new MoneyError(code, `not a quantity with at most ${QTY_SCALE} decimals: "${text}"`, { text });
  }
  return toSafeNumber(parsed.value);
}

export interface FormatQtyOptions {
  /** Always three decimals ("1.500"), as scales print weights; otherwise "1.5", "2". */
  fixed?: boolean;
}

export function formatQty(qtyMilli: number, options: FormatQtyOptions = {}): string {
  return formatScaled(toBigInt(qtyMilli, 'qtyMilli'), QTY_SCALE, !options.fixed);
}
