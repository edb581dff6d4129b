import { allocate } from './allocate';
import { sumBig } from './bigint';
import { PricingError, assertUniqueLineIds, parseOrThrow, safeMinor } from './errors';
import { discountMinor, extendedMinor } from './line';
import { parsePricingSettings, type PricingSettingsInput } from './settings';
import { summarise } from './summary';
import { splitTax } from './tax';
import {
  PricingInputSchema,
  type PricedCart,
  type PricedLine,
  type PricingInput,
  type TaxRate,
} from './schemas';

/**
 * Prices a cart. Order of operations, each step rounding at most once:
 *   1. extended  = round(unit price × qtyMilli / 1000)
 *   2. line discount on the extended amount (capped at it)
 *   3. cart discount on Σ(extended − line discount), capped at that sum, allocated to lines
 *      by largest remainder in proportion to (extended − line discount)
 *   4. tax per line on what is left (see tax.ts for the inclusive/exclusive rule)
 *   5. totals and per-rate summaries are sums of the lines
 * The terminal and the server run this same function, so a sale re-priced on the server
 * matches the terminal unit for unit (DESIGN.md invariant 6).
 */
export function priceCart(input: PricingInput, settings: PricingSettingsInput): PricedCart {
  const { taxMode, roundingMode } = parsePricingSettings(settings);
  const cart = parseOrThrow(PricingInputSchema, input, 'input');
  const rates = indexTaxRates(cart.taxRates);
  // Refunds and journal entries address lines by id, so an id must name one line.
  assertUniqueLineIds(cart.lines.map((line) => line.lineId));

  const lines = cart.lines.map((line) => {
    const rate = rates.get(line.taxRateId);
    if (!rate) {
      throw new PricingError('UNKNOWN_TAX_RATE', `line ${line.lineId} uses unknown tax rate ${line.taxRateId}`, {
        lineId: line.lineId,
        taxRateId: line.taxRateId,
      });
    }
    const extended = extendedMinor(BigInt(line.unitPriceMinor), BigInt(line.qtyMilli), roundingMode);
    const lineDiscount = discountMinor(extended, line.discount, roundingMode);
    return { line, rate, extended, lineDiscount, afterLineDiscount: extended - lineDiscount };
  });

  const weights = lines.map((l) => l.afterLineDiscount);
  const cartDiscount = discountMinor(sumBig(weights), cart.cartDiscount, roundingMode);
  const shares = allocate(cartDiscount, weights);

  const priced: PricedLine[] = lines.map(({ line, rate, extended, lineDiscount, afterLineDiscount }, index) => {
    const share = shares[index] ?? 0n;
    const split = splitTax(afterLineDiscount - share, rate.ratePpm, taxMode, roundingMode);
    return {
      lineId: line.lineId,
      productId: line.productId,
      sku: line.sku,
      name: line.name,
      unitPriceMinor: line.unitPriceMinor,
      qtyMilli: line.qtyMilli,
      taxRateId: rate.id,
      ratePpm: rate.ratePpm,
      extendedMinor: safeMinor(extended, 'extendedMinor'),
      lineDiscountMinor: safeMinor(lineDiscount, 'lineDiscountMinor'),
      cartDiscountMinor: safeMinor(share, 'cartDiscountMinor'),
      totalMinor: safeMinor(split.totalMinor, 'totalMinor'),
      netMinor: safeMinor(split.netMinor, 'netMinor'),
      taxMinor: safeMinor(split.taxMinor, 'taxMinor'),
    };
  });

  return { lines: priced, totals: summarise(priced) };
}

function indexTaxRates(taxRates: readonly TaxRate[]): Map<string, TaxRate> {
  const rates = new Map<string, TaxRate>();
  for (const rate of taxRates) {
    // Two different rates under one id would make the result depend on list order.
    if (rates.has(rate.id)) {
      throw new PricingError('INVALID_INPUT', `tax rate ${rate.id} is listed twice`, { taxRateId: rate.id });
    }
    rates.set(rate.id, rate);
  }
  return rates;
}
