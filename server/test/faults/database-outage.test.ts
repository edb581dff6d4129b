import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../../src/db/embedded';
import { migrateUp } from '../../src/db/migrate';
import { createPool, type Pool } from '../../src/db/pool';
import { startTestServer, type TestServer } from '../support/app';
import { insertTerminal, push, ScriptedTerminal, type Json } from '../support/scripted-terminal';
import { request } from '../hygiene/raw-http';

/** Waits for a condition, polling, up to a bound. */
async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * DESIGN.md "Sync protocol v1": a database failure is 503 with Retry-After and nothing advanced;
 * the terminal resends and nothing is lost or applied twice. This test owns a PostgreSQL of its
 * own, stops it under load and starts it again on the same data directory and port.
 */
describe('the database goes away mid-run', () => {
  let dir: string;
  let db: EmbeddedDatabase;
  let pool: Pool;
  let server: TestServer;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keel-outage-'));
    // As root, the package runs PostgreSQL as user `postgres`, which must reach the directory.
    fs.chmodSync(dir, 0o777);
    db = await startEmbeddedPostgres({ dataDir: path.join(dir, 'data') });
    pool = createPool(await db.createDatabase('keel'), 10);
    await migrateUp(pool);
    server = await startTestServer(pool, { env: { RATE_LIMIT_PUSH_PER_MIN: '100000' } });
  });
  afterAll(async () => {
    await server?.close();
    await pool?.end();
    await db?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('When PostgreSQL stops for a few seconds while terminals push, then pushes answer 503 with Retry-After, and afterwards the server holds every sale exactly once', async () => {
    const terminals = await Promise.all([0, 1, 2].map(() => insertTerminal(pool).then((id) => new ScriptedTerminal(id))));
    let phase: 'before' | 'outage' | 'after' | 'drain' = 'before';
    const seen = terminals.map(() => ({ ok: 0, okAfter: 0, unavailable: 0, acked: 0, other: [] as string[] }));

    // Each terminal sells continuously and pushes its outbox, as the sync engine does: resend
    // from the last acknowledgement, honour Retry-After (capped small to keep the test short).
    const loops = terminals.map(async (t, i) => {
      const s = seen[i]!;
      for (;;) {
        if (phase !== 'drain') t.sale([{ unitPriceMinor: 100 + ((t.head.seq * 37) % 900) }]);
        const outbox = t.outbox(s.acked).slice(0, 10);
        if (outbox.length === 0) {
          if (phase === 'drain') return;
          continue;
        }
        let res: Awaited<ReturnType<typeof push>>;
        try {
          res = await push(server.baseUrl, t.id.token, outbox);
        } catch (error) {
          s.other.push(`network ${(error as Error).message}`);
          await sleep(50);
          continue;
        }
        if (res.status === 200) {
          const acked = (res.body as Json).ackedSeq as number;
          expect(acked).toBeGreaterThanOrEqual(s.acked);
          expect(acked).toBe(outbox.at(-1)!.seq);
          s.acked = acked;
          s.ok++;
          if (phase === 'after') s.okAfter++;
        } else if (res.status === 503) {
          s.unavailable++;
          expect(res.body).toMatchObject({ code: 'UNAVAILABLE' });
          const retryAfter = Number(res.headers.get('retry-after'));
          expect(retryAfter).toBeGreaterThanOrEqual(1);
          await sleep(Math.min(retryAfter * 1000, 100));
        } else {
          s.other.push(`${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
          await sleep(50);
        }
      }
    });

    try {
      await until('every terminal to push before the outage', () => seen.every((s) => s.ok >= 5));
      phase = 'outage';
      await db.stop();
      const stoppedAt = Date.now();
      const ackedAtStop = seen.map((s) => s.acked);
      await until('three seconds of outage, with 503s for every terminal', () => Date.now() - stoppedAt >= 3_000 && seen.every((s) => s.unavailable >= 5));
      // The process is alive, not ready.
      expect((await request(server.baseUrl, 'GET', '/livez')).status).toBe(200);
      const ready = await request(server.baseUrl, 'GET', '/readyz');
      expect(ready.status).toBe(503);
      expect(ready.headers['retry-after']).toBeDefined();
      // Nothing advanced while the database was gone.
      expect(seen.map((s) => s.acked)).toEqual(ackedAtStop);

      await db.start();
      phase = 'after';
      await until('every terminal to push again after the restart', () => seen.every((s) => s.okAfter >= 5));
      phase = 'drain';
      await Promise.all(loops);
    } finally {
      phase = 'drain';
    }

    for (const s of seen) {
      expect(s.other).toEqual([]);
      expect(s.unavailable).toBeGreaterThanOrEqual(5);
    }
    expect((await request(server.baseUrl, 'GET', '/readyz')).status).toBe(200);

    let journalSales = 0;
    let journalTotal = 0;
    for (const t of terminals) {
      const totals = t.journal.map((op) => (op.payload as { totals: { totalMinor: number } }).totals.totalMinor);
      journalSales += totals.length;
      journalTotal += totals.reduce((a, b) => a + b, 0);
      const { rows } = await pool.query<{ ops: number; last_seq: number; sales: number; distinct_sales: number }>(
        `SELECT (SELECT count(*)::int FROM operations WHERE terminal_id = $1 AND status = 'applied') AS ops,
                (SELECT last_seq FROM terminals WHERE id = $1) AS last_seq,
                (SELECT count(*)::int FROM sales WHERE terminal_id = $1) AS sales,
                (SELECT count(DISTINCT id)::int FROM sales WHERE terminal_id = $1) AS distinct_sales`,
        [t.id.terminalId],
      );
      expect(rows[0]).toEqual({ ops: t.journal.length, last_seq: t.head.seq, sales: t.journal.length, distinct_sales: t.journal.length });
    }
    const { rows } = await pool.query<{ n: number; total: number }>('SELECT count(*)::int AS n, coalesce(sum(total_minor), 0)::int AS total FROM sales');
    expect(rows[0]).toEqual({ n: journalSales, total: journalTotal });
  });
});
