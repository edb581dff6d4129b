import { describe, expect, it } from 'vitest';
import { SaleVoidSchema } from '@keel/shared';
import { approval, declined } from '../payments/fake-card-terminal';
import { asyncCodeOf, codeOf, count, openedTill, PINS, rows, USERS, type Harness } from './harness';

async function sellWine(h: Harness, tenders: { kind: 'cash' | 'card'; amountMinor: number }[] = [{ kind: 'cash', amountMinor: 3000 }]) {
  h.sale.cart.addProduct('wine', 2000); // 25.98
  return (await h.sale.checkout.complete(tenders)).sale;
}

/** A Z report recorded through the journal, as reports/ will: it closes every document before it. */
function recordZ(h: Harness): void {
  const closedAt = h.clock.now().toISOString();
  h.journal.record(
    'day.closed',
    {
      zId: h.ids.uuid(),
      zNumber: 1,
      businessDate: '2026-03-02',
      closedBy: USERS.manager.id,
      closedAt,
      firstReceiptNumber: null,
      lastReceiptNumber: null,
      summary: {
        salesGrossMinor: 0, refundsGrossMinor: 0, voidsGrossMinor: 0, grossMinor: 0, netMinor: 0, taxMinor: 0, taxes: [],
        discountMinor: 0, roundingMinor: 0, tenders: [], cashInMinor: 0, cashOutMinor: 0,
        counts: { sales: 0, refunds: 0, voids: 0, noSales: 0, cashMovements: 0 }, grandTotalMinor: 0,
      },
    },
    (op) => h.db.prepare('INSERT INTO day_closes (z_number, business_date, closed_at, doc, seq) VALUES (1, ?, ?, ?, ?)').run(op.payload.businessDate, closedAt, JSON.stringify(op.payload), op.seq),
  );
}

describe('post-sale voids', () => {
  it('When a supervisor approves the void of a cash sale, then cash, stock and the sale are undone', async () => {
    const h = await openedTill();
    const sale = await sellWine(h);
    const voided = await h.sale.voids.void({ saleId: sale.saleId, reason: 'customer changed mind', approverPin: PINS.supervisor });
    expect(SaleVoidSchema.parse(voided)).toEqual(voided);
    expect(voided).toMatchObject({ saleId: sale.saleId, receiptNumber: sale.receiptNumber, cashierId: USERS.cashier.id, approvedBy: USERS.supervisor.id });
    expect(voided.tenders).toEqual([{ kind: 'cash', amountMinor: -2598 }]);
    expect(h.sale.shifts.current()?.expectedCashMinor).toBe(10_000);
    expect(rows(h.db, 'SELECT voided_at FROM sales')).toEqual([{ voided_at: voided.createdAt }]);
    expect(rows(h.db, 'SELECT sum(delta_qty_milli) AS s FROM stock_movements')).toEqual([{ s: 0 }]);
  });

  it('When a card sale is voided, then the payment is reversed at the terminal first', async () => {
    const h = await openedTill({ who: 'manager' });
    h.card.next(approval({ terminalTransactionRef: 'SALE-1' }));
    const sale = await sellWine(h, [{ kind: 'card', amountMinor: 2598 }]);
    const voided = await h.sale.voids.void({ saleId: sale.saleId, reason: 'double scan' });
    expect(h.card.calls.at(-1)).toEqual({ op: 'reverse', amountMinor: 2598, ref: 'SALE-1' });
    expect(voided).toMatchObject({ approvedBy: USERS.manager.id, tenders: [{ kind: 'card', amountMinor: -2598 }] });
  });

  it('When the terminal refuses the reversal, then the void is not recorded', async () => {
    const h = await openedTill({ who: 'manager' });
    const sale = await sellWine(h, [{ kind: 'card', amountMinor: 2598 }]);
    h.card.next(declined());
    expect(await asyncCodeOf(() => h.sale.voids.void({ saleId: sale.saleId, reason: 'x' }))).toBe('CARD_DECLINED');
    expect(count(h.db, 'voids')).toBe(0);
  });

  it.each([
    ['without a supervisor PIN', 'APPROVAL_REQUIRED'],
    ['twice', 'SALE_NOT_VOIDABLE'],
    ['after a refund', 'SALE_NOT_VOIDABLE'],
    ['from an earlier shift', 'SALE_NOT_VOIDABLE'],
    ['after a Z report', 'SALE_NOT_VOIDABLE'],
    ['of an unknown sale', 'NOT_FOUND'],
  ])('When a sale is voided %s, then %s', async (situation, expected) => {
    const h = await openedTill();
    const sale = await sellWine(h);
    if (situation === 'twice') await h.sale.voids.void({ saleId: sale.saleId, reason: 'x', approverPin: PINS.supervisor });
    if (situation === 'after a refund') {
      await h.sale.refunds.refund({ saleId: sale.saleId, lines: [{ lineId: sale.lines[0]!.lineId, qtyMilli: 1000 }], reason: 'x', approverPin: PINS.supervisor });
    }
    if (situation === 'from an earlier shift') {
      h.sale.shifts.close([{ denominationMinor: 1, count: 12_598 }]);
      h.sale.shifts.open(0);
    }
    if (situation === 'after a Z report') recordZ(h);
    const saleId = situation === 'of an unknown sale' ? '00000000-0000-4000-8000-999999999999' : sale.saleId;
    const pin = situation === 'without a supervisor PIN' ? undefined : PINS.supervisor;
    expect(await asyncCodeOf(() => h.sale.voids.void({ saleId, reason: 'again', approverPin: pin }))).toBe(expected);
    expect(count(h.db, 'voids')).toBe(situation === 'twice' ? 1 : 0);
  });
});

describe('no-sale drawer opening', () => {
  it('When the drawer is opened without a sale, then it is journaled and counted on the shift with no amount', async () => {
    const h = await openedTill();
    const opened = h.sale.drawer.noSale('change for a customer');
    expect(opened).toMatchObject({ cashierId: USERS.cashier.id, reason: 'change for a customer' });
    expect(h.journal.since(0).map((op) => op.type)).toEqual(['shift.opened', 'drawer.opened']);
    expect(rows(h.db, 'SELECT kind, amount_minor FROM cash_movements')).toEqual([{ kind: 'no_sale', amount_minor: 0 }]);
    expect(h.sale.shifts.current()?.expectedCashMinor).toBe(10_000);
  });

  it('When no shift is open, then a no-sale is SHIFT_NOT_OPEN', async () => {
    const h = await openedTill();
    h.sale.shifts.close([{ denominationMinor: 100, count: 100 }]);
    expect(codeOf(() => h.sale.drawer.noSale(null))).toBe('SHIFT_NOT_OPEN');
  });
});
