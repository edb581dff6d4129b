/**
 * What the report builder is given: rows already aggregated by SQL (report-read.ts), with no
 * SQLite in sight, so the pure builder (report-build.ts) can be tested with plain values and a
 * server (PostgreSQL) can feed it the same rows. Amounts are integers in minor units, signed as
 * the documents record them: sales positive, refunds negative. Voids carry the VOIDED SALE's
 * figures as recorded (positive); the builder negates them.
 */

/** Sale documents grouped by business date, cashier, UTC quarter-hour and whether voided. */
export interface SaleGroupRow {
  businessDate: string;
  cashierId: string;
  /** "YYYY-MM-DDTHH:MM", the UTC quarter-hour the sales began in. */
  quarter: string;
  voided: boolean;
  count: number;
  grossMinor: number;
  discountMinor: number;
  roundingMinor: number;
  firstAt: string;
  lastAt: string;
}

/** Refunds, or voided sales, grouped by business date and the cashier who did them. */
export interface DocGroupRow {
  businessDate: string;
  cashierId: string;
  count: number;
  grossMinor: number;
  discountMinor: number;
  roundingMinor: number;
  firstAt: string;
  lastAt: string;
}

/** Per tax rate; the same rate may come in several rows (sales, refunds, voided sales). */
export interface TaxRow {
  taxRateId: string;
  ratePpm: number;
  netMinor: number;
  taxMinor: number;
  grossMinor: number;
  /** Rows of voided sales are subtracted. */
  voided: boolean;
}

/** Per tender kind, signed as recorded: refunds' and voids' tenders are money given back (< 0). */
export interface TenderRow {
  kind: 'cash' | 'card' | 'other';
  amountMinor: number;
  count: number;
}

/** Lines of sales that stand (not voided), grouped by item and category. */
export interface ItemRow {
  sku: string;
  name: string;
  categoryId: string | null;
  qtyMilli: number;
  grossMinor: number;
}

export interface RefundRow {
  receiptNumber: string;
  originalReceiptNumber: string;
  createdAt: string;
  cashierId: string;
  approvedBy: string | null;
  /** Refund total plus its cash rounding (≤ 0). */
  amountMinor: number;
  reason: string;
}

export interface VoidRow {
  receiptNumber: string;
  createdAt: string;
  cashierId: string;
  approvedBy: string;
  /** The voided sale's total plus rounding, as recorded (≥ 0). */
  saleAmountMinor: number;
  reason: string;
}

export interface DiscountRow {
  cashierId: string;
  approvedBy: string | null;
  kind: 'line' | 'cart';
  count: number;
  amountMinor: number;
}

export interface CashMoveRow {
  kind: 'cash_in' | 'cash_out' | 'no_sale';
  amountMinor: number;
  cashierId: string;
  reason: string | null;
  createdAt: string;
}

export interface ShiftFactRow {
  shiftId: string;
  cashierId: string;
  openedAt: string;
  closedAt: string | null;
  openingFloatMinor: number;
  expectedMinor: number;
  countedMinor: number | null;
  overShortMinor: number | null;
}

export interface ReportFacts {
  sales: SaleGroupRow[];
  refunds: DocGroupRow[];
  voids: DocGroupRow[];
  taxes: TaxRow[];
  tenders: TenderRow[];
  items: ItemRow[];
  refundList: RefundRow[];
  voidList: VoidRow[];
  discounts: DiscountRow[];
  cashMoves: CashMoveRow[];
  shifts: ShiftFactRow[];
  firstReceiptNumber: string | null;
  lastReceiptNumber: string | null;
  /** Names known at report time; an unknown id is shown as itself. */
  userNames: ReadonlyMap<string, string>;
  categoryNames: ReadonlyMap<string, string>;
  /**
   * The running grand total: the last Z's before this report, and the gross recorded since that
   * Z (null: exactly this report's gross, as for a Z, which covers everything since the last).
   */
  grandTotal: { baseMinor: number; sinceBaseMinor: number | null };
}
