import { KeelError, type CartView, type Discount, type ParkedCart, type PricedCart, type StoreSettings } from '@keel/shared';
import type { Person } from '../catalog/types';
import { assertQuantity, assertSellable, mergeable, newLine, sourceOfScan, type LineSource } from './cart-lines';
import { cartBase, cartView, lineBase, priceCartState } from './cart-pricing';
import { emptyCart, type CartLineState, type CartState } from './cart-state';
import { CartStore } from './cart-store';
import { approverFor, assertReason, requirePerson, requireSettings, type SaleContext } from './context';
import { assertDiscountsHold, grantDiscount } from './discount-policy';

interface ChangeInput {
  cart: CartState;
  priced: PricedCart;
  person: Person;
  settings: StoreSettings;
}

/**
 * The cart behind the `cart.*` IPC channels: one method per channel. Every change is priced by
 * the shared engine and saved to the carts table before it returns, so the cart on screen is
 * the cart that survives a restart.
 */
export class CartService {
  readonly store: CartStore;

  constructor(private readonly ctx: SaleContext) {
    this.store = new CartStore(ctx.db);
  }

  /** cart.get */
  get(): CartView {
    const settings = requireSettings(this.ctx);
    const cart = this.currentState();
    return cartView(cart, this.price(cart, settings), settings);
  }

  /** cart.addByBarcode: PRODUCT_NOT_FOUND for an unknown code or an inactive product. */
  addByBarcode(barcode: string): CartView {
    return this.change(({ cart, settings }) => {
      const scan = this.ctx.catalog.resolveScan(barcode);
      if (!scan) throw new KeelError('PRODUCT_NOT_FOUND', undefined, { barcode });
      assertSellable(scan.product, { barcode });
      return this.addLine(cart, sourceOfScan(scan), settings);
    });
  }

  /** cart.addProduct: one piece, or `qtyMilli` (required for weighed goods). */
  addProduct(productId: string, qtyMilli?: number): CartView {
    return this.change(({ cart, settings }) => {
      const product = assertSellable(this.ctx.catalog.getProduct(productId), { productId });
      const source: LineSource = { product, qtyMilli: qtyMilli ?? null, embeddedPriceMinor: null, scanned: null, fromScale: false };
      return this.addLine(cart, source, settings);
    });
  }

  /** cart.setQuantity: whole pieces for counted goods (and for labels priced per piece), grams for weighed ones. */
  setQuantity(lineId: string, qtyMilli: number): CartView {
    return this.change(({ cart }) => {
      const line = findLine(cart, lineId);
      assertQuantity(qtyMilli, line.soldByWeight);
      return withLine(cart, { ...line, qtyMilli });
    });
  }

  /** cart.removeLine */
  removeLine(lineId: string): CartView {
    return this.change(({ cart }) => {
      findLine(cart, lineId);
      return { ...cart, lines: cart.lines.filter((l) => l.lineId !== lineId) };
    });
  }

  /** cart.setLineDiscount: null removes it. Beyond the cashier's limit only with a supervisor's PIN. */
  setLineDiscount(lineId: string, discount: Discount | null, approverPin?: string): CartView {
    return this.change(({ cart, priced, person, settings }) => {
      const line = findLine(cart, lineId);
      const granted = grantDiscount({ discount, baseMinor: lineBase(priced, lineId), person, settings, people: this.ctx.people, approverPin });
      return withLine(cart, { ...line, discount: granted });
    });
  }

  /** cart.setCartDiscount: taken from the cart after line discounts, shared out over the lines by the engine. */
  setCartDiscount(discount: Discount | null, approverPin?: string): CartView {
    return this.change(({ cart, priced, person, settings }) => {
      const granted = grantDiscount({ discount, baseMinor: cartBase(priced), person, settings, people: this.ctx.people, approverPin });
      return { ...cart, cartDiscount: granted };
    });
  }

  /**
   * cart.overridePrice: a supervisor or manager may change a price alone; a cashier needs a
   * supervisor's PIN. Who allowed it is recorded on the line. Setting the original price back
   * removes the override.
   */
  overridePrice(lineId: string, unitPriceMinor: number, reason: string, approverPin?: string): CartView {
    return this.change(({ cart, person }) => {
      const line = findLine(cart, lineId);
      if (!Number.isSafeInteger(unitPriceMinor) || unitPriceMinor < 0) {
        throw new KeelError('INVALID_INPUT', 'A price must not be negative.', { issues: [{ path: 'unitPriceMinor', message: 'must not be negative' }] });
      }
      assertReason(reason);
      const originalUnitPriceMinor = line.priceOverride?.originalUnitPriceMinor ?? line.unitPriceMinor;
      if (unitPriceMinor === originalUnitPriceMinor) return withLine(cart, { ...line, unitPriceMinor, priceOverride: null });
      const approvedBy = (approverFor(this.ctx, person, 'supervisor', approverPin) ?? person).id;
      return withLine(cart, { ...line, unitPriceMinor, priceOverride: { originalUnitPriceMinor, reason, approvedBy } });
    });
  }

