import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTransaction, type Pool } from '../../src/db/pool';
import { isTransientDbError } from '../../src/http/errors';
import { startTestServer, type TestServer } from '../support/app';
import { freshDatabase } from '../support/database';
import { insertTerminal, push, ScriptedTerminal, type Json } from '../support/scripted-terminal';

/** Waits for a condition, polling, up to a bound. */
async function until<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * A connection the database ends under a checked-out client (a restart, a failover, an admin
 * terminating it) must fail that request as transient, never crash the process: pg emits
 * 'error' on such a client, and pg-pool listens only while the client is idle. Vitest reports an
 * unhandled 'error' as a failed run, so these tests also prove there is none.
 */
describe('a connection lost while checked out', () => {
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

  const terminate = (pid: number) => pool.query('SELECT pg_terminate_backend($1)', [pid]);

  it('When the backend of an idle checked-out client is terminated, then nothing crashes, its next query fails as transient and the pool discards it', async () => {
    const client = await pool.connect();
    const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    await terminate(rows[0]!.pid);
    const failure = await until('the client to notice', () =>
      client.query('SELECT 1').then(
        () => undefined,
        (error: unknown) => error,
      ),
    );
    expect(isTransientDbError(failure)).toBe(true);
    const totalBefore = pool.totalCount;
    // Released with its error, as server code does with a client that failed: pg then destroys
    // it instead of returning a dead connection to the idle list (a plain release races the
    // connection's own 'end' event).
    client.release(failure as Error);
    expect(pool.totalCount).toBe(totalBefore - 1);
    expect((await pool.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
  });

  it('When a transaction loses its connection mid-way, then inTransaction rejects with a transient error and the pool keeps working', async () => {
    const outcome = inTransaction(pool, async (client) => {
      const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      await terminate(rows[0]!.pid);
      await client.query('SELECT pg_sleep(5)');
    });
    await expect(outcome).rejects.toSatisfy(isTransientDbError);
    expect((await pool.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
  });

  it('When a push waiting on its terminal lock loses its connection, then it answers 503 with Retry-After and the resend applies once', async () => {
    const t = new ScriptedTerminal(await insertTerminal(pool));
    const op = t.sale([{ unitPriceMinor: 420 }]);
    const holder = await pool.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT 1 FROM terminals WHERE id = $1 FOR UPDATE', [t.id.terminalId]);
      const waiting = push(server.baseUrl, t.id.token, [op]);
      const pid = await until('the push to wait on the lock', async () => {
        const { rows } = await pool.query<{ pid: number }>(
          "SELECT pid FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database() AND query LIKE '%FOR UPDATE%'",
        );
        return rows[0]?.pid;
      });
      await terminate(pid);
      const res = await waiting;
      expect(res.status).toBe(503);
      expect(res.body).toMatchObject({ code: 'UNAVAILABLE' });
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    } finally {
      await holder.query('ROLLBACK');
      holder.release();
    }
    const resend = await push(server.baseUrl, t.id.token, [op]);
    expect(resend.status).toBe(200);
    expect((resend.body as Json).results).toEqual([{ seq: 1, opId: op.opId, status: 'applied' }]);
    const { rows } = await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM sales WHERE terminal_id = $1', [t.id.terminalId]);
    expect(rows[0]?.n).toBe(1);
  });
});
