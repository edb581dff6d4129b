import { priceCart, settleTenders, sumDenominations, type Operation, type Sale } from '@keel/shared';

/**
 * What one parsed operation does to the system of record, computed without the database.
 * Checks that need the database (unknown product, stale price, missing original sale, stock
 * going negative) are listed as `checks` and resolved in the batch write.
 */
export interface Effects {
  rows: Partial<Record<TableName, Record<string, unknown>[]>>;
  stock: StockDelta[];
  anomalies: AnomalyDraft[];
  productChecks: ProductCheck[];
  saleRefs: SaleRef[];
  voidedSaleIds: string[];
  shiftCloseIds: string[];
}

export type TableName =
  | 'sales'
  | 'sale_lines'
  | 'sale_tenders'
  | 'refunds'
  | 'voids'
  | 'shifts_opened'
  | 'shifts_closed'
  | 'cash_movements'
  | 'day_closes';

export interface StockDelta {
  productId: string;
  deltaQtyMilli: number;
  reason: string;
  seq: number;
}

export interface AnomalyDraft {
  seq: number;
  code: string;
  message: string;
  details?: unknown;
}

/** A sale line to compare with the catalog: unknown product, or a price that is not current. */
export interface ProductCheck {
  seq: number;
  lineId: string;
  productId: string;
  unitPriceMinor: number;
  /** A line with an approved override is not a stale price. */
  overridden: boolean;
}

/** A document that refers to an earlier sale (refund, void) that should exist. */
export interface SaleRef {
  seq: number;
  saleId: string;
  kind: 'refund' | 'void';
}

function empty(): Effects {
  return { rows: {}, stock: [], anomalies: [], productChecks: [], saleRefs: [], voidedSaleIds: [], shiftCloseIds: [] };
}

function push(effects: Effects, table: TableName, row: Record<string, unknown>): void {
  (effects.rows[table] ??= []).push(row);
}

export function effectsOf(op: Operation): Effects {
  const fx = empty();
  const { seq } = op;
  switch (op.type) {
    case 'sale.completed':
      saleEffects(fx, seq, op.payload);
      break;
    case 'sale.refunded': {
      const r = op.payload;
      push(fx, 'refunds', {
        id: r.refundId,
        seq,
        original_sale_id: r.originalSaleId,
        created_at: r.createdAt,
        business_date: r.businessDate,
        total_minor: r.totals.totalMinor,
        tax_minor: r.totals.taxMinor,
        refund: r,
      });
      for (const line of r.lines) {
        // Refund lines carry negative quantities; goods put back on the shelf raise stock.
        if (line.restock && line.productId) fx.stock.push({ productId: line.productId, deltaQtyMilli: -line.qtyMilli, reason: 'refund', seq });
      }
      fx.saleRefs.push({ seq, saleId: r.originalSaleId, kind: 'refund' });
      break;
    }
    case 'sale.voided': {
      const v = op.payload;
      push(fx, 'voids', { sale_id: v.saleId, seq, created_at: v.createdAt, void: v });
      fx.voidedSaleIds.push(v.saleId);
      fx.saleRefs.push({ seq, saleId: v.saleId, kind: 'void' });
      break;
    }
    case 'shift.opened': {
      const s = op.payload;
      push(fx, 'shifts_opened', { id: s.shiftId, cashier_id: s.cashierId, opened_at: s.openedAt, opening_float_minor: s.openingFloatMinor });
      break;
    }
    case 'shift.closed': {
      const s = op.payload;
      push(fx, 'shifts_closed', {
        id: s.shiftId,
        closed_at: s.closedAt,
        expected_minor: s.expectedMinor,
        counted_minor: s.countedMinor,
        over_short_minor: s.overShortMinor,
        close: s,
      });
      fx.shiftCloseIds.push(s.shiftId);
      const counted = sumDenominations(s.countedByDenomination);
      if (s.countedByDenomination.length > 0 && counted !== s.countedMinor) {
        fx.anomalies.push({ seq, code: 'CASH_COUNT_MISMATCH', message: `Counted ${s.countedMinor} but the denominations add up to ${counted}.` });
      }
      if (s.countedMinor - s.expectedMinor !== s.overShortMinor) {
        fx.anomalies.push({ seq, code: 'CASH_COUNT_MISMATCH', message: `Over/short ${s.overShortMinor} is not counted − expected.` });
      }
      break;
    }
    case 'cash.moved': {
      const m = op.payload;
      push(fx, 'cash_movements', {
        id: m.movementId,
        shift_id: m.shiftId,
        kind: m.direction === 'in' ? 'cash_in' : 'cash_out',
        amount_minor: m.amountMinor,
        reason: m.reason,
        created_at: m.createdAt,
      });
      break;
    }
    case 'drawer.opened': {
      const d = op.payload;
      push(fx, 'cash_movements', { id: d.eventId, shift_id: d.shiftId, kind: 'no_sale', amount_minor: 0, reason: d.reason, created_at: d.createdAt });
      break;
    }
    case 'stock.moved': {
      const m = op.payload;
      fx.stock.push({ productId: m.productId, deltaQtyMilli: m.deltaQtyMilli, reason: m.reason, seq });
      break;
    }
    case 'day.closed': {
      const z = op.payload;
      push(fx, 'day_closes', { z_number: z.zNumber, business_date: z.businessDate, created_at: z.closedAt, report: z });
      break;
    }
  }
  return fx;
}

