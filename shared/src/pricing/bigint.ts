/** Small bigint helpers; the engine never lets an amount touch floating point. */

export const MAX_SAFE_BIG = BigInt(Number.MAX_SAFE_INTEGER);

export function minBig(a: bigint, b: bigint): bigint {
  return a < b ? a : b;
}

export function clampBig(value: bigint, low: bigint, high: bigint): bigint {
  if (value < low) return low;
  return value > high ? high : value;
}

export function sumBig(values: Iterable<bigint>): bigint {
  let total = 0n;
  for (const value of values) total += value;
  return total;
}
