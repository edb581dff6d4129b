import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Pool } from '../../src/db/pool';
import { freshDatabase } from '../support/database';
import { startServerProcess, type ServerProcess } from '../support/server-process';
import { insertTerminal, push, ScriptedTerminal } from '../support/scripted-terminal';
import { request } from './raw-http';

/** Waits for a condition, polling, up to a bound (no sleeps standing in for timing). */
async function until(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const logLines = (server: ServerProcess) =>
  server
    .output()
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as { msg?: string; req?: { url?: string }; res?: { statusCode?: number } });

describe('graceful shutdown', () => {
  let pool: Pool;
  let url: string;

  beforeAll(async () => {
    const fresh = await freshDatabase();
    url = fresh.url;
    await fresh.pool.end();
    // The test's own connections under another name, so 'keel-server' backends are the server's.
    pool = new pg.Pool({ connectionString: url, application_name: 'keel-shutdown-test', max: 4 });
  });
  afterAll(async () => {
    await pool.end();
  });

  it('When SIGTERM arrives during a slow push, then readiness fails for new requests, the push completes with 200, the pool closes and the process exits 0', async () => {
    const t = new ScriptedTerminal(await insertTerminal(pool));
    const server = await startServerProcess(url, { LOG_LEVEL: 'info' });
    try {
      expect((await request(server.baseUrl, 'GET', '/readyz')).status).toBe(200);

      // Hold the terminal's row lock so the push waits inside its transaction.
      const holder = await pool.connect();
      let inFlight: ReturnType<typeof push>;
      try {
        await holder.query('BEGIN');
        await holder.query('SELECT 1 FROM terminals WHERE id = $1 FOR UPDATE', [t.id.terminalId]);
        const ops = Array.from({ length: 50 }, (_, i) => t.sale([{ unitPriceMinor: 100 + i }]));
        inFlight = push(server.baseUrl, t.id.token, ops);
        await until('the push to wait on the row lock', async () => {
          const { rowCount } = await pool.query(
            "SELECT 1 FROM pg_stat_activity WHERE application_name = 'keel-server' AND wait_event_type = 'Lock' AND datname = current_database()",
          );
          return (rowCount ?? 0) > 0;
        });

        const sessions = await pool.query("SELECT 1 FROM pg_stat_activity WHERE application_name = 'keel-server' AND datname = current_database()");
        expect(sessions.rowCount).toBeGreaterThan(0);
        server.child.kill('SIGTERM');
        await until('the server to start shutting down', () => logLines(server).some((l) => l.msg?.startsWith('shutting down')));

        // New requests: the listener is closed (refused) or readiness answers 503.
        const ready = await request(server.baseUrl, 'GET', '/readyz').then(
          (res) => res.status,
          (error: NodeJS.ErrnoException) => error.code ?? 'error',
        );
        expect([503, 'ECONNREFUSED']).toContain(ready);
        expect(server.child.exitCode).toBeNull();
      } finally {
        await holder.query('COMMIT');
        holder.release();
      }

      const released = Date.now();
      const res = await inFlight;
      expect(res.status).toBe(200);
      expect(res.body.ackedSeq).toBe(50);
      expect(res.body.results.every((r: { status: string }) => r.status === 'applied')).toBe(true);

      expect(await server.waitForExit()).toBe(0);
      // Draining took as long as the request, not the 10 s grace period.
      expect(Date.now() - released).toBeLessThan(5_000);

      const lines = logLines(server);
      const order = (predicate: (l: (typeof lines)[number]) => boolean) => lines.findIndex(predicate);
      const shuttingDown = order((l) => Boolean(l.msg?.startsWith('shutting down')));
      const pushDone = order((l) => l.req?.url === '/v1/sync/push' && l.res?.statusCode === 200);
      const poolClosed = order((l) => l.msg === 'database pool closed');
      const stopped = order((l) => l.msg === 'stopped');
      expect(shuttingDown).toBeGreaterThanOrEqual(0);
      expect(pushDone).toBeGreaterThan(shuttingDown);
      expect(poolClosed).toBeGreaterThan(pushDone);
      expect(stopped).toBeGreaterThan(poolClosed);

      const { rows } = await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM sales WHERE terminal_id = $1', [t.id.terminalId]);
      expect(rows[0]?.n).toBe(50);
      await until('the server\'s database sessions to end', async () => {
        const { rowCount } = await pool.query("SELECT 1 FROM pg_stat_activity WHERE application_name = 'keel-server' AND datname = current_database()");
        return rowCount === 0;
      }, 2_000);
    } finally {
      await server.stop('SIGKILL');
    }
  });
});
