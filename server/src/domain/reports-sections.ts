import { businessDateOf } from '@keel/shared';
import { docWhere, Params, terminalZones, type Db, type ReportFilter } from './reports-sql';

/**
 * The people-facing sections of a server report (what sold, who refunded, voided, discounted),
 * read for a date scope. The figures that must match the terminal's Z are in reports-sql.ts;
 * these are lists and breakdowns. Long lists are capped (LIST_LIMIT, newest kept out): a
 * tenant-wide year must not become a response of megabytes; the summary is never capped.
 */

export const LIST_LIMIT = 1000;
const UUID_TEXT = `'^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'`;

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
  createdAt: Date;
  cashierId: string;
  approvedBy: string | null;
  amountMinor: number;
  reason: string;
}
export interface VoidRow {
  receiptNumber: string;
  createdAt: Date;
  cashierId: string;
  approvedBy: string;
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
export interface ShiftRow {
  shiftId: string;
  terminalId: string;
  cashierId: string;
  openedAt: Date;
  closedAt: Date | null;
  openingFloatMinor: number;
  expectedMinor: number | null;
  countedMinor: number | null;
  overShortMinor: number | null;
}

export interface Sections {
  items: ItemRow[];
  refundList: RefundRow[];
  voidList: VoidRow[];
  discounts: DiscountRow[];
  shifts: ShiftRow[];
  userNames: Map<string, string>;
  categoryNames: Map<string, string>;
}

export async function readSections(db: Db, f: Extract<ReportFilter, { kind: 'dates' }>): Promise<Sections> {
  const run = async <T extends object>(build: (q: Params) => string): Promise<T[]> => {
    const q = new Params();
    return (await db.query<T>(build(q), q.values)).rows;
  };
  const [items, refundList, voidList, discounts, shifts, users, categories] = await Promise.all([
    // Categories come from the catalog as it is now: server sale lines do not record one.
    run<ItemRow>(
      (q) => `SELECT l.sku, max(l.name) AS name, p.category_id::text AS "categoryId", sum(l.qty_milli)::bigint AS "qtyMilli",
                     sum(l.total_minor)::bigint AS "grossMinor"
                FROM sales s JOIN sale_lines l ON l.tenant_id = s.tenant_id AND l.sale_id = s.id
                LEFT JOIN products p ON p.tenant_id = l.tenant_id
                      AND p.id = CASE WHEN l.product_id ~ ${UUID_TEXT} THEN l.product_id::uuid END
               WHERE ${docWhere(f, 's', q)} AND s.voided_at IS NULL GROUP BY l.sku, p.category_id`,
    ),
    run<RefundRow>(
      (q) => `SELECT r.refund->>'receiptNumber' AS "receiptNumber", r.refund->>'originalReceiptNumber' AS "originalReceiptNumber",
                     r.created_at AS "createdAt", r.refund->>'cashierId' AS "cashierId", r.refund->>'approvedBy' AS "approvedBy",
                     (r.total_minor + (r.refund->>'roundingMinor')::bigint)::bigint AS "amountMinor", r.refund->>'reason' AS reason
                FROM refunds r WHERE ${docWhere(f, 'r', q)} ORDER BY r.created_at LIMIT ${LIST_LIMIT}`,
    ),
    run<VoidRow>(
      (q) => `SELECT s.receipt_number AS "receiptNumber", v.created_at AS "createdAt", v.void->>'cashierId' AS "cashierId",
                     v.void->>'approvedBy' AS "approvedBy", (s.total_minor + s.rounding_minor)::bigint AS "saleAmountMinor", v.void->>'reason' AS reason
                FROM voids v JOIN sales s ON s.tenant_id = v.tenant_id AND s.id = v.sale_id
               WHERE ${docWhere(f, 'v', q, 'void')} ORDER BY v.created_at LIMIT ${LIST_LIMIT}`,
    ),
    // Discount approvals are only in the sale document (operations.op), opened for discounted sales only.
    run<DiscountRow>(
      (q) => `WITH d AS (
                SELECT coalesce(s.cashier_id, '') AS cashier, o.op->'payload' AS p
                  FROM sales s JOIN operations o ON o.tenant_id = s.tenant_id AND o.terminal_id = s.terminal_id AND o.seq = s.seq
                 WHERE ${docWhere(f, 's', q)} AND s.discount_minor <> 0 AND s.voided_at IS NULL)
              SELECT cashier AS "cashierId", j->>'discountApprovedBy' AS "approvedBy", 'line' AS kind, count(*)::int AS count,
                     sum((j->>'lineDiscountMinor')::bigint)::bigint AS "amountMinor"
                FROM d CROSS JOIN LATERAL json_array_elements(d.p->'lines') j
               WHERE (j->>'lineDiscountMinor')::bigint <> 0 GROUP BY 1, 2
              UNION ALL
              SELECT cashier, p->>'cartDiscountApprovedBy', 'cart', count(*)::int, sum(amount)::bigint
                FROM (SELECT cashier, p, (SELECT sum((j->>'cartDiscountMinor')::bigint) FROM json_array_elements(p->'lines') j) AS amount FROM d) x
               WHERE amount <> 0 GROUP BY 1, 2
              ORDER BY 1, 3, 2 NULLS FIRST`,
    ),
    readShifts(db, f),
    run<{ id: string; name: string }>((q) => `SELECT id::text AS id, name FROM cashiers WHERE tenant_id = ${q.add(f.tenantId)}`),
    run<{ id: string; name: string }>((q) => `SELECT id::text AS id, name FROM categories WHERE tenant_id = ${q.add(f.tenantId)}`),
  ]);
  return {
    items,
    refundList,
    voidList,
    discounts,
    shifts,
    userNames: new Map(users.map((u) => [u.id, u.name])),
    categoryNames: new Map(categories.map((c) => [c.id, c.name])),
  };
}

/** Shifts opened on a business day in range (their rows carry no business date: from opened_at). */
async function readShifts(db: Db, f: Extract<ReportFilter, { kind: 'dates' }>): Promise<ShiftRow[]> {
  const zones = await terminalZones(db, f);
  const lo = new Date(Date.parse(`${f.from}T00:00:00.000Z`) - 2 * 86_400_000);
  const hi = new Date(Date.parse(`${f.to}T00:00:00.000Z`) + 3 * 86_400_000);
  const { rows } = await db.query<ShiftRow>(
    `SELECT id::text AS "shiftId", terminal_id::text AS "terminalId", coalesce(cashier_id, '') AS "cashierId", opened_at AS "openedAt",
            closed_at AS "closedAt", opening_float_minor AS "openingFloatMinor", expected_minor AS "expectedMinor",
            counted_minor AS "countedMinor", over_short_minor AS "overShortMinor"
       FROM shifts WHERE tenant_id = $1 AND terminal_id = ANY($2::uuid[]) AND opened_at >= $3 AND opened_at < $4 ORDER BY opened_at`,
    [f.tenantId, [...zones.keys()], lo, hi],
  );
  return rows.filter((s) => {
    const zone = zones.get(s.terminalId);
    const day = zone ? businessDateOf(s.openedAt, zone.timeZone, zone.businessDayStartsAt) : null;
    return day !== null && day >= f.from && day <= f.to;
  });
}
