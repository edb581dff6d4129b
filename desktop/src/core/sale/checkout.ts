import { KeelError, redactPans, type CardTender, type CartView, type PaymentResolution, type Sale, type StoreSettings, type UnknownPayment } from '@keel/shared';
import type { Person } from '../catalog/types';
import { callCardTerminal, giveBackCardPayment } from '../payments/card-call';
import type { CardCallOptions, CardStatusUnknown } from '../payments/card-terminal';
import { cardError, cardTenderOf } from '../payments/card-tender';
import { writeTransaction } from '../store/database';
import { unknownPaymentPending, type CartService } from './cart';
import type { CartState, UnknownCardPayment } from './cart-state';
import { asCommitError, requirePerson, requireSettings, type SaleContext } from './context';
import { documentHeader } from './document-header';
import { insertSaleRows } from './document-rows';
import { nextReceiptSeq, openShift, type ShiftRow } from './ledger';
import { RefundDoubts, refundInDoubtError } from './refund-in-doubt';
import { checkTenders, recordedTenders, type TenderRequest } from './tender-plan';

export interface CheckoutResult {
  sale: Sale;
  saleId: string;
  receiptNumber: string;
  /** What the customer paid: the total after cash rounding. */
  totalMinor: number;
  changeMinor: number;
}

/**
 * `checkout.complete`: tenders, card payments and the commit of a sale (DESIGN.md "The spine",
 * steps 2 and 3). Card payments are taken first and each approval is saved on the cart at once;
 * then sale, lines, tenders, stock movements and the journal entry commit in ONE transaction
 * that also removes the cart. So a failure after a card was charged (another card declined,
 * the disk failed, the process died) never loses the charge: it stays on the cart and the next
 * completion applies it; `cancelPayments` gives it back instead.
 */
export class CheckoutService {
  private readonly refundDoubts: RefundDoubts;

  constructor(
    private readonly ctx: SaleContext,
    private readonly carts: CartService,
  ) {
    this.refundDoubts = new RefundDoubts(ctx.db);
  }

  async complete(tenders: readonly TenderRequest[], options: CardCallOptions = {}): Promise<CheckoutResult> {
    return this.ctx.lock.run('checkout', async () => {
      const person = requirePerson(this.ctx);
      const settings = requireSettings(this.ctx);
      const shift = openShift(this.ctx.db);
      if (!shift) throw new KeelError('SHIFT_NOT_OPEN', 'Open a shift before selling.');
      let cart = this.carts.currentState();
      // A payment in doubt may have been charged: nothing completes until the terminal said.
      if (cart.unknownCardPayment) throw unknownPaymentPending();
      if (cart.lines.length === 0) throw new KeelError('CART_EMPTY');
      // A card refund in doubt holds the terminal's pending slot: no new card payment before it is settled.
      const refundDoubt = tenders.some((t) => t.kind === 'card') ? this.refundDoubts.get() : null;
      if (refundDoubt) throw refundInDoubtError(refundDoubt);
      const totalMinor = this.carts.price(cart, settings).totals.totalMinor;
      // Everything is checked before the first card is charged.
      checkTenders(totalMinor, cart.cardPayments, tenders, settings);

      for (const tender of tenders.filter((t) => t.kind === 'card')) {
        const outcome = await callCardTerminal(() => this.ctx.cardTerminal.authorize(tender.amountMinor, options));
        if (!outcome.approved) {
          const kept = outcome.code === 'PAYMENT_STATUS_UNKNOWN' ? { unknownPaymentKept: this.keepUnknown(cart, tender.amountMinor, outcome) } : {};
          throw cardError(outcome, { paidByCardMinor: sumCards(cart.cardPayments), approvedPaymentsKept: cart.cardPayments.length, ...kept });
        }
        const payment = cardTenderOf(outcome, tender.amountMinor);
        cart = { ...cart, cardPayments: [...cart.cardPayments, payment] };
        try {
          this.carts.store.saveCurrent(cart);
        } catch (error) {
          throw await this.giveBackUnrecorded(payment, error, options);
        }
      }
      const rest = tenders.filter((t) => t.kind !== 'card');
      return this.commit(cart, rest, person, shift, settings);
    });
  }

