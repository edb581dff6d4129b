import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Pool } from '../../../server/src/db/pool';
import { freePort } from '../../../server/src/db/embedded';
import { freshDatabase } from '../../../server/test/support/database';
import { startServerProcess, type ServerProcess } from '../../../server/test/support/server-process';
import type { TerminalCore } from '../../src/core/terminal-core';
import { serverJournal, serverTakings, terminalTakings } from '../support/ledger-totals';
import { handlersOf, readyTill, seedShop, seeded, sell, TEST_SERVER_ENV, type Shop } from '../support/shop';
import { drain, fastDir, JumpClock } from '../support/sync-drive';

// DESIGN.md invariant 2 when the server itself dies: the real server entry (src/main.ts) in its
// own OS process is killed with SIGKILL while pushes of 500-operation batches are in flight,
// then started again on the same database and port. The terminal resends what it cannot know
// was applied; the server must hold every operation exactly once.
let pool: Pool;
let url: string;
let port: number;
let server: ServerProcess | null = null;
let shop: Shop;

const start = async () => {
  server = await startServerProcess(url, { ...TEST_SERVER_ENV, PORT: String(port), LOG_LEVEL: 'silent' });
  return server;
};

beforeAll(async () => {
  ({ pool, url } = await freshDatabase());
  port = await freePort();
  await start();
  shop = await seedShop(server!.baseUrl, pool);
}, 60_000);
afterAll(async () => {
  await server?.stop('SIGKILL');
  await pool.end();
});

const ROUNDS = 4;
const OPS_PER_ROUND = 1200;

/** Makes `n` journal operations: a sale in five, no-sale drawer openings otherwise (cheap, and each one an operation). */
async function makeOps(core: TerminalCore, n: number, round: number): Promise<void> {
  const h = handlersOf(core);
  for (let i = 0; i < n; i++) {
    if (i % 5 === 0) await sell(h, [shop.barcodes[(i + round) % shop.barcodes.length]!]);
    else h['drawer.noSale']({ reason: null });
  }
}

describe('the server killed mid-batch', () => {
  it('When the server process is SIGKILLed while pushes are in flight and restarted on the same database, then every operation is held exactly once', async () => {
    const random = seeded(Number(process.env.KEEL_KILL_SEED ?? 7_357));
    const clock = new JumpClock();
    // Pushes are observed through the terminal's own fetch: when each starts and answers, so a
    // kill can be aimed inside one and the test knows whether it landed there.
    let onPush: (() => void) | null = null;
    let inFlight = 0;
    const durations: number[] = [];
    const observed: typeof fetch = async (input, init) => {
      if (!String(input instanceof Request ? input.url : input).includes('/v1/sync/push')) return fetch(input, init);
      const started = Date.now();
      inFlight++;
      onPush?.();
      try {
        const res = await fetch(input, init);
        await res.clone().arrayBuffer();
        durations.push(Date.now() - started);
        return res;
      } finally {
        inFlight--;
      }
    };
    const core = await readyTill(shop, fastDir(), { serverUrl: server!.baseUrl, core: { clock, fetch: observed, requestTimeoutMs: 30_000 } });
    const terminalId = core.identity()!.terminalId;
    const outcomes: string[] = [];
    let landedInPush = 0;

    for (let round = 0; round < ROUNDS; round++) {
      await makeOps(core, OPS_PER_ROUND, round);
      const ackedBefore = Number(core.db.prepare<[], { value: string }>("SELECT value FROM meta WHERE key = 'sync.ackedSeq'").get()?.value ?? 0);
      // Aim inside the first or second push of the round (500 operations each): a delay within
      // the typical push time seen so far.
      const typical = durations.length ? [...durations].sort((a, b) => a - b)[Math.floor(durations.length / 2)]! : 300;
      const pushToKill = 1 + Math.floor(random() * 2);
      const delayMs = Math.floor(random() * typical);
      let pushes = 0;
      let midPush = false;
      const killed = new Promise<void>((resolve) => {
        onPush = () => {
          if (++pushes !== pushToKill) return;
          setTimeout(() => {
            midPush = inFlight > 0;
            void server!.stop('SIGKILL').then(() => resolve());
          }, delayMs);
        };
      });
      const status = await core.syncEngine().syncNow(false);
      await killed;
      onPush = null;
      const held = await serverJournal(pool, terminalId);
      const acked = Number(core.db.prepare<[], { value: string }>("SELECT value FROM meta WHERE key = 'sync.ackedSeq'").get()?.value ?? 0);
      if (midPush) landedInPush++;
      const batchEnd = ackedBefore + 500 * pushToKill;
      const verdict = !midPush
        ? 'after the pushes (during the pull)'
        : held.lastSeq > acked
          ? `mid-push, batch committed but never answered (server ${held.lastSeq} > terminal ${acked})`
          : held.lastSeq >= Math.min(batchEnd, ackedBefore + OPS_PER_ROUND)
            ? 'mid-push, batch committed and answered'
            : 'mid-push, batch not committed';
      outcomes.push(`round ${round + 1}: push #${pushToKill} +${delayMs} ms (typical ${typical} ms): ${verdict}; cycle ${status.lastError?.code ?? 'ok'}`);
      expect(held.operations).toBe(held.lastSeq); // never a partial batch: ops and head commit together
      expect(held.lastSeq).toBeGreaterThanOrEqual(acked);

      await start();
      const { status: drained } = await drain(core, clock, { maxCycles: 20 });
      expect(drained).toMatchObject({ state: 'online', pendingCount: 0 });
    }
    console.log(`server-kill outcomes:\n  ${outcomes.join('\n  ')}`);
    expect(landedInPush).toBeGreaterThanOrEqual(ROUNDS / 2);

    const journal = core.db.prepare<[], { n: number; max: number }>('SELECT count(*) AS n, max(seq) AS max FROM journal').get()!;
    const mine = terminalTakings(core.db);
    expect(await serverJournal(pool, terminalId)).toEqual({
      operations: journal.n,
      distinctSeqs: journal.n,
      maxSeq: journal.max,
      lastSeq: journal.max,
      sales: mine.sales,
      distinctSales: mine.sales,
    });
    expect(await serverTakings(pool, terminalId)).toEqual(mine);
    console.log(`server-kill: ${journal.n} operations held exactly once after ${ROUNDS} kills (${landedInPush} inside a push)`);
    core.close();
  }, 180_000);
});
