import { describe, expect, it } from 'vitest';
import { asyncCodeOf, codeOf, createHarness, openedTill, PINS, rows, USERS } from './harness';

describe('shifts', () => {
  it('When a shift is opened, then it has its float, its business date and a second one is SHIFT_ALREADY_OPEN', async () => {
    const h = await createHarness();
    h.login('cashier');
    expect(h.sale.shifts.current()).toBeNull();
    const view = h.sale.shifts.open(15_000);
    expect(view).toMatchObject({ openingFloatMinor: 15_000, expectedCashMinor: 15_000, cashierName: USERS.cashier.name });
    expect(rows(h.db, 'SELECT business_date FROM shifts')).toEqual([{ business_date: '2026-03-02' }]);
    expect(codeOf(() => h.sale.shifts.open(0))).toBe('SHIFT_ALREADY_OPEN');
    expect(codeOf(() => h.sale.shifts.open(-1))).toBe('SHIFT_ALREADY_OPEN');
  });

  it('When a float is negative or nobody is logged in, then INVALID_INPUT and SESSION_REQUIRED', async () => {
    const h = await createHarness();
    expect(codeOf(() => h.sale.shifts.open(100))).toBe('SESSION_REQUIRED');
    h.login('cashier');
    expect(codeOf(() => h.sale.shifts.open(-1))).toBe('INVALID_INPUT');
    expect(codeOf(() => h.sale.shifts.moveCash('in', 100, 'float'))).toBe('SHIFT_NOT_OPEN');
  });

  it('When cash is moved in and out with a reason, then the expected cash follows; a blank reason is INVALID_INPUT', async () => {
    const h = await openedTill({ float: 10_000 });
    h.sale.shifts.moveCash('in', 5000, 'float top-up');
    expect(h.sale.shifts.moveCash('out', 12_000, 'safe drop').expectedCashMinor).toBe(3000);
    expect(codeOf(() => h.sale.shifts.moveCash('out', 100, '   '))).toBe('INVALID_INPUT');
    expect(codeOf(() => h.sale.shifts.moveCash('out', 0, 'nothing'))).toBe('INVALID_INPUT');
    expect(rows(h.db, 'SELECT kind, amount_minor, reason FROM cash_movements ORDER BY seq')).toEqual([
      { kind: 'cash_in', amount_minor: 5000, reason: 'float top-up' },
      { kind: 'cash_out', amount_minor: 12_000, reason: 'safe drop' },
    ]);
  });

  it('When a shift is closed, then expected = float + cash sales − cash refunds and voids + in − out, by denomination count', async () => {
    const h = await openedTill({ float: 10_000, who: 'supervisor' });
    h.sale.cart.addByBarcode('WINE');
    await h.sale.checkout.complete([{ kind: 'cash', amountMinor: 2000 }]); // +12.99
    h.sale.cart.addByBarcode('BREAD');
    const voidMe = await h.sale.checkout.complete([{ kind: 'cash', amountMinor: 1000 }]); // +10.00
    h.sale.cart.addProduct('wine', 2000);
    const refundMe = await h.sale.checkout.complete([{ kind: 'card', amountMinor: 1000 }, { kind: 'cash', amountMinor: 1598 }]); // +15.98 cash
    h.sale.cart.addByBarcode('COLA');
    await h.sale.checkout.complete([{ kind: 'card', amountMinor: 250 }]); // card only
    await h.sale.voids.void({ saleId: voidMe.saleId, reason: 'x' }); // −10.00
    await h.sale.refunds.refund({ saleId: refundMe.saleId, reason: 'x', refundTo: 'cash' }); // −25.98
    h.sale.shifts.moveCash('in', 2000, 'coins'); // +20.00
    h.sale.shifts.moveCash('out', 500, 'window cleaner'); // −5.00
    h.sale.drawer.noSale(null);
    const expected = 10_000 + 1299 + 1000 + 1598 - 1000 - 2598 + 2000 - 500;
    expect(h.sale.shifts.cash()).toEqual({
      openingFloatMinor: 10_000,
      cashSalesMinor: 1299 + 1000 + 1598,
      cashRefundsMinor: -2598,
      cashVoidsMinor: -1000,
      cashInMinor: 2000,
      cashOutMinor: 500,
      expectedMinor: expected,
    });
    const result = h.sale.shifts.close([
      { denominationMinor: 5000, count: 2 },
      { denominationMinor: 200, count: 8 },
      { denominationMinor: 1, count: expected - 3 - 11_600 },
    ]);
    expect(result).toMatchObject({ expectedMinor: expected, countedMinor: expected - 3, overShortMinor: -3 });
    expect(result.closed.approvedBy).toBeNull();
    expect(rows(h.db, 'SELECT expected_minor, counted_minor, over_short_minor FROM shifts')).toEqual([
      { expected_minor: expected, counted_minor: expected - 3, over_short_minor: -3 },
    ]);
  });

  it.each([
    { counted: 10_500, pin: undefined, expected: null, approvedBy: null },
    { counted: 9_500, pin: undefined, expected: null, approvedBy: null },
    { counted: 10_501, pin: undefined, expected: 'APPROVAL_REQUIRED', approvedBy: null },
    { counted: 9_499, pin: undefined, expected: 'APPROVAL_REQUIRED', approvedBy: null },
    { counted: 9_000, pin: PINS.supervisor, expected: 'PIN_INVALID', approvedBy: null },
    { counted: 9_000, pin: PINS.manager, expected: null, approvedBy: USERS.manager.id },
  ])('When $counted is counted against 10000 expected (limit 500) with pin $pin, then $expected', async ({ counted, pin, expected, approvedBy }) => {
    const h = await openedTill({ float: 10_000 });
    expect(codeOf(() => h.sale.shifts.close([{ denominationMinor: 1, count: counted }], pin))).toBe(expected);
    if (expected === null) expect(JSON.parse(rows<{ close: string }>(h.db, 'SELECT close FROM shifts')[0]!.close).approvedBy).toBe(approvedBy);
    else expect(h.sale.shifts.current()).not.toBeNull();
  });

  it('When a shift is closed, then it is immutable: no sale, refund, void, cash move, no-sale or re-close', async () => {
    const h = await openedTill({ float: 0, who: 'supervisor' });
    h.sale.cart.addByBarcode('COLA');
    const { sale } = await h.sale.checkout.complete([{ kind: 'cash', amountMinor: 250 }]);
    const shiftId = h.sale.shifts.current()!.shiftId;
    h.sale.shifts.close([{ denominationMinor: 250, count: 1 }]);
    const closedRow = rows(h.db, 'SELECT * FROM shifts');
    h.sale.cart.addByBarcode('COLA');
    expect(await asyncCodeOf(() => h.sale.checkout.complete([{ kind: 'cash', amountMinor: 250 }]))).toBe('SHIFT_NOT_OPEN');
    expect(await asyncCodeOf(() => h.sale.refunds.refund({ saleId: sale.saleId, reason: 'x' }))).toBe('SHIFT_NOT_OPEN');
    expect(await asyncCodeOf(() => h.sale.voids.void({ saleId: sale.saleId, reason: 'x' }))).toBe('SHIFT_NOT_OPEN');
    expect(codeOf(() => h.sale.shifts.moveCash('in', 100, 'x'))).toBe('SHIFT_NOT_OPEN');
    expect(codeOf(() => h.sale.drawer.noSale(null))).toBe('SHIFT_NOT_OPEN');
    expect(codeOf(() => h.sale.shifts.close([]))).toBe('SHIFT_NOT_OPEN');
    expect(rows(h.db, 'SELECT * FROM shifts')).toEqual(closedRow);
    expect(rows(h.db, 'SELECT count(*) AS n FROM sales WHERE shift_id = ?', shiftId)).toEqual([{ n: 1 }]);
    // A new shift can sell again; the old one's sale is no longer voidable.
    h.sale.shifts.open(0);
    expect(await asyncCodeOf(() => h.sale.voids.void({ saleId: sale.saleId, reason: 'x' }))).toBe('SALE_NOT_VOIDABLE');
  });
});
