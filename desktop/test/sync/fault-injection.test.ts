import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Pool } from '../../../server/src/db/pool';
import { startTestServer, type TestServer } from '../../../server/test/support/app';
import { freshDatabase } from '../../../server/test/support/database';
import type { TerminalCore } from '../../src/core/terminal-core';
import { FakeCardTerminal } from '../payments/fake-card-terminal';
import { FAULTS, startFaultProxy, type Fault, type FaultProxy } from '../support/fault-proxy';
import { serverJournal, serverTakings, terminalTakings } from '../support/ledger-totals';
import { handlersOf, readyTill, seedShop, seeded, sell, TEST_SERVER_ENV, type Shop } from '../support/shop';
import { drain, fastDir, JumpClock } from '../support/sync-drive';

// DESIGN.md invariant 2 (exactly-once effect over at-least-once delivery) through a hostile
// network: a fault-injecting proxy between eight terminals and the real server drops, delays,
// resets (before and after the server committed), answers 5xx and truncates bodies, while the
// terminals keep selling and their engines sync as they would (backoff and breaker honoured
// on a clock the test jumps instead of sleeping). Then: nothing lost, nothing doubled.
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

const SEED = Number(process.env.KEEL_FAULT_SEED ?? 20_261_122);
const TERMINALS = 8;
const OPS_PER_TERMINAL = 1275;
/** Fault weights (percent) for every request through the proxy, /readyz and pull included. */
const WEIGHTS: Record<Fault, number> = {
  pass: 36,
  delay: 10,
  resetBefore: 8,
  resetAfter: 12,
  hangBefore: 1,
  hangAfter: 2,
  error503: 8,
  error500After: 9,
  truncate: 8,
  truncateAbort: 6,
};

describe('sync through a faulty network', () => {
  it('When drops, delays, resets before and after commit, 5xx and truncated bodies hit over 10,000 operations of eight terminals, then none is lost or doubled and every outbox empties', async () => {
    const random = seeded(SEED);
    const pushFaults = Object.fromEntries(FAULTS.map((f) => [f, 0])) as Record<Fault, number>;
    const tills: { core: TerminalCore; clock: JumpClock }[] = [];
    for (let t = 0; t < TERMINALS; t++) {
      const clock = new JumpClock();
      // Hangs cost the request timeout in real time: keep it short, but above a 500-op push.
      const core = await readyTill(shop, fastDir(), {
        serverUrl: proxy.url,
        name: `Till ${t + 1}`,
        core: { clock, cardTerminal: new FakeCardTerminal(), requestTimeoutMs: 2_000, random: seeded(SEED + t) },
      });
      tills.push({ core, clock });
    }
    const total = Object.values(WEIGHTS).reduce((a, b) => a + b, 0);
    proxy.setPolicy(({ path }) => {
      let r = random() * total;
      const fault = FAULTS.find((f) => (r -= WEIGHTS[f]) < 0) ?? 'pass';
      if (path.startsWith('/v1/sync/push')) pushFaults[fault]++;
      return fault;
    });

    let cycles = 0;
    let failedCycles = 0;
    const maxBatch = { ops: 0 };
    await Promise.all(
      tills.map(async ({ core, clock }, t) => {
        const h = handlersOf(core);
        const rng = seeded(SEED * 31 + t);
        // The shift's opening is already in the journal.
        for (let made = core.syncEngine().status().pendingCount; made < OPS_PER_TERMINAL; ) {
          const burst = Math.min(OPS_PER_TERMINAL - made, 1 + Math.floor(rng() * 40));
          for (let i = 0; i < burst; i++) {
            const r = rng();
            if (r < 0.12) await sell(h, shop.barcodes.slice(i % 5, (i % 5) + 1 + (i % 2)), (['cash', 'card', 'split'] as const)[i % 3]);
            else if (r < 0.8) h['drawer.noSale']({ reason: 'change' });
            else h['shift.moveCash']({ direction: 'in', amountMinor: 500, reason: 'float top-up' });
          }
          made += burst;
          maxBatch.ops = Math.max(maxBatch.ops, core.syncEngine().status().pendingCount);
          // One scheduled cycle, as the engine's timer would run it once the backoff allows.
          const before = core.syncEngine().status();
          if (before.nextAttemptAt) clock.advanceTo(new Date(before.nextAttemptAt));
          const after = await core.syncEngine().syncNow(false);
          cycles++;
          if (after.lastError) failedCycles++;
          expect(after.state).not.toBe('conflict');
        }
      }),
    );
    const faultsSeen = proxy.counts();

    // The network heals; each engine drains on its own schedule.
    proxy.setPolicy(() => 'pass');
    for (const { core, clock } of tills) await drain(core, clock);

    let operations = 0;
    for (const { core } of tills) {
      const terminalId = core.identity()!.terminalId;
      const journal = core.db.prepare<[], { n: number; max: number }>('SELECT count(*) AS n, max(seq) AS max FROM journal').get()!;
      const sales = terminalTakings(core.db);
      expect(core.syncEngine().status()).toMatchObject({ state: 'online', pendingCount: 0, rejected: [] });
      // Lost 0, duplicated 0: the server holds each op of the journal once, and each sale once.
      expect(await serverJournal(pool, terminalId)).toEqual({
        operations: journal.n,
        distinctSeqs: journal.n,
        maxSeq: journal.max,
        lastSeq: journal.max,
        sales: sales.sales,
        distinctSales: sales.sales,
      });
      expect(await serverTakings(pool, terminalId)).toEqual(sales);
      const moves = core.db.prepare<[], { n: number }>('SELECT count(*) AS n FROM cash_movements').get()!.n;
      const serverMoves = await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM cash_movements WHERE terminal_id = $1', [terminalId]);
      expect(serverMoves.rows[0]!.n).toBe(moves);
      operations += journal.n;
      core.close();
    }
    expect(operations).toBeGreaterThan(10_000);
    const all = await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM operations');
    expect(all.rows[0]!.n).toBe(operations);
    // Every kind of fault hit pushes, the ones after the commit included.
    for (const fault of FAULTS) expect(pushFaults[fault], `${fault} on push`).toBeGreaterThan(0);
    console.log(
      `fault-injection: ${operations} ops from ${TERMINALS} terminals, ${cycles} cycles (${failedCycles} failed), ` +
        `largest outbox ${maxBatch.ops}; faults ${JSON.stringify(faultsSeen)}; on push ${JSON.stringify(pushFaults)}`,
    );
  }, 240_000);
});
