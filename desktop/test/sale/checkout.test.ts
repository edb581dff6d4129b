import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { containsPan, OperationSchema, SaleSchema } from '@keel/shared';
import { approval, declined, unknownStatus } from '../payments/fake-card-terminal';
import { asyncCodeOf, caught, codeOf, count, createHarness, openedTill, rows, TERMINAL_ID, USERS } from './harness';

describe('checkout: cash', () => {
  it('When cash above the total is given, then the sale records tendered, applied and change, and the cart is gone', async () => {
    const h = await openedTill();
    const cart = h.sale.cart.addByBarcode('WINE'); // 12.99
    const result = await h.sale.checkout.complete([{ kind: 'cash', amountMinor: 2000 }]);
    expect(result).toMatchObject({ receiptNumber: 'T01-000001', totalMinor: 1299, changeMinor: 701 });
    expect(result.sale.tenders).toEqual([{ kind: 'cash', tenderedMinor: 2000, amountMinor: 1299, changeMinor: 701 }]);
    expect(SaleSchema.parse(result.sale)).toEqual(result.sale);
    expect(result.sale).toMatchObject({ terminalId: TERMINAL_ID, cashierId: USERS.cashier.id, roundingMinor: 0, pricing: { currency: 'EUR', taxMode: 'inclusive', roundingMode: 'half-up', cashRoundingMinor: 1 } });
    expect(rows(h.db, 'SELECT count(*) AS n FROM carts WHERE cart_id = ?', cart.cartId)).toEqual([{ n: 0 }]);
    expect(h.sale.cart.get().lines).toEqual([]);
  });

  it('When the store rounds cash to 0.05, then only the cash part is rounded and the rounding is recorded', async () => {
    const h = await openedTill({ settings: { currency: 'CHF', cashRoundingMinor: 5 } });
    h.sale.cart.addByBarcode('WINE'); // 12.99 → 13.00 in cash
    const { sale, totalMinor } = await h.sale.checkout.complete([{ kind: 'cash', amountMinor: 1300 }]);
    expect(sale.roundingMinor).toBe(1);
    expect(totalMinor).toBe(1300);
    expect(sale.changeMinor).toBe(0);
    expect(h.sale.shifts.current()?.expectedCashMinor).toBe(10_000 + 1300);
  });

  it('When cash rounding takes the whole cash part (1 g of cheese: 0.01 with 0.05 coins), then the sale completes with a cash tender of 0, the drawer gets nothing, and a void gives nothing back', async () => {
    const h = await openedTill({ who: 'supervisor', settings: { currency: 'CHF', cashRoundingMinor: 5 } });
    h.sale.cart.addProduct('cheese', 1);
    expect(h.sale.cart.get()).toMatchObject({ totals: { totalMinor: 1 }, cashRoundingMinor: 5, roundingMode: 'half-up' });
    const { sale, totalMinor, changeMinor } = await h.sale.checkout.complete([{ kind: 'cash', amountMinor: 0 }]);
    expect(sale.tenders).toEqual([{ kind: 'cash', tenderedMinor: 0, amountMinor: 0, changeMinor: 0 }]);
    expect({ roundingMinor: sale.roundingMinor, totalMinor, changeMinor }).toEqual({ roundingMinor: -1, totalMinor: 0, changeMinor: 0 });
    expect(h.sale.shifts.current()?.expectedCashMinor).toBe(10_000);

    // A coin handed over for it goes straight back as change.
    h.sale.cart.addProduct('cheese', 1);
    const second = await h.sale.checkout.complete([{ kind: 'cash', amountMinor: 5 }]);
    expect(second.sale.tenders).toEqual([{ kind: 'cash', tenderedMinor: 5, amountMinor: 0, changeMinor: 5 }]);
    expect(h.sale.shifts.current()?.expectedCashMinor).toBe(10_000);

    const voided = await h.sale.voids.void({ saleId: sale.saleId, reason: 'scale error' });
    expect(voided.tenders).toEqual([]);
    expect(h.sale.shifts.current()?.expectedCashMinor).toBe(10_000);
  });

  it('When a card leaves a cash rest that rounds to nothing, then a cash tender of 0 settles it; a second cash tender of 0, or cash when nothing is owed, is still refused', async () => {
    const h = await openedTill({ settings: { currency: 'CHF', cashRoundingMinor: 5 } });
    h.sale.cart.addByBarcode('WINE'); // 12.99
    expect(await asyncCodeOf(() => h.sale.checkout.complete([{ kind: 'card', amountMinor: 1297 }, { kind: 'cash', amountMinor: 0 }, { kind: 'cash', amountMinor: 0 }]))).toBe('INVALID_INPUT');
    h.sale.cart.addByBarcode('WINE');
    expect(await asyncCodeOf(() => h.sale.checkout.complete([{ kind: 'card', amountMinor: 2598 }, { kind: 'cash', amountMinor: 0 }]))).toBe('INVALID_INPUT');
    expect(await asyncCodeOf(() => h.sale.checkout.complete([{ kind: 'card', amountMinor: 2596 }]))).toBe('TENDER_INSUFFICIENT');
    const { sale } = await h.sale.checkout.complete([{ kind: 'card', amountMinor: 2596 }, { kind: 'cash', amountMinor: 0 }]);
    expect(sale.tenders.map((t) => [t.kind, t.amountMinor])).toEqual([['card', 2596], ['cash', 0]]);
    expect(sale.roundingMinor).toBe(-2);
  });

  it('When the sale is written, then lines, tenders, stock movements and the journal entry all describe it', async () => {
    const h = await openedTill();
    h.sale.cart.addProduct('wine', 2000);
    h.sale.cart.addProduct('cheese', 385);
    const { sale } = await h.sale.checkout.complete([{ kind: 'cash', amountMinor: 5000 }]);
    const [row] = rows<{ doc: string; seq: number; total_minor: number; receipt_seq: number }>(h.db, 'SELECT * FROM sales');
    expect(JSON.parse(row!.doc)).toEqual(sale);
    expect(row).toMatchObject({ total_minor: sale.totals.totalMinor, receipt_seq: 1 });
    expect(rows(h.db, 'SELECT product_id, qty_milli, total_minor, category_id FROM sale_lines ORDER BY line_no')).toEqual([
      { product_id: 'wine', qty_milli: 2000, total_minor: 2598, category_id: 'cat-1' },
      { product_id: 'cheese', qty_milli: 385, total_minor: 500, category_id: 'cat-1' },
    ]);
    expect(rows(h.db, 'SELECT product_id, delta_qty_milli, reason, seq FROM stock_movements ORDER BY id')).toEqual([
      { product_id: 'wine', delta_qty_milli: -2000, reason: 'sale', seq: row!.seq },
      { product_id: 'cheese', delta_qty_milli: -385, reason: 'sale', seq: row!.seq },
    ]);
    const [op] = h.journal.since(row!.seq - 1, 1);
    expect(OperationSchema.parse(op)).toMatchObject({ type: 'sale.completed', payload: sale });
  });

  it('When a sale is made at 02:30 Berlin time, then it belongs to the previous business day (day starts 04:00)', async () => {
    const h = await openedTill();
    h.sale.cart.addByBarcode('COLA');
    h.clock.set('2026-03-03T01:30:00.000Z'); // 02:30 CET
    const { sale } = await h.sale.checkout.complete([{ kind: 'cash', amountMinor: 250 }]);
    expect(sale.businessDate).toBe('2026-03-02');
  });
});

