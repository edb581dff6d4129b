/**
 * Indexes for X and Z reports (reports/report-read.ts). A Z covers the journal range after the
 * previous Z, so every document table is read by journal seq; X reports read by shift and by
 * business date. Without these, a Z on a ledger of millions of sales scans them all (see
 * scripts/bench/reports.ts: a day of 5,000 sales among 2,000,000 must close in < 50 ms).
 *
 * The three "report" indexes are covering: they hold every column the Z's aggregates read, so
 * the Z never touches the wide sale rows (each carries its JSON document) nor the line and
 * tender rows, only compact index pages. The price is disk: roughly the size of sale_lines
 * again. Indexes only, no data changes.
 */
export const up = `
CREATE INDEX sales_seq ON sales (seq, business_date, cashier_id, created_at, voided_at, total_minor, discount_minor, rounding_minor, receipt_seq, sale_id);
CREATE INDEX sale_lines_report ON sale_lines (sale_id, tax_rate_id, rate_ppm, sku, category_id, name, qty_milli, total_minor, net_minor, tax_minor);
CREATE INDEX sale_tenders_report ON sale_tenders (sale_id, kind, amount_minor);
CREATE INDEX refunds_seq ON refunds (seq);
CREATE INDEX refunds_shift ON refunds (shift_id);
CREATE INDEX voids_seq ON voids (seq);
CREATE INDEX voids_shift ON voids (shift_id);
CREATE INDEX voids_business_date ON voids (business_date);
CREATE INDEX cash_movements_seq ON cash_movements (seq);
CREATE INDEX cash_movements_shift ON cash_movements (shift_id);
CREATE INDEX cash_movements_created ON cash_movements (created_at);
CREATE INDEX shifts_business_date ON shifts (business_date);
-- The shifts a Z covers are found by their shift.opened / shift.closed operations in its range.
CREATE INDEX journal_type ON journal (type, seq);
`;