  /** `payment.pending`: the current cart's card payment whose outcome is unknown, or null. */
  unknownPayment(): UnknownPayment | null {
    const unknown = this.carts.currentState().unknownCardPayment;
    return unknown ? viewOf(unknown) : null;
  }

  /**
   * `payment.abort`: the cashier cancels while the terminal waits for the card. Deliberately not
   * under the payment lock, which the running checkout holds: it goes straight to the driver
   * (ZVT 06 B0), and the checkout then ends with the terminal's own "aborted".
   */
  async abort(): Promise<boolean> {
    return (await this.ctx.cardTerminal.abort?.()) ?? false;
  }

  /**
   * `payment.resolve`: settles the cart's payment in doubt with the terminal's own answer (a
   * status enquiry or a reversal in the driver), never a guess. Approved → a card payment on the
   * cart like any other; declined, aborted, reversed or never booked → removed; the terminal
   * still cannot tell → kept, and the cashier may ask again.
   */
  async resolveUnknown(options: CardCallOptions = {}): Promise<PaymentResolution> {
    return this.ctx.lock.run('card payment check', async () => {
      requirePerson(this.ctx);
      let cart = this.carts.currentState();
      const unknown = cart.unknownCardPayment;
      if (!unknown) return { result: 'nothingPending', message: 'No card payment is in doubt on this cart.', pending: null };
      const terminal = this.ctx.cardTerminal;
      if (!terminal.resolveUnknown) return { result: 'unknown', message: 'This card terminal cannot check an earlier payment.', pending: viewOf(unknown) };
      const outcome = await callCardTerminal(() => terminal.resolveUnknown!(unknown.recovery, options));
      if (outcome.approved) {
        const payment = cardTenderOf(outcome, unknown.amountMinor);
        cart = { ...cart, cardPayments: [...cart.cardPayments, payment], unknownCardPayment: null };
        try {
          this.carts.store.saveCurrent(cart);
        } catch (error) {
          throw await this.giveBackUnrecorded(payment, error, options);
        }
        return { result: 'approved', message: 'The card terminal confirmed the payment: it counts for this sale.', pending: null };
      }
      if (outcome.code === 'PAYMENT_STATUS_UNKNOWN') {
        const still: UnknownCardPayment = { ...unknown, message: text(outcome.message, 300), recovery: outcome.recovery ?? unknown.recovery };
        this.carts.store.saveCurrent({ ...cart, unknownCardPayment: still });
        return { result: 'unknown', message: still.message, pending: viewOf(still) };
      }
      this.carts.store.saveCurrent({ ...cart, unknownCardPayment: null });
      return { result: 'notCharged', message: text(outcome.message, 300) || 'Nothing was charged.', pending: null };
    });
  }

  /**
   * Keeps a payment in doubt on the cart before the cashier hears of it, so that neither a retry
   * nor a restart can forget a card that may have been charged. False when it could not be
   * saved (the driver still holds it until the process ends).
   */
  private keepUnknown(cart: CartState, amountMinor: number, outcome: CardStatusUnknown): boolean {
    const unknownCardPayment: UnknownCardPayment = {
      amountMinor,
      startedAt: this.ctx.clock.now().toISOString(),
      message: text(outcome.message, 300),
      terminalTransactionRef: outcome.terminalTransactionRef === null ? null : text(outcome.terminalTransactionRef, 64) || null,
      recovery: outcome.recovery ?? null,
    };
    try {
      this.carts.store.saveCurrent({ ...cart, unknownCardPayment });
      return true;
    } catch {
      return false;
    }
  }

  /** Card payments approved for the current cart but not yet part of a sale. */
  pendingPayments(): CardTender[] {
    return this.carts.currentState().cardPayments;
  }

  /**
   * Gives back the card payments taken for the current cart (the customer walks away after a
   * split payment failed half-way): each is reversed at the card terminal and removed from the
   * cart only when the terminal confirms. A failure stops there, keeping the rest.
   */
  async cancelPayments(options: CardCallOptions = {}): Promise<CartView> {
    return this.ctx.lock.run('payment reversal', async () => {
      requirePerson(this.ctx);
      let cart = this.carts.currentState();
      for (const payment of [...cart.cardPayments]) {
        const outcome = await giveBackCardPayment(this.ctx.cardTerminal, payment, options);
        if (!outcome.approved) throw cardError(outcome, { approvedPaymentsKept: cart.cardPayments.length });
        cart = { ...cart, cardPayments: cart.cardPayments.filter((p) => p !== payment) };
        this.carts.store.saveCurrent(cart);
      }
      return this.carts.get();
    });
  }

