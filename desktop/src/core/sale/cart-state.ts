import { z } from 'zod';
import {
  BasisPointsSchema,
  CardTenderSchema,
  DiscountSchema,
  EntityIdSchema,
  MinorSchema,
  PriceOverrideSchema,
  QtyMilliSchema,
  UtcTimestampSchema,
  UuidSchema,
} from '@keel/shared';
import { CardRecoverySchema } from '../payments/card-terminal';

/**
 * A cart as it is kept between calls and across restarts (the carts table, JSON in `data`).
 * It holds what the cashier did, never prices computed from it: the shared engine prices the
 * cart again on every change (cart-pricing.ts). Validated when read back (STYLE.md habit 7).
 */

/** A discount with who allowed it and up to what share, so a later change cannot stretch it. */
export const GrantedDiscountSchema = z.strictObject({
  discount: DiscountSchema,
  /** Null when within the cashier's own limit (SaleLineSchema.discountApprovedBy). */
  approvedBy: EntityIdSchema.nullable(),
  /**
   * The limit (basis points) of whoever allowed it. An amount discount's share grows when the
   * amount under it shrinks (fewer items, a lower price): every change re-checks it against this.
   */
  limitBasisPoints: BasisPointsSchema,
});
export type GrantedDiscount = z.infer<typeof GrantedDiscountSchema>;

export const CartLineStateSchema = z.strictObject({
  lineId: UuidSchema,
  productId: EntityIdSchema,
  sku: z.string(),
  name: z.string(),
  categoryId: EntityIdSchema.nullable(),
  taxRateId: EntityIdSchema,
  /** The price charged per unit: the shelf price when added, a scale label's price, or an override. */
  unitPriceMinor: MinorSchema.refine((v) => v >= 0),
  qtyMilli: QtyMilliSchema.refine((v) => v > 0),
  /** Quantities in grams rather than whole pieces (false for a scale label priced per piece). */
  soldByWeight: z.boolean(),
  /** From a weight- or price-embedded barcode: the scale fixed this line, so it is never merged. */
  fromScale: z.boolean(),
  scanned: z.string().nullable(),
  discount: GrantedDiscountSchema.nullable(),
  priceOverride: PriceOverrideSchema.nullable(),
});
export type CartLineState = z.infer<typeof CartLineStateSchema>;

export const CartStateSchema = z.strictObject({
  cartId: UuidSchema,
  createdAt: UtcTimestampSchema,
  lines: z.array(CartLineStateSchema).max(1000),
  cartDiscount: GrantedDiscountSchema.nullable(),
  /**
   * Card payments the terminal approved for this cart that are not yet part of a sale (a later
   * tender failed, or the commit did). Written the moment the terminal approves, so a charged
   * card is never forgotten, even across a crash; the next completion applies them first.
   */
  cardPayments: z.array(CardTenderSchema).max(10),
  /**
   * A card payment whose outcome is unknown (the link died after the amount reached the
   * terminal). Written before the cashier is told, so it survives a restart; it blocks the cart
   * until payment.resolve settles it with the terminal's answer (DESIGN.md "Devices"). Carts
   * saved before this field existed read back as null.
   */
  unknownCardPayment: z
    .strictObject({
      amountMinor: MinorSchema.refine((v) => v > 0),
      startedAt: UtcTimestampSchema,
      message: z.string().max(300),
      terminalTransactionRef: z.string().max(64).nullable(),
      recovery: CardRecoverySchema.nullable(),
    })
    .nullable()
    .default(null),
});
export type CartState = z.infer<typeof CartStateSchema>;

export function emptyCart(cartId: string, createdAt: string): CartState {
  return { cartId, createdAt, lines: [], cartDiscount: null, cardPayments: [], unknownCardPayment: null };
}

export function paidByCard(cart: CartState): number {
  return cart.cardPayments.reduce((sum, p) => sum + p.amountMinor, 0);
}

export type UnknownCardPayment = NonNullable<CartState['unknownCardPayment']>;
