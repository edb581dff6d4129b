/**
 * Indexes for X and Z reports (reports/report-read.ts). A Z covers the journal range after the
 * previous Z, so every document table is read by journal seq; X reports read by shift and by
 * business date. Without these, a Z on a ledger of millions of sales scans them all (see
 * scripts/bench/reports.ts: a day of 5,000 sales among 2,000,000 must close in < 50 ms).
 * Indexes only: no data changes, so the migration is instant on an existing ledger's tables
 * apart from building the indexes themselves.
 */
export const up = `
CREATE INDEX sales_seq ON sales (seq);
CREATE INDEX refunds_seq ON refunds (seq);
CREATE INDEX refunds_shift ON refunds (shift_id);
CREATE INDEX voids_seq ON voids (seq);
CREATE INDEX voids_shift ON voids (shift_id);
CREATE INDEX voids_business_date ON voids (business_date);
CREATE INDEX cash_movements_seq ON cash_movements (seq);
CREATE INDEX cash_movements_shift ON cash_movements (shift_id);
CREATE INDEX cash_movements_created ON cash_movements (created_at);
CREATE INDEX shifts_business_date ON shifts (business_date);
`;