  /**
   * The card was charged but the approval could not be saved (disk full): rather than leave a
   * charge Keel has no record of, reverse it at once, and tell the cashier whether that worked.
   */
  private async giveBackUnrecorded(payment: CardTender, cause: unknown, options: CardCallOptions): Promise<KeelError> {
    const outcome = await giveBackCardPayment(this.ctx.cardTerminal, payment, options).catch(() => null);
    const { brand, maskedPan, amountMinor } = payment;
    return new KeelError(
      'STORAGE_FAILED',
      'The card payment could not be saved on this terminal; nothing was recorded.',
      { cardPayment: { brand, maskedPan, amountMinor }, reversed: outcome?.approved === true },
      { cause },
    );
  }

  private commit(cart: CartState, rest: readonly TenderRequest[], person: Person, shift: ShiftRow, settings: StoreSettings): CheckoutResult {
    const priced = this.carts.price(cart, settings);
    const settlement = checkTenders(priced.totals.totalMinor, cart.cardPayments, rest, settings);
    const createdAt = this.ctx.clock.now().toISOString();
    const { db, journal, terminal } = this.ctx;
    try {
      const sale = writeTransaction(db, () => {
        // Under the write lock: the shift is still the open one, and the receipt number is the
        // next at commit, so no two documents share one and a rolled-back sale takes none.
        if (openShift(db)?.shiftId !== shift.shiftId) throw new KeelError('SHIFT_NOT_OPEN', 'The shift was closed; open a shift to complete the sale.');
        const receiptSeq = nextReceiptSeq(db);
        const payload: Sale = {
          saleId: this.ctx.ids.uuid(),
          ...documentHeader(terminal, shift, person, settings, createdAt, receiptSeq),
          lines: priced.lines.map((line, index) => {
            const state = cart.lines[index];
            return {
              ...line,
              discount: state?.discount?.discount ?? null,
              discountApprovedBy: state?.discount?.approvedBy ?? null,
              priceOverride: state?.priceOverride ?? null,
            };
          }),
          cartDiscount: cart.cartDiscount?.discount ?? null,
          cartDiscountApprovedBy: cart.cartDiscount?.approvedBy ?? null,
          totals: priced.totals,
          tenders: recordedTenders(settlement, cart.cardPayments, rest),
          roundingMinor: settlement.roundingMinor,
          changeMinor: settlement.changeMinor,
        };
        const categories = new Map(cart.lines.map((l) => [l.lineId, l.categoryId]));
        return journal.record('sale.completed', payload, (op) => {
          insertSaleRows(db, op.payload, op.seq, (lineId) => categories.get(lineId) ?? null);
          this.carts.store.deleteCart(cart.cartId);
        }).op.payload;
      });
      return { sale, saleId: sale.saleId, receiptNumber: sale.receiptNumber, totalMinor: settlement.dueMinor, changeMinor: sale.changeMinor };
    } catch (error) {
      const failure = asCommitError(error, 'sale');
      if (cart.cardPayments.length === 0) throw failure;
      // Say that the charged cards are safe on the cart, not lost with the failed commit.
      throw new KeelError(failure.code, failure.message, { ...(failure.details as object), approvedPaymentsKept: cart.cardPayments.length }, { cause: error });
    }
  }
}

function viewOf(unknown: UnknownCardPayment): UnknownPayment {
  return { kind: 'payment', amountMinor: unknown.amountMinor, startedAt: unknown.startedAt, message: unknown.message, terminalTransactionRef: unknown.terminalTransactionRef };
}

/** Terminal text as it may be kept: no PAN (invariant 8), one line, bounded. */
function text(value: string, max: number): string {
  return redactPans(value).replace(/[\r\n]+/g, ' ').trim().slice(0, max);
}

function sumCards(cards: readonly CardTender[]): number {
  return cards.reduce((sum, p) => sum + p.amountMinor, 0);
}
