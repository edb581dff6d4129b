import { describe, expect, it } from 'vitest';
import type { Discount } from '@keel/shared';
import { shareBasisPoints } from '../../src/core/sale/discount-policy';
import { codeOf, createHarness, openedTill, PINS, USERS } from './harness';

const pct = (basisPoints: number): Discount => ({ kind: 'percent', basisPoints });
const off = (amountMinor: number): Discount => ({ kind: 'amount', amountMinor });

describe('discount limits', () => {
  // Limits: cashier 10 %, supervisor 20 %, manager 50 %; "thrifty" is a cashier with an own 5 %.
  it.each([
    { who: 'cashier', discount: pct(1000), pin: undefined, expected: null, approvedBy: null },
    { who: 'cashier', discount: pct(1001), pin: undefined, expected: 'APPROVAL_REQUIRED', approvedBy: null },
    { who: 'cashier', discount: pct(1500), pin: PINS.supervisor, expected: null, approvedBy: USERS.supervisor.id },
    { who: 'cashier', discount: pct(2500), pin: PINS.supervisor, expected: 'DISCOUNT_LIMIT_EXCEEDED', approvedBy: null },
    { who: 'cashier', discount: pct(2500), pin: PINS.manager, expected: null, approvedBy: USERS.manager.id },
    { who: 'cashier', discount: pct(1500), pin: PINS.cashier, expected: 'PIN_INVALID', approvedBy: null },
    { who: 'cashier', discount: pct(1500), pin: '9999', expected: 'PIN_INVALID', approvedBy: null },
    { who: 'thrifty', discount: pct(600), pin: undefined, expected: 'APPROVAL_REQUIRED', approvedBy: null },
    { who: 'thrifty', discount: pct(500), pin: undefined, expected: null, approvedBy: null },
    { who: 'supervisor', discount: pct(2000), pin: undefined, expected: null, approvedBy: null },
    // Amount discounts count as their share: 1.00 off 10.00 is 10 %, 1.01 off is above.
    { who: 'cashier', discount: off(100), pin: undefined, expected: null, approvedBy: null },
    { who: 'cashier', discount: off(101), pin: undefined, expected: 'APPROVAL_REQUIRED', approvedBy: null },
    { who: 'cashier', discount: off(101), pin: PINS.supervisor, expected: null, approvedBy: USERS.supervisor.id },
  ] as const)('When $who gives a line discount $discount with pin $pin, then $expected', async ({ who, discount, pin, expected, approvedBy }) => {
    const h = await createHarness();
    h.login(who);
    const line = h.sale.cart.addByBarcode('BREAD').lines[0]!; // 10.00
    expect(codeOf(() => h.sale.cart.setLineDiscount(line.lineId, discount, pin))).toBe(expected);
    if (expected === null) {
      expect(h.sale.cart.get().lines[0]?.discount).toEqual(discount);
      expect(h.sale.cart.store.current()?.lines[0]?.discount?.approvedBy).toBe(approvedBy);
    } else {
      expect(h.sale.cart.get().lines[0]?.discount).toBeNull();
    }
  });

  it('When a cart discount is given, then its share is of the cart after line discounts', async () => {
    const h = await createHarness();
    h.login('cashier');
    const a = h.sale.cart.addByBarcode('BREAD').lines[0]!; // 10.00
    h.sale.cart.addProduct('wine'); // 12.99
    h.sale.cart.setLineDiscount(a.lineId, pct(1000)); // 1.00 off → cart base 21.99
    expect(codeOf(() => h.sale.cart.setCartDiscount(off(219)))).toBeNull();
    expect(codeOf(() => h.sale.cart.setCartDiscount(off(220)))).toBe('APPROVAL_REQUIRED');
    const view = h.sale.cart.setCartDiscount(off(220), PINS.supervisor);
    expect(view.totals.discountMinor).toBe(100 + 220);
    expect(h.sale.cart.setCartDiscount(null).cartDiscount).toBeNull();
  });

  it('When removing items would stretch an amount discount beyond its limit, then the change is refused', async () => {
    const h = await createHarness();
    h.login('cashier');
    h.sale.cart.addByBarcode('BREAD');
    const wine = h.sale.cart.addProduct('wine').lines[1]!;
    h.sale.cart.setCartDiscount(off(200)); // 2.00 of 22.99: within 10 %
    // 2.00 of 10.00 would be 20 %: the cashier must change the discount first.
    expect(codeOf(() => h.sale.cart.removeLine(wine.lineId))).toBe('DISCOUNT_LIMIT_EXCEEDED');
    expect(h.sale.cart.get().lines).toHaveLength(2);
    // A PIN is not asked for (nor recorded) within the cashier's own limit, so that grant stays at 10 %.
    h.sale.cart.setCartDiscount(off(200), PINS.supervisor);
    expect(codeOf(() => h.sale.cart.removeLine(wine.lineId))).toBe('DISCOUNT_LIMIT_EXCEEDED');
    // 3.00 (13 %) approved by a supervisor (20 %): 30 % of the bread alone is still too much.
    h.sale.cart.setCartDiscount(off(300), PINS.supervisor);
    expect(codeOf(() => h.sale.cart.removeLine(wine.lineId))).toBe('DISCOUNT_LIMIT_EXCEEDED');
    // Approved by a manager (50 %), the same 3.00 may stay on the bread alone.
    h.sale.cart.setCartDiscount(off(300), PINS.manager);
    expect(h.sale.cart.removeLine(wine.lineId).totals.discountMinor).toBe(300);
  });

  it.each([
    [pct(1234), 5, 1234],
    [off(1), 3, 3334],
    [off(50), 100, 5000],
    [off(500), 100, 10_000],
    [off(5), 0, 0],
  ])('When %j is taken from %i, then its share is %i basis points (rounded up)', (discount, base, expected) => {
    expect(shareBasisPoints(discount, base)).toBe(expected);
  });
});

