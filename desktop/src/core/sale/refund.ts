import {
  KeelError,
  priceFullRefund,
  priceRefund,
  roundCash,
  toKeelError,
  type PricedCart,
  type Refund,
  type RefundSelection,
  type RefundTender,
  type StoreSettings,
} from '@keel/shared';
import { callCardTerminal } from '../payments/card-call';
import type { CardCallOptions } from '../payments/card-terminal';
import { cardError, cardRefundTenderOf } from '../payments/card-tender';
import { writeTransaction } from '../store/database';
import { approverFor, asCommitError, assertReason, requirePerson, requireSettings, type SaleContext } from './context';
import { documentHeader } from './document-header';
import { insertRefundRows } from './document-rows';
import { loadSale, nextReceiptSeq, openShift, refundsOf, type StoredSale } from './ledger';

export interface RefundRequest {
  saleId: string;
  /** Chosen lines and quantities; omitted: everything not yet refunded. */
  lines?: readonly RefundSelection[];
  reason: string;
  approverPin?: string;
  /** Goods back on the shelf (default) or written off. */
  restock?: boolean;
  /** Default: back to the card when the sale was paid by card (up to what the card paid), the rest in cash. */
  refundTo?: 'cash' | 'card';
}

/**
 * `sale.refund`: money back against a sale of this terminal's ledger. The shared priceRefund
 * prices it from the sale as recorded, given what earlier refunds already gave back, so no line
 * is ever refunded beyond what was sold (REFUND_EXCEEDS_SALE). A cashier needs a supervisor's
 * approval. The refund is a printed document: it takes the next receipt number of the same
 * gapless sequence as sales, inside its own transaction.
 */
export class RefundService {
  constructor(private readonly ctx: SaleContext) {}

  async refund(request: RefundRequest, options: CardCallOptions = {}): Promise<Refund> {
    return this.ctx.lock.run('refund', async () => {
      const person = requirePerson(this.ctx);
      const settings = requireSettings(this.ctx);
      const shift = openShift(this.ctx.db);
      if (!shift) throw new KeelError('SHIFT_NOT_OPEN', 'Open a shift before refunding.');
      assertReason(request.reason);
      const stored = loadSale(this.ctx.db, request.saleId);
      if (!stored) throw new KeelError('NOT_FOUND', 'No sale with this id on this terminal.', { saleId: request.saleId });
      const priced = this.price(stored, request.lines, settings);
      const approver = approverFor(this.ctx, person, 'supervisor', request.approverPin);

      const split = this.split(stored, priced.totals.totalMinor, request.refundTo, settings);
      const tenders: RefundTender[] = [];
      if (split.cardMinor < 0) {
        const original = stored.sale.tenders.find((t) => t.kind === 'card');
        const originalRef = original?.kind === 'card' ? original.terminalTransactionRef : null;
        const outcome = await callCardTerminal(() => this.ctx.cardTerminal.refund(-split.cardMinor, { ...options, originalRef }));
        if (!outcome.approved) throw cardError(outcome);
        tenders.push(cardRefundTenderOf(outcome, split.cardMinor));
      }
      if (split.cashMinor < 0) tenders.push({ kind: 'cash', amountMinor: split.cashMinor });

      const createdAt = this.ctx.clock.now().toISOString();
      const { db, journal, terminal } = this.ctx;
      try {
        return writeTransaction(db, () => {
          const receiptSeq = nextReceiptSeq(db);
          const payload: Refund = {
            refundId: this.ctx.ids.uuid(),
            originalSaleId: stored.sale.saleId,
            originalReceiptNumber: stored.sale.receiptNumber,
            ...documentHeader(terminal, shift, person, settings, createdAt, receiptSeq),
            lines: priced.lines.map((line) => ({ ...line, restock: request.restock ?? true })),
            totals: priced.totals,
            tenders,
            roundingMinor: split.roundingMinor,
            reason: request.reason,
            approvedBy: approver?.id ?? null,
          };
          return journal.record('sale.refunded', payload, (op) => insertRefundRows(db, op.payload, op.seq)).op.payload;
        });
      } catch (error) {
        const failure = asCommitError(error, 'refund');
        // Money already went back to a card: say so, with what a manager needs to record it by hand.
        const card = tenders.find((t) => t.kind === 'card');
        if (!card) throw failure;
        const { brand, maskedPan, authCode, amountMinor } = card;
        throw new KeelError(failure.code, failure.message, { cardRefundDone: { brand, maskedPan, authCode, amountMinor } }, { cause: error });
      }
    });
  }

  /** The refund as the engine prices it; nothing left (or a voided sale) is REFUND_EXCEEDS_SALE. */
  private price(stored: StoredSale, lines: readonly RefundSelection[] | undefined, settings: StoreSettings): PricedCart {
    if (stored.voidedAt !== null) throw new KeelError('REFUND_EXCEEDS_SALE', 'This sale was voided; nothing is left to refund.', { voided: true });
    const earlier = refundsOf(this.ctx.db, stored.sale.saleId).flatMap((r) => r.lines);
    const original: PricedCart = { lines: stored.sale.lines, totals: stored.sale.totals };
    const options = { roundingMode: settings.roundingMode };
    let priced: PricedCart;
    try {
      priced = lines === undefined ? priceFullRefund(original, earlier, options) : priceRefund(original, lines, earlier, options);
    } catch (error) {
      throw toKeelError(error);
    }
    if (priced.lines.length === 0) throw new KeelError('REFUND_EXCEEDS_SALE', 'Everything of this sale was already refunded.');
    return priced;
  }

  /**
   * Splits the (negative) refund total into card and cash. The card part is at most what cards
   * paid for the sale less what earlier refunds already put back on a card; only the cash part
   * is cash-rounded, like in a sale.
   */
  private split(stored: StoredSale, totalMinor: number, refundTo: 'cash' | 'card' | undefined, settings: StoreSettings) {
    const paidByCard = stored.sale.tenders.reduce((sum, t) => sum + (t.kind === 'card' ? t.amountMinor : 0), 0);
    if (refundTo === 'card' && paidByCard === 0) {
      throw new KeelError('INVALID_INPUT', 'This sale was not paid by card.', { issues: [{ path: 'refundTo', message: 'no card payment to refund to' }] });
    }
    const backOnCards = refundsOf(this.ctx.db, stored.sale.saleId)
      .flatMap((r) => r.tenders)
      .reduce((sum, t) => sum + (t.kind === 'card' ? -t.amountMinor : 0), 0);
    const cardRoom = refundTo === 'cash' ? 0 : Math.max(0, paidByCard - backOnCards);
    const cardMinor = -Math.min(cardRoom, -totalMinor);
    const cashExact = totalMinor - cardMinor;
    const cashMinor = cashExact === 0 ? 0 : roundCash(cashExact, settings);
    return { cardMinor, cashMinor, roundingMinor: cashMinor - cashExact };
  }
}
