import { describe, expect, it } from 'vitest';
import { RefundSchema } from '@keel/shared';
import { approval, declined } from '../payments/fake-card-terminal';
import { asyncCodeOf, caught, count, openedTill, PINS, rows, USERS, type Harness } from './harness';

async function sell(h: Harness, tenders: { kind: 'cash' | 'card'; amountMinor: number }[], add: () => void) {
  add();
  return (await h.sale.checkout.complete(tenders)).sale;
}

const wineAndBread = (h: Harness) => () => {
  h.sale.cart.addProduct('wine', 3000); // 38.97
  h.sale.cart.addByBarcode('BREAD'); // 10.00
};

describe('refunds', () => {
  it('When a whole cash sale is refunded, then lines and totals mirror the sale and cash leaves the drawer', async () => {
    const h = await openedTill({ who: 'supervisor' });
    const sale = await sell(h, [{ kind: 'cash', amountMinor: 5000 }], wineAndBread(h));
    const refund = await h.sale.refunds.refund({ saleId: sale.saleId, reason: 'faulty' });
    expect(RefundSchema.parse(refund)).toEqual(refund);
    expect(refund).toMatchObject({ originalSaleId: sale.saleId, originalReceiptNumber: 'T01-000001', receiptNumber: 'T01-000002', approvedBy: null });
    expect(refund.totals.totalMinor).toBe(-sale.totals.totalMinor);
    expect(refund.totals.taxMinor).toBe(-sale.totals.taxMinor);
    expect(refund.tenders).toEqual([{ kind: 'cash', amountMinor: -4897 }]);
    expect(h.sale.shifts.current()?.expectedCashMinor).toBe(10_000);
    expect(rows(h.db, "SELECT product_id, delta_qty_milli FROM stock_movements WHERE reason = 'refund' ORDER BY id")).toEqual([
      { product_id: 'wine', delta_qty_milli: 3000 },
      { product_id: 'bread', delta_qty_milli: 1000 },
    ]);
  });

  it('When lines are refunded piece by piece, then the pieces add up to the line and one more is REFUND_EXCEEDS_SALE', async () => {
    const h = await openedTill();
    const sale = await sell(h, [{ kind: 'cash', amountMinor: 5000 }], wineAndBread(h));
    const wine = sale.lines[0]!;
    const pieces = [];
    for (let i = 0; i < 3; i += 1) {
      pieces.push(await h.sale.refunds.refund({ saleId: sale.saleId, lines: [{ lineId: wine.lineId, qtyMilli: 1000 }], reason: 'one bottle', approverPin: PINS.supervisor }));
    }
    expect(pieces.reduce((sum, r) => sum + r.totals.totalMinor, 0)).toBe(-wine.totalMinor);
    expect(pieces.reduce((sum, r) => sum + r.totals.taxMinor, 0)).toBe(-wine.taxMinor);
    const error = await caught(() => h.sale.refunds.refund({ saleId: sale.saleId, lines: [{ lineId: wine.lineId, qtyMilli: 1000 }], reason: 'again', approverPin: PINS.supervisor }));
    expect(error.code).toBe('REFUND_EXCEEDS_SALE');
    // The whole-refund form refunds only what is left: the bread.
    const rest = await h.sale.refunds.refund({ saleId: sale.saleId, reason: 'rest', approverPin: PINS.supervisor });
    expect(rest.lines.map((l) => [l.productId, l.qtyMilli])).toEqual([['bread', -1000]]);
    expect(await asyncCodeOf(() => h.sale.refunds.refund({ saleId: sale.saleId, reason: 'more', approverPin: PINS.supervisor }))).toBe('REFUND_EXCEEDS_SALE');
  });

  it.each([
    { who: 'cashier', pin: undefined, expected: 'APPROVAL_REQUIRED', approvedBy: undefined },
    { who: 'cashier', pin: PINS.cashier, expected: 'PIN_INVALID', approvedBy: undefined },
    { who: 'cashier', pin: PINS.supervisor, expected: null, approvedBy: USERS.supervisor.id },
    { who: 'supervisor', pin: undefined, expected: null, approvedBy: null },
    { who: 'manager', pin: undefined, expected: null, approvedBy: null },
  ] as const)('When a $who refunds with pin $pin, then $expected', async ({ who, pin, expected, approvedBy }) => {
    const h = await openedTill({ who });
    const sale = await sell(h, [{ kind: 'cash', amountMinor: 250 }], () => h.sale.cart.addByBarcode('COLA'));
    expect(await asyncCodeOf(() => h.sale.refunds.refund({ saleId: sale.saleId, reason: 'x', approverPin: pin }))).toBe(expected);
    if (approvedBy !== undefined) expect(rows(h.db, 'SELECT approved_by FROM refunds')).toEqual([{ approved_by: approvedBy }]);
    else expect(count(h.db, 'refunds')).toBe(0);
  });

  it('When the sale was paid by card, then the card part goes back through the terminal and the rest in cash', async () => {
    const h = await openedTill({ who: 'supervisor' });
    h.card.next(approval({ terminalTransactionRef: 'SALE-REF' }));
    const sale = await sell(h, [{ kind: 'card', amountMinor: 2000 }, { kind: 'cash', amountMinor: 3000 }], wineAndBread(h));
    h.card.next(approval({ terminalTransactionRef: 'REFUND-REF', receiptLines: ['GUTSCHRIFT', '4111111111111111'] }));
    const refund = await h.sale.refunds.refund({ saleId: sale.saleId, reason: 'faulty' });
    expect(h.card.calls.at(-1)).toEqual({ op: 'refund', amountMinor: 2000, originalRef: 'SALE-REF' });
    expect(refund.tenders.map((t) => [t.kind, t.amountMinor])).toEqual([['card', -2000], ['cash', -2897]]);
    expect(refund.tenders[0]).toMatchObject({ terminalTransactionRef: 'REFUND-REF', terminalReceiptLines: ['GUTSCHRIFT', '************1111'] });
  });

  it('When a card refund is declined or cash is chosen, then nothing is recorded or all goes back in cash', async () => {
    const h = await openedTill({ who: 'supervisor' });
    const sale = await sell(h, [{ kind: 'card', amountMinor: 1299 }], () => h.sale.cart.addByBarcode('WINE'));
    h.card.next(declined());
    expect(await asyncCodeOf(() => h.sale.refunds.refund({ saleId: sale.saleId, reason: 'x' }))).toBe('CARD_DECLINED');
    expect(count(h.db, 'refunds')).toBe(0);
    const refund = await h.sale.refunds.refund({ saleId: sale.saleId, reason: 'x', refundTo: 'cash' });
    expect(refund.tenders).toEqual([{ kind: 'cash', amountMinor: -1299 }]);
  });

  it('When goods are written off, then the refund moves no stock; a cash-rounding store rounds the cash paid out', async () => {
    const h = await openedTill({ who: 'supervisor', settings: { currency: 'CHF', cashRoundingMinor: 5 } });
    const sale = await sell(h, [{ kind: 'cash', amountMinor: 1300 }], () => h.sale.cart.addByBarcode('WINE'));
    const refund = await h.sale.refunds.refund({ saleId: sale.saleId, reason: 'broken', restock: false });
    expect(refund.lines[0]?.restock).toBe(false);
    expect(refund.tenders).toEqual([{ kind: 'cash', amountMinor: -1300 }]);
    expect(refund.roundingMinor).toBe(-1);
    expect(count(h.db, "stock_movements WHERE reason = 'refund'")).toBe(0);
  });

  it('When the reason is blank, then INVALID_INPUT before any money moves back to a card', async () => {
    const h = await openedTill({ who: 'supervisor' });
    const sale = await sell(h, [{ kind: 'card', amountMinor: 1299 }], () => h.sale.cart.addByBarcode('WINE'));
    const calls = h.card.calls.length;
    expect(await asyncCodeOf(() => h.sale.refunds.refund({ saleId: sale.saleId, reason: '  ' }))).toBe('INVALID_INPUT');
    expect(h.card.calls).toHaveLength(calls);
  });

  it.each([
    ['an unknown sale', 'NOT_FOUND'],
    ['a voided sale', 'REFUND_EXCEEDS_SALE'],
    ['an unknown line', 'UNKNOWN_LINE'],
    ['no open shift', 'SHIFT_NOT_OPEN'],
  ])('When refunding %s, then %s', async (situation, expected) => {
    const h = await openedTill({ who: 'supervisor' });
    const sale = await sell(h, [{ kind: 'cash', amountMinor: 250 }], () => h.sale.cart.addByBarcode('COLA'));
    if (situation === 'a voided sale') await h.sale.voids.void({ saleId: sale.saleId, reason: 'oops' });
    if (situation === 'no open shift') h.sale.shifts.close([{ denominationMinor: 50, count: 205 }]);
    const saleId = situation === 'an unknown sale' ? '00000000-0000-4000-8000-999999999999' : sale.saleId;
    const lines = situation === 'an unknown line' ? [{ lineId: 'nope', qtyMilli: 1000 }] : undefined;
    expect(await asyncCodeOf(() => h.sale.refunds.refund({ saleId, lines, reason: 'x' }))).toBe(expected);
  });
});
