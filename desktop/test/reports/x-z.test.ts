import { describe, expect, it } from 'vitest';
import { DayClosedSchema, OperationSchema } from '@keel/shared';
import { ReportSchema } from '@keel/shared';
import { codeOf, count, openedTill, PINS, rows, USERS } from '../sale/harness';
import { checkIdentities, reportsOf, tradeADay } from './support';

const dbChanges = (h: { db: { prepare(sql: string): { get(): unknown } } }) => (h.db.prepare('SELECT total_changes() AS n').get() as { n: number }).n;

describe('X report', () => {
  it('When an X report is taken during a shift, then it shows the day with who did what, and writes nothing', async () => {
    const h = await openedTill();
    await tradeADay(h);
    const journalBefore = count(h.db, 'journal');
    const changesBefore = dbChanges(h);
    const x = reportsOf(h).x({ approverPin: PINS.supervisor });
    expect(dbChanges(h)).toBe(changesBefore);
    expect(count(h.db, 'journal')).toBe(journalBefore);
    expect(ReportSchema.parse(x)).toEqual(x);
    checkIdentities(x);

    const s = x.summary;
    // 5.00 + (12.99 − 1.95 + 10.00 − 1.00 = 20.04) + 2.50 + 30.00; then −2.50 void, −10.00 refund.
    expect(s).toMatchObject({
      salesGrossMinor: 500 + 2004 + 250 + 3000,
      voidsGrossMinor: -250,
      refundsGrossMinor: -1000,
      grossMinor: 500 + 2004 + 3000 - 1000,
      discountMinor: 195 + 100,
      counts: { sales: 4, refunds: 1, voids: 1, noSales: 1, cashMovements: 2 },
      cashInMinor: 2000,
      cashOutMinor: 500,
      grandTotalMinor: 500 + 2004 + 3000 - 1000,
    });
    expect(s.taxes.map((t) => t.taxRateId)).toEqual(['vat-19', 'vat-7']);
    expect(s.tenders).toEqual([
      { kind: 'cash', amountMinor: 500 + 1504 + 250 + 3000 - 250 - 1000, count: 6 },
      { kind: 'other', amountMinor: 500, count: 1 },
    ]);
    expect(x.scope.kind).toBe('shift');
    expect(x.firstReceiptNumber).toBe('T01-000001');
    expect(x.lastReceiptNumber).toBe('T01-000005');
    expect(x.voids).toEqual([expect.objectContaining({ receiptNumber: 'T01-000003', amountMinor: -250, cashier: { id: USERS.cashier.id, name: 'User u-cashier' }, approvedBy: { id: USERS.supervisor.id, name: 'User u-super' } })]);
    expect(x.refunds).toEqual([expect.objectContaining({ receiptNumber: 'T01-000005', originalReceiptNumber: 'T01-000004', amountMinor: -1000, reason: 'stale', approvedBy: expect.objectContaining({ id: USERS.supervisor.id }) })]);
    expect(x.discounts).toEqual([
      { cashier: expect.objectContaining({ id: USERS.cashier.id }), approvedBy: null, kind: 'cart', count: 1, amountMinor: 100 },
      { cashier: expect.objectContaining({ id: USERS.cashier.id }), approvedBy: expect.objectContaining({ id: USERS.supervisor.id }), kind: 'line', count: 1, amountMinor: 195 },
    ]);
    expect(x.noSales).toEqual([expect.objectContaining({ reason: 'change for the market stall' })]);
    // The open shift: what the drawer should hold now, not yet counted.
    expect(x.cash.shifts).toEqual([expect.objectContaining({ openingFloatMinor: 10_000, expectedMinor: 10_000 + 4004 + 2000 - 500, countedMinor: null })]);
    expect(x.cash).toMatchObject({ expectedMinor: 0, countedMinor: 0, overShortMinor: 0 });
    // The voided sale is in no "what sold" section; its void is.
    expect(x.byCategory.reduce((a, c) => a + c.grossMinor, 0)).toBe(500 + 2004 + 3000);
    expect(x.topItems[0]).toMatchObject({ sku: 'SKU-bread', qtyMilli: 4000 });
  });

  it('When a cashier asks for an X report, then a supervisor must approve it', async () => {
    const h = await openedTill();
    expect(codeOf(() => reportsOf(h).x())).toBe('APPROVAL_REQUIRED');
    expect(codeOf(() => reportsOf(h).x({ approverPin: PINS.supervisor }))).toBeNull();
  });

  it('When a sale is made at 00:30 and the business day starts at 04:00, then it is in the previous business day', async () => {
    const h = await openedTill({ who: 'supervisor' });
    h.clock.set('2026-03-02T20:00:00.000Z'); // 21:00 in Berlin, business day 2026-03-02
    h.sale.cart.addProduct('cola');
    await h.sale.checkout.complete([{ kind: 'cash', amountMinor: 250 }]);
    h.clock.set('2026-03-02T23:30:00.000Z'); // 00:30 on the 3rd in Berlin: still the 2nd
    h.sale.cart.addProduct('wine');
    await h.sale.checkout.complete([{ kind: 'cash', amountMinor: 1299 }]);
    h.clock.set('2026-03-03T03:30:00.000Z'); // 04:30 on the 3rd: the 3rd
    h.sale.cart.addProduct('bread');
    await h.sale.checkout.complete([{ kind: 'cash', amountMinor: 1000 }]);

    const day2 = reportsOf(h).x({ businessDate: '2026-03-02' });
    const day3 = reportsOf(h).x({ businessDate: '2026-03-03' });
    expect(day2.summary.salesGrossMinor).toBe(250 + 1299);
    expect(day2.byHour.map((b) => [b.label, b.salesCount])).toEqual([['21:00', 1], ['22:00', 0], ['23:00', 0], ['00:00', 1]]);
    expect(day3.summary.salesGrossMinor).toBe(1000);
    expect(day3.byHour.map((b) => b.label)).toEqual(['04:00']);
    // The grand total is the terminal's running total, whatever the report covers.
    expect(day2.summary.grandTotalMinor).toBe(2549);
    expect(day3.summary.grandTotalMinor).toBe(2549);
  });
});

