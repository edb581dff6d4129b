/**
 * What a Z reads, as columns written with the sale (scripts/bench/reports.ts: a day of 5,000
 * sales among 2,000,000 must close in < 50 ms):
 * - the business day on every sale line and tender, with indexes that hold a day's sales,
 *   lines and tenders together in the order the reports group them (reports/report-days.ts).
 *   Reached through their sales instead, they cost one index search per sale and a sort of
 *   every row;
 * - a line's own discount and its approver, and the sale's cart discount approver, which
 *   otherwise means parsing every discounted sale's document (reports/report-discounts.ts).
 *
 * The sale write path fills them (sale/document-rows.ts); existing rows get them here (the
 * discount figures only for discounted sales, the only ones the reports read them for). A row
 * written without them (NULL) is seen by the reports, which then read it the old way, so a
 * missing value costs time, never figures. The columns are nullable because SQLite adds
 * columns in place only without NOT NULL.
 */

/** The values of the rows already written, as the sale write path writes them. */
export const backfill = `
UPDATE sale_lines SET business_date = s.business_date FROM sales s WHERE s.sale_id = sale_lines.sale_id;
UPDATE sale_tenders SET business_date = s.business_date FROM sales s WHERE s.sale_id = sale_tenders.sale_id;
-- Line n is the document's line n - 1 (sale/document-rows.ts numbers them from 1).
UPDATE sale_lines SET line_discount_minor = j.value ->> 'lineDiscountMinor', discount_approved_by = j.value ->> 'discountApprovedBy'
  FROM sales s, json_each(s.doc, '$.lines') j
 WHERE s.sale_id = sale_lines.sale_id AND s.discount_minor <> 0 AND j.key = sale_lines.line_no - 1;
UPDATE sales SET cart_discount_approved_by = doc ->> '$.cartDiscountApprovedBy' WHERE discount_minor <> 0;
`;

export const up = `
ALTER TABLE sale_lines ADD COLUMN business_date TEXT;
ALTER TABLE sale_lines ADD COLUMN line_discount_minor INTEGER;
ALTER TABLE sale_lines ADD COLUMN discount_approved_by TEXT;
ALTER TABLE sale_tenders ADD COLUMN business_date TEXT;
ALTER TABLE sales ADD COLUMN cart_discount_approved_by TEXT;
${backfill}
-- A day's sales in the order of the reports' sale groups, with the quarter-hour they began in
-- computed once (reports/report-days.ts writes the same expression) and all they sum.
CREATE INDEX sales_day_groups ON sales (business_date, cashier_id,
  (substr(created_at, 1, 14) || printf('%02d', (CAST(substr(created_at, 15, 2) AS INTEGER) / 15) * 15)), (voided_at IS NOT NULL),
  total_minor, discount_minor, rounding_minor, created_at, voided_at, receipt_seq);
CREATE INDEX sale_lines_day ON sale_lines (business_date, sku, category_id, tax_rate_id, rate_ppm, name, qty_milli, total_minor, net_minor, tax_minor);
CREATE INDEX sale_tenders_day ON sale_tenders (business_date, kind, amount_minor);
-- The lines a discount section reads, and only those: a line outside it has no discount of its
-- own and no share of the cart's. Small: most lines are not discounted.
CREATE INDEX sale_lines_discounts ON sale_lines (sale_id, line_discount_minor, discount_minor, discount_approved_by)
 WHERE discount_minor <> 0 OR line_discount_minor <> 0;
`;
