import { describe, expect, it } from 'vitest';
import { approval } from '../payments/fake-card-terminal';
import { caught, count, openedTill, rows } from './harness';

/** Makes every insert into `table` fail, the way a full disk or an I/O error would mid-transaction. */
function failOn(db: Parameters<typeof count>[0], table: string): void {
  db.exec(`CREATE TRIGGER fail_${table} BEFORE INSERT ON ${table} BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END;`);
}

function heal(db: Parameters<typeof count>[0], table: string): void {
  db.exec(`DROP TRIGGER fail_${table}`);
}

describe('completion is one transaction', () => {
  it.each(['sale_lines', 'sale_tenders', 'stock_movements'])(
    'When writing %s fails mid-way, then no sale, no journal entry, the cart kept and the receipt number not consumed',
    async (table) => {
      const h = await openedTill();
      const cart = h.sale.cart.addProduct('wine', 2000);
      h.sale.cart.addByBarcode('COLA');
      const journalBefore = h.journal.count();
      failOn(h.db, table);
      const error = await caught(() => h.sale.checkout.complete([{ kind: 'cash', amountMinor: 5000 }]));
      expect(error.code).toBe('STORAGE_FAILED');
      expect(error.message).not.toContain('disk I/O'); // the cause stays out of the UI
      for (const t of ['sales', 'sale_lines', 'sale_tenders', 'stock_movements']) expect(count(h.db, t)).toBe(0);
      expect(h.journal.count()).toBe(journalBefore);
      expect(h.sale.cart.get().cartId).toBe(cart.cartId);

      heal(h.db, table);
      const { sale } = await h.sale.checkout.complete([{ kind: 'cash', amountMinor: 5000 }]);
      expect(sale.receiptNumber).toBe('T01-000001');
      expect(h.journal.verify().ok).toBe(true);
    },
  );

  it('When the commit fails after a card was approved, then the approval stays on the cart and is not charged again', async () => {
    const h = await openedTill();
    h.sale.cart.addByBarcode('WINE');
    h.card.next(approval({ terminalTransactionRef: 'PAID' }));
    failOn(h.db, 'stock_movements');
    const error = await caught(() => h.sale.checkout.complete([{ kind: 'card', amountMinor: 1299 }]));
    expect(error.code).toBe('STORAGE_FAILED');
    expect(error.details).toMatchObject({ approvedPaymentsKept: 1 });
    expect(count(h.db, 'sales')).toBe(0);

    heal(h.db, 'stock_movements');
    const { sale } = await h.sale.checkout.complete([]);
    expect(sale.tenders).toMatchObject([{ kind: 'card', amountMinor: 1299, terminalTransactionRef: 'PAID' }]);
    expect(h.card.charged()).toBe(1);
  });
});

describe('card approvals are never lost', () => {
  it('When a card approval cannot be saved, then it is reversed at once and the cashier is told', async () => {
    const h = await openedTill();
    h.sale.cart.addByBarcode('WINE');
    h.card.next(approval({ terminalTransactionRef: 'UNSAVED' }));
    h.db.exec("CREATE TRIGGER fail_carts BEFORE UPDATE ON carts BEGIN SELECT RAISE(ABORT, 'disk full'); END;");
    const error = await caught(() => h.sale.checkout.complete([{ kind: 'card', amountMinor: 1299 }]));
    expect(error.code).toBe('STORAGE_FAILED');
    expect(error.details).toMatchObject({ reversed: true, cardPayment: { amountMinor: 1299, maskedPan: '************1111' } });
    expect(h.card.calls.at(-1)).toEqual({ op: 'reverse', amountMinor: 1299, ref: 'UNSAVED' });
    expect(count(h.db, 'sales')).toBe(0);
  });
});

describe('receipt numbers', () => {
  it('When sales and refunds alternate, then they share one gapless sequence per terminal', async () => {
    const h = await openedTill({ terminalCode: 'K7' });
    const numbers: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      h.sale.cart.addByBarcode('COLA');
      const { sale } = await h.sale.checkout.complete([{ kind: 'cash', amountMinor: 250 }]);
      numbers.push(sale.receiptNumber);
      if (i !== 1) numbers.push((await h.sale.refunds.refund({ saleId: sale.saleId, reason: 'changed mind', approverPin: '2222' })).receiptNumber);
    }
    expect(numbers).toEqual(['K7-000001', 'K7-000002', 'K7-000003', 'K7-000004', 'K7-000005']);
    const seqs = rows<{ s: number }>(h.db, 'SELECT receipt_seq AS s FROM sales UNION ALL SELECT receipt_seq FROM refunds ORDER BY 1').map((r) => r.s);
    expect(seqs).toEqual([1, 2, 3, 4, 5]);
  });

  it('When a voided sale exists, then its number is never reused and voids take no number of their own', async () => {
    const h = await openedTill({ who: 'supervisor' });
    h.sale.cart.addByBarcode('COLA');
    const first = await h.sale.checkout.complete([{ kind: 'cash', amountMinor: 250 }]);
    await h.sale.voids.void({ saleId: first.saleId, reason: 'wrong item' });
    h.sale.cart.addByBarcode('COLA');
    const second = await h.sale.checkout.complete([{ kind: 'cash', amountMinor: 250 }]);
    expect([first.receiptNumber, second.receiptNumber]).toEqual(['T01-000001', 'T01-000002']);
  });
});
