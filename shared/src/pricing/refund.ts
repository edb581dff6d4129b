import { z } from 'zod';
import { divRound } from '../money/rounding';
import { RoundingModeSchema, type RoundingMode } from '../money/schemas';
import { clampBig, minBig } from './bigint';
import { PricingError, assertUniqueLineIds, parseOrThrow, safeMinor } from './errors';
import { summarise } from './summary';
import {
  PricedCartSchema,
  RefundSelectionSchema,
  RefundedLineSchema,
  type PricedCart,
  type PricedLine,
  type RefundSelection,
  type RefundedLine,
} from './schemas';

/**
 * REFUNDS. Sign convention: a refund is a PricedCart whose lines carry NEGATIVE quantities and
 * NEGATIVE amounts (unit price stays as sold), so sale + refund sums to zero field by field.
 *
 * A partial quantity is prorated CUMULATIVELY from the original line: after refunding a total
 * quantity c of Q, the line has given back round(T·c/Q) of its total T; this refund is that
 * target minus what earlier refunds gave back. Hence
 *  - refunding in several pieces gives exactly what refunding the sum at once gives;
 *  - when c = Q the target is T itself: the last piece takes the remainder, so the pieces sum
 *    to the original line, never more than was charged and never a unit lost.
 * Tax follows the refunded total (cumulative tax = round(X · cumulative total / T)) so that a
 * piece never refunds tax without refunding at least as much total; net = total − tax.
 * Discount fields are prorated the same way by quantity and extended = base + discounts, so
 * each refund line satisfies the same identity as the sold line.
 * Proration uses the store's rounding mode (options.roundingMode, half-up if omitted).
 */
export interface RefundOptions {
  roundingMode?: RoundingMode;
}

const RefundInputSchema = z.object({
  original: PricedCartSchema,
  selections: z.array(RefundSelectionSchema),
  alreadyRefunded: z.array(RefundedLineSchema),
  roundingMode: RoundingModeSchema.default('half-up'),
});

interface History {
  qty: bigint;
  total: bigint;
  net: bigint;
  tax: bigint;
}

export function priceRefund(
  original: PricedCart,
  selections: readonly RefundSelection[],
  alreadyRefunded: readonly RefundedLine[] = [],
  options: RefundOptions = {},
): PricedCart {
  const input = parseOrThrow(
    RefundInputSchema,
    { original, selections, alreadyRefunded, roundingMode: options.roundingMode },
    'refund',
  );
  const sold = new Map(input.original.lines.map((line) => [line.lineId, line]));
  assertUniqueLineIds(input.selections.map((s) => s.lineId));
  const history = refundHistory(input.alreadyRefunded, sold);

  const lines = input.selections.map((selection) => {
    const line = sold.get(selection.lineId);
    if (!line) throw unknownLine(selection.lineId);
    return refundLine(line, BigInt(selection.qtyMilli), history.get(line.lineId), input.roundingMode);
  });
  return { lines, totals: summarise(lines) };
}

/** Refunds everything not yet refunded: the whole sale, or what is left after partial refunds. */
export function priceFullRefund(
  original: PricedCart,
  alreadyRefunded: readonly RefundedLine[] = [],
  options: RefundOptions = {},
): PricedCart {
  const refundedQty = new Map<string, number>();
  for (const entry of alreadyRefunded) {
    refundedQty.set(entry.lineId, (refundedQty.get(entry.lineId) ?? 0) + Math.abs(entry.qtyMilli));
  }
  const selections = original.lines
    .map((line) => ({ lineId: line.lineId, qtyMilli: line.qtyMilli - (refundedQty.get(line.lineId) ?? 0) }))
    .filter((s) => s.qtyMilli > 0);
  return priceRefund(original, selections, alreadyRefunded, options);
}