describe('Z report', () => {
  it('When the manager closes the day, then a day.closed operation with the report figures is journaled and numbered 1', async () => {
    const h = await openedTill();
    await tradeADay(h);
    h.sale.shifts.close([{ denominationMinor: 100, count: 155 }]); // 155.00 counted, 155.04 expected
    h.login('manager');
    const z = reportsOf(h).closeDay();
    expect(ReportSchema.parse(z)).toEqual(z);
    checkIdentities(z);
    expect(z.z).toMatchObject({ zNumber: 1, businessDate: '2026-03-02', closedBy: { id: USERS.manager.id, name: 'User u-manager' } });
    expect(z.cash).toMatchObject({ expectedMinor: 15_504, countedMinor: 15_500, overShortMinor: -4 });

    const [op] = rows<{ op: string }>(h.db, "SELECT op FROM journal WHERE type = 'day.closed'").map((r) => OperationSchema.parse(JSON.parse(r.op)));
    expect(op?.type).toBe('day.closed');
    if (op?.type !== 'day.closed') return;
    expect(DayClosedSchema.parse(op.payload)).toEqual(op.payload);
    expect(op.payload).toMatchObject({ zNumber: 1, firstReceiptNumber: 'T01-000001', lastReceiptNumber: 'T01-000005', closedBy: USERS.manager.id });
    expect(op.payload.summary).toEqual(z.summary);
    expect(rows(h.db, 'SELECT z_number, seq FROM day_closes')).toEqual([{ z_number: 1, seq: op.seq }]);
  });

  it('When Zs follow each other, then they are numbered without gaps, each covers only what came after the last, and the grand total runs on', async () => {
    const h = await openedTill();
    const reports = reportsOf(h);
    await tradeADay(h);
    h.login('manager');
    h.sale.shifts.close([]);
    const z1 = reports.closeDay();
    const z2 = reports.closeDay(); // nothing since: an empty Z, still numbered
    h.sale.shifts.open(5000);
    h.sale.cart.addProduct('wine');
    await h.sale.checkout.complete([{ kind: 'cash', amountMinor: 1299 }]);
    h.sale.shifts.close([]);
    const z3 = reports.closeDay();

    expect([z1, z2, z3].map((z) => z.z.zNumber)).toEqual([1, 2, 3]);
    expect(z2.summary).toMatchObject({ grossMinor: 0, counts: { sales: 0, refunds: 0, voids: 0, noSales: 0, cashMovements: 0 } });
    expect(z2.firstReceiptNumber).toBeNull();
    expect(z3.summary).toMatchObject({ salesGrossMinor: 1299, counts: { sales: 1 } });
    expect(z3.firstReceiptNumber).toBe('T01-000006');
    expect(z3.summary.grandTotalMinor).toBe(z1.summary.grossMinor + 1299);
    expect(reports.zList().map((z) => [z.zNumber, z.grandTotalMinor])).toEqual([
      [3, z1.summary.grossMinor + 1299],
      [2, z1.summary.grossMinor],
      [1, z1.summary.grossMinor],
    ]);
  });

  it('When a closed Z is read again after more trading, then it is exactly the report given at closing (immutable)', async () => {
    const h = await openedTill();
    const reports = reportsOf(h);
    await tradeADay(h);
    h.login('manager');
    h.sale.shifts.close([]);
    const z1 = reports.closeDay();
    h.sale.shifts.open(0);
    await tradeADay(h);
    expect(reports.z(1)).toEqual(z1);
    // And a sale in a Z can no longer be voided: only refunded, in the next Z.
    const [saleId] = rows<{ sale_id: string }>(h.db, 'SELECT sale_id FROM sales ORDER BY receipt_seq LIMIT 1').map((r) => r.sale_id);
    await expect(h.sale.voids.void({ saleId: saleId!, reason: 'late' })).rejects.toMatchObject({ code: 'SALE_NOT_VOIDABLE' });
  });

  it('When a shift is still open or no manager approves, then the Z is refused and nothing is recorded', async () => {
    const h = await openedTill();
    await tradeADay(h);
    const journal = count(h.db, 'journal');
    h.login('manager');
    expect(codeOf(() => reportsOf(h).closeDay())).toBe('SHIFT_ALREADY_OPEN');
    h.sale.shifts.close([]);
    h.login('cashier');
    expect(codeOf(() => reportsOf(h).closeDay())).toBe('APPROVAL_REQUIRED');
    expect(codeOf(() => reportsOf(h).closeDay({ approverPin: PINS.supervisor }))).toBe('PIN_INVALID');
    expect(count(h.db, 'journal')).toBe(journal + 1); // the shift close only
    const z = reportsOf(h).closeDay({ approverPin: PINS.manager });
    expect(z.z.closedBy.id).toBe(USERS.manager.id);
  });

  it('When a day was left open, then the next Z covers both business days', async () => {
    const h = await openedTill({ who: 'manager' });
    h.sale.cart.addProduct('cola');
    await h.sale.checkout.complete([{ kind: 'cash', amountMinor: 250 }]);
    h.clock.set('2026-03-03T10:00:00.000Z');
    h.sale.cart.addProduct('wine');
    await h.sale.checkout.complete([{ kind: 'cash', amountMinor: 1299 }]);
    h.sale.shifts.close([]);
    const z = reportsOf(h).closeDay();
    expect(z.businessDates).toEqual(['2026-03-02', '2026-03-03']);
    expect(z.z.businessDate).toBe('2026-03-03');
    expect(z.summary.salesGrossMinor).toBe(1549);
  });
});
