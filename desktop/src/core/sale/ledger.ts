import { RefundSchema, SaleSchema, type Refund, type Sale } from '@keel/shared';
import type { Db } from '../store/database';

/**
 * Reads of the terminal's own ledger that the sale services decide on. Documents are read back
 * from their stored JSON and validated (STYLE.md habit 7): what a refund or void is computed
 * from must be the sale exactly as it was recorded.
 */

export interface ShiftRow {
  shiftId: string;
  cashierId: string;
  openedAt: string;
  businessDate: string;
  openingFloatMinor: number;
  closedAt: string | null;
}

const SHIFT_COLUMNS = `shift_id AS shiftId, cashier_id AS cashierId, opened_at AS openedAt, business_date AS businessDate,
  opening_float_minor AS openingFloatMinor, closed_at AS closedAt`;

/** The open shift; the schema allows at most one per terminal. */
export function openShift(db: Db): ShiftRow | null {
  return db.prepare<[], ShiftRow>(`SELECT ${SHIFT_COLUMNS} FROM shifts WHERE closed_at IS NULL`).get() ?? null;
}

export function shiftById(db: Db, shiftId: string): ShiftRow | null {
  return db.prepare<[string], ShiftRow>(`SELECT ${SHIFT_COLUMNS} FROM shifts WHERE shift_id = ?`).get(shiftId) ?? null;
}

/**
 * The next receipt number's seq: sales and refunds share one gapless sequence per terminal.
 * Must be called inside the write transaction that inserts the document, so that two
 * documents can never take the same number and a rolled-back one takes none.
 */
export function nextReceiptSeq(db: Db): number {
  const row = db
    .prepare<[], { last: number | null }>(
      'SELECT max(last) AS last FROM (SELECT max(receipt_seq) AS last FROM sales UNION ALL SELECT max(receipt_seq) FROM refunds)',
    )
    .get();
  return (row?.last ?? 0) + 1;
}

export interface StoredSale {
  sale: Sale;
  /** Journal seq of its sale.completed. */
  seq: number;
  voidedAt: string | null;
}

export function loadSale(db: Db, saleId: string): StoredSale | null {
  const row = db
    .prepare<[string], { doc: string; seq: number; voidedAt: string | null }>('SELECT doc, seq, voided_at AS voidedAt FROM sales WHERE sale_id = ?')
    .get(saleId);
  if (!row) return null;
  return { sale: SaleSchema.parse(JSON.parse(row.doc)), seq: row.seq, voidedAt: row.voidedAt };
}

/** Every refund recorded against a sale, oldest first. */
export function refundsOf(db: Db, saleId: string): Refund[] {
  return db
    .prepare<[string], { doc: string }>('SELECT doc FROM refunds WHERE original_sale_id = ? ORDER BY receipt_seq')
    .all(saleId)
    .map((row) => RefundSchema.parse(JSON.parse(row.doc)));
}

/** True once a Z report was recorded after the operation `seq`: a Z covers every document before it. */
export function isClosedInZ(db: Db, seq: number): boolean {
  return db.prepare<[number], { n: number }>('SELECT count(*) AS n FROM day_closes WHERE seq > ?').get(seq)?.n !== 0;
}

/** The cash a shift's drawer should hold, and what it is made of (all amounts signed as they move the drawer). */
export interface ShiftCash {
  openingFloatMinor: number;
  cashSalesMinor: number;
  /** ≤ 0 */
  cashRefundsMinor: number;
  /** ≤ 0 */
  cashVoidsMinor: number;
  cashInMinor: number;
  cashOutMinor: number;
  expectedMinor: number;
}

/**
 * Float + cash kept from sales (tendered − change) + cash paid out by refunds and voids
 * (negative) + cash in − cash out. Refund and void tenders live only in their documents, so
 * they are summed from the JSON (SQLite's json_each); sale tenders have their own table.
 */
export function shiftCash(db: Db, shift: Pick<ShiftRow, 'shiftId' | 'openingFloatMinor'>): ShiftCash {
  const one = (sql: string) => db.prepare<[string], { v: number | null }>(sql).get(shift.shiftId)?.v ?? 0;
  const cashSalesMinor = one(
    `SELECT sum(t.amount_minor) AS v FROM sale_tenders t JOIN sales s ON s.sale_id = t.sale_id WHERE s.shift_id = ? AND t.kind = 'cash'`,
  );
  const docCash = (table: string) =>
    one(
      `SELECT sum(json_extract(t.value, '$.amountMinor')) AS v FROM ${table} d, json_each(d.doc, '$.tenders') t
       WHERE d.shift_id = ? AND json_extract(t.value, '$.kind') = 'cash'`,
    );
  const cashRefundsMinor = docCash('refunds');
  const cashVoidsMinor = docCash('voids');
  const moved = (kind: string) => one(`SELECT sum(amount_minor) AS v FROM cash_movements WHERE shift_id = ? AND kind = '${kind}'`);
  const cashInMinor = moved('cash_in');
  const cashOutMinor = moved('cash_out');
  return {
    openingFloatMinor: shift.openingFloatMinor,
    cashSalesMinor,
    cashRefundsMinor,
    cashVoidsMinor,
    cashInMinor,
    cashOutMinor,
    expectedMinor: shift.openingFloatMinor + cashSalesMinor + cashRefundsMinor + cashVoidsMinor + cashInMinor - cashOutMinor,
  };
}
