import { compareText } from '@keel/shared';
import type { DiscountRow } from './report-facts';
import type { Filter, Param, ReportStatements } from './report-read';

/**
 * Discounts on sales that stand, by who gave and who approved them: a line discount counts per
 * line, a cart discount once per sale. Only discounted sales are read (discount_minor <> 0).
 *
 * From columns (migration 0005) when the sale path wrote them: a line's own discount and
 * approver, the sale's cart approver; a line's share of the cart discount is its discount_minor
 * (line + cart) less its own. Only lines with either are read (the last condition, which index
 * sale_lines_discounts answers): the others add nothing. Else each document is parsed, in
 * JavaScript (less than half the cost of SQLite's json_each, but many times that of columns).
 */

/** One discounted sale: its lines' own discounts with their approvers, and the cart discount. */
interface SaleDiscounts {
  cashierId: string;
  cartApprovedBy: string | null;
  cartMinor: number;
  lines: { amountMinor: number; approvedBy: string | null }[];
}

/** `written`: the sale path writes the columns (rowsDated: it writes them with the day). */
export function readDiscounts(db: ReportStatements, s: Filter, written: boolean): DiscountRow[] {
  const sales = written ? fromColumns(db, s) : null;
  return discountRows(sales ?? fromDocuments(db, s));
}

interface DiscountLine {
  sale: number;
  cashierId: string;
  cartApprovedBy: string | null;
  /** NULL: not written with the line. */
  lineDiscountMinor: number | null;
  discountMinor: number;
  lineApprovedBy: string | null;
}

/** Null when a line lacks the columns. */
function fromColumns(db: ReportStatements, s: Filter): SaleDiscounts[] | null {
  const lines = db
    .prepare<Param[], DiscountLine>(
      `SELECT s.rowid AS sale, s.cashier_id AS cashierId, s.cart_discount_approved_by AS cartApprovedBy,
              l.line_discount_minor AS lineDiscountMinor, l.discount_minor AS discountMinor, l.discount_approved_by AS lineApprovedBy
         FROM sales s JOIN sale_lines l ON l.sale_id = s.sale_id
        WHERE ${s.sql} AND s.discount_minor <> 0 AND s.voided_at IS NULL AND (l.discount_minor <> 0 OR l.line_discount_minor <> 0)`,
    )
    .all(...s.params);
  const sales = new Map<number, SaleDiscounts>();
  for (const l of lines) {
    if (l.lineDiscountMinor === null) return null;
    let sale = sales.get(l.sale);
    if (!sale) {
      sale = { cashierId: l.cashierId, cartApprovedBy: l.cartApprovedBy, cartMinor: 0, lines: [] };
      sales.set(l.sale, sale);
    }
    sale.cartMinor += l.discountMinor - l.lineDiscountMinor;
    sale.lines.push({ amountMinor: l.lineDiscountMinor, approvedBy: l.lineApprovedBy });
  }
  return [...sales.values()];
}

/** The parts of a sale document the discounts read (documents were validated when written). */
interface DiscountDoc {
  cartDiscountApprovedBy: string | null;
  lines: { lineDiscountMinor: number; cartDiscountMinor: number; discountApprovedBy: string | null }[];
}

function fromDocuments(db: ReportStatements, s: Filter): SaleDiscounts[] {
  return db
    .prepare<Param[], { cashierId: string; doc: string }>(
      `SELECT s.cashier_id AS cashierId, s.doc FROM sales s WHERE ${s.sql} AND s.discount_minor <> 0 AND s.voided_at IS NULL`,
    )
    .all(...s.params)
    .map(({ cashierId, doc }) => {
      const sale = JSON.parse(doc) as DiscountDoc;
      return {
        cashierId,
        cartApprovedBy: sale.cartDiscountApprovedBy,
        cartMinor: sale.lines.reduce((total, l) => total + l.cartDiscountMinor, 0),
        lines: sale.lines.map((l) => ({ amountMinor: l.lineDiscountMinor, approvedBy: l.discountApprovedBy })),
      };
    });
}

/** Pure: the discount rows of the discounted sales, ordered by cashier, kind and approver. */
export function discountRows(sales: readonly SaleDiscounts[]): DiscountRow[] {
  const rows = new Map<string, DiscountRow>();
  const add = (kind: 'line' | 'cart', cashierId: string, approvedBy: string | null, amountMinor: number) => {
    const key = `${kind}\u0000${cashierId}\u0000${approvedBy ?? ''}`;
    const row = rows.get(key) ?? { cashierId, approvedBy, kind, count: 0, amountMinor: 0 };
    row.amountMinor += amountMinor;
    row.count += 1;
    rows.set(key, row);
  };
  for (const sale of sales) {
    for (const line of sale.lines) if (line.amountMinor !== 0) add('line', sale.cashierId, line.approvedBy, line.amountMinor);
    if (sale.cartMinor !== 0) add('cart', sale.cashierId, sale.cartApprovedBy, sale.cartMinor);
  }
  return [...rows.values()].sort(
    (a, b) => compareText(a.cashierId, b.cashierId) || compareText(a.kind, b.kind) || compareText(a.approvedBy ?? '', b.approvedBy ?? ''),
  );
}