describe('checkout: other tenders and nothing due', () => {
  it('When an other tender (voucher) pays part, then it is recorded as Other and only cash reaches the drawer', async () => {
    const h = await openedTill();
    h.sale.cart.addByBarcode('WINE');
    const { sale } = await h.sale.checkout.complete([{ kind: 'other', amountMinor: 1000 }, { kind: 'cash', amountMinor: 300 }]);
    expect(sale.tenders).toEqual([
      { kind: 'other', amountMinor: 1000, label: 'Other', reference: null },
      { kind: 'cash', tenderedMinor: 300, amountMinor: 299, changeMinor: 1 },
    ]);
    expect(h.sale.shifts.current()?.expectedCashMinor).toBe(10_299);
  });

  it('When nothing is due (price overridden to 0), then the sale completes without tenders; cash offered is refused', async () => {
    const h = await openedTill({ who: 'supervisor' });
    const line = h.sale.cart.addByBarcode('COLA').lines[0]!;
    h.sale.cart.overridePrice(line.lineId, 0, 'free sample');
    expect(await asyncCodeOf(() => h.sale.checkout.complete([{ kind: 'cash', amountMinor: 100 }]))).toBe('INVALID_INPUT');
    const { sale } = await h.sale.checkout.complete([]);
    expect(sale).toMatchObject({ tenders: [], changeMinor: 0, totals: { totalMinor: 0 } });
  });
});

