import { extendedMinor, KeelError, QTY_ONE, type Product, type RoundingMode } from '@keel/shared';
import type { ScanResult } from '../catalog/types';
import type { CartLineState } from './cart-state';

/** How a new line comes to the cart: its product and what the scan (if any) fixed. */
export interface LineSource {
  product: Product;
  qtyMilli: number | null;
  embeddedPriceMinor: number | null;
  scanned: string | null;
  /** A scale fixed the quantity or the price (weight- or price-embedded barcode). */
  fromScale: boolean;
}

export function sourceOfScan(scan: ScanResult): LineSource {
  return {
    product: scan.product,
    qtyMilli: scan.qtyMilli,
    embeddedPriceMinor: scan.embeddedPriceMinor,
    scanned: scan.scanned,
    fromScale: scan.qtyMilli !== null || scan.embeddedPriceMinor !== null,
  };
}

/**
 * A product on sale at the till: active (inactive ones stay in the replica for history only).
 * PRODUCT_NOT_FOUND either way, so the cashier sees one message for "cannot sell this".
 */
export function assertSellable(product: Product | null, lookup: Record<string, string>): Product {
  if (!product) throw new KeelError('PRODUCT_NOT_FOUND', undefined, lookup);
  if (!product.active) throw new KeelError('PRODUCT_NOT_FOUND', 'This product is no longer sold.', { ...lookup, inactive: true });
  return product;
}

/** Counted goods come in whole pieces; weighed goods in grams (thousandths of a kilogram). */
export function assertQuantity(qtyMilli: number, soldByWeight: boolean): void {
  if (!Number.isSafeInteger(qtyMilli) || qtyMilli <= 0) {
    throw new KeelError('INVALID_INPUT', 'The quantity must be positive.', { issues: [{ path: 'qtyMilli', message: 'must be positive' }] });
  }
  if (!soldByWeight && qtyMilli % QTY_ONE !== 0) {
    throw new KeelError('INVALID_INPUT', 'This product is sold by the piece.', { issues: [{ path: 'qtyMilli', message: 'whole pieces only' }] });
  }
}

/**
 * The line for a product. A weight-embedded barcode gives the quantity; a price-embedded one
 * gives the line's total as printed by the scale (see labelLine). A weighed product without a
 * weight cannot be sold: INVALID_INPUT, the UI asks for the scale.
 */
export function newLine(lineId: string, source: LineSource, roundingMode: RoundingMode): CartLineState {
  const { product } = source;
  const base = {
    lineId,
    productId: product.id,
    sku: product.sku,
    name: product.name,
    categoryId: product.categoryId,
    taxRateId: product.taxRateId,
    soldByWeight: product.soldByWeight,
    scanned: source.scanned,
    discount: null,
    priceOverride: null,
  };
  if (source.embeddedPriceMinor !== null) {
    return { ...base, ...labelLine(product, source.embeddedPriceMinor, roundingMode), fromScale: true };
  }
  const qtyMilli = source.qtyMilli ?? (product.soldByWeight ? null : QTY_ONE);
  if (qtyMilli === null) {
    throw new KeelError('INVALID_INPUT', 'This product is sold by weight; weigh it first.', { issues: [{ path: 'qtyMilli', message: 'weight required' }] });
  }
  assertQuantity(qtyMilli, product.soldByWeight);
  return { ...base, unitPriceMinor: product.priceMinor, qtyMilli, fromScale: source.fromScale };
}

/**
 * A price-embedded label: the customer pays exactly the printed total. For weighed goods the
 * weight is recovered from the shelf price when some weight within a few grams reproduces the
 * total exactly (so stock moves by the weight sold); otherwise the label is one piece at its
 * printed price, which is what the customer was charged.
 */
function labelLine(product: Product, totalMinor: number, mode: RoundingMode): Pick<CartLineState, 'unitPriceMinor' | 'qtyMilli' | 'soldByWeight'> {
  if (product.soldByWeight && product.priceMinor > 0 && totalMinor > 0) {
    const estimate = Math.round((totalMinor * QTY_ONE) / product.priceMinor);
    for (const qtyMilli of [estimate, estimate - 1, estimate + 1, estimate - 2, estimate + 2]) {
      if (qtyMilli > 0 && extendedMinor(BigInt(product.priceMinor), BigInt(qtyMilli), mode) === BigInt(totalMinor)) {
        return { unitPriceMinor: product.priceMinor, qtyMilli, soldByWeight: true };
      }
    }
  }
  // Priced per label, the line counts labels: whole pieces from here on.
  return { unitPriceMinor: totalMinor, qtyMilli: QTY_ONE, soldByWeight: false };
}

/**
 * Scanning the same piece item again adds to its line instead of opening a second one. Weighed
 * goods, scale labels and lines with a discount or override keep their own lines.
 */
export function mergeable(line: CartLineState, source: LineSource): boolean {
  return (
    line.productId === source.product.id &&
    !line.soldByWeight &&
    !line.fromScale &&
    !source.fromScale &&
    line.discount === null &&
    line.priceOverride === null &&
    line.unitPriceMinor === source.product.priceMinor
  );
}
