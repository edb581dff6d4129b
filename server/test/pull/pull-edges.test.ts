import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorEnvelopeSchema, PULL_LIMIT_MAX } from '@keel/shared';
import type { Pool, PoolClient } from '../../src/db/pool';
import { decodeCursor, encodeCursor } from '../../src/domain/pull-cursor';
import { freshDatabase } from '../support/database';
import { CatalogWriter } from './catalog-writer';
import {
  insertChange,
  insertStore,
  insertTenant,
  insertTerminal,
  pull,
  pullRaw,
  Replica,
  startPullServer,
  syncUntil,
  syncUntilIdle,
  eventually,
  taxRateChange,
  type PullServer,
  type TerminalFixture,
} from './support';

/** Cursor fallbacks, the feed horizon, query bounds, scope and ackedSeq (DESIGN.md "Sync protocol v1"). */
describe('pull: cursors, bounds, scope and ackedSeq', () => {
  let pool: Pool;
  let server: PullServer;
  let tenantId: string;
  let storeA: string;
  let termA: TerminalFixture;
  let termB: TerminalFixture;
  let termX: TerminalFixture;

  beforeAll(async () => {
    ({ pool } = await freshDatabase());
    server = await startPullServer(pool);
    tenantId = await insertTenant(pool);
    storeA = await insertStore(pool, tenantId, 'Store A');
    const storeB = await insertStore(pool, tenantId, 'Store B');
    termA = await insertTerminal(pool, tenantId, storeA);
    termB = await insertTerminal(pool, tenantId, storeB);
    const otherTenant = await insertTenant(pool);
    termX = await insertTerminal(pool, otherTenant, await insertStore(pool, otherTenant, 'Elsewhere'));
  });

  afterAll(async () => {
    await server?.close();
    await pool?.end();
  });

  /** A terminal replica that has finished its snapshot and follows the log. */
  async function following(terminal: TerminalFixture): Promise<Replica> {
    const replica = new Replica();
    await syncUntilIdle(server.baseUrl, terminal.token, replica, 50);
    return replica;
  }

  const isFreshSnapshot = (page: Awaited<ReturnType<typeof pull>>) =>
    page.snapshot?.phase === 'snapshot' && page.snapshot.progress?.done === page.changes.length;

  it('When the cursor is garbage, another version, another store\'s or from another database, then the answer is a new snapshot', async () => {
    const ofB = (await following(termB)).cursor!;
    const decoded = decodeCursor((await following(termA)).cursor!);
    expect(decoded?.phase).toBe('log');
    const future = decoded?.phase === 'log' ? encodeCursor({ ...decoded, at: { xid: '99999999999999', id: 1 } }) : '';
    const otherVersion = Buffer.from(JSON.stringify({ v: 2, p: 'l', s: storeA, at: ['1', 1] })).toString('base64url');
    for (const cursor of ['garbage', '!!!', otherVersion, ofB, future, 'e30']) {
      const page = await pull(server.baseUrl, termA.token, cursor, 10);
      expect(isFreshSnapshot(page), `cursor ${cursor}`).toBe(true);
    }
  });

  it('When rows after the cursor were pruned, then a snapshot; when only rows before it were, then the log continues', async () => {
    const replica = await following(termA);
    const at = decodeCursor(replica.cursor!);
    if (at?.phase !== 'log') throw new Error('expected a log cursor');
    for (const id of ['h-1', 'h-2']) await insertChange(pool, taxRateChange(tenantId, id));

    // Pruning a prefix that ends before the cursor's row leaves everything the terminal needs.
    const pruned = await pool.query('DELETE FROM change_log WHERE tenant_id = $1 AND (xid, id) < ($2::xid8, $3)', [tenantId, at.at.xid, at.at.id]);
    expect(pruned.rowCount).toBeGreaterThan(0);
    const kept = await pull(server.baseUrl, termA.token, replica.cursor, 10);
    expect(kept.snapshot?.phase).toBe('log');
    expect(kept.changes.map((c) => c.id)).toEqual(['h-1', 'h-2']);

    // Pruning the cursor's own row (and the rows after it): the terminal may have missed some.
    await pool.query("DELETE FROM change_log WHERE tenant_id = $1 AND entity_id <> 'h-2'", [tenantId]);
    const tooOld = await pull(server.baseUrl, termA.token, replica.cursor, 10);
    expect(isFreshSnapshot(tooOld)).toBe(true);
    // The whole log pruned away is too old as well.
    await pool.query('DELETE FROM change_log WHERE tenant_id = $1', [tenantId]);
    expect(isFreshSnapshot(await pull(server.baseUrl, termA.token, kept.cursor, 10))).toBe(true);

    // A snapshot of a tenant whose log is empty resumes at a virtual position; the first row
    // that appears makes it look too old, so the terminal snapshots once more, then follows.
    const again = new Replica();
    await syncUntilIdle(server.baseUrl, termA.token, again, 10);
    expect(again.entities.has(`storeSettings/${storeA}`)).toBe(true);
    expect(again.snapshots).toBe(1);
    await insertChange(pool, taxRateChange(tenantId, 'h-3'));
    await syncUntil(server.baseUrl, termA.token, again, () => again.snapshots === 2, 10);
    await insertChange(pool, taxRateChange(tenantId, 'h-4'));
    await syncUntil(server.baseUrl, termA.token, again, () => again.logChanges.some((c) => c.id === 'h-4'), 10);
    expect(again.snapshots).toBe(2);
  });

  it('When limit or cursor is out of bounds or malformed, then 400 INVALID_INPUT with the envelope; without a token 401', async () => {
    const bad: Record<string, string>[] = [{ limit: '0' }, { limit: String(PULL_LIMIT_MAX + 1) }, { limit: 'abc' }, { limit: '-1' }, { limit: '1.5' }, { cursor: 'x'.repeat(513) }];
    for (const params of bad) {
      const res = await pullRaw(server.baseUrl, termA.token, params);
      expect(res.status, JSON.stringify(params)).toBe(400);
      expect(ErrorEnvelopeSchema.parse(res.body).code).toBe('INVALID_INPUT');
      expect((res.body as { details: { issues: unknown[] } }).details.issues.length).toBeGreaterThan(0);
    }
    const repeated = await fetch(`${server.baseUrl}/v1/sync/pull?limit=1&limit=2`, { headers: { authorization: `Bearer ${termA.token}` } });
    expect(repeated.status).toBe(400);
    for (const limit of [1, 1000]) expect((await pull(server.baseUrl, termA.token, undefined, limit)).changes.length).toBeLessThanOrEqual(limit);
    // An empty limit means the default.
    expect((await pullRaw(server.baseUrl, termA.token, { limit: '', cursor: '' })).status).toBe(200);
    const anonymous = await fetch(`${server.baseUrl}/v1/sync/pull`);
    expect(anonymous.status).toBe(401);
    expect(ErrorEnvelopeSchema.parse(await anonymous.json()).code).toBe('AUTH_REQUIRED');
  });

  it('When other stores and tenants change their catalogs, then a terminal never sees their rows', async () => {
    const replica = await following(termA);
    const writerX = new CatalogWriter(pool, termX.tenantId);
    await writerX.tx(async (c) => {
      await writerX.taxRate(c, 'other-tenant-rate', 'Theirs', 1);
      await writerX.cashier(c, termX.storeId, randomUUID(), 'Their cashier');
    });
    const writer = new CatalogWriter(pool, tenantId);
    const theirCashier = randomUUID();
    await writer.tx(async (c) => {
      await writer.cashier(c, termB.storeId, theirCashier, 'Store B cashier');
      await writer.stock(c, termB.storeId, 'other-store-product', 1000);
      await writer.taxRate(c, 'ours', 'Ours', 2);
    });
    await syncUntil(server.baseUrl, termA.token, replica, () => replica.entities.has('taxRate/ours'), 7);
    const fresh = new Replica();
    await syncUntilIdle(server.baseUrl, termA.token, fresh, 7);
    for (const r of [replica, fresh]) {
      const keys = [...r.entities.keys()];
      expect(keys).toContain('taxRate/ours');
      expect(keys.filter((k) => k.includes('other-') || k.includes(theirCashier) || k.includes(termB.storeId) || k.includes(termX.storeId))).toEqual([]);
      expect(keys.filter((k) => k.startsWith('user/'))).toEqual([]);
    }
    expect(replica.logChanges.map((c) => c.id)).not.toContain(theirCashier);
  });

  it('When an operation commits after a catalog transaction that is still open, then ackedSeq does not count it until that transaction ends', async () => {
    const replica = await following(termA);
    const insertOp = (db: Pool | PoolClient, seq: number) =>
      db.query(
        `INSERT INTO operations (tenant_id, terminal_id, seq, op_id, type, hash, prev_hash, status, op)
         VALUES ($1, $2, $3, $4, 'sale.completed', repeat('a', 64), repeat('0', 64), 'applied', '{}')`,
        [tenantId, termA.terminalId, seq, randomUUID()],
      );
    const catalog = await pool.connect();
    await catalog.query('BEGIN');
    await insertChange(catalog, taxRateChange(tenantId, 'acked-catalog'));
    // Push of seq 1 with its effect on stock, committed while the catalog transaction is open.
    const push1 = await pool.connect();
    await push1.query('BEGIN');
    await insertOp(push1, 1);
    await insertChange(push1, { tenantId, storeId: storeA, entity: 'stockLevel', entityId: 'p-1', data: { productId: 'p-1', qtyMilli: -1000, updatedAt: new Date().toISOString() } });
    await push1.query('COMMIT');
    push1.release();
    // Push of seq 2, still open.
    const push2 = await pool.connect();
    await push2.query('BEGIN');
    await insertOp(push2, 2);

    expect((await pool.query('SELECT 1 FROM operations WHERE terminal_id = $1', [termA.terminalId])).rowCount).toBe(1);
    const held = await pull(server.baseUrl, termA.token, replica.cursor, 10);
    expect(held.ackedSeq).toBe(0);
    expect(held.changes).toEqual([]);

    await catalog.query('COMMIT');
    catalog.release();
    await syncUntil(server.baseUrl, termA.token, replica, () => replica.entities.has('stockLevel/p-1'), 10);
    const page = await pull(server.baseUrl, termA.token, replica.cursor, 10);
    // seq 1 and its stock level arrived together; seq 2's transaction still holds the fence.
    expect(page.ackedSeq).toBe(1);

    await push2.query('COMMIT');
    push2.release();
    const last = await eventually(() => pull(server.baseUrl, termA.token, replica.cursor, 10), (p) => p.ackedSeq === 2);
    expect(last.ackedSeq).toBe(2);
  });

  it('When a stored change does not match its schema, then the page fails with 500 and nothing is skipped once it is fixed', async () => {
    const replica = await following(termA);
    const bad = await insertChange(pool, { tenantId, entity: 'taxRate', entityId: 'broken', data: { id: 'broken', name: '', ratePpm: -5 } });
    await insertChange(pool, taxRateChange(tenantId, 'after-broken'));
    // Until the fence passes the bad row the page is simply empty; then it fails, every time.
    const res = await eventually(() => pullRaw(server.baseUrl, termA.token, { cursor: replica.cursor!, limit: '10' }), (r) => r.status !== 200);
    expect(res.status).toBe(500);
    expect((await pullRaw(server.baseUrl, termA.token, { cursor: replica.cursor!, limit: '10' })).status).toBe(500);
    const envelope = ErrorEnvelopeSchema.parse(res.body);
    expect(envelope.code).toBe('INTERNAL');
    expect(JSON.stringify(envelope)).not.toContain('broken');

    await pool.query('UPDATE change_log SET data = $2 WHERE id = $1', [bad.id, JSON.stringify({ id: 'broken', name: 'Fixed', ratePpm: 5 })]);
    await syncUntilIdle(server.baseUrl, termA.token, replica, 10);
    expect(replica.logChanges.map((c) => c.id).slice(-2)).toEqual(['broken', 'after-broken']);
  });

  it('When xids cross a power of ten, then the feed orders and compares them as numbers, not as text', async () => {
    // Rows of long-finished transactions with xids 9, 20 and 100: as text, '100' < '20' < '9'.
    const tenant = await insertTenant(pool);
    const store = await insertStore(pool, tenant);
    const terminal = await insertTerminal(pool, tenant, store);
    await pool.query('DELETE FROM change_log WHERE tenant_id = $1', [tenant]);
    const first = await insertChange(pool, { ...taxRateChange(tenant, 'x9'), xid: '9' });
    await insertChange(pool, { ...taxRateChange(tenant, 'x100'), xid: '100' });
    await insertChange(pool, { ...taxRateChange(tenant, 'x20'), xid: '20' });
    const replica = new Replica();
    replica.cursor = encodeCursor({ phase: 'log', storeId: store, at: { xid: '9', id: first.id } });
    const pages = await syncUntilIdle(server.baseUrl, terminal.token, replica, 1);
    expect(pages.every((p) => p.snapshot?.phase === 'log')).toBe(true);
    expect(replica.logChanges.map((c) => c.id)).toEqual(['x20', 'x100']);
  });

  it('When a page is served, then it must not be cached', async () => {
    const res = await fetch(`${server.baseUrl}/v1/sync/pull`, { headers: { authorization: `Bearer ${termA.token}` } });
    expect(res.headers.get('cache-control')).toBe('no-store');
  });
});