  /** cart.clear: starts over. Works even when the saved cart can no longer be read. */
  clear(): CartView {
    this.ctx.lock.assertFree();
    requirePerson(this.ctx);
    const pending = this.tryCurrent();
    if (pending) assertNoPayments(pending);
    this.store.deleteCurrent();
    return this.get();
  }

  /** cart.park: puts the current cart aside (CART_EMPTY for an empty one) and answers the parked list. */
  park(label: string | null): ParkedCart[] {
    this.ctx.lock.assertFree();
    requirePerson(this.ctx);
    const cart = this.currentState();
    if (cart.lines.length === 0) throw new KeelError('CART_EMPTY', 'There is nothing to park.');
    assertNoPayments(cart);
    this.store.park(cart, label, this.now());
    return this.listParked();
  }

  /** cart.listParked: oldest first. */
  listParked(): ParkedCart[] {
    const settings = requireSettings(this.ctx);
    return this.store.parked().map(({ cart, label, parkedAt }) => ({
      cartId: cart.cartId,
      parkedAt,
      lineCount: cart.lines.length,
      totalMinor: this.price(cart, settings).totals.totalMinor,
      label,
    }));
  }

  /** cart.resume: a non-empty current cart is parked in its place. */
  resume(cartId: string): CartView {
    this.ctx.lock.assertFree();
    requirePerson(this.ctx);
    const current = this.tryCurrent();
    if (current) assertNoPayments(current);
    this.store.resume(cartId, this.now());
    return this.get();
  }

  /** The current cart, created (and saved) when there is none, so its id is stable. */
  currentState(): CartState {
    const existing = this.store.current();
    if (existing) return existing;
    const cart = emptyCart(this.ctx.ids.uuid(), this.now());
    this.store.saveCurrent(cart);
    return cart;
  }

  price(cart: CartState, settings: StoreSettings): PricedCart {
    return priceCartState(cart, this.ctx.catalog.taxRates(), settings);
  }

  /**
   * The one path of every cart change: a cashier logged in, no card payment under way or
   * already taken for this cart (its amount would no longer match), the result priced, every
   * discount still within what was allowed, then saved.
   */
  private change(mutate: (input: ChangeInput) => CartState): CartView {
    this.ctx.lock.assertFree();
    const person = requirePerson(this.ctx);
    const settings = requireSettings(this.ctx);
    const cart = this.currentState();
    assertNoPayments(cart);
    const next = mutate({ cart, priced: this.price(cart, settings), person, settings });
    const priced = this.price(next, settings);
    assertDiscountsHold(next, priced);
    this.store.saveCurrent(next);
    return cartView(next, priced, settings);
  }

  private addLine(cart: CartState, source: LineSource, settings: StoreSettings): CartState {
    const same = cart.lines.find((line) => mergeable(line, source));
    if (same) return withLine(cart, { ...same, qtyMilli: same.qtyMilli + (source.qtyMilli ?? 1000) });
    return { ...cart, lines: [...cart.lines, newLine(this.ctx.ids.uuid(), source, settings.roundingMode)] };
  }

  private tryCurrent(): CartState | null {
    try {
      return this.store.current();
    } catch {
      return null; // unreadable: clear() removes it, resume() replaces it
    }
  }

  private now(): string {
    return this.ctx.clock.now().toISOString();
  }
}

function findLine(cart: CartState, lineId: string): CartLineState {
  const line = cart.lines.find((l) => l.lineId === lineId);
  if (!line) throw new KeelError('NOT_FOUND', 'No such line in the cart.', { lineId });
  return line;
}

function withLine(cart: CartState, line: CartLineState): CartState {
  return { ...cart, lines: cart.lines.map((l) => (l.lineId === line.lineId ? line : l)) };
}

/** A cart with a card payment taken or in doubt is tied to its amount: no change, clear, park or swap. */
function assertNoPayments(cart: CartState): void {
  if (cart.unknownCardPayment) throw unknownPaymentPending();
  if (cart.cardPayments.length > 0) throw paymentsPending();
}

export function unknownPaymentPending(): KeelError {
  return new KeelError('PAYMENT_STATUS_UNKNOWN', 'A card payment for this cart has an unknown outcome: check it with the card terminal first.', { unknownPaymentKept: true });
}

function paymentsPending(): KeelError {
  return new KeelError('BUSY', 'A card payment was already approved for this cart: complete the sale or cancel the payment first.');
}