describe('checkout: refusals before anything is charged', () => {
  it.each([
    ['nobody logged in', 'SESSION_REQUIRED'],
    ['no open shift', 'SHIFT_NOT_OPEN'],
    ['an empty cart', 'CART_EMPTY'],
    ['too little cash', 'TENDER_INSUFFICIENT'],
    ['a card above the total', 'TENDER_EXCEEDS_DUE'],
    ['cash on top of a card that pays all', 'INVALID_INPUT'],
  ])('When checking out with %s, then %s and no card is charged', async (situation, expected) => {
    const h = await createHarness();
    h.login('cashier');
    if (situation !== 'no open shift') h.sale.shifts.open(0);
    if (situation !== 'an empty cart') h.sale.cart.addByBarcode('WINE');
    if (situation === 'nobody logged in') h.session.person = null;
    const tenders = {
      'too little cash': [{ kind: 'cash', amountMinor: 1000 }],
      'a card above the total': [{ kind: 'card', amountMinor: 1300 }],
      'cash on top of a card that pays all': [{ kind: 'card', amountMinor: 1299 }, { kind: 'cash', amountMinor: 500 }],
    }[situation] ?? [{ kind: 'cash', amountMinor: 2000 }];
    expect(await asyncCodeOf(() => h.sale.checkout.complete(tenders as never))).toBe(expected);
    expect(h.card.calls).toEqual([]);
    expect(count(h.db, 'sales')).toBe(0);
  });
});

