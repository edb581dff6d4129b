// The push benchmark's workload: a tenant with stores, a stocked catalog and enrolled
// terminals, and every terminal's journal of cash sales sealed into a valid chain, built before
// any timing starts. Also turns the same sales into the plain multi-row INSERTs of the baseline.
import { randomUUID } from 'node:crypto';
import { settleTenders, type Operation, type Sale } from '@keel/shared';
import type { Pool } from '../../server/src/db/pool';
import { effectsOf } from '../../server/src/domain/push/effects';
// Test support reused on purpose: ScriptedTerminal seals sales exactly as the terminal core
// does, and insertTerminal is how the sync tests enroll a terminal without the admin API.
import { insertTerminal, ScriptedTerminal, storeSettings, type TerminalIdentity } from '../../server/test/support/scripted-terminal';
import { randomInt, seededRandom } from './stats';

export interface Product {
  id: string;
  sku: string;
  priceMinor: number;
  taxRateId: 'vat-19' | 'vat-7';
}

export interface Fleet {
  tenantId: string;
  storeIds: string[];
  products: Product[];
  terminals: TerminalIdentity[];
}

// Shelves stocked far beyond what the run sells, so no NEGATIVE_STOCK anomaly is written: the
// benchmark measures the clean path a healthy store takes all day.
const OPENING_STOCK_MILLI = 1_000_000_000_000;

/** One tenant, `stores` stores, a catalog with stock in every store, terminals spread evenly. */
export async function seedFleet(pool: Pool, options: { stores: number; products: number; terminals: number; seed: number }): Promise<Fleet> {
  const random = seededRandom(options.seed);
  const tenantId = randomUUID();
  const storeIds = Array.from({ length: options.stores }, () => randomUUID());
  await pool.query('INSERT INTO tenants (id, name) VALUES ($1, $2)', [tenantId, 'Bench tenant']);
  for (const [i, storeId] of storeIds.entries()) {
    await pool.query('INSERT INTO stores (tenant_id, id, name, settings) VALUES ($1, $2, $3, $4)', [tenantId, storeId, `Store ${i + 1}`, storeSettings(storeId)]);
  }
  await pool.query(
    `INSERT INTO tax_rates (tenant_id, id, name, rate_ppm) VALUES ($1, 'vat-19', 'VAT 19%', 190000), ($1, 'vat-7', 'VAT 7%', 70000)`,
    [tenantId],
  );
  const products: Product[] = Array.from({ length: options.products }, (_, i) => ({
    id: randomUUID(),
    sku: `SKU-${String(i + 1).padStart(5, '0')}`,
    priceMinor: randomInt(random, 49, 2999),
    taxRateId: i % 4 === 0 ? 'vat-7' : 'vat-19',
  }));
  await pool.query(
    `INSERT INTO products (tenant_id, id, sku, name, tax_rate_id, price_minor)
     SELECT $1, r.id, r.sku, 'Product ' || r.sku, r.tax_rate_id, r.price_minor
       FROM jsonb_to_recordset($2::jsonb) AS r(id uuid, sku text, tax_rate_id text, price_minor bigint)`,
    [tenantId, JSON.stringify(products.map((p) => ({ id: p.id, sku: p.sku, tax_rate_id: p.taxRateId, price_minor: p.priceMinor })))],
  );
  await pool.query(
    `INSERT INTO stock_levels (tenant_id, store_id, product_id, qty_milli)
     SELECT $1, s, p, $4 FROM unnest($2::uuid[]) AS s, unnest($3::text[]) AS p`,
    [tenantId, storeIds, products.map((p) => p.id), OPENING_STOCK_MILLI],
  );
  // One at a time: insertTerminal numbers the codes (T01, T02, ...) by counting the store's terminals.
  const terminals: TerminalIdentity[] = [];
  for (let i = 0; i < options.terminals; i++) {
    terminals.push(await insertTerminal(pool, { tenantId, storeId: storeIds[i % storeIds.length]! }));
  }
  return { tenantId, storeIds, products, terminals };
}

