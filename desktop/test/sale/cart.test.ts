import { describe, expect, it } from 'vitest';
import { priceCart } from '@keel/shared';
import { codeOf, count, createHarness, PRODUCTS, priceLabel, storeSettings, weightLabel } from './harness';

describe('cart: adding and changing lines', () => {
  it('When a plain barcode is scanned twice, then one line holds two pieces priced by the engine', async () => {
    const h = await createHarness();
    h.login('cashier');
    h.sale.cart.addByBarcode('COLA');
    const view = h.sale.cart.addByBarcode('COLA');
    expect(view.lines).toHaveLength(1);
    expect(view.lines[0]).toMatchObject({ productId: 'cola', qtyMilli: 2000, unitPriceMinor: 250, totalMinor: 500, discount: null, priceOverridden: false });
    expect(view.totals.totalMinor).toBe(500);
    expect(view.currency).toBe('EUR');
  });

  it.each([
    ['an unknown code', 'NOPE', 'PRODUCT_NOT_FOUND'],
    ['an inactive product', 'OLD', 'PRODUCT_NOT_FOUND'],
    ['a weighed product without a weight', '2100123', 'INVALID_INPUT'],
  ])('When %s is scanned, then %s is refused with its code and the cart is unchanged', async (_what, code, expected) => {
    const h = await createHarness();
    h.login('cashier');
    h.sale.cart.addByBarcode('COLA');
    expect(codeOf(() => h.sale.cart.addByBarcode(code))).toBe(expected);
    expect(h.sale.cart.get().lines).toHaveLength(1);
  });

  it('When a weight label is scanned, then the line has the label weight at the shelf price per kg', async () => {
    const h = await createHarness();
    h.login('cashier');
    const view = h.sale.cart.addByBarcode(weightLabel('00123', 385));
    // 0.385 kg × 12.99 = 5.00115 → 5.00 (rounded once, pricing/line.ts)
    expect(view.lines[0]).toMatchObject({ productId: 'cheese', qtyMilli: 385, unitPriceMinor: 1299, totalMinor: 500 });
    // A second label is a second line: a scale fixed each one.
    expect(h.sale.cart.addByBarcode(weightLabel('00123', 385)).lines).toHaveLength(2);
  });

  it('When a price label is scanned, then the line total is exactly the printed price', async () => {
    const h = await createHarness();
    h.login('cashier');
    const view = h.sale.cart.addByBarcode(priceLabel('00123', 737));
    expect(view.lines[0]?.totalMinor).toBe(737);
    expect(view.lines[0]?.unitPriceMinor).toBe(1299); // the weight was recovered from the shelf price
  });

  it('When a price label cannot be reproduced by any weight, then it is one piece at the printed price', async () => {
    const h = await createHarness({ products: [{ ...PRODUCTS.cheese, priceMinor: 99_999 }] });
    h.login('cashier');
    const view = h.sale.cart.addByBarcode(priceLabel('00123', 1234));
    expect(view.lines[0]).toMatchObject({ qtyMilli: 1000, unitPriceMinor: 1234, totalMinor: 1234 });
    // Priced per label, so its quantity is counted in labels.
    expect(codeOf(() => h.sale.cart.setQuantity(view.lines[0]!.lineId, 1500))).toBe('INVALID_INPUT');
  });

  it('When a product is added by id with a quantity, then that quantity is sold', async () => {
    const h = await createHarness();
    h.login('cashier');
    expect(h.sale.cart.addProduct('wine', 3000).lines[0]).toMatchObject({ qtyMilli: 3000, totalMinor: 3897 });
    expect(h.sale.cart.addProduct('cheese', 1250).lines[1]).toMatchObject({ qtyMilli: 1250, totalMinor: 1624 });
    expect(codeOf(() => h.sale.cart.addProduct('ghost'))).toBe('PRODUCT_NOT_FOUND');
  });

  it.each([
    ['a whole number of pieces', 'cola', 4000, null],
    ['a fraction of a piece', 'cola', 1500, 'INVALID_INPUT'],
    ['zero', 'cola', 0, 'INVALID_INPUT'],
    ['grams of a weighed product', 'cheese', 1234, null],
  ])('When the quantity is set to %s, then the answer is %s', async (_what, productId, qty, expected) => {
    const h = await createHarness();
    h.login('cashier');
    const line = h.sale.cart.addProduct(productId, productId === 'cheese' ? 500 : undefined).lines[0]!;
    expect(codeOf(() => h.sale.cart.setQuantity(line.lineId, qty))).toBe(expected);
  });

  it('When lines are removed or the cart is cleared, then the view follows; an unknown line is NOT_FOUND', async () => {
    const h = await createHarness();
    h.login('cashier');
    h.sale.cart.addByBarcode('COLA');
    const view = h.sale.cart.addByBarcode('BREAD');
    expect(h.sale.cart.removeLine(view.lines[0]!.lineId).lines.map((l) => l.productId)).toEqual(['bread']);
    expect(codeOf(() => h.sale.cart.removeLine('00000000-0000-4000-8000-999999999999'))).toBe('NOT_FOUND');
    const cleared = h.sale.cart.clear();
    expect(cleared.lines).toEqual([]);
    expect(cleared.cartId).not.toBe(view.cartId);
  });

  it('When nobody is logged in, then the cart refuses changes with SESSION_REQUIRED', async () => {
    const h = await createHarness();
    expect(codeOf(() => h.sale.cart.addByBarcode('COLA'))).toBe('SESSION_REQUIRED');
  });

  it('When the cart changes, then its totals are exactly the shared engine’s for the same input', async () => {
    const h = await createHarness();
    h.login('cashier');
    h.sale.cart.addProduct('wine', 2000);
    h.sale.cart.addByBarcode(weightLabel('00123', 777));
    const view = h.sale.cart.setCartDiscount({ kind: 'percent', basisPoints: 500 });
    const expected = priceCart(
      {
        lines: view.lines.map((l) => ({ lineId: l.lineId, productId: l.productId, sku: l.sku, name: l.name, unitPriceMinor: l.unitPriceMinor, qtyMilli: l.qtyMilli, taxRateId: l.taxRateId })),
        cartDiscount: { kind: 'percent', basisPoints: 500 },
        taxRates: h.catalog.taxRates(),
      },
      storeSettings(),
    );
    expect(view.totals).toEqual(expected.totals);
  });
});

