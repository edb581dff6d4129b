import { KeelError } from '@keel/shared';
import { writeTransaction, type Db } from '../store/database';
import { CartStateSchema, type CartState } from './cart-state';

export interface ParkedCartState {
  cart: CartState;
  label: string | null;
  parkedAt: string;
}

/**
 * The carts table: at most one current cart (a unique index) and any number of parked ones.
 * Carts are work in progress, not business records, so they are written directly and not
 * journaled; a completed sale deletes its cart inside the sale's own transaction.
 */
export class CartStore {
  // The last cart row read or written, parsed: the row is still read on every call (it is the
  // truth), but an unchanged one is not validated again. Cart states are never mutated in place.
  private lastRead: { data: string; cart: CartState } | null = null;

  constructor(private readonly db: Db) {}

  /** The current cart; STORAGE_FAILED when its row cannot be read back (clear() still removes it). */
  current(): CartState | null {
    const row = this.db.prepare<[], { cartId: string; data: string }>("SELECT cart_id AS cartId, data FROM carts WHERE state = 'current'").get();
    if (!row) return null;
    if (this.lastRead?.data === row.data) return this.lastRead.cart;
    const cart = this.parse(row.cartId, row.data);
    this.lastRead = { data: row.data, cart };
    return cart;
  }

  saveCurrent(cart: CartState): void {
    const data = serialise(cart);
    writeTransaction(this.db, () => {
      this.db.prepare("DELETE FROM carts WHERE state = 'current' AND cart_id <> ?").run(cart.cartId);
      this.db
        .prepare(
          `INSERT INTO carts (cart_id, state, label, parked_at, data) VALUES (?, 'current', NULL, NULL, ?)
           ON CONFLICT (cart_id) DO UPDATE SET state = 'current', label = NULL, parked_at = NULL, data = excluded.data`,
        )
        .run(cart.cartId, data);
    });
  }

  /** Removes the current cart without reading it, so an unreadable row can never block the till. */
  deleteCurrent(): void {
    this.db.prepare("DELETE FROM carts WHERE state = 'current'").run();
  }

  /** Deletes a completed sale's cart: called inside the sale's transaction. */
  deleteCart(cartId: string): void {
    this.db.prepare('DELETE FROM carts WHERE cart_id = ?').run(cartId);
  }

  park(cart: CartState, label: string | null, parkedAt: string): void {
    const data = serialise(cart);
    this.db
      .prepare(
        `INSERT INTO carts (cart_id, state, label, parked_at, data) VALUES (?, 'parked', ?, ?, ?)
         ON CONFLICT (cart_id) DO UPDATE SET state = 'parked', label = excluded.label, parked_at = excluded.parked_at, data = excluded.data`,
      )
      .run(cart.cartId, label, parkedAt, data);
  }

  /** Parked carts, oldest first. */
  parked(): ParkedCartState[] {
    return this.db
      .prepare<[], { cartId: string; data: string; label: string | null; parkedAt: string }>(
        "SELECT cart_id AS cartId, data, label, parked_at AS parkedAt FROM carts WHERE state = 'parked' ORDER BY parked_at, cart_id",
      )
      .all()
      .map((row) => ({ cart: this.parse(row.cartId, row.data), label: row.label, parkedAt: row.parkedAt }));
  }

  /**
   * Makes a parked cart current. A non-empty current cart is parked in its place (resume is a
   * swap, so no work is lost); an empty one is dropped. One transaction: no moment with two
   * current carts or none.
   */
  resume(cartId: string, now: string): CartState {
    return writeTransaction(this.db, () => {
      const row = this.db
        .prepare<[string], { data: string }>("SELECT data FROM carts WHERE cart_id = ? AND state = 'parked'")
        .get(cartId);
      if (!row) throw new KeelError('NOT_FOUND', 'No parked cart with this id.', { cartId });
      const resumed = this.parse(cartId, row.data);
      const current = this.current();
      if (current && current.lines.length > 0) this.park(current, null, now);
      else this.deleteCurrent();
      this.saveCurrent(resumed);
      return resumed;
    });
  }

  private parse(cartId: string, data: string): CartState {
    const parsed = CartStateSchema.safeParse(safeJson(data));
    if (!parsed.success) throw new KeelError('STORAGE_FAILED', 'A saved cart could not be read back; clear it to continue.', { cartId });
    return parsed.data;
  }
}

/** Only a cart that will read back is written (e.g. at most 1000 lines, as a sale allows). */
function serialise(cart: CartState): string {
  const parsed = CartStateSchema.safeParse(cart);
  if (!parsed.success) throw KeelError.fromZodError(parsed.error, 'The cart cannot take this change.');
  return JSON.stringify(parsed.data);
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
