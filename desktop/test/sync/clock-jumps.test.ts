import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Pool } from '../../../server/src/db/pool';
import { startTestServer, type TestServer } from '../../../server/test/support/app';
import { freshDatabase } from '../../../server/test/support/database';
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy';
import { serverJournal } from '../support/ledger-totals';
import { handlersOf, readyTill, seedShop, sell, TEST_SERVER_ENV, type Shop } from '../support/shop';
import { drain, fastDir, JumpClock } from '../support/sync-drive';

// A terminal's wall clock is business data (sale createdAt, business dates), not something
// sync may depend on: a clock set days wrong, or corrected back and forth, must not stop
// pushes, get sales refused, or make the engine wait for days.
let pool: Pool;
let server: TestServer;
let shop: Shop;
let proxy: FaultProxy;

beforeAll(async () => {
  ({ pool } = await freshDatabase());
  server = await startTestServer(pool, { env: TEST_SERVER_ENV });
  shop = await seedShop(server.baseUrl, pool);
  proxy = await startFaultProxy(server.baseUrl);
});
afterAll(async () => {
  await proxy.close();
  await server.close();
  await pool.end();
});

const DAY = 24 * 3600_000;

describe('terminal clock jumps', () => {
  it('When the terminal clock jumps forward and back by days between sales, then every sale still pushes, none is refused and the server keeps each createdAt as the terminal recorded it', async () => {
    const clock = new JumpClock();
    const core = await readyTill(shop, fastDir(), { serverUrl: proxy.url, core: { clock } });
    const h = handlersOf(core);
    const terminalId = core.identity()!.terminalId;
    const sold: { saleId: string; createdAt: string }[] = [];
    const sellAt = async () => {
      const sale = await sell(h, [shop.barcodes[sold.length % shop.barcodes.length]!]);
      const { createdAt } = core.db.prepare<[string], { createdAt: string }>('SELECT created_at AS createdAt FROM sales WHERE sale_id = ?').get(sale.saleId)!;
      sold.push({ saleId: sale.saleId, createdAt });
    };
    for (const jump of [0, 3 * DAY, -5 * DAY, 40 * DAY, -400 * DAY, 2 * 365 * DAY]) {
      clock.jump(jump);
      await sellAt();
      await sellAt();
      const status = await core.syncEngine().syncNow(false);
      expect(status, JSON.stringify(status.lastError)).toMatchObject({ state: 'online', pendingCount: 0, rejected: [] });
    }
    const { rows } = await pool.query<{ id: string; created_at: Date }>('SELECT id::text, created_at FROM sales WHERE terminal_id = $1', [terminalId]);
    expect(new Map(rows.map((r) => [r.id, r.created_at.toISOString()]))).toEqual(new Map(sold.map((s) => [s.saleId, s.createdAt])));
    const rejected = await pool.query("SELECT seq FROM operations WHERE terminal_id = $1 AND status = 'rejected'", [terminalId]);
    expect(rejected.rows).toEqual([]);
    core.close();
  });

  it('When the clock goes back by days while the engine backs off with its breaker open, then the next attempt is still due within the backoff cap, not days later', async () => {
    const clock = new JumpClock();
    const core = await readyTill(shop, fastDir(), { serverUrl: proxy.url, core: { clock } });
    const h = handlersOf(core);
    await sell(h, [shop.barcodes[0]!]);
    await proxy.down();
    // Five failures open the breaker (threshold 5); each cycle runs when the engine says it may.
    for (let i = 0; i < 6; i++) {
      const before = core.syncEngine().status();
      if (before.nextAttemptAt) clock.advanceTo(new Date(before.nextAttemptAt));
      await core.syncEngine().syncNow(false);
    }
    expect(core.syncEngine().status()).toMatchObject({ state: 'offline', breaker: 'open' });
    clock.jump(-3 * DAY);
    await proxy.up();
    const status = core.syncEngine().status();
    const waitMs = Date.parse(status.nextAttemptAt!) - clock.now().getTime();
    // The longest wait the engine sets: the backoff cap (60 s) or the breaker cooldown (30 s).
    expect(waitMs).toBeLessThanOrEqual(60_000);
    expect(await drain(core, clock, { maxCycles: 5 })).toMatchObject({ status: { state: 'online', pendingCount: 0 } });
    const held = await serverJournal(pool, core.identity()!.terminalId);
    expect(held.sales).toBe(1);
    core.close();
  });
});
