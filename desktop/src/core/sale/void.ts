import { businessDateOf, KeelError, type RefundTender, type SaleTender, type SaleVoid } from '@keel/shared';
import { giveBackCardPayment } from '../payments/card-call';
import type { CardCallOptions } from '../payments/card-terminal';
import { cardError, cardRefundTenderOf } from '../payments/card-tender';
import { writeTransaction } from '../store/database';
import { approverFor, asCommitError, assertReason, requirePerson, requireSettings, type SaleContext } from './context';
import { insertVoidRows } from './document-rows';
import { isClosedInZ, loadSale, openShift, refundsOf, type StoredSale } from './ledger';

export interface VoidRequest {
  saleId: string;
  reason: string;
  approverPin?: string;
}

/**
 * `sale.void`: cancels a whole sale after completion, with a supervisor (a supervisor or
 * manager at the till approves it themselves). Only while the sale is still in the open shift
 * it was made in, not refunded and not yet in a Z report: after that the way back is a refund,
 * a document of its own. Otherwise SALE_NOT_VOIDABLE. The void's tenders give back what was
 * paid, so the drawer's expected cash follows from the void alone.
 */
export class VoidService {
  constructor(private readonly ctx: SaleContext) {}

  async void(request: VoidRequest, options: CardCallOptions = {}): Promise<SaleVoid> {
    return this.ctx.lock.run('void', async () => {
      const person = requirePerson(this.ctx);
      const settings = requireSettings(this.ctx);
      const shift = openShift(this.ctx.db);
      if (!shift) throw new KeelError('SHIFT_NOT_OPEN', 'Open a shift before voiding.');
      assertReason(request.reason);
      const stored = loadSale(this.ctx.db, request.saleId);
      if (!stored) throw new KeelError('NOT_FOUND', 'No sale with this id on this terminal.', { saleId: request.saleId });
      this.assertVoidable(stored, shift.shiftId);
      const approvedBy = (approverFor(this.ctx, person, 'supervisor', request.approverPin) ?? person).id;
      const tenders = await this.giveBack(stored.sale.tenders, options);

      const createdAt = this.ctx.clock.now().toISOString();
      const payload: SaleVoid = {
        voidId: this.ctx.ids.uuid(),
        saleId: stored.sale.saleId,
        receiptNumber: stored.sale.receiptNumber,
        shiftId: shift.shiftId,
        cashierId: person.id,
        approvedBy,
        reason: request.reason,
        tenders,
        createdAt,
        businessDate: businessDateOf(createdAt, settings.timeZone, settings.businessDayStartsAt),
      };
      const { db, journal } = this.ctx;
      try {
        return writeTransaction(db, () => {
          // Checked again under the write lock: nothing may have voided or refunded it meanwhile.
          const again = loadSale(db, request.saleId);
          if (again) this.assertVoidable(again, shift.shiftId);
          return journal.record('sale.voided', payload, (op) => insertVoidRows(db, op.payload, stored.sale, op.seq)).op.payload;
        });
      } catch (error) {
        const failure = asCommitError(error, 'void');
        const cards = tenders.filter((t) => t.kind === 'card');
        if (cards.length === 0) throw failure;
        throw new KeelError(failure.code, failure.message, { cardReversalsDone: cards.map(({ brand, maskedPan, amountMinor }) => ({ brand, maskedPan, amountMinor })) }, { cause: error });
      }
    });
  }

  private assertVoidable(stored: StoredSale, openShiftId: string): void {
    const refuse = (why: string) => new KeelError('SALE_NOT_VOIDABLE', why, { saleId: stored.sale.saleId });
    if (stored.voidedAt !== null) throw refuse('This sale is already voided.');
    if (stored.sale.shiftId !== openShiftId) throw refuse('Only sales of the open shift can be voided; refund it instead.');
    if (isClosedInZ(this.ctx.db, stored.seq)) throw refuse('This sale is in a Z report; refund it instead.');
    if (refundsOf(this.ctx.db, stored.sale.saleId).length > 0) throw refuse('This sale was partly refunded; refund the rest instead.');
  }

  /**
   * What was paid, given back: cash from the drawer, each card payment reversed at the card
   * terminal (refunded when the terminal gave no reference to reverse), other tenders as they
   * were. A card the terminal will not reverse stops the void before anything is recorded.
   */
  private async giveBack(paid: readonly SaleTender[], options: CardCallOptions): Promise<RefundTender[]> {
    const back: RefundTender[] = [];
    for (const tender of paid) {
      if (tender.kind === 'cash') {
        // A cash part rounded to nothing took no money, so none goes back.
        if (tender.amountMinor > 0) back.push({ kind: 'cash', amountMinor: -tender.amountMinor });
      } else if (tender.kind === 'other') back.push({ ...tender, amountMinor: -tender.amountMinor });
      else {
        const outcome = await giveBackCardPayment(this.ctx.cardTerminal, tender, options);
        if (!outcome.approved) throw cardError(outcome, { cardsAlreadyReversed: back.filter((t) => t.kind === 'card').length });
        back.push(cardRefundTenderOf(outcome, -tender.amountMinor));
      }
    }
    return back;
  }
}
