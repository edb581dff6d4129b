// History rows of the reports benchmark fixture, written with SQL (see reports-fixture.ts).
import type { DayClosed } from '@keel/shared';
import type { Db } from '../../desktop/src/core/store/database';
import { MEASURED_DATE, PRODUCTS } from './reports-fixture-data';
import type { FixtureSpec } from './reports-fixture';

/** A time-ordered UUID for history rows (appends to indexes); `tag` keeps kinds apart. */
const orderedId = (tag: number, n: string) => `printf('%08x-000${tag}-4000-8000-%012x', ${n}, ${n})`;

export function writeHistory(db: Db, spec: FixtureSpec, print: (line: string) => void): void {
  const t0 = Date.now();
  const log = (line: string) => print(`${line} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  const days = Math.ceil(spec.historySales / spec.perDay);
  const first = Date.parse(`${MEASURED_DATE}T00:00:00.000Z`) / 1000 - days * 86_400;
  const stride = 3 * spec.perDay + 10; // journal seqs per day: shift, 3 per sale, cash, close, Z
  const spacing = (12 * 3600) / spec.perDay;
  db.exec(`CREATE TEMP TABLE d AS WITH RECURSIVE n(d) AS (SELECT 0 UNION ALL SELECT d + 1 FROM n WHERE d < ${days - 1})
    SELECT d, ${orderedId(1, 'd')} AS shift_id, 'u' || (1 + d % 6) AS cashier_id, date(${first} + d * 86400, 'unixepoch') AS day,
           ${first} + d * 86400 AS epoch, d * ${stride} + 1 AS open_seq, d * ${stride} + ${stride - 2} AS close_seq, d * ${stride} + ${stride - 1} AS z_seq FROM n`);
  db.exec(`CREATE TEMP TABLE h AS WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ${spec.historySales - 1})
    SELECT i, printf('%08x-0000-4000-8000-%012x', i, i) AS sale_id, i / ${spec.perDay} AS d, 1 + (i * 7 + i / 13) % 5 AS nlines,
           strftime('%Y-%m-%dT%H:%M:%fZ', ${first} + (i / ${spec.perDay}) * 86400 + 25200 + (i % ${spec.perDay}) * ${spacing}, 'unixepoch') AS created_at,
           (i / ${spec.perDay}) * ${stride} + 2 + 3 * (i % ${spec.perDay}) AS seq, 2 * i + 1 AS receipt_seq FROM n`);
  db.exec('CREATE INDEX temp.h_sale ON h (sale_id)');
  log(`  counters: ${days} days, ${spec.historySales} sales`);

  db.exec('CREATE TEMP TABLE pr AS SELECT p.rowid AS k, p.id, p.sku, p.name, p.category_id, p.price_minor, p.tax_rate_id, t.rate_ppm FROM products p JOIN tax_rates t ON t.id = p.tax_rate_id');
  db.exec('CREATE INDEX temp.pr_k ON pr (k)');
  // Lines: 1–5 per sale at catalog prices; tax split of a tax-inclusive amount, half-up; no discount.
  db.exec(`INSERT INTO sale_lines (sale_id, line_no, line_id, product_id, sku, name, category_id, unit_price_minor, qty_milli,
             tax_rate_id, rate_ppm, discount_minor, total_minor, net_minor, tax_minor, business_date, line_discount_minor)
    SELECT sale_id, k, 'l' || k, id, sku, name, category_id, price_minor, qty, tax_rate_id, rate, 0, total,
           total - (total * rate * 2 + 1000000 + rate) / (2 * (1000000 + rate)), (total * rate * 2 + 1000000 + rate) / (2 * (1000000 + rate)), day, 0
      FROM (SELECT h.sale_id, k.k, p.id, p.sku, p.name, p.category_id, p.price_minor, 1000 * (1 + (h.i + k.k) % 2) AS qty,
                   p.tax_rate_id, p.rate_ppm AS rate, p.price_minor * (1 + (h.i + k.k) % 2) AS total, d.day
              FROM h JOIN d ON d.d = h.d JOIN (SELECT 1 AS k UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5) k ON k.k <= h.nlines
              JOIN pr p ON p.k = 1 + (h.i * 31 + k.k * 17) % ${PRODUCTS})`);
  log('  sale_lines');
  db.exec('CREATE TEMP TABLE tot AS SELECT sale_id, sum(total_minor) AS total, sum(tax_minor) AS tax FROM sale_lines GROUP BY sale_id');
  db.exec('CREATE INDEX temp.tot_sale ON tot (sale_id)');
  log('  line totals');
  db.exec(`INSERT INTO sales (sale_id, receipt_seq, receipt_number, shift_id, cashier_id, created_at, business_date, total_minor, tax_minor,
             discount_minor, rounding_minor, change_minor, voided_at, doc, seq)
    SELECT h.sale_id, h.receipt_seq, 'T01-' || printf('%06d', h.receipt_seq), d.shift_id, d.cashier_id, h.created_at, d.day, tot.total, tot.tax,
           0, 0, ((tot.total + 499) / 500) * 500 - tot.total, NULL,
           '{"saleId":"' || h.sale_id || '","history":"' || hex(zeroblob(320)) || '"}', h.seq
      FROM h JOIN d ON d.d = h.d JOIN tot ON tot.sale_id = h.sale_id ORDER BY h.i`);
  log('  sales');
  db.exec(`INSERT INTO sale_tenders (sale_id, idx, kind, amount_minor, tendered_minor, change_minor, business_date)
    SELECT sale_id, 0, 'cash', total_minor, total_minor + change_minor, change_minor, business_date FROM sales ORDER BY rowid`);

  // 1 % of sales refunded in full (the next receipt number, the next journal seq), 0.5 % voided.
  db.exec(`INSERT INTO refunds (refund_id, original_sale_id, receipt_seq, receipt_number, shift_id, cashier_id, approved_by, created_at,
             business_date, total_minor, tax_minor, doc, seq)
    SELECT ${orderedId(2, 'h.i')}, s.sale_id, s.receipt_seq + 1, 'T01-' || printf('%06d', s.receipt_seq + 1), s.shift_id, s.cashier_id, 'sup', s.created_at,
           s.business_date, -s.total_minor, -s.tax_minor,
           json_object('originalReceiptNumber', s.receipt_number, 'cashierId', s.cashier_id, 'reason', 'faulty', 'roundingMinor', 0,
             'totals', json_object('discountMinor', 0, 'totalMinor', -s.total_minor, 'taxMinor', -s.tax_minor),
             'lines', (SELECT json_group_array(json_object('lineId', line_id, 'taxRateId', tax_rate_id, 'ratePpm', rate_ppm,
                 'netMinor', -net_minor, 'taxMinor', -tax_minor, 'totalMinor', -total_minor, 'qtyMilli', -qty_milli, 'restock', json('true')))
               FROM sale_lines l WHERE l.sale_id = s.sale_id),
             'tenders', json_array(json_object('kind', 'cash', 'amountMinor', -s.total_minor))),
           s.seq + 1
      FROM h JOIN sales s ON s.sale_id = h.sale_id WHERE h.i % 100 = 50 ORDER BY h.i`);
  db.exec(`INSERT INTO voids (sale_id, void_id, shift_id, approved_by, created_at, business_date, doc, seq)
    SELECT s.sale_id, ${orderedId(3, 'h.i')}, s.shift_id, 'sup', s.created_at, s.business_date,
           json_object('cashierId', s.cashier_id, 'reason', 'rang up twice', 'tenders', json_array(json_object('kind', 'cash', 'amountMinor', -s.total_minor))),
           s.seq + 1
      FROM h JOIN sales s ON s.sale_id = h.sale_id WHERE h.i % 200 = 120 ORDER BY h.i`);
  db.exec('UPDATE sales SET voided_at = created_at WHERE sale_id IN (SELECT sale_id FROM voids)');
  log('  tenders, refunds, voids');

  db.exec(`INSERT INTO shifts (shift_id, cashier_id, opened_at, business_date, opening_float_minor, closed_at, expected_minor, counted_minor, over_short_minor, close)
    SELECT shift_id, cashier_id, strftime('%Y-%m-%dT%H:%M:%fZ', epoch + 24000, 'unixepoch'), day, 20000,
           strftime('%Y-%m-%dT%H:%M:%fZ', epoch + 69000, 'unixepoch'), 20000, 20000, 0, '{}' FROM d ORDER BY d`);
  db.exec(`INSERT INTO cash_movements (id, shift_id, kind, amount_minor, reason, cashier_id, created_at, seq)
    SELECT ${orderedId(4, 'd')}, shift_id, 'no_sale', 0, 'change', cashier_id, strftime('%Y-%m-%dT%H:%M:%fZ', epoch + 36000, 'unixepoch'), open_seq + 303 FROM d
    UNION ALL
    SELECT ${orderedId(5, 'd')}, shift_id, 'cash_out', 10000, 'pickup', cashier_id, strftime('%Y-%m-%dT%H:%M:%fZ', epoch + 50000, 'unixepoch'), close_seq - 1 FROM d`);

  // The journal: one row per document; history ops are stubs (type and seq are what reports read).
  db.exec(`INSERT INTO journal (seq, op_id, type, created_at, prev_hash, hash, op)
    SELECT seq, ${orderedId(6, 'seq')}, type, created_at, printf('%064d', 0), printf('%064d', 0), json_object('type', type) FROM (
      SELECT seq, 'sale.completed' AS type, created_at FROM sales
      UNION ALL SELECT seq, 'sale.refunded', created_at FROM refunds
      UNION ALL SELECT seq, 'sale.voided', created_at FROM voids
      UNION ALL SELECT seq, CASE kind WHEN 'no_sale' THEN 'drawer.opened' ELSE 'cash.moved' END, created_at FROM cash_movements
      UNION ALL SELECT open_seq, 'shift.opened', strftime('%Y-%m-%dT%H:%M:%fZ', epoch + 24000, 'unixepoch') FROM d
      UNION ALL SELECT close_seq, 'shift.closed', strftime('%Y-%m-%dT%H:%M:%fZ', epoch + 69000, 'unixepoch') FROM d
      UNION ALL SELECT z_seq, 'day.closed', strftime('%Y-%m-%dT%H:%M:%fZ', epoch + 70000, 'unixepoch') FROM d) ORDER BY seq`);
  writeHistoryZs(db);
  log('  shifts, cash, journal, Zs');
}

/** One Z per history day carrying the running grand total (the figure the next Z builds on). */
function writeHistoryZs(db: Db): void {
  // One pass per table (the business_date indexes are not built yet during the load).
  const days = db
    .prepare<[], { d: number; day: string; z_seq: number; epoch: number; gross: number }>(
      `SELECT d.d, d.day, d.z_seq, d.epoch, coalesce(s.g, 0) + coalesce(r.g, 0) - coalesce(v.g, 0) AS gross
         FROM d
         LEFT JOIN (SELECT business_date AS day, sum(total_minor) AS g FROM sales GROUP BY 1) s ON s.day = d.day
         LEFT JOIN (SELECT business_date AS day, sum(total_minor) AS g FROM refunds GROUP BY 1) r ON r.day = d.day
         LEFT JOIN (SELECT v.business_date AS day, sum(s.total_minor) AS g FROM voids v JOIN sales s ON s.sale_id = v.sale_id GROUP BY 1) v ON v.day = d.day
        ORDER BY d.d`,
    )
    .all();
  const insert = db.prepare('INSERT INTO day_closes (z_number, business_date, closed_at, doc, seq) VALUES (?, ?, ?, ?, ?)');
  let grand = 0;
  for (const day of days) {
    grand += day.gross;
    const closedAt = new Date((day.epoch + 70_000) * 1000).toISOString();
    const doc: DayClosed = {
      zId: '00000000-0000-4000-8000-' + String(day.d + 1).padStart(12, '0'),
      zNumber: day.d + 1,
      businessDate: day.day,
      closedBy: 'mgr',
      closedAt,
      firstReceiptNumber: null,
      lastReceiptNumber: null,
      summary: {
        salesGrossMinor: day.gross, refundsGrossMinor: 0, voidsGrossMinor: 0, grossMinor: day.gross, netMinor: 0, taxMinor: 0, taxes: [],
        discountMinor: 0, roundingMinor: 0, tenders: [], cashInMinor: 0, cashOutMinor: 0,
        counts: { sales: 0, refunds: 0, voids: 0, noSales: 0, cashMovements: 0 }, grandTotalMinor: grand,
      },
    };
    insert.run(day.d + 1, day.day, closedAt, JSON.stringify(doc), day.z_seq);
  }
}
