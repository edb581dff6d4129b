import {
  formatReceiptNumber,
  KeelError,
  SaleFindInputSchema,
  SaleListInputSchema,
  type Refund,
  type SaleListEntry,
  type SaleListPage,
  type SaleRecord,
  type SaleStatus,
} from '@keel/shared';
import type { z } from 'zod';
import { requirePerson, type SaleContext } from './context';
import { isClosedInZ, loadSale, openShift, refundsOf, type StoredSale } from './ledger';

type FindInput = z.input<typeof SaleFindInputSchema>;
type ListInput = z.input<typeof SaleListInputSchema>;

interface ListRow {
  saleId: string;
  receiptNumber: string;
  receiptSeq: number;
  createdAt: string;
  businessDate: string;
  currency: string;
  paidMinor: number;
  totalMinor: number;
  lineCount: number;
  voidedAt: string | null;
  refundedMinor: number | null;
}

/*
 * Newest first by receipt seq: seqs are handed out in commit order, so this is time order, and
 * the seq's UNIQUE index serves both the order and the page cursor. A day's list goes through
 * sales_business_date and sorts that day's rows only. What refunds gave back comes from
 * refunds_original; json_* reads what only the document holds.
 */
const LIST_COLUMNS = `s.sale_id AS saleId, s.receipt_number AS receiptNumber, s.receipt_seq AS receiptSeq, s.created_at AS createdAt,
  s.business_date AS businessDate, json_extract(s.doc, '$.pricing.currency') AS currency, s.total_minor + s.rounding_minor AS paidMinor,
  s.total_minor AS totalMinor, json_array_length(s.doc, '$.lines') AS lineCount, s.voided_at AS voidedAt,
  (SELECT sum(r.total_minor) FROM refunds r WHERE r.original_sale_id = s.sale_id) AS refundedMinor`;
const LIST_ALL = `SELECT ${LIST_COLUMNS} FROM sales s WHERE s.receipt_seq < ? ORDER BY s.receipt_seq DESC LIMIT ?`;
const LIST_DAY = `SELECT ${LIST_COLUMNS} FROM sales s WHERE s.business_date = ? AND s.receipt_seq < ? ORDER BY s.receipt_seq DESC LIMIT ?`;

/**
 * `sale.find` and `sale.list`: earlier sales of this terminal's ledger, for the returns screen.
 * Reads only; what a refund or void may still do is decided again by RefundService and
 * VoidService when they run, so this view can only ever be a preview of their answer.
 */
export class SaleLookup {
  constructor(private readonly ctx: Pick<SaleContext, 'db' | 'people' | 'session' | 'terminal'>) {}

  /**
   * By receipt number as printed (`T01-000123`, any case, or just `123` for this till). A
   * number of another till, a refund's receipt or an unknown one is NOT_FOUND, saying which.
   */
  find(input: FindInput): SaleRecord {
    requirePerson(this.ctx);
    const { receiptNumber: query } = parsed(SaleFindInputSchema, input);
    const own = this.ctx.terminal.terminalCode;
    const [code, digits] = query.includes('-') ? (query.toUpperCase().split('-') as [string, string]) : [own, query];
    const receiptSeq = Number(digits);
    const shown = receiptSeq >= 1 && Number.isSafeInteger(receiptSeq) ? formatReceiptNumber(code, receiptSeq) : query.toUpperCase();
    if (code !== own) {
      throw new KeelError('NOT_FOUND', `Receipt ${shown} is from till ${code}, not this till (${own}). Only sales made on this till can be found here.`, {
        receiptNumber: shown,
      });
    }
    const row = this.ctx.db.prepare<[number], { saleId: string }>('SELECT sale_id AS saleId FROM sales WHERE receipt_seq = ?').get(receiptSeq);
    const stored = row ? loadSale(this.ctx.db, row.saleId) : null;
    if (!stored) {
      // Sales and refunds share one receipt sequence: say so rather than "unknown".
      const refund = this.ctx.db
        .prepare<[number], { original: string }>("SELECT json_extract(doc, '$.originalReceiptNumber') AS original FROM refunds WHERE receipt_seq = ?")
        .get(receiptSeq);
      if (refund) {
        throw new KeelError('NOT_FOUND', `Receipt ${shown} is a refund receipt, not a sale. Look up the sale it refunded: ${refund.original}.`, {
          receiptNumber: shown,
          refundOf: refund.original,
        });
      }
      throw new KeelError('NOT_FOUND', `No sale with receipt number ${shown} on this till.`, { receiptNumber: shown });
    }
    return this.record(stored);
  }

