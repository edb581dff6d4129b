/**
 * Exact conversion between decimal text and scaled integers (value × 10^scale), shared by
 * money and quantities. Digits go straight into a bigint: "0.1" never becomes 0.1000000000000000055.
 */

const DECIMAL_TEXT = /^([+-])?(\d+)(?:\.(\d+))?$/;

export type ParseScaledResult =
  | { ok: true; value: bigint }
  | { ok: false; reason: 'syntax' | 'precision' };

export function parseScaled(text: string, scale: number): ParseScaledResult {
  const match = DECIMAL_TEXT.exec(text);
  if (!match) return { ok: false, reason: 'syntax' };
  const [, sign, whole = '', fraction = ''] = match;
  // "1.50" in a 1-decimal scale is still exact; only significant extra digits are refused.
  const significant = fraction.replace(/0+$/, '');
  if (significant.length > scale) return { ok: false, reason: 'precision' };
  const magnitude = BigInt(whole + significant.padEnd(scale, '0'));
  return { ok: true, value: sign === '-' ? -magnitude : magnitude };
}

/** `trimZeros` drops trailing fraction zeros (and the point) for quantities like "1" or "0.5". */
export function formatScaled(value: bigint, scale: number, trimZeros = false): string {
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString().padStart(scale + 1, '0');
  const whole = digits.slice(0, digits.length - scale);
  let fraction = digits.slice(digits.length - scale);
  if (trimZeros) fraction = fraction.replace(/0+$/, '');
  const body = fraction.length > 0 ? `${whole}.${fraction}` : whole;
  return negative ? `-${body}` : body;
}
