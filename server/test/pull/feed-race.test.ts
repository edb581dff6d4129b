import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Pool } from '../../src/db/pool';
import { freshDatabase } from '../support/database';
import { insertChange, insertStore, insertTenant, insertTerminal, pull, Replica, startPullServer, syncUntil, syncUntilIdle, taxRateChange, type PullServer, type TerminalFixture } from './support';

/**
 * DESIGN.md invariant 5: the pull cursor never skips a committed change. Transactions take
 * their change_log ids (and xids) when they write but become visible when they commit, in any
 * order. The (xid, id) cursor below pg_snapshot_xmin waits for the slow one; a plain id cursor
 * (the negative control) passes it by and never comes back.
 */
describe('the feed race: a change that commits late', () => {
  let pool: Pool;
  let server: PullServer;
  let tenantId: string;
  let terminal: TerminalFixture;

  beforeAll(async () => {
    ({ pool } = await freshDatabase());
    server = await startPullServer(pool);
    tenantId = await insertTenant(pool);
    const storeId = await insertStore(pool, tenantId);
    terminal = await insertTerminal(pool, tenantId, storeId);
  });

  afterAll(async () => {
    await server?.close();
    await pool?.end();
  });

  /** Opens a transaction that writes one change and stays open until `commit`. */
  async function slowWriter(id: string) {
    const client = await pool.connect();
    await client.query('BEGIN');
    await insertChange(client, taxRateChange(tenantId, id));
    return {
      commit: async () => {
        await client.query('COMMIT');
        client.release();
      },
    };
  }

  it('When a transaction that wrote a change stays open while later ones commit, then pulls wait for it and then deliver every change exactly once', async () => {
    const replica = new Replica();
    await syncUntilIdle(server.baseUrl, terminal.token, replica, 5);
    const before = replica.logChanges.length;

    const slow = await slowWriter('slow');
    for (const id of ['fast-1', 'fast-2', 'fast-3']) await insertChange(pool, taxRateChange(tenantId, id));
    // The fast ones are committed and visible to every reader...
    const visible = await pool.query("SELECT 1 FROM change_log WHERE entity_id LIKE 'fast-%'");
    expect(visible.rowCount).toBe(3);
    // ...yet no pull passes the open transaction, however often the terminal asks.
    for (let i = 0; i < 5; i++) {
      const page = await pull(server.baseUrl, terminal.token, replica.cursor, 1);
      replica.apply(page);
      expect(page.changes).toEqual([]);
      expect(page.hasMore).toBe(false);
    }

    await slow.commit();
    await syncUntil(server.baseUrl, terminal.token, replica, () => replica.logChanges.length - before >= 4, 1);
    expect(replica.logChanges.slice(before).map((c) => c.id)).toEqual(['slow', 'fast-1', 'fast-2', 'fast-3']);
    // Nothing more arrives later: each change exactly once.
    await syncUntilIdle(server.baseUrl, terminal.token, replica, 1);
    expect(replica.logChanges.length - before).toBe(4);
  });

  it('When the same race is read with a plain id cursor (negative control), then the late change is skipped for good', async () => {
    const replica = new Replica();
    await syncUntilIdle(server.baseUrl, terminal.token, replica, 5);
    // The naive reader the design avoids: WHERE id > last ORDER BY id.
    let last = (await pool.query<{ max: number }>('SELECT coalesce(max(id), 0)::bigint AS max FROM change_log')).rows[0]!.max;
    const seen: string[] = [];
    const naivePull = async () => {
      const { rows } = await pool.query<{ id: number; entity_id: string }>(
        'SELECT id, entity_id FROM change_log WHERE tenant_id = $1 AND id > $2 ORDER BY id',
        [tenantId, last],
      );
      for (const r of rows) seen.push(r.entity_id);
      last = rows.at(-1)?.id ?? last;
    };

    const slow = await slowWriter('naive-slow');
    for (const id of ['naive-fast-1', 'naive-fast-2']) await insertChange(pool, taxRateChange(tenantId, id));
    await naivePull();
    await slow.commit();
    await naivePull();
    await naivePull();

    expect(seen).toEqual(['naive-fast-1', 'naive-fast-2']);
    // The row is there, committed; the cursor had already moved past its id.
    const committed = await pool.query("SELECT 1 FROM change_log WHERE entity_id = 'naive-slow'");
    expect(committed.rowCount).toBe(1);

    // The xid cursor, over the very same rows and commits, delivers all three.
    await syncUntil(server.baseUrl, terminal.token, replica, () => replica.logChanges.length >= 3, 1);
    expect(replica.logChanges.map((c) => c.id)).toEqual(['naive-slow', 'naive-fast-1', 'naive-fast-2']);
  });
});
