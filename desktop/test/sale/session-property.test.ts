import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KeelError, OperationSchema, type Sale } from '@keel/shared';
import { openedTill, rows, type Harness } from './harness';

/**
 * Random sessions of sales, refunds, voids and cash moves against a real ledger, checked
 * against a model the test keeps from what it handed over and was given back:
 *  - the drawer's expected cash at close is the float plus every cash effect;
 *  - the stock movements per product are −sold + refunded (restocked) + voided;
 *  - no line is ever refunded beyond what was sold, and a sale's refunds never exceed it;
 *  - receipt numbers are 1..n and the journal chain verifies.
 */

const PRODUCT_IDS = ['cola', 'bread', 'wine', 'cheese'] as const;

const item = fc.record({ productId: fc.constantFrom(...PRODUCT_IDS), pieces: fc.integer({ min: 1, max: 3 }), grams: fc.integer({ min: 1, max: 2500 }) });
const action = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('sell' as const), items: fc.array(item, { minLength: 1, maxLength: 4 }), pay: fc.constantFrom('cash', 'card', 'split'), extra: fc.integer({ min: 0, max: 5000 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('refund' as const), pick: fc.nat(), line: fc.nat(), share: fc.integer({ min: 1, max: 5 }), whole: fc.boolean(), toCash: fc.boolean(), restock: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('void' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('move' as const), direction: fc.constantFrom('in' as const, 'out' as const), amount: fc.integer({ min: 1, max: 3000 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('noSale' as const) }) },
);
type Action = typeof action extends fc.Arbitrary<infer A> ? A : never;

interface Model {
  /** The store's cash rounding unit for this run. */
  cashRoundingMinor: number;
  drawer: number;
  stock: Map<string, number>;
  sales: { sale: Sale; refundedQty: Map<string, number>; refundedTotal: number; voided: boolean }[];
}

const addStock = (model: Model, productId: string | null, delta: number) => {
  if (productId !== null) model.stock.set(productId, (model.stock.get(productId) ?? 0) + delta);
};

async function step(h: Harness, model: Model, a: Action): Promise<void> {
  if (a.kind === 'sell') {
    for (const it of a.items) h.sale.cart.addProduct(it.productId, it.productId === 'cheese' ? it.grams : it.pieces * 1000);
    const total = h.sale.cart.get().totals.totalMinor;
    const card = a.pay === 'card' ? total : a.pay === 'split' ? Math.floor(total / 2) : 0;
    const cashGiven = total - card === 0 ? 0 : total - card + 10 + a.extra; // +10 covers any cash rounding
    const tenders = [...(card > 0 ? [{ kind: 'card' as const, amountMinor: card }] : []), ...(cashGiven > 0 ? [{ kind: 'cash' as const, amountMinor: cashGiven }] : [])];
    const result = await h.sale.checkout.complete(tenders);
    model.drawer += cashGiven - result.changeMinor;
    for (const line of result.sale.lines) addStock(model, line.productId, -line.qtyMilli);
    model.sales.push({ sale: result.sale, refundedQty: new Map(), refundedTotal: 0, voided: false });
  } else if (a.kind === 'refund' && model.sales.length > 0) {
    const entry = model.sales[a.pick % model.sales.length]!;
    const line = entry.sale.lines[a.line % entry.sale.lines.length]!;
    const left = line.qtyMilli - (entry.refundedQty.get(line.lineId) ?? 0);
    // A share of the sold quantity, possibly more than is left: then it must be refused.
    const unit = line.productId === 'cheese' ? 1 : 1000; // grams, or whole pieces
    const qty = Math.max(1, Math.round((line.qtyMilli / unit) * (a.share / 4))) * unit;
    const anyLeft = entry.sale.lines.some((l) => l.qtyMilli > (entry.refundedQty.get(l.lineId) ?? 0));
    const allowed = !entry.voided && (a.whole ? anyLeft : qty <= left);
    const request = { saleId: entry.sale.saleId, reason: 'test', restock: a.restock, ...(a.toCash ? { refundTo: 'cash' as const } : {}), ...(a.whole ? {} : { lines: [{ lineId: line.lineId, qtyMilli: qty }] }) };
    try {
      const refund = await h.sale.refunds.refund(request);
      expect(allowed).toBe(true);
      for (const t of refund.tenders) if (t.kind === 'cash') model.drawer += t.amountMinor;
      for (const l of refund.lines) {
        entry.refundedQty.set(l.lineId, (entry.refundedQty.get(l.lineId) ?? 0) - l.qtyMilli);
        if (a.restock) addStock(model, l.productId, -l.qtyMilli);
      }
      entry.refundedTotal -= refund.totals.totalMinor;
    } catch (error) {
      if (!(error instanceof KeelError) || error.code !== 'REFUND_EXCEEDS_SALE') throw error;
      expect(allowed).toBe(false);
    }
  } else if (a.kind === 'void' && model.sales.length > 0) {
    const entry = model.sales[a.pick % model.sales.length]!;
    const voidable = !entry.voided && entry.refundedQty.size === 0;
    try {
      const voided = await h.sale.voids.void({ saleId: entry.sale.saleId, reason: 'test' });
      expect(voidable).toBe(true);
      entry.voided = true;
      for (const t of voided.tenders) if (t.kind === 'cash') model.drawer += t.amountMinor;
      for (const line of entry.sale.lines) addStock(model, line.productId, line.qtyMilli);
    } catch (error) {
      if (!(error instanceof KeelError) || error.code !== 'SALE_NOT_VOIDABLE') throw error;
      expect(voidable).toBe(false);
    }
  } else if (a.kind === 'move') {
    // Taking out more than the drawer holds is allowed by the ledger (counted at close), but unrealistic: skip it.
    if (a.direction === 'out' && a.amount > model.drawer) return;
    h.sale.shifts.moveCash(a.direction, a.amount, 'test');
    model.drawer += a.direction === 'in' ? a.amount : -a.amount;
  } else if (a.kind === 'noSale') {
    h.sale.drawer.noSale(null);
  }
}

function checkLedger(h: Harness, model: Model): void {
  const stock = new Map(rows<{ p: string; s: number }>(h.db, 'SELECT product_id AS p, sum(delta_qty_milli) AS s FROM stock_movements GROUP BY product_id').map((r) => [r.p, r.s]));
  for (const id of PRODUCT_IDS) expect(stock.get(id) ?? 0).toBe(model.stock.get(id) ?? 0);
  for (const entry of model.sales) {
    expect(entry.refundedTotal).toBeLessThanOrEqual(entry.sale.totals.totalMinor);
    for (const line of entry.sale.lines) expect(entry.refundedQty.get(line.lineId) ?? 0).toBeLessThanOrEqual(line.qtyMilli);
  }
  const receiptSeqs = rows<{ s: number }>(h.db, 'SELECT receipt_seq AS s FROM sales UNION ALL SELECT receipt_seq FROM refunds ORDER BY 1').map((r) => r.s);
  expect(receiptSeqs).toEqual(receiptSeqs.map((_, i) => i + 1));
  expect(h.journal.verify().ok).toBe(true);
}

describe('a session of sales, refunds, voids and cash moves', () => {
  it('When any sequence is played, then expected cash, stock, refund bounds, receipts and the chain all hold', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(action, { minLength: 1, maxLength: 14 }), fc.constantFrom(1, 5, 10), async (actions, cashRoundingMinor) => {
        const h = await openedTill({ who: 'supervisor', float: 20_000, settings: { cashRoundingMinor } });
        try {
          const model: Model = { cashRoundingMinor, drawer: 20_000, stock: new Map(), sales: [] };
          for (const a of actions) await step(h, model, a);
          checkLedger(h, model);
          expect(h.sale.shifts.cash().expectedMinor).toBe(model.drawer);
          const closed = h.sale.shifts.close([{ denominationMinor: 1, count: model.drawer }]);
          expect(closed).toMatchObject({ expectedMinor: model.drawer, countedMinor: model.drawer, overShortMinor: 0 });
          expect(h.journal.verify().ok).toBe(true);
        } finally {
          h.db.close();
        }
      }),
      { numRuns: 40 },
    );
  });

  it('When a mixed session is replayed from the journal, then every operation parses and the chain verifies', async () => {
    const h = await openedTill({ who: 'supervisor' });
    h.sale.cart.addByBarcode('WINE');
    const a = await h.sale.checkout.complete([{ kind: 'card', amountMinor: 1000 }, { kind: 'cash', amountMinor: 500 }]);
    h.sale.cart.addProduct('cheese', 1234);
    const b = await h.sale.checkout.complete([{ kind: 'cash', amountMinor: 2000 }]);
    await h.sale.refunds.refund({ saleId: a.saleId, reason: 'faulty' });
    await h.sale.voids.void({ saleId: b.saleId, reason: 'wrong' });
    h.sale.shifts.moveCash('out', 1000, 'safe drop');
    h.sale.drawer.noSale('check');
    h.sale.shifts.close([{ denominationMinor: 1, count: h.sale.shifts.cash().expectedMinor }]);
    const ops = h.journal.since(0);
    expect(ops.map((op) => op.type)).toEqual(['shift.opened', 'sale.completed', 'sale.completed', 'sale.refunded', 'sale.voided', 'cash.moved', 'drawer.opened', 'shift.closed']);
    for (const op of ops) expect(OperationSchema.parse(op)).toEqual(op);
    expect(h.journal.verify()).toMatchObject({ ok: true, head: { seq: 8 } });
  });
});