describe('checkout: cards', () => {
  it('When the terminal approves, then only brand, masked PAN, auth code and redacted receipt text are kept', async () => {
    const h = await openedTill();
    h.card.next(approval({ maskedPan: '4111111111111111', receiptLines: ['PAN 4111 1111 1111 1111', 'AID A0000000031010'] }));
    h.sale.cart.addByBarcode('WINE');
    const statuses: string[] = [];
    const { sale } = await h.sale.checkout.complete([{ kind: 'card', amountMinor: 1299 }], { onStatus: (s) => statuses.push(s) });
    expect(statuses).toEqual(['Please insert card']);
    expect(sale.tenders).toEqual([
      {
        kind: 'card',
        amountMinor: 1299,
        brand: 'VISA',
        maskedPan: '************1111',
        authCode: 'A12345',
        terminalTransactionRef: 'TX0',
        terminalReceiptLines: ['PAN **** **** **** 1111', 'AID A0000000031010'],
      },
    ]);
    expect(containsPan(JSON.stringify(sale.tenders))).toBe(false);
    // Nowhere at rest: neither in the database file nor in its write-ahead log.
    const bytes = [h.file, `${h.file}-wal`].filter((f) => fs.existsSync(f)).map((f) => fs.readFileSync(f).toString('latin1')).join('');
    expect(bytes).toContain('************1111');
    expect(bytes).not.toContain('4111111111111111');
    expect(bytes).not.toContain('4111 1111 1111 1111');
    expect(rows(h.db, 'SELECT brand, masked_pan, auth_code FROM sale_tenders')).toEqual([{ brand: 'VISA', masked_pan: '************1111', auth_code: 'A12345' }]);
  });

  it.each([
    ['declined', declined(), 'CARD_DECLINED'],
    ['status unknown', unknownStatus(), 'PAYMENT_STATUS_UNKNOWN'],
    ['a driver crash', new Error('serial port exploded'), 'PAYMENT_STATUS_UNKNOWN'],
  ])('When the card terminal answers %s, then %s, no sale and the cart untouched', async (_what, outcome, expected) => {
    const h = await openedTill();
    h.card.next(outcome);
    const cart = h.sale.cart.addByBarcode('WINE');
    expect(await asyncCodeOf(() => h.sale.checkout.complete([{ kind: 'card', amountMinor: 1299 }]))).toBe(expected);
    expect(count(h.db, 'sales')).toBe(0);
    expect(h.journal.count()).toBe(1); // shift.opened only
    expect(h.sale.cart.get()).toEqual(cart);
    expect(h.sale.checkout.pendingPayments()).toEqual([]);
  });

  it('When a card pays part and cash the rest, then both tenders are recorded and only cash affects the drawer', async () => {
    const h = await openedTill({ settings: { cashRoundingMinor: 5 } });
    h.sale.cart.addByBarcode('WINE'); // 12.99
    const { sale } = await h.sale.checkout.complete([{ kind: 'card', amountMinor: 1000 }, { kind: 'cash', amountMinor: 500 }]);
    // The cash part 2.99 rounds to 3.00.
    expect(sale.tenders.map((t) => [t.kind, t.amountMinor])).toEqual([['card', 1000], ['cash', 300]]);
    expect(sale).toMatchObject({ roundingMinor: 1, changeMinor: 200 });
    expect(h.sale.shifts.current()?.expectedCashMinor).toBe(10_300);
  });

  it('When the second of two cards is declined, then the first stays on the cart and the next attempt charges only the rest', async () => {
    const h = await openedTill();
    h.sale.cart.addByBarcode('WINE');
    h.card.next(approval({ terminalTransactionRef: 'FIRST' }), declined());
    const error = await caught(() => h.sale.checkout.complete([{ kind: 'card', amountMinor: 500 }, { kind: 'card', amountMinor: 799 }]));
    expect(error.code).toBe('CARD_DECLINED');
    expect(error.details).toMatchObject({ paidByCardMinor: 500, approvedPaymentsKept: 1 });
    expect(h.sale.checkout.pendingPayments().map((p) => p.terminalTransactionRef)).toEqual(['FIRST']);
    // The cart cannot change under a payment already taken.
    expect(codeOf(() => h.sale.cart.addByBarcode('COLA'))).toBe('BUSY');
    expect(codeOf(() => h.sale.cart.clear())).toBe('BUSY');
    expect(codeOf(() => h.sale.cart.park(null))).toBe('BUSY');

    const { sale } = await h.sale.checkout.complete([{ kind: 'cash', amountMinor: 1000 }]);
    expect(sale.tenders.map((t) => [t.kind, t.amountMinor])).toEqual([['card', 500], ['cash', 799]]);
    expect(h.card.charged()).toBe(2);
  });

  it('When the customer walks away after a partial card payment, then cancelPayments reverses it', async () => {
    const h = await openedTill();
    h.sale.cart.addByBarcode('WINE');
    h.card.next(approval({ terminalTransactionRef: 'FIRST' }), declined());
    await asyncCodeOf(() => h.sale.checkout.complete([{ kind: 'card', amountMinor: 500 }, { kind: 'card', amountMinor: 799 }]));
    h.card.next(declined());
    expect(await asyncCodeOf(() => h.sale.checkout.cancelPayments())).toBe('CARD_DECLINED');
    expect(h.sale.checkout.pendingPayments()).toHaveLength(1);
    await h.sale.checkout.cancelPayments();
    expect(h.card.calls.at(-1)).toEqual({ op: 'reverse', amountMinor: 500, ref: 'FIRST' });
    expect(h.sale.checkout.pendingPayments()).toEqual([]);
    expect(h.sale.cart.clear().lines).toEqual([]);
  });

  it('When a checkout waits for the card terminal, then other changes and a second checkout are BUSY', async () => {
    const h = await openedTill();
    h.sale.cart.addByBarcode('WINE');
    const pending = h.sale.checkout.complete([{ kind: 'card', amountMinor: 1299 }]);
    expect(codeOf(() => h.sale.cart.addByBarcode('COLA'))).toBe('BUSY');
    expect(codeOf(() => h.sale.shifts.close([]))).toBe('BUSY');
    expect(await asyncCodeOf(() => h.sale.checkout.complete([{ kind: 'cash', amountMinor: 2000 }]))).toBe('BUSY');
    await pending;
    expect(count(h.db, 'sales')).toBe(1);
  });

  it('When the terminal crashes after a card approval, then the approval is still on the cart after restart, and the payment in doubt still blocks completing', async () => {
    const h = await openedTill();
    h.sale.cart.addByBarcode('WINE');
    h.card.next(approval({ terminalTransactionRef: 'KEPT' }), unknownStatus());
    await asyncCodeOf(() => h.sale.checkout.complete([{ kind: 'card', amountMinor: 299 }, { kind: 'card', amountMinor: 1000 }]));
    h.db.close();
    const again = await createHarness({ file: h.file });
    again.login('cashier');
    expect(again.sale.checkout.pendingPayments().map((p) => [p.amountMinor, p.terminalTransactionRef])).toEqual([[299, 'KEPT']]);
    // The second card may have been charged: cash for it would charge the customer twice (issue 6).
    expect(again.sale.checkout.unknownPayment()).toMatchObject({ amountMinor: 1000 });
    expect(await asyncCodeOf(() => again.sale.checkout.complete([{ kind: 'cash', amountMinor: 1000 }]))).toBe('PAYMENT_STATUS_UNKNOWN');
    // A terminal that cannot check earlier payments leaves it unknown rather than guess.
    expect(await again.sale.checkout.resolveUnknown()).toMatchObject({ result: 'unknown', pending: { amountMinor: 1000 } });
  });
});
