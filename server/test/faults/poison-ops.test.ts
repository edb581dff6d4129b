import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeOpHash, type Operation } from '@keel/shared';
import type { Pool } from '../../src/db/pool';
import { startTestServer, type TestServer } from '../support/app';
import { insertTerminal, push, ScriptedTerminal, type Json } from '../support/scripted-terminal';
import { fastDatabase } from './fast-database';

/**
 * DESIGN.md "Sync protocol v1": an op that can never apply is stored as rejected and still
 * acknowledged, so one bad record never blocks the queue (PowerSync's lesson). Here poison ops
 * of several kinds are scattered among good sales and the journal is pushed in batches of
 * random sizes, over several generated journals.
 */

type Kind = 'good' | 'invalid-sale' | 'garbage' | 'sale-id-clash' | 'unstorable-text';

/** Appends an op with this payload, correctly chained and hashed: poison by content, not by form. */
function appendRaw(t: ScriptedTerminal, payload: unknown, type = 'sale.completed'): Operation {
  const op = {
    opId: randomUUID(),
    terminalId: t.id.terminalId,
    seq: t.head.seq + 1,
    type,
    payload,
    createdAt: new Date().toISOString(),
    prevHash: t.head.hash,
    hash: '',
  };
  op.hash = computeOpHash(op);
  t.journal.push(op as unknown as Operation);
  t.head = { seq: op.seq, hash: op.hash, terminalId: t.id.terminalId };
  return op as unknown as Operation;
}

/** A well-formed sale payload that is not in `t`'s journal (from a scratch copy of the terminal). */
function salePayload(t: ScriptedTerminal, unitPriceMinor: number): Json {
  return structuredClone(new ScriptedTerminal(t.id).sale([{ unitPriceMinor }]).payload);
}

/**
 * A valid sale whose line name PostgreSQL cannot store in text or jsonb (U+0000, an unpaired
 * surrogate): it passes every schema and fails only in the database, and its rejected record
 * must still be storable.
 */
function unstorableSale(t: ScriptedTerminal, unitPriceMinor: number, name: string): Json {
  const payload = salePayload(t, unitPriceMinor);
  payload.lines[0].name = name;
  return payload;
}

function hashable(value: unknown): boolean {
  try {
    computeOpHash({ opId: randomUUID(), terminalId: randomUUID(), seq: 1, type: 'sale.completed', payload: value, createdAt: new Date().toISOString(), prevHash: '0'.repeat(64) });
    return true;
  } catch {
    return false;
  }
}


const journalSpec = fc.record({
  kinds: fc.array(
    fc.oneof(
      { weight: 18, arbitrary: fc.constant<Kind>('good') },
      { weight: 2, arbitrary: fc.constantFrom<Kind>('invalid-sale', 'garbage', 'sale-id-clash', 'unstorable-text') },
    ),
    { minLength: 200, maxLength: 200 },
  ),
  prices: fc.array(fc.integer({ min: 1, max: 100_000 }), { minLength: 200, maxLength: 200 }),
  batchSizes: fc.array(fc.integer({ min: 1, max: 25 }), { minLength: 200, maxLength: 200 }),
  garbage: fc.array(fc.jsonValue({ maxDepth: 4, stringUnit: 'binary' }).filter(hashable), { minLength: 200, maxLength: 200 }),
});

