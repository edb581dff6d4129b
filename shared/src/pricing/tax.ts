import { divRound } from '../money/rounding';
import type { RoundingMode } from '../money/schemas';
import type { TaxMode } from './schemas';

const PPM = 1_000_000n;

/**
 * THE TAX RULE (one place, used by sale and server recomputation alike)
 *
 * Rates are parts per million (r = ratePpm / 1_000_000). Tax is computed and rounded PER LINE,
 * on the line's amount after its line discount and its share of the cart discount, with the
 * store's rounding mode (half-up = half away from zero by default, half-even optional):
 *
 *   inclusive (EU VAT, shelf price includes tax):
 *     gross = line amount
 *     tax   = round(gross × r / (1 + r)) = round(gross × ppm / (1_000_000 + ppm))
 *     net   = gross − tax
 *   exclusive (US sales tax, tax added at the till):
 *     net   = line amount
 *     tax   = round(net × r)           = round(net × ppm / 1_000_000)
 *     gross = net + tax
 *
 * The one division happens last on exact integers, so the only rounding is the one stated.
 * Per-rate and cart totals are SUMS of these rounded lines, never recomputed from summed
 * amounts, so a receipt's rate summary always reconciles with its lines. (Some US states,
 * e.g. Texas, compute tax on the invoice total per rate; per-line rounding can differ from
 * that by a few cents on a many-line invoice. Keel chose per-line so refunds of single
 * lines mirror the sale exactly.)
 *
 * Exclusive -> inclusive round trip is exact: if net N gives tax T = round(N·r) and gross
 * G = N + T, then G·r/(1+r) = T − e/(1+r) where |e| = |T − N·r| <= 1/2, which is strictly
 * within half a unit of T, so extracting from G returns T and N in either rounding mode.
 */
export interface TaxSplit {
  netMinor: bigint;
  taxMinor: bigint;
  totalMinor: bigint;
}

export function splitTax(amountMinor: bigint, ratePpm: number, taxMode: TaxMode, mode: RoundingMode): TaxSplit {
  const ppm = BigInt(ratePpm);
  if (taxMode === 'inclusive') {
    const taxMinor = divRound(amountMinor * ppm, PPM + ppm, mode);
    return { netMinor: amountMinor - taxMinor, taxMinor, totalMinor: amountMinor };
  }
  const taxMinor = divRound(amountMinor * ppm, PPM, mode);
  return { netMinor: amountMinor, taxMinor, totalMinor: amountMinor + taxMinor };
}
