import { CardTenderSchema, containsPan, KeelError, type CardTender, type ManualResolutionInput, type PaymentResolution, type UnknownPayment } from '@keel/shared';
import type { CardCallOptions } from '../payments/card-terminal';
import { writeTransaction } from '../store/database';
import type { CartService } from './cart';
import type { CheckoutService } from './checkout';
import { approverFor, assertReason, requirePerson, type SaleContext } from './context';
import type { RefundService } from './refund';
import type { CardRefundTender } from './refund-in-doubt';

/** One row of manual_payment_resolutions (migration 0004). */
interface AuditRow {
  kind: 'payment' | 'refund';
  outcome: 'approved' | 'notCharged';
  amountMinor: number;
  authCode: string | null;
  reason: string;
  resolvedBy: string;
  approvedBy: string;
  startedAt: string;
  terminalTransactionRef: string | null;
  cartId: string | null;
  refundId: string | null;
}

/**
 * The payment in doubt, whichever it is: a sale's card payment on the cart (checkout.ts) or a
 * card refund held in the ledger (refund-in-doubt.ts). `payment.pending` and `payment.resolve`
 * show and settle the cart's first, then the refund's. `payment.resolveManually` is the way out
 * when the terminal that took it is gone or cannot answer: a manager reads the outcome off the
 * terminal's own receipt or journal, gives a reason, and the settlement is kept in an audit
 * table in the same transaction as its effect.
 */
export class PaymentRecoveryService {
  constructor(
    private readonly ctx: SaleContext,
    private readonly carts: CartService,
    private readonly checkout: CheckoutService,
    private readonly refunds: RefundService,
  ) {}

  pending(): UnknownPayment | null {
    return this.checkout.unknownPayment() ?? this.refunds.unknownRefund();
  }

  resolve(options: CardCallOptions = {}): Promise<PaymentResolution> {
    if (!this.checkout.unknownPayment() && this.refunds.unknownRefund()) return this.refunds.resolveUnknown(options);
    return this.checkout.resolveUnknown(options);
  }

  async resolveManually(input: ManualResolutionInput): Promise<PaymentResolution> {
    return this.ctx.lock.run('manual payment settlement', async () => {
      const person = requirePerson(this.ctx);
      assertReason(input.reason);
      // A manager, or a cashier or supervisor with a manager's PIN: this overrides the terminal.
      const approver = approverFor(this.ctx, person, 'manager', input.approverPin) ?? person;
      const cart = this.carts.currentState();
      const unknown = cart.unknownCardPayment;
      const doubt = unknown ? null : this.refunds.doubt();
      const amountMinor = unknown?.amountMinor ?? doubt?.amountMinor;
      if (amountMinor === undefined) return { result: 'nothingPending', message: 'No card payment or refund is in doubt.', pending: null };
      const authCode = input.outcome === 'approved' ? checkedAuthCode(input, amountMinor) : null;
      const audit = (refundId: string | null): AuditRow => ({
        kind: unknown ? 'payment' : 'refund',
        outcome: input.outcome,
        amountMinor,
        authCode,
        reason: input.reason,
        resolvedBy: person.id,
        approvedBy: approver.id,
        startedAt: unknown?.startedAt ?? doubt!.startedAt,
        terminalTransactionRef: unknown?.terminalTransactionRef ?? doubt?.terminalTransactionRef ?? null,
        cartId: unknown ? cart.cartId : null,
        refundId,
      });

      let resolution: PaymentResolution;
      if (unknown) {
        writeTransaction(this.ctx.db, () => {
          const cardPayments = authCode === null ? cart.cardPayments : [...cart.cardPayments, manualTender(amountMinor, authCode, unknown.terminalTransactionRef)];
          this.carts.store.saveCurrent({ ...cart, cardPayments, unknownCardPayment: null });
          this.insertAudit(audit(null));
        });
        resolution =
          authCode === null
            ? { result: 'notCharged', message: 'Settled by hand as not charged: the payment was removed from the sale.', pending: null }
            : { result: 'approved', message: 'Settled by hand as approved: the payment counts for this sale.', pending: null };
      } else if (authCode === null) {
        this.refunds.dropDoubt(doubt!, () => this.insertAudit(audit(null)));
        resolution = { result: 'notCharged', message: 'Settled by hand as not paid back: nothing was recorded; refund again if the customer is still owed.', pending: null };
      } else {
        const card: CardRefundTender = { ...manualTender(amountMinor, authCode, doubt!.terminalTransactionRef), amountMinor: -amountMinor };
        resolution = this.refunds.recordConfirmed(doubt!, card, person, (refund) => this.insertAudit(audit(refund.refundId)));
      }
      // The driver may still hold it from before; it must not try to settle it again itself.
      this.ctx.cardTerminal.forgetUnknown?.();
      return resolution;
    });
  }

  private insertAudit(row: AuditRow): void {
    this.ctx.db
      .prepare(
        `INSERT INTO manual_payment_resolutions
           (resolution_id, kind, outcome, amount_minor, auth_code, reason, resolved_by, approved_by, resolved_at, started_at, terminal_transaction_ref, cart_id, refund_id)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        this.ctx.ids.uuid(),
        row.kind,
        row.outcome,
        row.amountMinor,
        row.authCode,
        row.reason,
        row.resolvedBy,
        row.approvedBy,
        this.ctx.clock.now().toISOString(),
        row.startedAt,
        row.terminalTransactionRef,
        row.cartId,
        row.refundId,
      );
  }
}

/** The auth code and amount the manager read off the terminal's receipt: present, the amount in doubt, no card number. */
function checkedAuthCode(input: ManualResolutionInput, amountMinor: number): string {
  const invalid = (path: string, message: string) => new KeelError('INVALID_INPUT', message, { issues: [{ path, message }] });
  const authCode = input.authCode?.trim();
  if (!authCode) throw invalid('authCode', 'The auth code from the terminal receipt is required.');
  if (containsPan(authCode)) throw invalid('authCode', 'That looks like a card number, not an auth code.');
  if (input.amountMinor !== amountMinor) throw invalid('amountMinor', 'The amount on the terminal receipt differs from the payment in doubt: it is another transaction.');
  return authCode;
}

/** A card tender known only from the terminal's receipt: no brand or card number reached Keel. */
function manualTender(amountMinor: number, authCode: string, ref: string | null): CardTender {
  return CardTenderSchema.parse({
    kind: 'card',
    amountMinor,
    brand: 'unknown',
    maskedPan: '****',
    authCode,
    terminalTransactionRef: ref,
    terminalReceiptLines: [],
  });
}
