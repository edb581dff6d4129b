import { createReportService, type ReportService } from '../../src/core/reports/report-service';
import type { Report } from '@keel/shared';
import { PINS, STORE_ID, TERMINAL_ID, type Harness } from '../sale/harness';

/** The report service on a sale-test harness, wired as TerminalCore wires it (same deps as the sale services). */
export function reportsOf(h: Harness, terminalCode = 'T01'): ReportService {
  return createReportService({
    db: h.db,
    journal: h.journal,
    catalog: h.catalog,
    people: h.people,
    session: h.session,
    terminal: { terminalId: TERMINAL_ID, storeId: STORE_ID, terminalCode },
    clock: h.clock,
    ids: h.ids,
  });
}

/**
 * A small, known day at the till (prices from the harness catalog; everything 19 % but bread
 * at 7 %): four sales (one with a line and a cart discount, one voided), a partial refund, a
 * no-sale opening and cash in and out. Logged in as the cashier; approvals by supervisor PIN.
 */
export async function tradeADay(h: Harness): Promise<{ saleIds: string[] }> {
  const { cart, checkout } = h.sale;
  cart.addProduct('cola', 2000); // 5.00
  const a = await checkout.complete([{ kind: 'cash', amountMinor: 1000 }]);

  const line = cart.addProduct('wine', 1000).lines[0]!; // 12.99
  cart.addProduct('bread', 1000); // 10.00 at 7 %
  cart.setLineDiscount(line.lineId, { kind: 'percent', basisPoints: 1500 }, PINS.supervisor);
  cart.setCartDiscount({ kind: 'amount', amountMinor: 100 });
  const b = await checkout.complete([{ kind: 'other', amountMinor: 500 }, { kind: 'cash', amountMinor: 2000 }]);

  cart.addProduct('cola', 1000);
  const c = await checkout.complete([{ kind: 'cash', amountMinor: 250 }]);
  await h.sale.voids.void({ saleId: c.saleId, reason: 'rang up twice', approverPin: PINS.supervisor });

  cart.addProduct('bread', 3000);
  const d = await checkout.complete([{ kind: 'cash', amountMinor: 5000 }]);
  await h.sale.refunds.refund({ saleId: d.saleId, lines: [{ lineId: d.sale.lines[0]!.lineId, qtyMilli: 1000 }], reason: 'stale', approverPin: PINS.supervisor });

  h.sale.drawer.noSale('change for the market stall');
  h.sale.shifts.moveCash('in', 2000, 'float top-up');
  h.sale.shifts.moveCash('out', 500, 'window cleaner');
  return { saleIds: [a.saleId, b.saleId, c.saleId, d.saleId] };
}

/** Identities every report must satisfy, whatever it covers. */
export function checkIdentities(report: Report): void {
  const s = report.summary;
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  const problems: string[] = [];
  const expectEq = (what: string, a: number, b: number) => {
    if (a !== b) problems.push(`${what}: ${a} ≠ ${b}`);
  };
  expectEq('gross = sales + refunds + voids', s.grossMinor, s.salesGrossMinor + s.refundsGrossMinor + s.voidsGrossMinor);
  expectEq('Σ tax rates gross = gross', sum(s.taxes.map((t) => t.grossMinor)), s.grossMinor);
  expectEq('Σ tenders = gross + rounding', sum(s.tenders.map((t) => t.amountMinor)), s.grossMinor + s.roundingMinor);
  expectEq('Σ cashiers sales = sales', sum(report.byCashier.map((c) => c.salesGrossMinor)), s.salesGrossMinor);
  expectEq('Σ cashiers refunds = refunds', sum(report.byCashier.map((c) => c.refundsGrossMinor)), s.refundsGrossMinor);
  expectEq('Σ cashiers voids = voids', sum(report.byCashier.map((c) => c.voidsGrossMinor)), s.voidsGrossMinor);
  expectEq('Σ hours = Σ categories', sum(report.byHour.map((b) => b.grossMinor)), sum(report.byCategory.map((c) => c.grossMinor)));
  if (problems.length > 0) throw new Error(problems.join('\n'));
}
