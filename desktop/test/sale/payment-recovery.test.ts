import { describe, expect, it } from 'vitest';
import type { CardOutcome, CardRecovery } from '../../src/core/payments/card-terminal';
import { approval, FakeCardTerminal, unknownStatus } from '../payments/fake-card-terminal';
import { asyncCodeOf, caught, codeOf, count, createHarness, openedTill, PINS, rows, USERS, type Harness } from './harness';

/**
 * Issue 6 point 2, the two gaps after the cart's payment in doubt: a card REFUND whose outcome
 * is unknown is kept in the ledger (not only in the driver), blocks other card work, and is
 * recorded exactly once when confirmed; and payment.resolveManually lets a manager settle a
 * payment or refund in doubt from the terminal's own receipt, with an audit row. Real ledger
 * file, real people service (PIN checks), an in-memory card terminal.
 */

/** A fake terminal that can also be asked about an earlier unknown outcome (like the ZVT driver). */
class CheckingTerminal extends FakeCardTerminal {
  readonly resolves: (CardRecovery | null)[] = [];
  readonly answers: CardOutcome[] = [];
  forgotten = 0;

  async resolveUnknown(recovery: CardRecovery | null): Promise<CardOutcome> {
    this.resolves.push(recovery);
    return this.answers.shift() ?? { approved: false, code: 'PAYMENT_STATUS_UNKNOWN', message: 'still no answer', terminalTransactionRef: null, recovery };
  }

  forgetUnknown(): void {
    this.forgotten += 1;
  }
}

interface Audit {
  kind: string;
  outcome: string;
  amount_minor: number;
  auth_code: string | null;
  reason: string;
  resolved_by: string;
  approved_by: string;
  resolved_at: string;
  cart_id: string | null;
  refund_id: string | null;
}
const audits = (h: Harness) => rows<Audit>(h.db, 'SELECT * FROM manual_payment_resolutions ORDER BY resolved_at');

/** A till whose current cart holds a 12.99 card payment in doubt. */
async function tillWithPaymentInDoubt() {
  const card = new CheckingTerminal();
  const h = await openedTill({ card });
  h.sale.cart.addByBarcode('WINE');
  card.next(unknownStatus());
  expect(await asyncCodeOf(() => h.sale.checkout.complete([{ kind: 'card', amountMinor: 1299 }]))).toBe('PAYMENT_STATUS_UNKNOWN');
  expect(h.sale.recovery.pending()).toMatchObject({ kind: 'payment', amountMinor: 1299 });
  return { h, card };
}

/** A till with a card sale of 12.99 whose card refund is in doubt (kept in the ledger). */
async function tillWithRefundInDoubt() {
  const card = new CheckingTerminal();
  const h = await openedTill({ card });
  h.sale.cart.addByBarcode('WINE');
  const sale = await h.sale.checkout.complete([{ kind: 'card', amountMinor: 1299 }]);
  h.login('supervisor');
  card.next({ approved: false, code: 'PAYMENT_STATUS_UNKNOWN', message: 'Link lost', terminalTransactionRef: null, recovery: { op: 'refund', amountMinor: 1299, reversing: null, delivered: true, acknowledged: false, resultCode: null, receiptNo: null, trace: null } });
  const failure = await caught(() => h.sale.refunds.refund({ saleId: sale.saleId, reason: 'Corked' }));
  expect(failure.code).toBe('PAYMENT_STATUS_UNKNOWN');
  expect(failure.details).toMatchObject({ unknownRefundKept: true });
  expect(count(h.db, 'refunds')).toBe(0);
  return { h, card, sale };
}

