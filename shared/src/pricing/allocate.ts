import { toBigInt, toSafeNumber } from '../money/rounding';
import { sumBig } from './bigint';

/**
 * Splits `amount` into parts proportional to `weights` that sum to `amount` exactly
 * (largest-remainder / Hamilton method): everyone first gets the floor of their exact share,
 * then the leftover units go one each to the largest fractional remainders, ties to the
 * earlier index so the same cart always splits the same way on every terminal and the server.
 *
 * Because the leftover count is the sum of the fractional parts, only parts with a non-zero
 * remainder receive one, so no part ever exceeds amount × weight / total rounded up, and with
 * amount <= total weight no part exceeds its own weight: a cart discount never pushes a line
 * below zero.
 */
export function allocate(amount: bigint, weights: readonly bigint[]): bigint[] {
  if (weights.some((w) => w < 0n)) throw new RangeError('allocation weights must not be negative');
  if (amount < 0n) return allocate(-amount, weights).map((part) => -part);
  const total = sumBig(weights);
  if (total === 0n) {
    if (amount === 0n) return weights.map(() => 0n);
    throw new RangeError('cannot allocate a non-zero amount over zero weights');
  }
  const parts = weights.map((w) => (amount * w) / total);
  const remainders = weights.map((w, index) => ({ index, remainder: (amount * w) % total }));
  remainders.sort((a, b) => (a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1));
  let leftover = amount - sumBig(parts);
  for (const { index } of remainders) {
    if (leftover === 0n) break;
    parts[index] = (parts[index] ?? 0n) + 1n;
    leftover -= 1n;
  }
  return parts;
}

/** Number-typed wrapper for callers outside the engine (tenders, reports). */
export function allocateMinor(amountMinor: number, weights: readonly number[]): number[] {
  const parts = allocate(
    toBigInt(amountMinor, 'amountMinor'),
    weights.map((w) => toBigInt(w, 'weight')),
  );
  return parts.map(toSafeNumber);
}