describe('cart: persistence, park and resume', () => {
  it('When the terminal restarts, then the current cart is still there with the same id and lines', async () => {
    const h = await createHarness();
    h.login('cashier');
    h.sale.cart.addByBarcode('COLA');
    const before = h.sale.cart.addProduct('wine', 2000);
    h.db.close();
    const again = await createHarness({ file: h.file });
    expect(again.sale.cart.get()).toEqual(before);
  });

  it('When several carts are parked, then they are listed oldest first and resume swaps with the current one', async () => {
    const h = await createHarness();
    h.login('cashier');
    const first = h.sale.cart.addByBarcode('COLA');
    h.sale.cart.park('Mrs Smith');
    const second = h.sale.cart.addProduct('wine', 2000);
    const parked = h.sale.cart.park(null);
    expect(parked.map((p) => [p.cartId, p.label, p.lineCount, p.totalMinor])).toEqual([
      [first.cartId, 'Mrs Smith', 1, 250],
      [second.cartId, null, 1, 2598],
    ]);
    expect(h.sale.cart.get().lines).toEqual([]);

    const third = h.sale.cart.addByBarcode('BREAD');
    const resumed = h.sale.cart.resume(first.cartId);
    expect(resumed.cartId).toBe(first.cartId);
    // The non-empty current cart was parked in its place, nothing lost.
    expect(h.sale.cart.listParked().map((p) => p.cartId).sort()).toEqual([second.cartId, third.cartId].sort());
    expect(count(h.db, 'carts')).toBe(3);
  });

  it('When an empty cart is parked or an unknown cart resumed, then CART_EMPTY and NOT_FOUND', async () => {
    const h = await createHarness();
    h.login('cashier');
    expect(codeOf(() => h.sale.cart.park(null))).toBe('CART_EMPTY');
    expect(codeOf(() => h.sale.cart.resume('00000000-0000-4000-8000-999999999999'))).toBe('NOT_FOUND');
  });

  it('When the saved cart cannot be read back, then get says STORAGE_FAILED and clear still starts over', async () => {
    const h = await createHarness();
    h.login('cashier');
    h.sale.cart.addByBarcode('COLA');
    h.db.prepare("UPDATE carts SET data = '{\"broken\":true}' WHERE state = 'current'").run();
    expect(codeOf(() => h.sale.cart.get())).toBe('STORAGE_FAILED');
    expect(h.sale.cart.clear().lines).toEqual([]);
  });

  it('When the store settings were never synced, then the cart cannot price and says UNAVAILABLE', async () => {
    const h = await createHarness();
    h.login('cashier');
    h.db.prepare('DELETE FROM store_settings').run();
    expect(codeOf(() => h.sale.cart.addByBarcode('COLA'))).toBe('UNAVAILABLE');
  });
});
