import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Pool } from '../../../server/src/db/pool';
import { startTestServer, type TestServer } from '../../../server/test/support/app';
import { freshDatabase } from '../../../server/test/support/database';
import { FakeCardTerminal } from '../payments/fake-card-terminal';
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy';
import { serverJournal, serverTakings, terminalTakings } from '../support/ledger-totals';
import { handlersOf, readyTill, seedShop, sell, TEST_SERVER_ENV, type Shop, type TenderPlan } from '../support/shop';
import { drain, fastDir, JumpClock } from '../support/sync-drive';

// DESIGN.md "The spine" step 5 and invariant 2 against the real server and PostgreSQL: a till
// that sells through a whole outage loses nothing and the server's books match its own.
let pool: Pool;
let server: TestServer;
let shop: Shop;
let proxy: FaultProxy;

beforeAll(async () => {
  ({ pool } = await freshDatabase());
  server = await startTestServer(pool, { env: TEST_SERVER_ENV });
  shop = await seedShop(server.baseUrl, pool);
  // The terminal talks to the proxy; proxy.down() makes its server URL refuse connections.
  proxy = await startFaultProxy(server.baseUrl);
});
afterAll(async () => {
  await proxy.close();
  await server.close();
  await pool.end();
});

const SALES = 1000;
const PLANS: readonly TenderPlan[] = ['cash', 'cash', 'card', 'split', 'cash', 'other'];

describe('a server outage', () => {
  it('When 1,000 sales are made while the server URL is not listening and it comes back, then after sync the server holds exactly those 1,000 sales with the same tender and tax totals to the cent', async () => {
    const clock = new JumpClock();
    const core = await readyTill(shop, fastDir(), { serverUrl: proxy.url, core: { clock, cardTerminal: new FakeCardTerminal() } });
    const h = handlersOf(core);
    const terminalId = core.identity()!.terminalId;
    await proxy.down();

    const receipts = new Set<string>();
    for (let i = 0; i < SALES; i++) {
      // One to three lines over both tax rates, several tender kinds.
      const lines = shop.barcodes.slice(i % 4, (i % 4) + 1 + (i % 3));
      receipts.add((await sell(h, lines, PLANS[i % PLANS.length])).receiptNumber);
    }
    expect(receipts.size).toBe(SALES);

    // Still down: the engine says offline, keeps everything, and backs off.
    const offline = await core.syncEngine().syncNow();
    expect(offline).toMatchObject({ state: 'offline', pendingCount: SALES + 1, lastError: { code: 'NETWORK_UNREACHABLE' } });
    expect(offline.nextAttemptAt).not.toBeNull();
    expect((await serverJournal(pool, terminalId)).sales).toBe(0);

    await proxy.up();
    const { status } = await drain(core, clock);
    expect(status).toMatchObject({ state: 'online', pendingCount: 0, lastError: null, rejected: [] });

    const held = await serverJournal(pool, terminalId);
    const head = core.db.prepare<[], { n: number; max: number }>('SELECT count(*) AS n, max(seq) AS max FROM journal').get()!;
    expect(held).toEqual({ operations: head.n, distinctSeqs: head.n, maxSeq: head.max, lastSeq: head.max, sales: SALES, distinctSales: SALES });
    const mine = terminalTakings(core.db);
    expect(mine.sales).toBe(SALES);
    expect(Object.keys(mine.byTender).sort()).toEqual(['card', 'cash', 'other']);
    expect(Object.keys(mine.byTax).sort()).toEqual(['red', 'std']);
    expect(await serverTakings(pool, terminalId)).toEqual(mine);
    core.close();
  }, 120_000);
});