describe('a card refund with an unknown outcome', () => {
  it('When the link dies mid-refund, then the refund is kept in the ledger across a restart, blocks card work and refunds of that sale, and the terminal confirming it records the refund document exactly once', async () => {
    const { h, sale } = await tillWithRefundInDoubt();
    expect(h.sale.recovery.pending()).toMatchObject({ kind: 'refund', amountMinor: 1299, originalReceiptNumber: sale.receiptNumber });

    // Restart: the driver forgot, the ledger did not.
    h.db.close();
    const card = new CheckingTerminal();
    const again = await createHarness({ file: h.file, card });
    again.login('supervisor');
    expect(again.sale.recovery.pending()).toMatchObject({ kind: 'refund', amountMinor: 1299 });

    // Blocked: a second refund of that sale (even cash), another card refund, a card payment.
    expect(await asyncCodeOf(() => again.sale.refunds.refund({ saleId: sale.saleId, reason: 'Again', refundTo: 'cash' }))).toBe('PAYMENT_STATUS_UNKNOWN');
    again.sale.cart.addByBarcode('COLA');
    expect(await asyncCodeOf(() => again.sale.checkout.complete([{ kind: 'card', amountMinor: 250 }]))).toBe('PAYMENT_STATUS_UNKNOWN');
    const other = await again.sale.checkout.complete([{ kind: 'cash', amountMinor: 250 }]); // cash sales go on
    expect(await asyncCodeOf(() => again.sale.refunds.refund({ saleId: other.saleId, reason: 'x', refundTo: 'card' }))).not.toBeNull();
    expect(card.calls.filter((c) => c.op === 'refund' || c.op === 'authorize')).toEqual([]);

    // The terminal cannot tell yet: still unknown, nothing recorded.
    expect(await again.sale.recovery.resolve()).toMatchObject({ result: 'unknown', pending: { kind: 'refund' } });
    expect(card.resolves[0]).toMatchObject({ op: 'refund', amountMinor: 1299 });
    expect(count(again.db, 'refunds')).toBe(0);

    // The terminal confirms it paid: the refund document is recorded now, with the card tender.
    card.answers.push(approval({ authCode: 'R77', terminalTransactionRef: 'R0002 T000101' }));
    const settled = await again.sale.recovery.resolve();
    expect(settled).toMatchObject({ result: 'approved', pending: null, refund: { receiptNumber: expect.any(String) } });
    const recorded = rows<{ refund_id: string; total_minor: number }>(again.db, 'SELECT refund_id, total_minor FROM refunds');
    expect(recorded).toEqual([{ refund_id: settled.refund?.refundId, total_minor: -1299 }]);
    expect(rows(again.db, "SELECT type FROM journal WHERE type = 'sale.refunded'")).toHaveLength(1);
    const [doc] = rows<{ doc: string }>(again.db, 'SELECT doc FROM refunds');
    expect(JSON.parse(doc?.doc ?? '{}')).toMatchObject({ tenders: [{ kind: 'card', amountMinor: -1299, authCode: 'R77' }], reason: 'Corked', approvedBy: null });

    // Settled once: asking again records nothing more, and the sale is fully refunded.
    expect(await again.sale.recovery.resolve()).toMatchObject({ result: 'nothingPending' });
    expect(count(again.db, 'refunds')).toBe(1);
    expect(await asyncCodeOf(() => again.sale.refunds.refund({ saleId: sale.saleId, reason: 'Again' }))).toBe('REFUND_EXCEEDS_SALE');
    expect(JSON.stringify(rows(again.db, 'SELECT * FROM meta'))).not.toMatch(/unknownRefund/);
  });

  it('When the terminal says the refund was not paid, then nothing is recorded, the cashier is told, and the refund can be made again once', async () => {
    const { h, card, sale } = await tillWithRefundInDoubt();
    card.answers.push({ approved: false, code: 'CARD_ABORTED', message: 'reversed at the terminal' });
    const settled = await h.sale.recovery.resolve();
    expect(settled.result).toBe('notCharged');
    expect(settled.message).toMatch(/did not pay the refund back.*Nothing was recorded/);
    expect(count(h.db, 'refunds')).toBe(0);
    expect(h.sale.recovery.pending()).toBeNull();

    const refund = await h.sale.refunds.refund({ saleId: sale.saleId, reason: 'Corked' });
    expect(refund.tenders).toMatchObject([{ kind: 'card', amountMinor: -1299 }]);
    expect(count(h.db, 'refunds')).toBe(1);
  });
});

