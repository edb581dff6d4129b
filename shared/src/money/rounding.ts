import { MoneyError } from './errors';
import type { RoundingMode } from './schemas';

/**
 * numerator / denominator rounded to an integer, for any signs.
 *
 * 'half-up' means half AWAY FROM ZERO (2.5 -> 3, -2.5 -> -3), not towards +infinity: a refund
 * must be the exact mirror of the sale it undoes, and tax authorities state the rule on
 * magnitudes ("one-half of one cent or more is collected as one cent", Texas Tax Code
 * §151.053). 'half-even' (banker's rounding) sends exact halves to the even neighbour
 * (2.5 -> 2, 3.5 -> 4, -2.5 -> -2). Both modes agree everywhere except on exact halves.
 *
 * Working on bigint keeps products such as price × quantity × rate exact far beyond 2^53.
 */
export function divRound(numerator: bigint, denominator: bigint, mode: RoundingMode): bigint {
  if (denominator === 0n) throw new MoneyError('DIVISION_BY_ZERO', 'division by zero');
  const flip = denominator < 0n;
  const n = flip ? -numerator : numerator;
  const d = flip ? -denominator : denominator;
  const negative = n < 0n;
  const magnitude = negative ? -n : n;
  let quotient = magnitude / d;
  const twiceRemainder = 2n * (magnitude % d);
  const roundAway =
    twiceRemainder > d || (twiceRemainder === d && (mode === 'half-up' || quotient % 2n === 1n));
  if (roundAway) quotient += 1n;
  return negative ? -quotient : quotient;
}

/** The multiple of `unit` nearest to `value`; exact midpoints follow `mode` as in divRound. */
export function roundToMultiple(value: bigint, unit: bigint, mode: RoundingMode): bigint {
  if (unit <= 0n) throw new MoneyError('OUT_OF_RANGE', 'rounding unit must be positive', { unit: String(unit) });
  return divRound(value, unit, mode) * unit;
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** Back to a number for the wire, refusing anything a double could not hold exactly. */
export function toSafeNumber(value: bigint): number {
  if (value > MAX_SAFE || value < -MAX_SAFE) {
    throw new MoneyError('OUT_OF_RANGE', 'amount exceeds the safe integer range', { value: String(value) });
  }
  return Number(value);
}

/** Guards a number input before it becomes a bigint (BigInt(1.5) would throw a bare RangeError). */
export function toBigInt(value: number, what: string): bigint {
  if (!Number.isSafeInteger(value)) {
    throw new MoneyError('OUT_OF_RANGE', `${what} must be a safe integer`, { [what]: value });
  }
  return BigInt(value);
}
