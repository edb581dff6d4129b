import type { Refund, Sale, SaleVoid } from '@keel/shared';
import type { Db } from '../store/database';

/**
 * Table rows of the documents. Called ONLY from inside journal.record effects, so that every
 * row is written in the transaction of the operation whose seq it carries (STYLE.md habit 3).
 * The full payload is kept as `doc` beside the columns reports query.
 */

export function insertSaleRows(db: Db, sale: Sale, seq: number, categoryOf: (lineId: string) => string | null): void {
  db.prepare(
    `INSERT INTO sales (sale_id, receipt_seq, receipt_number, shift_id, cashier_id, created_at, business_date, total_minor,
       tax_minor, discount_minor, rounding_minor, change_minor, voided_at, doc, seq, cart_discount_approved_by)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?)`,
  ).run(
    sale.saleId,
    sale.receiptSeq,
    sale.receiptNumber,
    sale.shiftId,
    sale.cashierId,
    sale.createdAt,
    sale.businessDate,
    sale.totals.totalMinor,
    sale.totals.taxMinor,
    sale.totals.discountMinor,
    sale.roundingMinor,
    sale.changeMinor,
    JSON.stringify(sale),
    seq,
    sale.cartDiscountApprovedBy,
  );
  const line = db.prepare(
    `INSERT INTO sale_lines (sale_id, line_no, line_id, product_id, sku, name, category_id, unit_price_minor, qty_milli,
       tax_rate_id, rate_ppm, discount_minor, total_minor, net_minor, tax_minor, business_date, line_discount_minor, discount_approved_by)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  sale.lines.forEach((l, index) => {
    line.run(
      sale.saleId,
      index + 1,
      l.lineId,
      l.productId,
      l.sku,
      l.name,
      categoryOf(l.lineId),
      l.unitPriceMinor,
      l.qtyMilli,
      l.taxRateId,
      l.ratePpm,
      l.lineDiscountMinor + l.cartDiscountMinor,
      l.totalMinor,
      l.netMinor,
      l.taxMinor,
      sale.businessDate,
      l.lineDiscountMinor,
      l.discountApprovedBy,
    );
  });
  const tender = db.prepare(
    `INSERT INTO sale_tenders (sale_id, idx, kind, amount_minor, tendered_minor, change_minor, brand, masked_pan, auth_code, business_date)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  sale.tenders.forEach((t, idx) => {
    const day = sale.businessDate;
    if (t.kind === 'cash') tender.run(sale.saleId, idx, t.kind, t.amountMinor, t.tenderedMinor, t.changeMinor, null, null, null, day);
    else if (t.kind === 'card') tender.run(sale.saleId, idx, t.kind, t.amountMinor, t.amountMinor, 0, t.brand, t.maskedPan, t.authCode, day);
    else tender.run(sale.saleId, idx, t.kind, t.amountMinor, t.amountMinor, 0, null, null, null, day);
  });
  insertStock(
    db,
    sale.lines.map((l) => ({ productId: l.productId, deltaQtyMilli: -l.qtyMilli })),
    'sale',
    seq,
  );
}

export function insertRefundRows(db: Db, refund: Refund, seq: number): void {
  db.prepare(
    `INSERT INTO refunds (refund_id, original_sale_id, receipt_seq, receipt_number, shift_id, cashier_id, approved_by, created_at,
       business_date, total_minor, tax_minor, doc, seq)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    refund.refundId,
    refund.originalSaleId,
    refund.receiptSeq,
    refund.receiptNumber,
    refund.shiftId,
    refund.cashierId,
    refund.approvedBy,
    refund.createdAt,
    refund.businessDate,
    refund.totals.totalMinor,
    refund.totals.taxMinor,
    JSON.stringify(refund),
    seq,
  );
  // Refund quantities are negative; goods back on the shelf move stock up. Written-off goods do not.
  insertStock(
    db,
    refund.lines.filter((l) => l.restock).map((l) => ({ productId: l.productId, deltaQtyMilli: -l.qtyMilli })),
    'refund',
    seq,
  );
}

export function insertVoidRows(db: Db, voided: SaleVoid, sale: Sale, seq: number): void {
  db.prepare(
    `INSERT INTO voids (sale_id, void_id, shift_id, approved_by, created_at, business_date, doc, seq)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(voided.saleId, voided.voidId, voided.shiftId, voided.approvedBy, voided.createdAt, voided.businessDate, JSON.stringify(voided), seq);
  db.prepare('UPDATE sales SET voided_at = ? WHERE sale_id = ?').run(voided.createdAt, voided.saleId);
  // A void undoes the whole sale, so every sold quantity goes back.
  insertStock(
    db,
    sale.lines.map((l) => ({ productId: l.productId, deltaQtyMilli: l.qtyMilli })),
    'void',
    seq,
  );
}

function insertStock(db: Db, moves: { productId: string | null; deltaQtyMilli: number }[], reason: string, seq: number): void {
  const stmt = db.prepare('INSERT INTO stock_movements (product_id, delta_qty_milli, reason, seq) VALUES (?, ?, ?, ?)');
  for (const move of moves) {
    // Lines without a product (none today) and zero deltas move no stock.
    if (move.productId === null || move.deltaQtyMilli === 0) continue;
    stmt.run(move.productId, move.deltaQtyMilli, reason, seq);
  }
}