describe('settling a payment in doubt by hand (payment.resolveManually)', () => {
  it('When a cashier tries without a manager, or with a wrong or too-low PIN, then it is refused and nothing changes', async () => {
    const { h } = await tillWithPaymentInDoubt();
    const input = { outcome: 'notCharged' as const, reason: 'Terminal replaced' };
    expect(await asyncCodeOf(() => h.sale.recovery.resolveManually(input))).toBe('APPROVAL_REQUIRED');
    expect(await asyncCodeOf(() => h.sale.recovery.resolveManually({ ...input, approverPin: '9999' }))).toBe('PIN_INVALID');
    expect(await asyncCodeOf(() => h.sale.recovery.resolveManually({ ...input, approverPin: PINS.supervisor }))).toBe('PIN_INVALID');
    // Approved needs the receipt's amount, and it must be the amount in doubt.
    expect(await asyncCodeOf(() => h.sale.recovery.resolveManually({ outcome: 'approved', authCode: 'AB12', amountMinor: 1300, reason: 'x', approverPin: PINS.manager }))).toBe(
      'INVALID_INPUT',
    );
    expect(await asyncCodeOf(() => h.sale.recovery.resolveManually({ outcome: 'approved', authCode: '4111111111111111', amountMinor: 1299, reason: 'x', approverPin: PINS.manager }))).toBe(
      'INVALID_INPUT',
    );
    expect(h.sale.recovery.pending()).toMatchObject({ amountMinor: 1299 });
    expect(codeOf(() => h.sale.cart.clear())).toBe('PAYMENT_STATUS_UNKNOWN');
    expect(audits(h)).toEqual([]);
  });

  it('When a manager settles it as approved with the auth code from the terminal receipt, then it completes the sale as a card tender carrying that code, and the audit row says who, when, why', async () => {
    const { h, card } = await tillWithPaymentInDoubt();
    const settled = await h.sale.recovery.resolveManually({ outcome: 'approved', authCode: 'AB1234', amountMinor: 1299, reason: 'Terminal broken; journal shows approved', approverPin: PINS.manager });
    expect(settled).toMatchObject({ result: 'approved', pending: null });
    expect(card.forgotten).toBe(1);
    expect(h.sale.recovery.pending()).toBeNull();

    const sale = await h.sale.checkout.complete([]);
    expect(sale.sale.tenders).toEqual([
      { kind: 'card', amountMinor: 1299, brand: 'unknown', maskedPan: '****', authCode: 'AB1234', terminalTransactionRef: 'TX-LOST', terminalReceiptLines: [] },
    ]);
    expect(card.charged()).toBe(1); // only the first, lost attempt reached the terminal
    expect(audits(h)).toEqual([
      expect.objectContaining({
        kind: 'payment',
        outcome: 'approved',
        amount_minor: 1299,
        auth_code: 'AB1234',
        reason: 'Terminal broken; journal shows approved',
        resolved_by: USERS.cashier.id,
        approved_by: USERS.manager.id,
        resolved_at: expect.stringMatching(/^2026-03-02T/),
        refund_id: null,
      }),
    ]);
  });

  it('When a manager logged in settles it as not charged, then the cart is no longer blocked and the audit row is written', async () => {
    const { h } = await tillWithPaymentInDoubt();
    h.login('manager');
    const settled = await h.sale.recovery.resolveManually({ outcome: 'notCharged', reason: 'Terminal journal has no such payment' });
    expect(settled).toMatchObject({ result: 'notCharged', pending: null });
    expect(h.sale.recovery.pending()).toBeNull();
    expect(h.sale.checkout.pendingPayments()).toEqual([]);
    expect(h.sale.cart.clear().lines).toEqual([]);
    expect(audits(h)).toEqual([
      expect.objectContaining({ kind: 'payment', outcome: 'notCharged', auth_code: null, resolved_by: USERS.manager.id, approved_by: USERS.manager.id, cart_id: expect.any(String) }),
    ]);
    expect(await h.sale.recovery.resolveManually({ outcome: 'notCharged', reason: 'again' })).toMatchObject({ result: 'nothingPending' });
    expect(audits(h)).toHaveLength(1);
  });

  it('When a manager settles a card refund in doubt as paid, then the refund document is recorded once with the entered auth code and the audit row names it', async () => {
    const { h } = await tillWithRefundInDoubt();
    const settled = await h.sale.recovery.resolveManually({ outcome: 'approved', authCode: 'RF99', amountMinor: 1299, reason: 'Terminal gone; its journal shows the refund', approverPin: PINS.manager });
    expect(settled).toMatchObject({ result: 'approved', refund: { refundId: expect.any(String) } });
    const [refund] = rows<{ refund_id: string; doc: string }>(h.db, 'SELECT refund_id, doc FROM refunds');
    expect(refund?.refund_id).toBe(settled.refund?.refundId);
    expect(JSON.parse(refund?.doc ?? '{}')).toMatchObject({ tenders: [{ kind: 'card', amountMinor: -1299, brand: 'unknown', maskedPan: '****', authCode: 'RF99' }] });
    expect(audits(h)).toEqual([expect.objectContaining({ kind: 'refund', outcome: 'approved', refund_id: refund?.refund_id, approved_by: USERS.manager.id, resolved_by: USERS.supervisor.id })]);
    expect(h.sale.recovery.pending()).toBeNull();
    expect(await h.sale.recovery.resolve()).toMatchObject({ result: 'nothingPending' });
    expect(count(h.db, 'refunds')).toBe(1);
  });
});
