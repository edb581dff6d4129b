import { describe, expect, it } from 'vitest';
import { IPC_CHANNELS, SaleListPageSchema, SaleRecordSchema } from '@keel/shared';
import { caught, codeOf, createHarness, openedTill, PINS, USERS, type Harness } from './harness';

/**
 * sale.find / sale.list on a real ledger file: an earlier sale is found from what the ledger
 * holds, after a restart, with what refunds already gave back, so the returns screen needs no
 * memory of the sale.
 */

async function sell(h: Harness, add: () => void, cashMinor: number) {
  add();
  return (await h.sale.checkout.complete([{ kind: 'cash', amountMinor: cashMinor }])).sale;
}

/** Monday 2 March (business day 2026-03-02): wine ×3 and bread; then the shift closes. */
async function mondaySale(h: Harness) {
  const sale = await sell(
    h,
    () => {
      h.sale.cart.addProduct('wine', 3000); // 38.97
      h.sale.cart.addByBarcode('BREAD'); // 10.00
    },
    5000,
  );
  return sale;
}

describe('finding earlier sales in the ledger', () => {
  it('When a sale of an earlier business day is looked up after a restart, then it is found by receipt number with what was already refunded', async () => {
    const monday = await openedTill();
    const sale = await mondaySale(monday);
    expect(sale.businessDate).toBe('2026-03-02');
    // One bottle back on Monday, approved by a supervisor.
    const wine = sale.lines[0]!;
    await monday.sale.refunds.refund({ saleId: sale.saleId, lines: [{ lineId: wine.lineId, qtyMilli: 1000 }], reason: 'broken', approverPin: PINS.supervisor });
    monday.sale.shifts.close([{ denominationMinor: 100, count: 100 }], PINS.manager);
    monday.db.close();

    // A week later the till is started again from the same file: nothing of Monday is in memory.
    const later = await createHarness({ file: monday.file });
    later.clock.set('2026-03-09T10:00:00.000Z');
    later.login('cashier');
    later.sale.shifts.open(10_000);

    const found = later.sale.lookup.find({ receiptNumber: sale.receiptNumber });
    expect(SaleRecordSchema.parse(found)).toEqual(found);
    expect(found).toMatchObject({
      saleId: sale.saleId,
      receiptNumber: 'T01-000001',
      businessDate: '2026-03-02',
      cashierName: USERS.cashier.name,
      currency: 'EUR',
      paidMinor: 4897,
      status: 'partlyRefunded',
      voidedAt: null,
      voidBlockedReason: 'Only sales of the open shift can be voided; refund it instead.',
    });
    expect(found.lines.map((l) => [l.sku, l.qtyMilli, l.refundedQtyMilli, l.refundableQtyMilli])).toEqual([
      ['SKU-wine', 3000, 1000, 2000],
      ['SKU-bread', 1000, 0, 1000],
    ]);
    expect(found.refunds).toEqual([{ receiptNumber: 'T01-000002', createdAt: expect.any(String), totalMinor: -1299 }]);
    expect(found.tenders).toEqual([{ kind: 'cash', amountMinor: 4897, label: 'Cash' }]);

    // The same sale typed by hand: lower case, or only the digits of this till's number.
    expect(later.sale.lookup.find({ receiptNumber: 't01-000001' }).saleId).toBe(sale.saleId);
    expect(later.sale.lookup.find({ receiptNumber: '1' }).saleId).toBe(sale.saleId);

    // What the lookup offers is what a refund then takes: the two bottles left, then nothing.
    await later.sale.refunds.refund({ saleId: found.saleId, lines: [{ lineId: wine.lineId, qtyMilli: 2000 }], reason: 'broken', approverPin: PINS.supervisor });
    const after = later.sale.lookup.find({ receiptNumber: 'T01-000001' });
    expect(after.lines.map((l) => [l.refundedQtyMilli, l.refundableQtyMilli])).toEqual([
      [3000, 0],
      [0, 1000],
    ]);
    await later.sale.refunds.refund({ saleId: found.saleId, reason: 'rest', approverPin: PINS.supervisor });
    expect(later.sale.lookup.find({ receiptNumber: '1' }).status).toBe('refunded');
  });

  it('When the receipt number is unknown, another till’s or a refund’s, then NOT_FOUND says which', async () => {
    const h = await openedTill();
    const sale = await mondaySale(h);
    await h.sale.refunds.refund({ saleId: sale.saleId, reason: 'all back', approverPin: PINS.supervisor });

    const unknown = await caught(async () => h.sale.lookup.find({ receiptNumber: 'T01-000099' }));
    expect([unknown.code, unknown.message]).toEqual(['NOT_FOUND', 'No sale with receipt number T01-000099 on this till.']);
    const other = await caught(async () => h.sale.lookup.find({ receiptNumber: 'T02-000001' }));
    expect(other.code).toBe('NOT_FOUND');
    expect(other.message).toMatch(/from till T02, not this till \(T01\)/);
    const refund = await caught(async () => h.sale.lookup.find({ receiptNumber: 'T01-000002' }));
    expect(refund.code).toBe('NOT_FOUND');
    expect(refund.message).toBe('Receipt T01-000002 is a refund receipt, not a sale. Look up the sale it refunded: T01-000001.');
  });

  it('When the input is malformed or nobody is logged in, then INVALID_INPUT or SESSION_REQUIRED, and the contract refuses it before core', async () => {
    const h = await openedTill();
    expect(codeOf(() => h.sale.lookup.find({ receiptNumber: 'DROP TABLE' }))).toBe('INVALID_INPUT');
    expect(codeOf(() => h.sale.lookup.find({ receiptNumber: '' }))).toBe('INVALID_INPUT');
    expect(codeOf(() => h.sale.lookup.list({ limit: 0 }))).toBe('INVALID_INPUT');
    expect(codeOf(() => h.sale.lookup.list({ businessDate: '2026-3-2' }))).toBe('INVALID_INPUT');
    expect(IPC_CHANNELS['sale.find'].input.safeParse({ receiptNumber: 'T01-000001', extra: 1 }).success).toBe(false);
    expect(IPC_CHANNELS['sale.list'].input.safeParse({ limit: 101 }).success).toBe(false);
    h.session.person = null;
    expect(codeOf(() => h.sale.lookup.find({ receiptNumber: '1' }))).toBe('SESSION_REQUIRED');
  });

  it('When sales are listed, then newest first, a page at a time, optionally of one business day, with their status', async () => {
    const h = await openedTill({ who: 'supervisor' });
    const cola = () => h.sale.cart.addByBarcode('COLA');
    const monday = [await sell(h, cola, 250), await sell(h, cola, 250), await sell(h, cola, 250)];
    await h.sale.voids.void({ saleId: monday[0]!.saleId, reason: 'mistake' });
    await h.sale.refunds.refund({ saleId: monday[1]!.saleId, reason: 'back' }); // receipt 4
    h.clock.set('2026-03-03T09:00:00.000Z');
    const tuesday = [await sell(h, cola, 250), await sell(h, () => { cola(); h.sale.cart.addByBarcode('BREAD'); }, 1250)];

    const first = h.sale.lookup.list({ limit: 2 });
    expect(SaleListPageSchema.parse(first)).toEqual(first);
    expect(first.sales.map((s) => [s.receiptNumber, s.businessDate, s.lineCount, s.paidMinor])).toEqual([
      [tuesday[1]!.receiptNumber, '2026-03-03', 2, 1250],
      [tuesday[0]!.receiptNumber, '2026-03-03', 1, 250],
    ]);
    const second = h.sale.lookup.list({ limit: 2, before: first.nextBefore! });
    expect(second.sales.map((s) => [s.receiptNumber, s.status])).toEqual([
      ['T01-000003', 'sold'],
      ['T01-000002', 'refunded'],
    ]);
    const third = h.sale.lookup.list({ limit: 2, before: second.nextBefore! });
    expect(third).toEqual({ sales: [expect.objectContaining({ receiptNumber: 'T01-000001', status: 'voided' })], nextBefore: null });

    const mondayOnly = h.sale.lookup.list({ businessDate: '2026-03-02' });
    expect(mondayOnly.sales.map((s) => s.receiptNumber)).toEqual(['T01-000003', 'T01-000002', 'T01-000001']);
    expect(mondayOnly.nextBefore).toBeNull();
    expect(h.sale.lookup.list({ businessDate: '2026-02-01' })).toEqual({ sales: [], nextBefore: null });
    // A voided sale can be found, and says it cannot be voided or refunded again.
    const voided = h.sale.lookup.find({ receiptNumber: 'T01-000001' });
    expect(voided).toMatchObject({ status: 'voided', voidBlockedReason: 'This sale is already voided.' });
    expect(voided.lines.every((l) => l.refundableQtyMilli === 0)).toBe(true);
    expect(h.sale.lookup.find({ receiptNumber: 'T01-000003' }).voidBlockedReason).toBeNull();
  });
});