/** A terminal's journal cut into push batches, each with its request body already serialised. */
export interface TerminalScript {
  identity: TerminalIdentity;
  batches: { ops: Operation[]; body: string; lastSeq: number }[];
}

/**
 * Realistic cash sales: 1–5 lines of catalog products at the current price (so the server finds
 * nothing to flag), mostly one of each, some weighed or multi-packs; paid exact or with a note.
 */
export function buildScripts(fleet: Fleet, options: { batches: number; batchSize: number; seed: number }): TerminalScript[] {
  const random = seededRandom(options.seed);
  return fleet.terminals.map((identity) => {
    const terminal = new ScriptedTerminal(identity);
    const batches: TerminalScript['batches'] = [];
    for (let b = 0; b < options.batches; b++) {
      const ops: Operation[] = [];
      for (let i = 0; i < options.batchSize; i++) {
        const lines = Array.from({ length: randomInt(random, 1, 5) }, () => {
          const p = fleet.products[randomInt(random, 0, fleet.products.length - 1)]!;
          const qtyMilli = random() < 0.8 ? 1000 : randomInt(random, 2, 3) * 1000;
          return { productId: p.id, sku: p.sku, unitPriceMinor: p.priceMinor, qtyMilli, taxRateId: p.taxRateId };
        });
        // Paid with a note rounded up to 5 or 10 euros most of the time (change given), else exact.
        const note = random() < 0.6 ? (random() < 0.5 ? 500 : 1000) : 0;
        ops.push(terminal.sale(lines, { mutate: note ? (sale) => payWithNote(sale, note) : undefined }));
      }
      batches.push({ ops, body: JSON.stringify({ ops }), lastSeq: ops.at(-1)!.seq });
    }
    return { identity, batches };
  });
}

/** Re-settles a priced sale as paid with the smallest multiple of `note` above its total. */
function payWithNote(sale: Sale, note: number): void {
  const tendered = Math.ceil((sale.totals.totalMinor + 1) / note) * note;
  const settled = settleTenders(sale.totals.totalMinor, [{ kind: 'cash', amountMinor: tendered }], sale.pricing);
  sale.tenders = settled.applied.map((a) => ({ kind: 'cash' as const, tenderedMinor: a.tenderedMinor, amountMinor: a.amountMinor, changeMinor: a.tenderedMinor - a.amountMinor }));
  sale.roundingMinor = settled.roundingMinor;
  sale.changeMinor = settled.changeMinor;
}

/** One parameterised statement, built before timing. */
export interface Statement {
  text: string;
  values: unknown[];
}

function multiRowInsert(table: string, columns: readonly string[], rows: readonly (readonly unknown[])[]): Statement {
  const values: unknown[] = [];
  const tuples = rows.map((row) => `(${row.map((v) => {
    // jsonb travels as its text, serialised here so the timed loop only sends it.
    values.push(v !== null && typeof v === 'object' ? JSON.stringify(v) : v);
    return `$${values.length}`;
  }).join(', ')})`);
  return { text: `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${tuples.join(', ')}`, values };
}

/**
 * The baseline for one push batch: the same sales, sale_lines and sale_tenders rows push
 * writes (computed by the server's own effectsOf), as three plain multi-row INSERTs.
 */
export function baselineStatements(identity: TerminalIdentity, ops: readonly Operation[]): Statement[] {
  const tables = ['sales', 'sale_lines', 'sale_tenders'] as const;
  const rows = { sales: [], sale_lines: [], sale_tenders: [] } as Record<(typeof tables)[number], Record<string, unknown>[]>;
  for (const op of ops) {
    const fx = effectsOf(op);
    for (const table of tables) rows[table].push(...(fx.rows[table] ?? []));
  }
  return tables.map((table) => {
    const fixed: [string, unknown][] =
      table === 'sales'
        ? [['tenant_id', identity.tenantId], ['store_id', identity.storeId], ['terminal_id', identity.terminalId]]
        : [['tenant_id', identity.tenantId]];
    const columns = [...fixed.map(([name]) => name), ...Object.keys(rows[table][0] ?? {})];
    return multiRowInsert(table, columns, rows[table].map((r) => [...fixed.map(([, v]) => v), ...Object.values(r)]));
  });
}
