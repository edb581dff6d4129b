import { businessDateOf, BusinessDateSchema, KeelError } from '@keel/shared';
import { z } from 'zod';
import type { AppContext } from '../context';
import { epochMicros, PageQuerySchema, pageOf, type Page } from './listing';
import { getStore } from './stores';

/**
 * `from`/`to` are business dates (YYYY-MM-DD, inclusive) as the store counts them, compared on
 * sales.business_date, which the terminal derived from the store's time zone and day start.
 * Either one missing means today's business date in the store's time zone.
 */
export const SalesQuerySchema = PageQuerySchema.extend({
  from: BusinessDateSchema.optional(),
  to: BusinessDateSchema.optional(),
});

export interface SaleSummary {
  id: string;
  storeId: string;
  terminalId: string;
  seq: number;
  receiptNumber: string;
  receiptSeq: number;
  shiftId: string | null;
  cashierId: string | null;
  createdAt: string;
  businessDate: string;
  currency: string;
  subtotalMinor: number;
  discountMinor: number;
  netMinor: number;
  taxMinor: number;
  totalMinor: number;
  roundingMinor: number;
  changeMinor: number;
  voidedAt: string | null;
}
interface SaleRow extends Record<string, unknown> {
  id: string;
  store_id: string;
  terminal_id: string;
  seq: number;
  receipt_number: string;
  receipt_seq: number;
  shift_id: string | null;
  cashier_id: string | null;
  created_at: Date;
  business_date: string;
  currency: string;
  subtotal_minor: number;
  discount_minor: number;
  net_minor: number;
  tax_minor: number;
  total_minor: number;
  rounding_minor: number;
  change_minor: number;
  voided_at: Date | null;
}
const toSummary = (r: SaleRow): SaleSummary => ({
  id: r.id,
  storeId: r.store_id,
  terminalId: r.terminal_id,
  seq: r.seq,
  receiptNumber: r.receipt_number,
  receiptSeq: r.receipt_seq,
  shiftId: r.shift_id,
  cashierId: r.cashier_id,
  createdAt: r.created_at.toISOString(),
  businessDate: r.business_date,
  currency: r.currency,
  subtotalMinor: r.subtotal_minor,
  discountMinor: r.discount_minor,
  netMinor: r.net_minor,
  taxMinor: r.tax_minor,
  totalMinor: r.total_minor,
  roundingMinor: r.rounding_minor,
  changeMinor: r.change_minor,
  voidedAt: r.voided_at?.toISOString() ?? null,
});
// business_date as text: pg would turn a date into a Date at local midnight, shifting the day.
const COLUMNS = `id, store_id, terminal_id, seq, receipt_number, receipt_seq, shift_id, cashier_id, created_at,
  business_date::text AS business_date, currency, subtotal_minor, discount_minor, net_minor, tax_minor, total_minor,
  rounding_minor, change_minor, voided_at`;

/** Newest first: by business date, then time of sale. */
export async function listSales(
  ctx: AppContext,
  tenantId: string,
  storeId: string,
  query: z.infer<typeof SalesQuerySchema>,
): Promise<Page<SaleSummary>> {
  let { from, to } = query;
  if (from === undefined || to === undefined) {
    const { settings } = await getStore(ctx.pool, tenantId, storeId);
    const today = businessDateOf(ctx.now(), settings.timeZone, settings.businessDayStartsAt);
    from ??= today;
    to ??= today;
  }
  if (from > to) {
    throw new KeelError('INVALID_INPUT', 'Invalid request', { issues: [{ path: 'from', message: 'must not be after to' }] });
  }
  return pageOf<SaleRow, SaleSummary>(
    ctx.pool,
    {
      select: `SELECT ${COLUMNS}, ${epochMicros('created_at')} AS key_at, id::text AS key_id FROM sales
                WHERE tenant_id = $1 AND store_id = $2 AND business_date BETWEEN $3::date AND $4::date`,
      params: [tenantId, storeId, from, to],
      keys: ['business_date', 'key_at', 'key_id'],
      order: 'desc',
      page: query,
    },
    toSummary,
  );
}

export interface SaleDetail extends SaleSummary {
  lines: Record<string, unknown>[];
  tenders: Record<string, unknown>[];
}

/** One sale of this store with its lines and tenders (masked card data only is ever stored). */
export async function getSale(ctx: AppContext, tenantId: string, storeId: string, saleId: string): Promise<SaleDetail> {
  const { rows } = await ctx.pool.query<SaleRow>(`SELECT ${COLUMNS} FROM sales WHERE tenant_id = $1 AND store_id = $2 AND id = $3`, [
    tenantId,
    storeId,
    saleId,
  ]);
  if (!rows[0]) throw new KeelError('NOT_FOUND', 'No such sale in this store.');
  const lines = await ctx.pool.query(
    `SELECT line_no AS "lineNo", line_id AS "lineId", product_id AS "productId", sku, name, unit_price_minor AS "unitPriceMinor", qty_milli AS "qtyMilli",
            tax_rate_id AS "taxRateId", rate_ppm AS "ratePpm", line_discount_minor AS "lineDiscountMinor",
            cart_discount_minor AS "cartDiscountMinor", total_minor AS "totalMinor", net_minor AS "netMinor", tax_minor AS "taxMinor"
       FROM sale_lines WHERE tenant_id = $1 AND sale_id = $2 ORDER BY line_no`,
    [tenantId, saleId],
  );
  const tenders = await ctx.pool.query(
    `SELECT idx, kind, amount_minor AS "amountMinor", tendered_minor AS "tenderedMinor", change_minor AS "changeMinor",
            brand, masked_pan AS "maskedPan", auth_code AS "authCode"
       FROM sale_tenders WHERE tenant_id = $1 AND sale_id = $2 ORDER BY idx`,
    [tenantId, saleId],
  );
  return { ...toSummary(rows[0]), lines: lines.rows, tenders: tenders.rows };
}