function saleEffects(fx: Effects, seq: number, sale: Sale): void {
  push(fx, 'sales', {
    id: sale.saleId,
    seq,
    receipt_number: sale.receiptNumber,
    receipt_seq: sale.receiptSeq,
    shift_id: sale.shiftId,
    cashier_id: sale.cashierId,
    created_at: sale.createdAt,
    business_date: sale.businessDate,
    currency: sale.pricing.currency,
    subtotal_minor: sale.totals.subtotalMinor,
    discount_minor: sale.totals.discountMinor,
    net_minor: sale.totals.netMinor,
    tax_minor: sale.totals.taxMinor,
    total_minor: sale.totals.totalMinor,
    rounding_minor: sale.roundingMinor,
    change_minor: sale.changeMinor,
  });
  sale.lines.forEach((l, i) => {
    push(fx, 'sale_lines', {
      sale_id: sale.saleId,
      line_no: i + 1,
      line_id: l.lineId,
      product_id: l.productId,
      sku: l.sku,
      name: l.name,
      unit_price_minor: l.unitPriceMinor,
      qty_milli: l.qtyMilli,
      tax_rate_id: l.taxRateId,
      rate_ppm: l.ratePpm,
      line_discount_minor: l.lineDiscountMinor,
      cart_discount_minor: l.cartDiscountMinor,
      total_minor: l.totalMinor,
      net_minor: l.netMinor,
      tax_minor: l.taxMinor,
    });
    if (l.productId) {
      fx.stock.push({ productId: l.productId, deltaQtyMilli: -l.qtyMilli, reason: 'sale', seq });
      fx.productChecks.push({ seq, lineId: l.lineId, productId: l.productId, unitPriceMinor: l.unitPriceMinor, overridden: l.priceOverride !== null });
    }
  });
  sale.tenders.forEach((t, i) => {
    push(fx, 'sale_tenders', {
      sale_id: sale.saleId,
      idx: i + 1,
      kind: t.kind,
      amount_minor: t.amountMinor,
      tendered_minor: t.kind === 'cash' ? t.tenderedMinor : t.amountMinor,
      change_minor: t.kind === 'cash' ? t.changeMinor : 0,
      brand: t.kind === 'card' ? t.brand : null,
      masked_pan: t.kind === 'card' ? t.maskedPan : null,
      auth_code: t.kind === 'card' ? t.authCode : null,
    });
  });
  fx.anomalies.push(...recomputeSale(seq, sale));
}

/**
 * DESIGN.md invariant 6: the server recomputes every sale with the same engine, from the inputs
 * and pricing settings the terminal recorded, and flags (never corrects) a difference.
 */
export function recomputeSale(seq: number, sale: Sale): AnomalyDraft[] {
  const anomalies: AnomalyDraft[] = [];
  const rates = new Map(sale.lines.map((l) => [l.taxRateId, { id: l.taxRateId, name: l.taxRateId, ratePpm: l.ratePpm }]));
  let priced;
  try {
    priced = priceCart(
      {
        lines: sale.lines.map((l) => ({
          lineId: l.lineId,
          productId: l.productId,
          sku: l.sku,
          name: l.name,
          unitPriceMinor: l.unitPriceMinor,
          qtyMilli: l.qtyMilli,
          taxRateId: l.taxRateId,
          discount: l.discount,
        })),
        cartDiscount: sale.cartDiscount,
        taxRates: [...rates.values()],
      },
      sale.pricing,
    );
  } catch (error) {
    return [{ seq, code: 'TOTALS_MISMATCH', message: `The sale cannot be re-priced: ${(error as Error).message}` }];
  }
  const differing = sale.lines
    .filter((line, i) => {
      const mine = priced.lines[i];
      return !mine || mine.totalMinor !== line.totalMinor || mine.taxMinor !== line.taxMinor || mine.netMinor !== line.netMinor;
    })
    .map((l) => l.lineId);
  const t = sale.totals;
  const p = priced.totals;
  if (differing.length > 0 || t.totalMinor !== p.totalMinor || t.taxMinor !== p.taxMinor || t.netMinor !== p.netMinor) {
    anomalies.push({
      seq,
      code: 'TOTALS_MISMATCH',
      message: `Terminal total ${t.totalMinor} (tax ${t.taxMinor}); recomputed ${p.totalMinor} (tax ${p.taxMinor}).`,
      details: { lines: differing, terminal: { totalMinor: t.totalMinor, taxMinor: t.taxMinor }, server: { totalMinor: p.totalMinor, taxMinor: p.taxMinor } },
    });
  }
  if (sale.tenders.length > 0) {
    try {
      const settled = settleTenders(
        p.totalMinor,
        sale.tenders.map((tender) => ({ kind: tender.kind, amountMinor: tender.kind === 'cash' ? tender.tenderedMinor : tender.amountMinor })),
        sale.pricing,
      );
      if (settled.remainingMinor !== 0 || settled.changeMinor !== sale.changeMinor || settled.roundingMinor !== sale.roundingMinor) {
        anomalies.push({
          seq,
          code: 'TENDER_MISMATCH',
          message: `Tenders leave ${settled.remainingMinor} unpaid, change ${settled.changeMinor} (terminal ${sale.changeMinor}), rounding ${settled.roundingMinor} (terminal ${sale.roundingMinor}).`,
        });
      }
    } catch (error) {
      anomalies.push({ seq, code: 'TENDER_MISMATCH', message: `The tenders cannot be settled: ${(error as Error).message}` });
    }
  } else if (p.totalMinor !== 0) {
    anomalies.push({ seq, code: 'TENDER_MISMATCH', message: `No tenders for a total of ${p.totalMinor}.` });
  }
  return anomalies;
}