function refundLine(line: PricedLine, qty: bigint, past: History | undefined, mode: RoundingMode): PricedLine {
  const soldQty = BigInt(line.qtyMilli);
  const soldTotal = BigInt(line.totalMinor);
  const soldNet = BigInt(line.netMinor);
  const soldTax = BigInt(line.taxMinor);
  const before = past ?? { qty: 0n, total: 0n, net: 0n, tax: 0n };
  const remainingQty = soldQty - before.qty;
  if (qty > remainingQty) {
    throw new PricingError('REFUND_EXCEEDS_SALE', `line ${line.lineId}: refund of ${qty} exceeds the ${remainingQty} not yet refunded`, {
      lineId: line.lineId,
      requestedQtyMilli: Number(qty),
      remainingQtyMilli: Number(remainingQty),
    });
  }
  const after = before.qty + qty;
  const prorate = (amount: bigint, q: bigint) => (q === soldQty ? amount : divRound(amount * q, soldQty, mode));

  const left = { total: soldTotal - before.total, net: soldNet - before.net, tax: soldTax - before.tax };
  // The clamps only bite when the history did not come from this engine; they keep every
  // piece within what is left so nothing is refunded twice.
  const targetTotal = prorate(soldTotal, after);
  const total = clampBig(targetTotal - before.total, 0n, left.total);
  const targetTax = soldTotal === 0n ? 0n : after === soldQty ? soldTax : divRound(soldTax * targetTotal, soldTotal, mode);
  let tax = clampBig(targetTax - before.tax, 0n, minBig(left.tax, total));
  let net = total - tax;
  if (net > left.net) {
    net = left.net;
    tax = total - net;
  }

  const lineDiscount = prorate(BigInt(line.lineDiscountMinor), after) - prorate(BigInt(line.lineDiscountMinor), before.qty);
  const cartDiscount = prorate(BigInt(line.cartDiscountMinor), after) - prorate(BigInt(line.cartDiscountMinor), before.qty);
  const base = taxIncluded(line) ? total : net;

  const negate = (value: bigint, what: string) => safeMinor(-value, what);
  return {
    ...line,
    qtyMilli: negate(qty, 'qtyMilli'),
    extendedMinor: negate(base + lineDiscount + cartDiscount, 'extendedMinor'),
    lineDiscountMinor: negate(lineDiscount, 'lineDiscountMinor'),
    cartDiscountMinor: negate(cartDiscount, 'cartDiscountMinor'),
    totalMinor: negate(total, 'totalMinor'),
    netMinor: negate(net, 'netMinor'),
    taxMinor: negate(tax, 'taxMinor'),
  };
}

/**
 * A priced line does not record the store's tax mode, but its identity does: discounts come
 * off the gross in inclusive stores (extended − discounts = total) and off the net in
 * exclusive ones (= net). A line that satisfies neither was not priced by this engine.
 */
function taxIncluded(line: PricedLine): boolean {
  const base = line.extendedMinor - line.lineDiscountMinor - line.cartDiscountMinor;
  if (base === line.totalMinor) return true;
  if (base === line.netMinor) return false;
  throw new PricingError('INVALID_INPUT', `line ${line.lineId} is not a consistent priced line`, { lineId: line.lineId });
}

function refundHistory(entries: readonly RefundedLine[], sold: ReadonlyMap<string, PricedLine>): Map<string, History> {
  const history = new Map<string, History>();
  for (const entry of entries) {
    const line = sold.get(entry.lineId);
    if (!line) throw unknownLine(entry.lineId);
    const values = [entry.qtyMilli, entry.totalMinor, entry.netMinor, entry.taxMinor];
    if (values.some((v) => v > 0) && values.some((v) => v < 0)) {
      throw new PricingError('INVALID_INPUT', `refund history for line ${entry.lineId} mixes signs`, { lineId: entry.lineId });
    }
    const sum = history.get(entry.lineId) ?? { qty: 0n, total: 0n, net: 0n, tax: 0n };
    const abs = (v: number) => BigInt(Math.abs(v));
    sum.qty += abs(entry.qtyMilli);
    sum.total += abs(entry.totalMinor);
    sum.net += abs(entry.netMinor);
    sum.tax += abs(entry.taxMinor);
    history.set(entry.lineId, sum);
  }
  for (const [lineId, past] of history) {
    const line = sold.get(lineId);
    if (!line) continue;
    const exceeded =
      past.qty > BigInt(line.qtyMilli) ||
      past.total > BigInt(line.totalMinor) ||
      past.net > BigInt(line.netMinor) ||
      past.tax > BigInt(line.taxMinor);
    if (exceeded) {
      throw new PricingError('REFUND_EXCEEDS_SALE', `earlier refunds of line ${lineId} already exceed what was sold`, { lineId });
    }
    if (past.total !== past.net + past.tax) {
      throw new PricingError('INVALID_INPUT', `refund history for line ${lineId} has total ≠ net + tax`, { lineId });
    }
  }
  for (const line of sold.values()) assertSoldLine(line);
  return history;
}

/** Only a sale can be refunded: a refund of a refund would be a sale, priced as one. */
function assertSoldLine(line: PricedLine): void {
  const ok = line.qtyMilli > 0 && line.totalMinor >= 0 && line.netMinor >= 0 && line.taxMinor >= 0;
  if (!ok || line.totalMinor !== line.netMinor + line.taxMinor) {
    throw new PricingError('INVALID_INPUT', `line ${line.lineId} is not a sold line`, { lineId: line.lineId });
  }
}

function unknownLine(lineId: string): PricingError {
  return new PricingError('UNKNOWN_LINE', `the sale has no line ${lineId}`, { lineId });
}
