import type { Pool } from '../../../server/src/db/pool';
import type { Db } from '../../src/core/store/database';

/**
 * The figures a day's takings are made of, from the terminal's ledger and from the server's
 * system of record, in one shape so a test compares them with one toEqual (to the cent).
 */
export interface Takings {
  sales: number;
  totalMinor: number;
  byTender: Record<string, { count: number; amountMinor: number; tenderedMinor: number; changeMinor: number }>;
  byTax: Record<string, { lines: number; netMinor: number; taxMinor: number; totalMinor: number }>;
}

export function terminalTakings(db: Db): Takings {
  const sales = db.prepare<[], { n: number; total: number | null }>('SELECT count(*) AS n, sum(total_minor) AS total FROM sales').get()!;
  const tenders = db
    .prepare<[], { kind: string; n: number; amount: number; tendered: number; change: number }>(
      'SELECT kind, count(*) AS n, sum(amount_minor) AS amount, sum(tendered_minor) AS tendered, sum(change_minor) AS change FROM sale_tenders GROUP BY kind',
    )
    .all();
  const taxes = db
    .prepare<[], { rate: string; n: number; net: number; tax: number; total: number }>(
      'SELECT tax_rate_id AS rate, count(*) AS n, sum(net_minor) AS net, sum(tax_minor) AS tax, sum(total_minor) AS total FROM sale_lines GROUP BY tax_rate_id',
    )
    .all();
  return {
    sales: sales.n,
    totalMinor: sales.total ?? 0,
    byTender: Object.fromEntries(tenders.map((t) => [t.kind, { count: t.n, amountMinor: t.amount, tenderedMinor: t.tendered, changeMinor: t.change }])),
    byTax: Object.fromEntries(taxes.map((t) => [t.rate, { lines: t.n, netMinor: t.net, taxMinor: t.tax, totalMinor: t.total }])),
  };
}

export async function serverTakings(pool: Pool, terminalId: string): Promise<Takings> {
  const sales = await pool.query<{ n: number; total: number | null }>('SELECT count(*)::int AS n, sum(total_minor)::bigint AS total FROM sales WHERE terminal_id = $1', [terminalId]);
  const tenders = await pool.query<{ kind: string; n: number; amount: number; tendered: number; change: number }>(
    `SELECT t.kind, count(*)::int AS n, sum(t.amount_minor)::bigint AS amount, sum(t.tendered_minor)::bigint AS tendered, sum(t.change_minor)::bigint AS change
       FROM sale_tenders t JOIN sales s ON s.tenant_id = t.tenant_id AND s.id = t.sale_id
      WHERE s.terminal_id = $1 GROUP BY t.kind`,
    [terminalId],
  );
  const taxes = await pool.query<{ rate: string; n: number; net: number; tax: number; total: number }>(
    `SELECT l.tax_rate_id AS rate, count(*)::int AS n, sum(l.net_minor)::bigint AS net, sum(l.tax_minor)::bigint AS tax, sum(l.total_minor)::bigint AS total
       FROM sale_lines l JOIN sales s ON s.tenant_id = l.tenant_id AND s.id = l.sale_id
      WHERE s.terminal_id = $1 GROUP BY l.tax_rate_id`,
    [terminalId],
  );
  return {
    sales: sales.rows[0]!.n,
    totalMinor: sales.rows[0]!.total ?? 0,
    byTender: Object.fromEntries(tenders.rows.map((t) => [t.kind, { count: t.n, amountMinor: t.amount, tenderedMinor: t.tendered, changeMinor: t.change }])),
    byTax: Object.fromEntries(taxes.rows.map((t) => [t.rate, { lines: t.n, netMinor: t.net, taxMinor: t.tax, totalMinor: t.total }])),
  };
}

/** What the server holds of one terminal's journal: operation count, distinct seqs and its head. */
export async function serverJournal(pool: Pool, terminalId: string): Promise<{ operations: number; distinctSeqs: number; maxSeq: number; lastSeq: number; sales: number; distinctSales: number }> {
  const ops = await pool.query<{ n: number; d: number; max: number | null }>(
    'SELECT count(*)::int AS n, count(DISTINCT seq)::int AS d, max(seq)::bigint AS max FROM operations WHERE terminal_id = $1',
    [terminalId],
  );
  const head = await pool.query<{ last_seq: number }>('SELECT last_seq FROM terminals WHERE id = $1', [terminalId]);
  const sales = await pool.query<{ n: number; d: number }>('SELECT count(*)::int AS n, count(DISTINCT receipt_number)::int AS d FROM sales WHERE terminal_id = $1', [terminalId]);
  return {
    operations: ops.rows[0]!.n,
    distinctSeqs: ops.rows[0]!.d,
    maxSeq: ops.rows[0]!.max ?? 0,
    lastSeq: head.rows[0]!.last_seq,
    sales: sales.rows[0]!.n,
    distinctSales: sales.rows[0]!.d,
  };
}
