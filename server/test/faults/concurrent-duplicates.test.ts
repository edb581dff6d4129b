import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Pool } from '../../src/db/pool';
import { startTestServer, type TestServer } from '../support/app';
import { insertTerminal, push, ScriptedTerminal, type Json } from '../support/scripted-terminal';
import { fastDatabase } from './fast-database';

/**
 * DESIGN.md invariant 2 under a race: delivery is at-least-once, and a terminal whose request
 * timed out resends while the first copy is still being applied. Two identical pushes at the
 * same moment must apply each operation exactly once: one answer says applied, the other
 * duplicate, both 200, never a 409 and never a second row.
 */
describe('two identical pushes at once', () => {
  let pool: Pool;
  let server: TestServer;
  const ROUNDS = 1_000;

  beforeAll(async () => {
    ({ pool } = await fastDatabase(24));
    server = await startTestServer(pool, { env: { RATE_LIMIT_PUSH_PER_MIN: '100000' } });
  });
  afterAll(async () => {
    await server.close();
    await pool.end();
  });

  it(`When each of ${ROUNDS} rounds pushes one new sale twice concurrently, then every operation is applied exactly once`, async () => {
    const terminals = await Promise.all(Array.from({ length: 8 }, () => insertTerminal(pool).then((id) => new ScriptedTerminal(id))));
    const rounds = ROUNDS / terminals.length;
    const answers: { status: number; kind: string }[] = [];

    // Eight terminals race in parallel, each its own sequence of rounds: more contention on the
    // pool and the database than one at a time, and 1,000 rounds in all.
    await Promise.all(
      terminals.map(async (t) => {
        for (let round = 0; round < rounds; round++) {
          const op = t.sale([{ unitPriceMinor: 100 + round }]);
          const [a, b] = await Promise.all([push(server.baseUrl, t.id.token, [op]), push(server.baseUrl, t.id.token, [op])]);
          const statuses = [a, b].map((r) => (r.status === 200 ? (r.body as Json).results[0].status : `http ${r.status} ${JSON.stringify(r.body)}`));
          answers.push({ status: a.status, kind: statuses.sort().join('+') });
          expect(statuses.sort(), `round ${round} of ${t.id.code}`).toEqual(['applied', 'duplicate']);
          expect([a.status, b.status]).toEqual([200, 200]);
          expect((a.body as Json).ackedSeq).toBe(op.seq);
          expect((b.body as Json).ackedSeq).toBe(op.seq);
        }
      }),
    );
    expect(answers.length).toBe(ROUNDS);

    for (const t of terminals) {
      const { rows } = await pool.query<{ ops: number; distinct_seqs: number; sales: number; total: number; last_seq: number }>(
        `SELECT (SELECT count(*)::int FROM operations WHERE terminal_id = $1) AS ops,
                (SELECT count(DISTINCT seq)::int FROM operations WHERE terminal_id = $1) AS distinct_seqs,
                (SELECT count(*)::int FROM sales WHERE terminal_id = $1) AS sales,
                (SELECT coalesce(sum(total_minor), 0)::int FROM sales WHERE terminal_id = $1) AS total,
                (SELECT last_seq FROM terminals WHERE id = $1) AS last_seq`,
        [t.id.terminalId],
      );
      const journalTotal = t.journal.reduce((sum, op) => sum + (op.payload as { totals: { totalMinor: number } }).totals.totalMinor, 0);
      expect(rows[0]).toEqual({ ops: rounds, distinct_seqs: rounds, sales: rounds, total: journalTotal, last_seq: rounds });
    }
  });

  it('When a stale outbox (already acknowledged ops plus a new one) is sent twice at once, then the old ops are duplicates and the new one applies once', async () => {
    const t = new ScriptedTerminal(await insertTerminal(pool));
    for (let round = 0; round < 50; round++) {
      t.sale([{ unitPriceMinor: 10 + round }]);
      // Resend from three back: as a terminal does when an acknowledgement was lost.
      const outbox = t.outbox(Math.max(0, t.head.seq - 3));
      const [a, b] = await Promise.all([push(server.baseUrl, t.id.token, outbox), push(server.baseUrl, t.id.token, outbox)]);
      expect([a.status, b.status]).toEqual([200, 200]);
      const applied = [a, b].flatMap((r) => (r.body as Json).results.filter((x: { status: string }) => x.status === 'applied').map((x: { seq: number }) => x.seq));
      expect(applied).toEqual([t.head.seq]);
    }
    const { rows } = await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM sales WHERE terminal_id = $1', [t.id.terminalId]);
    expect(rows[0]?.n).toBe(50);
  });
});