describe('poison operations', () => {
  let pool: Pool;
  let server: TestServer;

  beforeAll(async () => {
    ({ pool } = await fastDatabase());
    server = await startTestServer(pool, { env: { RATE_LIMIT_PUSH_PER_MIN: '100000' } });
  });
  afterAll(async () => {
    await server.close();
    await pool.end();
  });

  it('When ~10% of 200 ops are poison (invalid sale, garbage payload, a sale id already taken, text the database cannot store), then exactly the good ones apply, the poison ones are rejected and ackedSeq reaches the last seq', async () => {
    await fc.assert(
      fc.asyncProperty(journalSpec, async ({ kinds, prices, batchSizes, garbage }) => {
        const t = new ScriptedTerminal(await insertTerminal(pool));
        const expected = new Map<number, 'applied' | 'rejected'>();
        const goodSaleIds: string[] = [];
        let goodTotal = 0;
        kinds.forEach((wanted, i) => {
          const kind = wanted === 'sale-id-clash' && goodSaleIds.length === 0 ? 'invalid-sale' : wanted;
          if (kind === 'good') {
            const op = t.sale([{ unitPriceMinor: prices[i]! }]);
            const sale = op.payload as { saleId: string; totals: { totalMinor: number } };
            goodSaleIds.push(sale.saleId);
            goodTotal += sale.totals.totalMinor;
            expected.set(op.seq, 'applied');
            return;
          }
          const payload =
            kind === 'invalid-sale'
              ? { ...salePayload(t, prices[i]!), lines: [] }
              : kind === 'garbage'
                ? garbage[i]
                : kind === 'unstorable-text'
                  ? unstorableSale(t, prices[i]!, i % 2 === 0 ? 'Milk\u0000' : 'Milk\ud800')
                  : { ...salePayload(t, prices[i]!), saleId: goodSaleIds[i % goodSaleIds.length] };
          expected.set(appendRaw(t, payload).seq, 'rejected');
        });

        let acked = 0;
        for (let b = 0; acked < t.head.seq; b++) {
          const batch = t.outbox(acked).slice(0, batchSizes[b % batchSizes.length]);
          const res = await push(server.baseUrl, t.id.token, batch);
          expect(res.status, JSON.stringify(res.body).slice(0, 500)).toBe(200);
          const body = res.body as Json;
          expect(body.ackedSeq).toBe(batch.at(-1)!.seq);
          for (const r of body.results as { seq: number; status: string; reason?: string }[]) {
            expect(r.status, `seq ${r.seq}: ${r.reason ?? ''}`).toBe(expected.get(r.seq));
            if (r.status === 'rejected') expect(r.reason).toBeTruthy();
          }
          acked = body.ackedSeq;
        }

        const { rows } = await pool.query<{ applied: number; rejected: number; sales: number; total: number; last_seq: number }>(
          `SELECT (SELECT count(*)::int FROM operations WHERE terminal_id = $1 AND status = 'applied') AS applied,
                  (SELECT count(*)::int FROM operations WHERE terminal_id = $1 AND status = 'rejected') AS rejected,
                  (SELECT count(*)::int FROM sales WHERE terminal_id = $1) AS sales,
                  (SELECT coalesce(sum(total_minor), 0)::int FROM sales WHERE terminal_id = $1) AS total,
                  (SELECT last_seq FROM terminals WHERE id = $1) AS last_seq`,
          [t.id.terminalId],
        );
        const good = [...expected.values()].filter((s) => s === 'applied').length;
        expect(rows[0]).toEqual({ applied: good, rejected: 200 - good, sales: good, total: goodTotal, last_seq: 200 });
      }),
      { numRuns: 4 },
    );
  });

  it('When a correctly hashed sale holds text PostgreSQL cannot store (U+0000, an unpaired surrogate), then it is rejected and the ops after it still apply', async () => {
    for (const poison of ['Milk\u0000', 'Milk\ud800']) {
      const t = new ScriptedTerminal(await insertTerminal(pool));
      const before = t.sale([{ unitPriceMinor: 100 }]);
      const bad = appendRaw(t, unstorableSale(t, 200, poison));
      const after = t.sale([{ unitPriceMinor: 300 }]);
      const res = await push(server.baseUrl, t.id.token, [before, bad, after]);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect((res.body as Json).results.map((r: { status: string }) => r.status)).toEqual(['applied', 'rejected', 'applied']);
      expect((res.body as Json).ackedSeq).toBe(3);
      const { rows } = await pool.query<{ seq: number; status: string }>('SELECT seq, status FROM operations WHERE terminal_id = $1 ORDER BY seq', [t.id.terminalId]);
      expect(rows).toEqual([
        { seq: 1, status: 'applied' },
        { seq: 2, status: 'rejected' },
        { seq: 3, status: 'applied' },
      ]);
    }
  });
});