  /** Recent sales, newest first, a page at a time; optionally of one business day. */
  list(input: ListInput = {}): SaleListPage {
    requirePerson(this.ctx);
    const { businessDate, before, limit } = parsed(SaleListInputSchema, input);
    const under = before ?? Number.MAX_SAFE_INTEGER;
    // One row more than asked tells whether an older page exists, without a count.
    const rows =
      businessDate === undefined
        ? this.ctx.db.prepare<[number, number], ListRow>(LIST_ALL).all(under, limit + 1)
        : this.ctx.db.prepare<[string, number, number], ListRow>(LIST_DAY).all(businessDate, under, limit + 1);
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return { sales: page.map(listEntry), nextBefore: rows.length > limit && last ? last.receiptSeq : null };
  }

  private record(stored: StoredSale): SaleRecord {
    const { sale } = stored;
    const refunds = refundsOf(this.ctx.db, sale.saleId);
    const refunded = refundedQty(refunds);
    const voided = stored.voidedAt !== null;
    const lines = sale.lines.map((l) => {
      const refundedQtyMilli = refunded.get(l.lineId) ?? 0;
      return {
        lineId: l.lineId,
        sku: l.sku,
        name: l.name,
        unitPriceMinor: l.unitPriceMinor,
        qtyMilli: l.qtyMilli,
        totalMinor: l.totalMinor,
        discountMinor: l.lineDiscountMinor + l.cartDiscountMinor,
        priceOverridden: l.priceOverride !== null,
        refundedQtyMilli,
        refundableQtyMilli: voided ? 0 : Math.max(0, l.qtyMilli - refundedQtyMilli),
      };
    });
    const status: SaleStatus = voided
      ? 'voided'
      : lines.every((l) => l.refundableQtyMilli === 0)
        ? 'refunded'
        : refunds.length > 0
          ? 'partlyRefunded'
          : 'sold';
    const cashier = this.ctx.people.listActive().find((p) => p.id === sale.cashierId);
    return {
      saleId: sale.saleId,
      receiptNumber: sale.receiptNumber,
      createdAt: sale.createdAt,
      businessDate: sale.businessDate,
      cashierName: cashier?.name ?? sale.cashierId,
      currency: sale.pricing.currency,
      paidMinor: sale.totals.totalMinor + sale.roundingMinor,
      tenders: sale.tenders.map((t) => ({
        kind: t.kind,
        amountMinor: t.amountMinor,
        label: t.kind === 'cash' ? 'Cash' : t.kind === 'card' ? `${t.brand} ${t.maskedPan}` : t.label,
      })),
      lines,
      refunds: refunds.map((r) => ({ receiptNumber: r.receiptNumber, createdAt: r.createdAt, totalMinor: r.totals.totalMinor + r.roundingMinor })),
      status,
      voidedAt: stored.voidedAt,
      voidBlockedReason: this.voidBlockedReason(stored, refunds.length),
    };
  }

  /** The same rules as VoidService.assertVoidable, in the same order, as words for the screen. */
  private voidBlockedReason(stored: StoredSale, refundCount: number): string | null {
    if (stored.voidedAt !== null) return 'This sale is already voided.';
    if (stored.sale.shiftId !== openShift(this.ctx.db)?.shiftId) return 'Only sales of the open shift can be voided; refund it instead.';
    if (isClosedInZ(this.ctx.db, stored.seq)) return 'This sale is in a Z report; refund it instead.';
    if (refundCount > 0) return 'This sale was partly refunded; refund the rest instead.';
    return null;
  }
}

/** Input checked here too, for callers that are not the IPC dispatch: INVALID_INPUT, never a raw ZodError. */
function parsed<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw KeelError.fromZodError(result.error);
  return result.data;
}

/** Per sale line, the quantity earlier refunds gave back (refund lines carry negative quantities). */
function refundedQty(refunds: readonly Refund[]): Map<string, number> {
  const back = new Map<string, number>();
  for (const line of refunds.flatMap((r) => r.lines)) back.set(line.lineId, (back.get(line.lineId) ?? 0) - line.qtyMilli);
  return back;
}

function listEntry(row: ListRow): SaleListEntry {
  const givenBack = -(row.refundedMinor ?? 0);
  const status: SaleStatus =
    row.voidedAt !== null ? 'voided' : row.refundedMinor === null ? 'sold' : givenBack >= row.totalMinor ? 'refunded' : 'partlyRefunded';
  return {
    saleId: row.saleId,
    receiptNumber: row.receiptNumber,
    receiptSeq: row.receiptSeq,
    createdAt: row.createdAt,
    businessDate: row.businessDate,
    currency: row.currency,
    paidMinor: row.paidMinor,
    lineCount: row.lineCount,
    status,
  };
}
