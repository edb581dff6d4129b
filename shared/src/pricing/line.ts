import { divRound } from '../money/rounding';
import type { RoundingMode } from '../money/schemas';
import { minBig } from './bigint';
import type { Discount } from './schemas';

const QTY_DENOMINATOR = 1000n;
const BASIS_POINTS = 10_000n;

/**
 * unit price × qtyMilli / 1000, rounded ONCE. Rounding the product (not a per-kilo or
 * per-piece intermediate) is what the scale's label shows: 0.385 kg at 12.99/kg = 5.00115 -> 5.00.
 */
export function extendedMinor(unitPriceMinor: bigint, qtyMilli: bigint, mode: RoundingMode): bigint {
  return divRound(unitPriceMinor * qtyMilli, QTY_DENOMINATOR, mode);
}

/**
 * The discount on a non-negative base, never more than the base: an amount discount larger
 * than the line is capped so no line (and no cart) ever goes negative. Percent discounts are
 * rounded with the store's mode; at most 100 % they cannot exceed the base.
 */
export function discountMinor(base: bigint, discount: Discount | null, mode: RoundingMode): bigint {
  if (discount === null || base <= 0n) return 0n;
  if (discount.kind === 'amount') return minBig(BigInt(discount.amountMinor), base);
  return divRound(base * BigInt(discount.basisPoints), BASIS_POINTS, mode);
}
