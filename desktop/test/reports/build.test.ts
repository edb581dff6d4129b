import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { summaryOf, ZSummarySchema, type SummaryParts } from '@keel/shared';
import { buildSummary } from '../../src/core/reports/report-build';
import type { ReportFacts } from '../../src/core/reports/report-facts';

// The pure builder on generated rows: no database, the rules of report-build.ts as properties.

const minor = fc.integer({ min: 0, max: 1_000_000 });
const date = fc.constantFrom('2026-03-01', '2026-03-02');
const cashier = fc.constantFrom('u1', 'u2', 'u3');
const docRow = fc.record({
  businessDate: date,
  cashierId: cashier,
  count: fc.integer({ min: 1, max: 50 }),
  grossMinor: minor,
  discountMinor: fc.integer({ min: 0, max: 1000 }),
  roundingMinor: fc.integer({ min: -2, max: 2 }),
  firstAt: fc.constant('2026-03-01T10:00:00.000Z'),
  lastAt: fc.constant('2026-03-01T11:00:00.000Z'),
});
const taxRow = fc.record({
  taxRateId: fc.constantFrom('std', 'red', 'zero'),
  ratePpm: fc.constantFrom(190_000, 70_000, 0),
  netMinor: minor,
  taxMinor: minor,
  grossMinor: minor,
  voided: fc.boolean(),
});
const facts = fc.record({
  sales: fc.array(docRow.map((r) => ({ ...r, quarter: '2026-03-01T10:00', voided: false }))),
  refunds: fc.array(docRow.map((r) => ({ ...r, grossMinor: -r.grossMinor, discountMinor: -r.discountMinor }))),
  voids: fc.array(docRow),
  taxes: fc.array(taxRow),
  tenders: fc.array(fc.record({ kind: fc.constantFrom('cash' as const, 'card' as const, 'other' as const), amountMinor: fc.integer({ min: -1e6, max: 1e6 }), count: fc.integer({ min: 0, max: 9 }) })),
  cashMoves: fc.array(
    fc.record({
      kind: fc.constantFrom('cash_in' as const, 'cash_out' as const, 'no_sale' as const),
      amountMinor: fc.integer({ min: 1, max: 10_000 }),
      cashierId: cashier,
      reason: fc.constant(null),
      createdAt: fc.constant('2026-03-01T10:00:00.000Z'),
    }),
  ),
  grandTotal: fc.record({ baseMinor: minor, sinceBaseMinor: fc.option(minor, { nil: null }) }),
});

type Generated = typeof facts extends fc.Arbitrary<infer T> ? T : never;

function full(partial: Generated): ReportFacts {
  return {
    ...partial,
    cashMoves: partial.cashMoves.map((m) => (m.kind === 'no_sale' ? { ...m, amountMinor: 0 } : m)),
    items: [],
    refundList: [],
    voidList: [],
    discounts: [],
    shifts: [],
    firstReceiptNumber: null,
    lastReceiptNumber: null,
    userNames: new Map(),
    categoryNames: new Map(),
  };
}

const shuffled = <T>(xs: readonly T[], seed: number): T[] => [...xs].map((x, i) => ({ x, k: (i * 7919 + seed) % 104_729 })).sort((a, b) => a.k - b.k).map((e) => e.x);

describe('report builder', () => {
  it('When rows come in any order, then the summary is the same and valid as a day.closed summary', () => {
    fc.assert(
      fc.property(facts, fc.nat(), (f, seed) => {
        const a = buildSummary(full(f));
        const b = buildSummary(full({ ...f, sales: shuffled(f.sales, seed), taxes: shuffled(f.taxes, seed), tenders: shuffled(f.tenders, seed) }));
        expect(b).toEqual(a);
        expect(ZSummarySchema.safeParse(a).success).toBe(true);
      }),
    );
  });

  it('When figures are summed, then gross is sales + refunds + voids and net and tax are the sums of the rates', () => {
    fc.assert(
      fc.property(facts, (f) => {
        const s = buildSummary(full(f));
        expect(s.grossMinor).toBe(s.salesGrossMinor + s.refundsGrossMinor + s.voidsGrossMinor);
        expect(s.voidsGrossMinor).toBe(0 - f.voids.reduce((a, r) => a + r.grossMinor, 0));
        expect(Object.is(s.voidsGrossMinor, -0)).toBe(false); // -0 has no place in a hashed payload
        expect(s.netMinor).toBe(s.taxes.reduce((a, t) => a + t.netMinor, 0));
        expect(s.taxMinor).toBe(s.taxes.reduce((a, t) => a + t.taxMinor, 0));
        expect(s.grandTotalMinor).toBe(f.grandTotal.baseMinor + (f.grandTotal.sinceBaseMinor ?? s.grossMinor));
        expect(s.counts.noSales + s.counts.cashMovements).toBe(f.cashMoves.length);
      }),
    );
  });

  it('When rates cancel out or tenders were never used, then they are left out, and the order is fixed', () => {
    const NO_PARTS: SummaryParts = { sales: [], refunds: [], voids: [], taxes: [], tenders: [], cashMoves: [] };
    expect(
      summaryOf({ ...NO_PARTS, taxes: [
        { taxRateId: 'red', ratePpm: 70_000, netMinor: 100, taxMinor: 7, grossMinor: 107, voided: false },
        { taxRateId: 'std', ratePpm: 190_000, netMinor: 100, taxMinor: 19, grossMinor: 119, voided: false },
        { taxRateId: 'red', ratePpm: 70_000, netMinor: 100, taxMinor: 7, grossMinor: 107, voided: true },
        { taxRateId: 'a', ratePpm: 190_000, netMinor: 1, taxMinor: 0, grossMinor: 1, voided: false },
      ] }, (gross) => gross).taxes,
    ).toEqual([
      { taxRateId: 'a', ratePpm: 190_000, netMinor: 1, taxMinor: 0, grossMinor: 1 },
      { taxRateId: 'std', ratePpm: 190_000, netMinor: 100, taxMinor: 19, grossMinor: 119 },
    ]);
    expect(
      summaryOf({ ...NO_PARTS, tenders: [
        { kind: 'other', amountMinor: 5, count: 1 },
        { kind: 'cash', amountMinor: 10, count: 2 },
        { kind: 'cash', amountMinor: -10, count: 1 },
      ] }, (gross) => gross).tenders,
    ).toEqual([
      { kind: 'cash', amountMinor: 0, count: 3 },
      { kind: 'other', amountMinor: 5, count: 1 },
    ]);
  });
});
