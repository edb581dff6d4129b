import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { formatReceiptNumber, priceFullRefund, type DayClosed, type Operation, type Sale, type ZSummary } from '@keel/shared';
import type { AppContext } from '../../src/context';
import { buildAdminRouter } from '../../src/http/admin-routes';
import { reportRoutes } from '../../src/http/admin-reports';
import { errorHandler, notFound } from '../../src/http/errors';
import type { ScriptedTerminal } from '../support/scripted-terminal';

/**
 * The report routes served on their own, exactly as the admin router serves any table of routes
 * (auth, scoping, errors), until admin.ts lists them among its routes.
 */
export async function startReportsApi(ctx: AppContext): Promise<{ baseUrl: string; close(): Promise<void> }> {
  const app = express();
  app.use('/v1/admin', buildAdminRouter(ctx, reportRoutes(ctx)));
  app.use(notFound);
  app.use(errorHandler(ctx.logger, ctx.metrics));
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Receipt numbers for refunds written by hand next to ScriptedTerminal's sales (which number 1, 2, ...). */
export class Receipts {
  private n = 0;
  constructor(private readonly code: string) {}
  next(): { receiptNumber: string; receiptSeq: number } {
    this.n += 1;
    return { receiptNumber: formatReceiptNumber(this.code, this.n), receiptSeq: this.n };
  }
  skip(): void {
    this.n += 1;
  }
}

/** A full refund of `sale` in cash, as the terminal records it. */
export function refundOp(t: ScriptedTerminal, sale: Sale, receipts: Receipts, reason = 'faulty'): Operation {
  const priced = priceFullRefund({ lines: sale.lines, totals: sale.totals }, [], { roundingMode: sale.pricing.roundingMode });
  const createdAt = t.now().toISOString();
  return t.append({
    type: 'sale.refunded',
    payload: {
      refundId: randomUUID(),
      originalSaleId: sale.saleId,
      originalReceiptNumber: sale.receiptNumber,
      terminalId: t.id.terminalId,
      storeId: t.id.storeId,
      ...receipts.next(),
      shiftId: t.shiftId,
      cashierId: 'u-bob',
      createdAt,
      businessDate: createdAt.slice(0, 10),
      pricing: sale.pricing,
      lines: priced.lines.map((l) => ({ ...l, restock: true })),
      totals: priced.totals,
      tenders: [{ kind: 'cash', amountMinor: priced.totals.totalMinor }],
      roundingMinor: 0,
      reason,
      approvedBy: 'u-boss',
    },
  });
}

export function voidOp(t: ScriptedTerminal, sale: Sale): Operation {
  const createdAt = t.now().toISOString();
  return t.append({
    type: 'sale.voided',
    payload: {
      voidId: randomUUID(),
      saleId: sale.saleId,
      receiptNumber: sale.receiptNumber,
      shiftId: t.shiftId,
      cashierId: 'u-anna',
      approvedBy: 'u-boss',
      reason: 'rang up twice',
      tenders: sale.tenders.map((tender) => ({ kind: 'cash' as const, amountMinor: -tender.amountMinor })),
      createdAt,
      businessDate: createdAt.slice(0, 10),
    },
  });
}

export function zOp(t: ScriptedTerminal, fields: { zNumber: number; businessDate: string; first: string | null; last: string | null; summary: ZSummary }): Operation & { payload: DayClosed } {
  const op = t.append({
    type: 'day.closed',
    payload: {
      zId: randomUUID(),
      zNumber: fields.zNumber,
      businessDate: fields.businessDate,
      closedBy: 'u-boss',
      closedAt: t.now().toISOString(),
      firstReceiptNumber: fields.first,
      lastReceiptNumber: fields.last,
      summary: fields.summary,
    },
  });
  return op as Operation & { payload: DayClosed };
}

export const emptySummary = (): ZSummary => ({
  salesGrossMinor: 0,
  refundsGrossMinor: 0,
  voidsGrossMinor: 0,
  grossMinor: 0,
  netMinor: 0,
  taxMinor: 0,
  taxes: [],
  discountMinor: 0,
  roundingMinor: 0,
  tenders: [],
  cashInMinor: 0,
  cashOutMinor: 0,
  counts: { sales: 0, refunds: 0, voids: 0, noSales: 0, cashMovements: 0 },
  grandTotalMinor: 0,
});
