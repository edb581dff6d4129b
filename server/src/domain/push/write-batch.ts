import { formatQty } from '@keel/shared';
import type { PoolClient } from '../../db/pool';
import { recordChanges, type CatalogTx } from '../catalog-changes';
import { checkZ } from '../reports-z-check';
import type { AnomalyDraft, StockDelta } from './effects';
import type { PreparedOp } from './prepare';
import { insertRows } from './rows';

export interface Scope {
  tenantId: string;
  storeId: string;
  terminalId: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Writes a run of new, chained ops and their effects in the caller's transaction, then advances
 * the terminal's head to the last of them: the acknowledgement commits with the effects or not
 * at all (DESIGN.md invariant 2). A fixed number of statements per batch, whatever its size.
 * Returns the anomalies recorded.
 */
export async function writeBatch(client: CatalogTx, scope: Scope, ops: readonly PreparedOp[]): Promise<AnomalyDraft[]> {
  const last = ops.at(-1);
  if (!last) return [];
  const t = ['tenant_id', 'uuid', scope.tenantId] as const;
  const st = ['store_id', 'uuid', scope.storeId] as const;
  const term = ['terminal_id', 'uuid', scope.terminalId] as const;

  await insertRows(
    client,
    'operations',
    [t, term],
    { seq: 'bigint', op_id: 'uuid', type: 'text', hash: 'text', prev_hash: 'text', status: 'text', reason: 'text', op: 'text::json' },
    ops.map((p) => ({
      seq: p.op.seq,
      op_id: p.op.opId,
      type: p.op.type,
      hash: p.op.hash,
      prev_hash: p.op.prevHash,
      status: p.status,
      reason: p.status === 'rejected' ? p.reason : null,
      op: JSON.stringify(p.op),
    })),
  );

  const applied = ops.filter((p): p is Extract<PreparedOp, { status: 'applied' }> => p.status === 'applied');
  const anomalies: AnomalyDraft[] = applied.flatMap((p) => p.effects.anomalies);
  const rows = (table: string) => applied.flatMap((p) => p.effects.rows[table as keyof typeof p.effects.rows] ?? []);
  const stock: StockDelta[] = applied.flatMap((p) => p.effects.stock);

  await insertRows(client, 'sales', [t, st, term], {
    id: 'uuid', seq: 'bigint', receipt_number: 'text', receipt_seq: 'bigint', shift_id: 'uuid', cashier_id: 'text',
    created_at: 'timestamptz', business_date: 'date', currency: 'text', subtotal_minor: 'bigint', discount_minor: 'bigint',
    net_minor: 'bigint', tax_minor: 'bigint', total_minor: 'bigint', rounding_minor: 'bigint', change_minor: 'bigint',
  }, rows('sales'));
  await insertRows(client, 'sale_lines', [t], {
    sale_id: 'uuid', line_no: 'integer', line_id: 'text', product_id: 'text', sku: 'text', name: 'text', unit_price_minor: 'bigint',
    qty_milli: 'bigint', tax_rate_id: 'text', rate_ppm: 'integer', line_discount_minor: 'bigint', cart_discount_minor: 'bigint',
    total_minor: 'bigint', net_minor: 'bigint', tax_minor: 'bigint',
  }, rows('sale_lines'));
  await insertRows(client, 'sale_tenders', [t], {
    sale_id: 'uuid', idx: 'integer', kind: 'text', amount_minor: 'bigint', tendered_minor: 'bigint', change_minor: 'bigint',
    brand: 'text', masked_pan: 'text', auth_code: 'text',
  }, rows('sale_tenders'));
  await insertRows(client, 'refunds', [t, st, term], {
    id: 'uuid', seq: 'bigint', original_sale_id: 'uuid', created_at: 'timestamptz', business_date: 'date',
    total_minor: 'bigint', tax_minor: 'bigint', refund: 'jsonb',
  }, rows('refunds'));
  await insertRows(client, 'voids', [t, st, term], { sale_id: 'uuid', seq: 'bigint', created_at: 'timestamptz', void: 'jsonb' }, rows('voids'));
  await insertRows(client, 'shifts', [t, st, term], {
    id: 'uuid', cashier_id: 'text', opened_at: 'timestamptz', opening_float_minor: 'bigint',
  }, rows('shifts_opened'), 'ON CONFLICT (tenant_id, id) DO UPDATE SET opened_at = excluded.opened_at, opening_float_minor = excluded.opening_float_minor, cashier_id = excluded.cashier_id');
  const closed = await insertRows(client, 'shifts', [t, st, term, ['opening_float_minor', 'bigint', 0]], {
    id: 'uuid', closed_at: 'timestamptz', expected_minor: 'bigint', counted_minor: 'bigint', over_short_minor: 'bigint', close: 'jsonb',
  }, rows('shifts_closed'),
  `ON CONFLICT (tenant_id, id) DO UPDATE SET closed_at = excluded.closed_at, expected_minor = excluded.expected_minor,
     counted_minor = excluded.counted_minor, over_short_minor = excluded.over_short_minor, close = excluded.close
   RETURNING id::text AS id, (xmax = 0) AS inserted`);
  for (const row of closed.rows) {
    if (row.inserted) {
      const seq = applied.find((p) => p.effects.shiftCloseIds.includes(String(row.id)))?.op.seq ?? last.op.seq;
      anomalies.push({ seq, code: 'UNKNOWN_SHIFT', message: `Shift ${String(row.id)} was closed but never opened on the server.` });
    }
  }
  await insertRows(client, 'cash_movements', [t, st, term], {
    id: 'uuid', shift_id: 'uuid', kind: 'text', amount_minor: 'bigint', reason: 'text', created_at: 'timestamptz',
  }, rows('cash_movements'));
  await insertRows(client, 'day_closes', [t, st, term], {
    z_number: 'integer', business_date: 'date', created_at: 'timestamptz', report: 'jsonb',
  }, rows('day_closes'));

  anomalies.push(...(await checkSaleRefs(client, scope, applied)));
  stock.push(...(await voidStockReturns(client, scope, applied)));
  anomalies.push(...(await checkProducts(client, scope, applied)));
  anomalies.push(...(await applyStock(client, scope, stock)));
  // A terminal's Z is recomputed from the synced documents it covers; a difference is flagged.
  for (const p of applied) if (p.parsed.type === 'day.closed') anomalies.push(...(await checkZ(client, scope, p.parsed.payload, p.parsed.seq)));

  await insertRows(client, 'anomalies', [t, st, term], { seq: 'bigint', code: 'text', message: 'text', details: 'jsonb' },
    anomalies.map((a) => ({ seq: a.seq, code: a.code, message: a.message, details: a.details ?? null })));

  await client.query(
    'UPDATE terminals SET last_seq = $3, last_hash = $4, last_seen_at = now() WHERE tenant_id = $1 AND id = $2',
    [scope.tenantId, scope.terminalId, last.op.seq, last.op.hash],
  );
  return anomalies;
}

/** Refunds and voids of a sale the server does not hold (yet): accepted, flagged. */
async function checkSaleRefs(client: PoolClient, scope: Scope, applied: readonly Extract<PreparedOp, { status: 'applied' }>[]): Promise<AnomalyDraft[]> {
  const refs = applied.flatMap((p) => p.effects.saleRefs);
  if (refs.length === 0) return [];
  const ids = [...new Set(refs.map((r) => r.saleId))];
  const { rows } = await client.query<{ id: string }>('SELECT id::text AS id FROM sales WHERE tenant_id = $1 AND id = ANY($2::uuid[])', [scope.tenantId, ids]);
  const known = new Set(rows.map((r) => r.id));
  const voided = applied.flatMap((p) => p.effects.voidedSaleIds).filter((id) => known.has(id));
  if (voided.length > 0) {
    await client.query(
      `UPDATE sales s SET voided_at = v.created_at FROM voids v
        WHERE s.tenant_id = $1 AND s.id = ANY($2::uuid[]) AND v.tenant_id = s.tenant_id AND v.sale_id = s.id`,
      [scope.tenantId, voided],
    );
  }
  return refs
    .filter((r) => !known.has(r.saleId))
    .map((r) => ({
      seq: r.seq,
      code: 'UNKNOWN_SALE',
      message: `The ${r.kind} refers to sale ${r.saleId}, which the server has not received.`,
    }));
}

/** A voided sale's goods go back to stock: the reverse of its lines, read from the server's copy. */
async function voidStockReturns(client: PoolClient, scope: Scope, applied: readonly Extract<PreparedOp, { status: 'applied' }>[]): Promise<StockDelta[]> {
  const bySale = new Map(applied.flatMap((p) => p.effects.voidedSaleIds.map((id) => [id, p.op.seq] as const)));
  if (bySale.size === 0) return [];
  const { rows } = await client.query<{ sale_id: string; product_id: string; qty_milli: number }>(
    `SELECT sale_id::text, product_id, qty_milli FROM sale_lines
      WHERE tenant_id = $1 AND sale_id = ANY($2::uuid[]) AND product_id IS NOT NULL`,
    [scope.tenantId, [...bySale.keys()]],
  );
  return rows.map((r) => ({ productId: r.product_id, deltaQtyMilli: r.qty_milli, reason: 'void', seq: bySale.get(r.sale_id) ?? 0 }));
}

/** Unknown, inactive or re-priced products on sale lines: accepted, flagged (invariant 4). */
async function checkProducts(client: PoolClient, scope: Scope, applied: readonly Extract<PreparedOp, { status: 'applied' }>[]): Promise<AnomalyDraft[]> {
  const checks = applied.flatMap((p) => p.effects.productChecks);
  if (checks.length === 0) return [];
  const ids = [...new Set(checks.map((c) => c.productId).filter((id) => UUID.test(id)))];
  const { rows } = await client.query<{ id: string; price: number; active: boolean }>(
    `SELECT p.id::text AS id, coalesce(sp.price_minor, p.price_minor) AS price, p.active
       FROM products p
       LEFT JOIN store_prices sp ON sp.tenant_id = p.tenant_id AND sp.store_id = $2 AND sp.product_id = p.id
      WHERE p.tenant_id = $1 AND p.id = ANY($3::uuid[])`,
    [scope.tenantId, scope.storeId, ids],
  );
  const catalog = new Map(rows.map((r) => [r.id, r]));
  const anomalies: AnomalyDraft[] = [];
  for (const c of checks) {
    const product = catalog.get(c.productId);
    if (!product) {
      anomalies.push({ seq: c.seq, code: 'UNKNOWN_PRODUCT', message: `Line ${c.lineId} sold product ${c.productId}, which is not in the catalog.` });
    } else if (!product.active) {
      anomalies.push({ seq: c.seq, code: 'INACTIVE_PRODUCT', message: `Line ${c.lineId} sold inactive product ${c.productId}.` });
    } else if (!c.overridden && product.price !== c.unitPriceMinor) {
      anomalies.push({
        seq: c.seq,
        code: 'STALE_PRICE',
        message: `Line ${c.lineId} sold at ${c.unitPriceMinor}; the current price is ${product.price}.`,
        details: { productId: c.productId, soldAtMinor: c.unitPriceMinor, currentMinor: product.price },
      });
    }
  }
  return anomalies;
}

/**
 * Stock is the sum of movements: each delta is recorded, and stock_levels moves by the same sum
 * in the same transaction (qty = qty + delta, never a read-modify-write). Levels that end
 * below zero are flagged. Each changed level is logged for the pull feed of this store.
 */
async function applyStock(client: CatalogTx, scope: Scope, deltas: readonly StockDelta[]): Promise<AnomalyDraft[]> {
  if (deltas.length === 0) return [];
  const t = ['tenant_id', 'uuid', scope.tenantId] as const;
  const st = ['store_id', 'uuid', scope.storeId] as const;
  // Sale lines are already stored as the sale's movements (view stock_movement_ledger).
  await insertRows(client, 'stock_movements', [t, st, ['terminal_id', 'uuid', scope.terminalId]], {
    product_id: 'text', delta_qty_milli: 'bigint', reason: 'text', seq: 'bigint',
  }, deltas.filter((d) => d.reason !== 'sale').map((d) => ({ product_id: d.productId, delta_qty_milli: d.deltaQtyMilli, reason: d.reason, seq: d.seq })));

  const sums = new Map<string, { delta: number; seq: number }>();
  for (const d of deltas) {
    const entry = sums.get(d.productId) ?? { delta: 0, seq: d.seq };
    entry.delta += d.deltaQtyMilli;
    entry.seq = d.seq;
    sums.set(d.productId, entry);
  }
  // Sorted so that concurrent pushes from one store lock level rows in the same order.
  const levels = [...sums.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const { rows } = await client.query<{ product_id: string; qty_milli: number; updated_at: Date }>(
    `INSERT INTO stock_levels (tenant_id, store_id, product_id, qty_milli, updated_at)
     SELECT $1, $2, r.product_id, r.delta, now() FROM jsonb_to_recordset($3::jsonb) AS r(product_id text, delta bigint)
     ORDER BY r.product_id
     ON CONFLICT (tenant_id, store_id, product_id)
       DO UPDATE SET qty_milli = stock_levels.qty_milli + excluded.qty_milli, updated_at = excluded.updated_at
     RETURNING product_id, qty_milli, updated_at`,
    [scope.tenantId, scope.storeId, JSON.stringify(levels.map(([productId, s]) => ({ product_id: productId, delta: s.delta })))],
  );
  // Through the catalog funnel, so each level is checked against the shared schema like any catalog change.
  await recordChanges(
    client,
    rows.map((r) => ({
      tenantId: scope.tenantId,
      storeId: scope.storeId,
      entity: 'stockLevel' as const,
      entityId: r.product_id,
      op: 'upsert' as const,
      data: { productId: r.product_id, qtyMilli: r.qty_milli, updatedAt: r.updated_at.toISOString() },
    })),
  );
  return rows
    .filter((r) => r.qty_milli < 0 && (sums.get(r.product_id)?.delta ?? 0) < 0)
    .map((r) => ({
      seq: sums.get(r.product_id)?.seq ?? 0,
      code: 'NEGATIVE_STOCK',
      message: `Stock of ${r.product_id} is now ${formatQty(r.qty_milli)}.`,
      details: { productId: r.product_id, qtyMilli: r.qty_milli },
    }));
}