describe('price overrides', () => {
  it('When a cashier overrides a price, then a supervisor PIN is required and recorded on the line', async () => {
    const h = await createHarness();
    h.login('cashier');
    const line = h.sale.cart.addByBarcode('WINE').lines[0]!;
    expect(codeOf(() => h.sale.cart.overridePrice(line.lineId, 999, 'damaged box'))).toBe('APPROVAL_REQUIRED');
    const view = h.sale.cart.overridePrice(line.lineId, 999, 'damaged box', PINS.supervisor);
    expect(view.lines[0]).toMatchObject({ unitPriceMinor: 999, totalMinor: 999, priceOverridden: true });
    expect(h.sale.cart.store.current()?.lines[0]?.priceOverride).toEqual({ originalUnitPriceMinor: 1299, reason: 'damaged box', approvedBy: USERS.supervisor.id });
    // A second override keeps the shelf price as the original; the shelf price back removes it.
    h.sale.cart.overridePrice(line.lineId, 899, 'really damaged', PINS.manager);
    expect(h.sale.cart.store.current()?.lines[0]?.priceOverride?.originalUnitPriceMinor).toBe(1299);
    expect(h.sale.cart.overridePrice(line.lineId, 1299, 'undo').lines[0]?.priceOverridden).toBe(false);
  });

  it('When a supervisor overrides a price, then no PIN is needed and they are the approver', async () => {
    const h = await createHarness();
    h.login('supervisor');
    const line = h.sale.cart.addByBarcode('WINE').lines[0]!;
    h.sale.cart.overridePrice(line.lineId, 1500, 'price tag says so');
    expect(h.sale.cart.store.current()?.lines[0]?.priceOverride?.approvedBy).toBe(USERS.supervisor.id);
  });

  it('When a sale completes, then discounts, their approvers and overrides are recorded on its lines', async () => {
    const h = await openedTill();
    const line = h.sale.cart.addByBarcode('WINE').lines[0]!;
    h.sale.cart.overridePrice(line.lineId, 1000, 'promo', PINS.supervisor);
    h.sale.cart.setLineDiscount(line.lineId, pct(1500), PINS.supervisor);
    h.sale.cart.addByBarcode('BREAD');
    h.sale.cart.setCartDiscount(pct(500));
    const { sale } = await h.sale.checkout.complete([{ kind: 'cash', amountMinor: 5000 }]);
    expect(sale.lines[0]).toMatchObject({
      discount: pct(1500),
      discountApprovedBy: USERS.supervisor.id,
      priceOverride: { originalUnitPriceMinor: 1299, reason: 'promo', approvedBy: USERS.supervisor.id },
    });
    expect(sale.lines[1]).toMatchObject({ discount: null, discountApprovedBy: null, priceOverride: null });
    expect(sale.cartDiscount).toEqual(pct(500));
    expect(sale.cartDiscountApprovedBy).toBeNull();
  });
});
