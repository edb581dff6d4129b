import {
  KeelError,
  redactPans,
  priceFullRefund,
  priceRefund,
  roundCash,
  toKeelError,
  type PricedCart,
  type Refund,
  type RefundSelection,
  type RefundTender,
  type StoreSettings,
  type PaymentResolution,
  type UnknownPayment,
} from '@keel/shared';
import type { Person } from '../catalog/types';
import { callCardTerminal } from '../payments/card-call';
import type { CardCallOptions, CardStatusUnknown } from '../payments/card-terminal';
import { cardError, cardRefundTenderOf } from '../payments/card-tender';
import { writeTransaction } from '../store/database';
import { approverFor, asCommitError, assertReason, requirePerson, requireSettings, type SaleContext } from './context';
import { documentHeader } from './document-header';
import { insertRefundRows } from './document-rows';
import { loadSale, nextReceiptSeq, openShift, refundsOf, type ShiftRow, type StoredSale } from './ledger';
import { RefundDoubts, refundInDoubtError, refundView, type CardRefundTender, type UnknownCardRefund } from './refund-in-doubt';

type RefundDraft = UnknownCardRefund['draft'];

/** Terminal text as it may be kept: no PAN (invariant 8), one line, bounded. */
function terminalLine(value: string): string {
  return redactPans(value).replace(/[\r\n]+/g, ' ').trim().slice(0, 300);
}

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
  private readonly doubts: RefundDoubts;

  constructor(private readonly ctx: SaleContext) {
    this.doubts = new RefundDoubts(ctx.db);
  }

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
      // A card refund in doubt may have paid money back: no second card refund, and nothing more
      // of that sale, until the terminal (or a manager) settled it.
      const doubt = this.doubts.get();
      if (doubt && (split.cardMinor < 0 || doubt.draft.originalSaleId === stored.sale.saleId)) throw refundInDoubtError(doubt);
      const draft: RefundDraft = {
        originalSaleId: stored.sale.saleId,
        originalReceiptNumber: stored.sale.receiptNumber,
        lines: priced.lines.map((line) => ({ ...line, restock: request.restock ?? true })),
        totals: priced.totals,
        cashMinor: split.cashMinor,
        roundingMinor: split.roundingMinor,
        reason: request.reason,
        approvedBy: approver?.id ?? null,
      };
      let card: CardRefundTender | null = null;
      if (split.cardMinor < 0) {
        const original = stored.sale.tenders.find((t) => t.kind === 'card');
        const originalRef = original?.kind === 'card' ? original.terminalTransactionRef : null;
        const outcome = await callCardTerminal(() => this.ctx.cardTerminal.refund(-split.cardMinor, { ...options, originalRef }));
        if (!outcome.approved) {
          const kept = outcome.code === 'PAYMENT_STATUS_UNKNOWN' ? { unknownRefundKept: this.keepUnknown(-split.cardMinor, draft, outcome) } : {};
          throw cardError(outcome, kept);
        }
        card = cardRefundTenderOf(outcome, split.cardMinor);
      }
      return this.record(draft, card, person, shift, settings, null);
    });
  }

  /** `payment.pending` for a refund: the card refund whose outcome is unknown, or null. */
  unknownRefund(): UnknownPayment | null {
    const doubt = this.doubts.get();
    return doubt ? refundView(doubt) : null;
  }

  /**
   * `payment.resolve` for a card refund in doubt: only the terminal's own answer (status enquiry
   * or reversal in the driver) settles it. Paid → the refund document is recorded now, once
   * (the doubt is removed in the same transaction); not paid → nothing is recorded and the
   * cashier may refund again; still unknown → kept.
   */
  async resolveUnknown(options: CardCallOptions = {}): Promise<PaymentResolution> {
    return this.ctx.lock.run('card refund check', async () => {
      const person = requirePerson(this.ctx);
      const doubt = this.doubts.get();
      if (!doubt) return { result: 'nothingPending', message: 'No card refund is in doubt.', pending: null };
      if (doubt.confirmed) return this.recordConfirmed(doubt, doubt.confirmed, person, null);
      const terminal = this.ctx.cardTerminal;
      if (!terminal.resolveUnknown) return { result: 'unknown', message: 'This card terminal cannot check an earlier refund.', pending: refundView(doubt) };
      const outcome = await callCardTerminal(() => terminal.resolveUnknown!(doubt.recovery, options));
      if (outcome.approved) {
        const card = cardRefundTenderOf(outcome, -doubt.amountMinor);
        this.doubts.keep({ ...doubt, confirmed: card });
        return this.recordConfirmed(doubt, card, person, null);
      }
      if (outcome.code === 'PAYMENT_STATUS_UNKNOWN') {
        const still: UnknownCardRefund = { ...doubt, message: terminalLine(outcome.message), recovery: outcome.recovery ?? doubt.recovery };
        this.doubts.keep(still);
        return { result: 'unknown', message: still.message, pending: refundView(still) };
      }
      this.doubts.clear();
      const said = terminalLine(outcome.message);
      return {
        result: 'notCharged',
        message: `The card terminal did not pay the refund back${said ? ` (${said})` : ''}. Nothing was recorded; refund again if the customer is still owed.`,
        pending: null,
      };
    });
  }

  /** The refund in doubt as stored (for a manager's manual settlement). */
  doubt(): UnknownCardRefund | null {
    return this.doubts.get();
  }

  /**
   * Records the refund in doubt once its card part is known to be paid (by the terminal or a
   * manager), under the caller's lock. `audit` runs inside the same transaction.
   */
  recordConfirmed(doubt: UnknownCardRefund, card: CardRefundTender, person: Person, audit: ((refund: Refund) => void) | null): PaymentResolution {
    const settings = requireSettings(this.ctx);
    const shift = openShift(this.ctx.db);
    if (!shift) throw new KeelError('SHIFT_NOT_OPEN', 'The card refund was paid: open a shift to record its refund document.', { refundConfirmed: true });
    const refund = this.record(doubt.draft, card, person, shift, settings, { doubtId: doubt.doubtId, audit });
    const cash = doubt.draft.cashMinor < 0 ? ' Hand out the cash part of the refund now.' : '';
    return {
      result: 'approved',
      message: `The card refund was paid: refund ${refund.receiptNumber} is recorded.${cash}`,
      pending: null,
      refund: { refundId: refund.refundId, receiptNumber: refund.receiptNumber },
    };
  }

  /** Drops the refund in doubt without recording anything (a manager found it was not paid), under the caller's lock. */
  dropDoubt(doubt: UnknownCardRefund, audit: () => void): void {
    writeTransaction(this.ctx.db, () => {
      if (this.doubts.get()?.doubtId !== doubt.doubtId) throw new KeelError('CONFLICT', 'The card refund in doubt changed meanwhile; look again.');
      this.doubts.clear();
      audit();
    });
  }

  /**
   * The refund document with its receipt number, journal entry and rows, in one transaction.
   * When it settles a doubt, the doubt is removed in the same transaction, so the document is
   * recorded exactly once however often the settlement is tried.
   */
  private record(
    draft: RefundDraft,
    card: CardRefundTender | null,
    person: Person,
    shift: ShiftRow,
    settings: StoreSettings,
    settles: { doubtId: string; audit: ((refund: Refund) => void) | null } | null,
  ): Refund {
    const tenders: RefundTender[] = [];
    if (card) tenders.push(card);
    if (draft.cashMinor < 0) tenders.push({ kind: 'cash', amountMinor: draft.cashMinor });
    const createdAt = this.ctx.clock.now().toISOString();
    const { db, journal, terminal } = this.ctx;
    try {
      return writeTransaction(db, () => {
        if (settles && this.doubts.get()?.doubtId !== settles.doubtId) throw new KeelError('CONFLICT', 'This card refund was already settled.');
        const receiptSeq = nextReceiptSeq(db);
        const payload: Refund = {
          refundId: this.ctx.ids.uuid(),
          originalSaleId: draft.originalSaleId,
          originalReceiptNumber: draft.originalReceiptNumber,
          ...documentHeader(terminal, shift, person, settings, createdAt, receiptSeq),
          lines: draft.lines,
          totals: draft.totals,
          tenders,
          roundingMinor: draft.roundingMinor,
          reason: draft.reason,
          approvedBy: draft.approvedBy,
        };
        const refund = journal.record('sale.refunded', payload, (op) => insertRefundRows(db, op.payload, op.seq)).op.payload;
        if (settles) {
          this.doubts.clear();
          settles.audit?.(refund);
        }
        return refund;
      });
    } catch (error) {
      if (error instanceof KeelError && error.code === 'CONFLICT') throw error;
      const failure = asCommitError(error, 'refund');
      // Money already went back to a card: say so, with what a manager needs to record it by hand.
      if (!card) throw failure;
      const { brand, maskedPan, authCode, amountMinor } = card;
      throw new KeelError(failure.code, failure.message, { cardRefundDone: { brand, maskedPan, authCode, amountMinor } }, { cause: error });
    }
  }

  /**
   * Keeps a card refund in doubt in the ledger before the cashier hears of it. False when it
   * could not be saved (the driver still holds it until the process ends).
   */
  private keepUnknown(amountMinor: number, draft: RefundDraft, outcome: CardStatusUnknown): boolean {
    try {
      this.doubts.keep({
        doubtId: this.ctx.ids.uuid(),
        amountMinor,
        startedAt: this.ctx.clock.now().toISOString(),
        message: terminalLine(outcome.message),
        terminalTransactionRef: outcome.terminalTransactionRef === null ? null : terminalLine(outcome.terminalTransactionRef).slice(0, 64) || null,
        recovery: outcome.recovery ?? null,
        draft,
        confirmed: null,
      });
      return true;
    } catch {
      return false;
    }
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
