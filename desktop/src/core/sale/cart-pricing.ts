import {
  priceCart,
  toKeelError,
  type CartView,
  type PricedCart,
  type StoreSettings,
  type TaxRate,
} from '@keel/shared';
import type { CartState } from './cart-state';

/**
 * Prices a cart with the shared engine, exactly as the server will re-price the sale
 * (DESIGN.md invariant 6). Engine errors (an unknown tax rate, an amount out of range) keep
 * their code as KeelErrors.
 */
export function priceCartState(cart: CartState, taxRates: readonly TaxRate[], settings: StoreSettings): PricedCart {
  try {
    return priceCart(
      {
        lines: cart.lines.map((line) => ({
          lineId: line.lineId,
          productId: line.productId,
          sku: line.sku,
          name: line.name,
          unitPriceMinor: line.unitPriceMinor,
          qtyMilli: line.qtyMilli,
          taxRateId: line.taxRateId,
          discount: line.discount?.discount ?? null,
        })),
        cartDiscount: cart.cartDiscount?.discount ?? null,
        // Only the rates the cart uses: a malformed or duplicated rate elsewhere in the replica
        // must not stop a sale that does not use it.
        taxRates: taxRates.filter((rate) => cart.lines.some((line) => line.taxRateId === rate.id)),
      },
      settings,
    );
  } catch (error) {
    throw toKeelError(error);
  }
}

/** The view the renderer shows (shared CartViewSchema): priced lines plus what the cashier set. */
export function cartView(cart: CartState, priced: PricedCart, settings: Pick<StoreSettings, 'currency' | 'cashRoundingMinor' | 'roundingMode'>): CartView {
  return {
    cartId: cart.cartId,
    lines: priced.lines.map((line, index) => {
      const state = cart.lines[index];
      return { ...line, discount: state?.discount?.discount ?? null, priceOverridden: state?.priceOverride != null };
    }),
    cartDiscount: cart.cartDiscount?.discount ?? null,
    totals: priced.totals,
    currency: settings.currency,
    cashRoundingMinor: settings.cashRoundingMinor,
    roundingMode: settings.roundingMode,
  };
}

/** The amount a discount is taken from: a line's extended amount, or the cart after line discounts. */
export function lineBase(priced: PricedCart, lineId: string): number {
  const line = priced.lines.find((l) => l.lineId === lineId);
  return line ? line.extendedMinor : 0;
}

export function cartBase(priced: PricedCart): number {
  return priced.lines.reduce((sum, l) => sum + l.extendedMinor - l.lineDiscountMinor, 0);
}
