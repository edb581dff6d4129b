import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_PUSH_OPS, PushResponseSchema, sealOperation } from '@keel/shared';
import type { Pool } from '../../src/db/pool';
import { freshDatabase } from '../support/database';
import { startTestServer, type TestServer } from '../support/app';
import { EUR_INCLUSIVE, insertTerminal, push, ScriptedTerminal } from '../support/scripted-terminal';

let pool: Pool;
let server: TestServer;

beforeAll(async () => {
  ({ pool } = await freshDatabase());
  server = await startTestServer(pool);
});
afterAll(async () => {
  await server.close();
  await pool.end();
});

async function newTerminal() {
  return new ScriptedTerminal(await insertTerminal(pool));
}

async function head(t: ScriptedTerminal) {
  const { rows } = await pool.query('SELECT last_seq, last_hash FROM terminals WHERE id = $1', [t.id.terminalId]);
  return rows[0] as { last_seq: number; last_hash: string };
}

async function count(sql: string, params: unknown[]): Promise<number> {
  const { rows } = await pool.query<{ n: number }>(sql, params);
  return rows[0]?.n ?? -1;
}

describe('push', () => {
  it('When new ops arrive in order, then each is applied once and the head advances to the last', async () => {
    const t = await newTerminal();
    const ops = [t.sale([{ unitPriceMinor: 250 }]), t.sale([{ unitPriceMinor: 999, qtyMilli: 2000 }])];
    const res = await push(server.baseUrl, t.id.token, ops);
    expect(res.status).toBe(200);
    expect(PushResponseSchema.parse(res.body)).toEqual({
      ackedSeq: 2,
      results: ops.map((op) => ({ seq: op.seq, opId: op.opId, status: 'applied' })),
      anomalies: [],
    });
    expect(await head(t)).toEqual({ last_seq: 2, last_hash: ops[1]!.hash });
    expect(await count('SELECT count(*)::int AS n FROM sales WHERE terminal_id = $1', [t.id.terminalId])).toBe(2);
    expect(await count('SELECT sum(total_minor)::int AS n FROM sales WHERE terminal_id = $1', [t.id.terminalId])).toBe(250 + 1998);
  });

  it('When a batch is pushed again, then it is acknowledged as duplicate and nothing is applied twice', async () => {
    const t = await newTerminal();
    const ops = [t.sale([{ unitPriceMinor: 100 }]), t.sale([{ unitPriceMinor: 200 }])];
    await push(server.baseUrl, t.id.token, ops);
    const again = await push(server.baseUrl, t.id.token, [...ops, t.sale([{ unitPriceMinor: 300 }])]);
    expect(again.status).toBe(200);
    expect(again.body.results.map((r: { status: string }) => r.status)).toEqual(['duplicate', 'duplicate', 'applied']);
    expect(again.body.ackedSeq).toBe(3);
    expect(await count('SELECT count(*)::int AS n FROM sales WHERE terminal_id = $1', [t.id.terminalId])).toBe(3);
    expect(await count('SELECT count(*)::int AS n FROM operations WHERE terminal_id = $1', [t.id.terminalId])).toBe(3);
  });

  it('When an applied seq arrives with different content, then 409 CHAIN_FORK and nothing advances', async () => {
    const t = await newTerminal();
    const first = t.sale([{ unitPriceMinor: 100 }]);
    await push(server.baseUrl, t.id.token, [first]);
    const other = new ScriptedTerminal(t.id);
    const forked = other.sale([{ unitPriceMinor: 555 }]);
    const res = await push(server.baseUrl, t.id.token, [forked]);
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'CHAIN_FORK', details: { expectedSeq: 2, lastHash: first.hash, atSeq: 1 } });
    expect(await head(t)).toEqual({ last_seq: 1, last_hash: first.hash });
  });

  it('When an opId already used is sent under a new seq, then 409 IDEMPOTENCY_MISMATCH', async () => {
    const t = await newTerminal();
    const first = t.sale([{ unitPriceMinor: 100 }]);
    await push(server.baseUrl, t.id.token, [first]);
    const reused = t.append({ type: 'shift.opened', opId: first.opId, payload: { shiftId: t.shiftId, cashierId: 'u-anna', openingFloatMinor: 0, openedAt: new Date().toISOString(), businessDate: '2026-01-01' } });
    const res = await push(server.baseUrl, t.id.token, [reused]);
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'IDEMPOTENCY_MISMATCH', details: { expectedSeq: 2, atSeq: 2 } });
    expect((await head(t)).last_seq).toBe(1);
  });

  it('When ops skip a seq, then 409 SEQ_GAP names the expected seq and nothing is applied', async () => {
    const t = await newTerminal();
    const ops = [t.sale([{ unitPriceMinor: 100 }]), t.sale([{ unitPriceMinor: 200 }]), t.sale([{ unitPriceMinor: 300 }])];
    const res = await push(server.baseUrl, t.id.token, [ops[1], ops[2]]);
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'SEQ_GAP', details: { expectedSeq: 1, atSeq: 2 } });
    expect(await count('SELECT count(*)::int AS n FROM operations WHERE terminal_id = $1', [t.id.terminalId])).toBe(0);
  });

  it('When the next seq does not chain onto the acknowledged hash, then 409 SEQ_GAP', async () => {
    const t = await newTerminal();
    await push(server.baseUrl, t.id.token, [t.sale([{ unitPriceMinor: 100 }])]);
    // A second journal that also starts at seq 1: its seq 2 chains onto a different seq 1.
    const stranger = new ScriptedTerminal(t.id);
    stranger.sale([{ unitPriceMinor: 777 }]);
    const res = await push(server.baseUrl, t.id.token, [stranger.sale([{ unitPriceMinor: 778 }])]);
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'SEQ_GAP', details: { expectedSeq: 2 } });
  });

  it('When an op can never apply, then it is stored as rejected, acknowledged, and the ops after it still apply', async () => {
    const t = await newTerminal();
    const good1 = t.sale([{ unitPriceMinor: 100 }]);
    // Well chained and correctly hashed, but its payload breaks the sale schema.
    const poison = sealOperation(t.head, { opId: crypto.randomUUID(), terminalId: t.id.terminalId, createdAt: new Date().toISOString(), type: 'sale.completed', payload: { ...good1.payload, saleId: crypto.randomUUID() } } as never);
    const broken = { ...poison, payload: { ...(poison.payload as object), lines: [] } };
    const { computeOpHash } = await import('@keel/shared');
    broken.hash = computeOpHash(broken);
    t.journal.push(broken as never);
    t.head = { seq: broken.seq, hash: broken.hash, terminalId: t.id.terminalId };
    const good2 = t.sale([{ unitPriceMinor: 300 }]);
    const res = await push(server.baseUrl, t.id.token, [good1, broken, good2]);
    expect(res.status).toBe(200);
    expect(res.body.ackedSeq).toBe(3);
    expect(res.body.results.map((r: { status: string }) => r.status)).toEqual(['applied', 'rejected', 'applied']);
    expect(res.body.results[1].reason).toMatch(/lines/);
    const { rows } = await pool.query("SELECT seq, reason FROM operations WHERE terminal_id = $1 AND status = 'rejected'", [t.id.terminalId]);
    expect(rows).toEqual([{ seq: 2, reason: expect.stringMatching(/lines/) }]);
    expect(await count('SELECT count(*)::int AS n FROM sales WHERE terminal_id = $1', [t.id.terminalId])).toBe(2);
  });

  it('When an op fails in the database (a sale id another terminal already used), then only it is rejected', async () => {
    const a = await newTerminal();
    const b = new ScriptedTerminal(await insertTerminal(pool, { tenantId: a.id.tenantId, storeId: a.id.storeId }));
    const taken = a.sale([{ unitPriceMinor: 100 }]);
    await push(server.baseUrl, a.id.token, [taken]);
    const before = b.sale([{ unitPriceMinor: 10 }]);
    const clash = b.sale([{ unitPriceMinor: 20 }], { mutate: (s) => (s.saleId = (taken.payload as { saleId: string }).saleId) });
    const after = b.sale([{ unitPriceMinor: 30 }]);
    const res = await push(server.baseUrl, b.id.token, [before, clash, after]);
    expect(res.status).toBe(200);
    expect(res.body.results.map((r: { status: string }) => r.status)).toEqual(['applied', 'rejected', 'applied']);
    expect(res.body.results[1].reason).toMatch(/database error 23505/);
    expect(res.body.ackedSeq).toBe(3);
    expect(await count('SELECT count(*)::int AS n FROM sales WHERE terminal_id = $1', [b.id.terminalId])).toBe(2);
  });

  it('When a sale sells an unknown product, at a stale price, into negative stock, then it is accepted and flagged', async () => {
    const t = await newTerminal();
    await pool.query("INSERT INTO tax_rates (tenant_id, id, name, rate_ppm) VALUES ($1, 'vat-19', 'VAT 19%', 190000)", [t.id.tenantId]);
    const productId = crypto.randomUUID();
    await pool.query("INSERT INTO products (tenant_id, id, sku, name, tax_rate_id, price_minor) VALUES ($1, $2, 'MILK', 'Milk', 'vat-19', 129)", [t.id.tenantId, productId]);
    const sale = t.sale([
      { productId, unitPriceMinor: 119, qtyMilli: 2000 },
      { productId: 'no-such-product', unitPriceMinor: 500 },
    ]);
    const res = await push(server.baseUrl, t.id.token, [sale]);
    expect(res.status).toBe(200);
    expect(res.body.results[0].status).toBe('applied');
    const codes = res.body.anomalies.map((a: { code: string }) => a.code).sort();
    expect(codes).toEqual(['NEGATIVE_STOCK', 'NEGATIVE_STOCK', 'STALE_PRICE', 'UNKNOWN_PRODUCT']);
    expect(await count('SELECT count(*)::int AS n FROM anomalies WHERE terminal_id = $1', [t.id.terminalId])).toBe(4);
  });

  it('When a refund arrives before its original sale, then it is accepted and flagged UNKNOWN_SALE', async () => {
    const t = await newTerminal();
    const missingSaleId = crypto.randomUUID();
    const refund = t.append({
      type: 'sale.refunded',
      payload: {
        refundId: crypto.randomUUID(), originalSaleId: missingSaleId, originalReceiptNumber: 'T09-000001', terminalId: t.id.terminalId, storeId: t.id.storeId,
        receiptNumber: `${t.id.code}-000001`, receiptSeq: 1, shiftId: t.shiftId, cashierId: 'u-anna', createdAt: new Date().toISOString(), businessDate: '2026-01-01',
        pricing: t.pricing,
        lines: [{ lineId: 'l1', productId: 'p1', sku: 'P1', name: 'P1', unitPriceMinor: 100, qtyMilli: -1000, taxRateId: 'vat-19', ratePpm: 190000, extendedMinor: -100, lineDiscountMinor: 0, cartDiscountMinor: 0, totalMinor: -100, netMinor: -84, taxMinor: -16, restock: true }],
        totals: { subtotalMinor: -100, discountMinor: 0, netMinor: -84, taxMinor: -16, totalMinor: -100, taxes: [{ taxRateId: 'vat-19', ratePpm: 190000, netMinor: -84, taxMinor: -16, grossMinor: -100 }] },
        tenders: [{ kind: 'cash', amountMinor: -100 }], roundingMinor: 0, reason: 'Faulty', approvedBy: 'u-maria',
      },
    });
    const res = await push(server.baseUrl, t.id.token, [refund]);
    expect(res.status).toBe(200);
    expect(res.body.results[0].status).toBe('applied');
    expect(res.body.anomalies).toEqual([{ seq: 1, code: 'UNKNOWN_SALE', message: expect.stringContaining(missingSaleId) }]);
  });

  it('When the terminal computed totals that the engine does not reproduce, then the sale is kept and flagged TOTALS_MISMATCH', async () => {
    const t = await newTerminal();
    const sale = t.sale([{ unitPriceMinor: 1000 }], { mutate: (s) => { s.totals.taxMinor += 1; s.lines[0]!.taxMinor += 1; } });
    const res = await push(server.baseUrl, t.id.token, [sale]);
    expect(res.body.results[0].status).toBe('applied');
    expect(res.body.anomalies.map((a: { code: string }) => a.code)).toEqual(['TOTALS_MISMATCH']);
  });

  it('When cash rounding took the whole cash part of a sale (0.02 with 0.05 coins, cash tender of 0), then the server settles it the same way: no anomaly, nothing in the drawer', async () => {
    const t = new ScriptedTerminal(await insertTerminal(pool), { ...EUR_INCLUSIVE, cashRoundingMinor: 5 });
    const nothingGiven = t.sale([{ unitPriceMinor: 2 }], { tenderedMinor: 0 });
    const coinBack = t.sale([{ unitPriceMinor: 2 }], { tenderedMinor: 5 });
    expect((nothingGiven.payload as { tenders: unknown[] }).tenders).toEqual([{ kind: 'cash', tenderedMinor: 0, amountMinor: 0, changeMinor: 0 }]);
    const res = await push(server.baseUrl, t.id.token, [nothingGiven, coinBack]);
    expect(res.body.results.map((r: { status: string }) => r.status)).toEqual(['applied', 'applied']);
    expect(res.body.anomalies).toEqual([]);
    // And a terminal that claimed the cash was rounded up instead is flagged.
    const wrong = t.sale([{ unitPriceMinor: 2 }], { tenderedMinor: 5, mutate: (s) => { s.roundingMinor = 3; } });
    expect((await push(server.baseUrl, t.id.token, [wrong])).body.anomalies.map((a: { code: string }) => a.code)).toEqual(['TENDER_MISMATCH']);
  });

  it('When stock moves through sales, refunds, voids and adjustments, then the level is the sum of the movements', async () => {
    const t = await newTerminal();
    const sale = t.sale([{ productId: 'p-a', unitPriceMinor: 100, qtyMilli: 3000 }, { productId: 'p-b', unitPriceMinor: 100, qtyMilli: 385 }]);
    const adjust = t.append({ type: 'stock.moved', payload: { movementId: crypto.randomUUID(), productId: 'p-a', deltaQtyMilli: 10000, reason: 'received', note: null, cashierId: 'u-anna', createdAt: new Date().toISOString() } });
    const voided = t.append({ type: 'sale.voided', payload: { voidId: crypto.randomUUID(), saleId: (sale.payload as { saleId: string }).saleId, receiptNumber: (sale.payload as { receiptNumber: string }).receiptNumber, shiftId: t.shiftId, cashierId: 'u-anna', approvedBy: 'u-maria', reason: 'Wrong item', tenders: [{ kind: 'cash', amountMinor: -400 }], createdAt: new Date().toISOString(), businessDate: '2026-01-01' } });
    const res = await push(server.baseUrl, t.id.token, [sale, adjust, voided]);
    expect(res.status).toBe(200);
    const { rows } = await pool.query(
      `SELECT l.product_id, l.qty_milli, (SELECT sum(delta_qty_milli)::bigint FROM stock_movement_ledger m WHERE m.tenant_id = l.tenant_id AND m.store_id = l.store_id AND m.product_id = l.product_id) AS moved
         FROM stock_levels l WHERE l.store_id = $1 ORDER BY l.product_id`,
      [t.id.storeId],
    );
    expect(rows).toEqual([
      { product_id: 'p-a', qty_milli: 10000, moved: 10000 },
      { product_id: 'p-b', qty_milli: 0, moved: 0 },
    ]);
    expect(await count('SELECT count(*)::int AS n FROM sales WHERE terminal_id = $1 AND voided_at IS NOT NULL', [t.id.terminalId])).toBe(1);
  });

  it('When a batch holds more ops than allowed, then 413 and nothing is written', async () => {
    const t = await newTerminal();
    const ops = Array.from({ length: MAX_PUSH_OPS + 1 }, () => t.sale([{ unitPriceMinor: 1 }]));
    const res = await push(server.baseUrl, t.id.token, ops);
    expect(res.status).toBe(413);
    expect(res.body.code).toBe('PAYLOAD_TOO_LARGE');
    expect((await head(t)).last_seq).toBe(0);
  });

  it('When a body exceeds the byte limit, then 413 PAYLOAD_TOO_LARGE', async () => {
    const t = await newTerminal();
    const res = await push(server.baseUrl, t.id.token, [{ padding: 'x'.repeat(1_100_000) }]);
    expect(res.status).toBe(413);
    expect(res.body.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it("When an op's hash does not match its content, then 400 and nothing advances", async () => {
    const t = await newTerminal();
    const op = t.sale([{ unitPriceMinor: 100 }]);
    const res = await push(server.baseUrl, t.id.token, [{ ...op, payload: { ...(op.payload as object), changeMinor: 5 } }]);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'INVALID_INPUT', details: { seq: 1 } });
  });

  it("When an op names another terminal, then 403 TENANT_ACCESS_DENIED", async () => {
    const a = await newTerminal();
    const b = await newTerminal();
    const res = await push(server.baseUrl, b.id.token, [a.sale([{ unitPriceMinor: 100 }])]);
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('TENANT_ACCESS_DENIED');
    expect((await head(a)).last_seq).toBe(0);
  });

  it('When an op has a type this server does not know, then 422 SCHEMA_TOO_NEW and nothing is stored', async () => {
    const t = await newTerminal();
    const known = t.sale([{ unitPriceMinor: 100 }]);
    const { computeOpHash } = await import('@keel/shared');
    const future = { opId: crypto.randomUUID(), terminalId: t.id.terminalId, seq: 2, type: 'giftCard.issued', payload: { amountMinor: 5000 }, createdAt: new Date().toISOString(), prevHash: known.hash, hash: '' };
    future.hash = computeOpHash(future);
    const res = await push(server.baseUrl, t.id.token, [known, future]);
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ code: 'SCHEMA_TOO_NEW', details: { seq: 2, type: 'giftCard.issued' } });
    expect((await head(t)).last_seq).toBe(0);
  });

  it('When the terminal is revoked, then push answers 401 TERMINAL_REVOKED at once', async () => {
    const t = await newTerminal();
    await pool.query('UPDATE terminals SET revoked_at = now() WHERE id = $1', [t.id.terminalId]);
    const res = await push(server.baseUrl, t.id.token, [t.sale([{ unitPriceMinor: 100 }])]);
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('TERMINAL_REVOKED');
  });
});
