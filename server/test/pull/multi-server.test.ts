import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Pool } from '../../src/db/pool';
import { freshDatabase } from '../support/database';
import { startServerProcess, type ServerProcess } from '../support/server-process';
import { runRace } from './race-runner';
import { insertStore, insertTenant, insertTerminal, type TerminalFixture } from './support';

/**
 * DESIGN.md invariant 5 with the real deployment shape: three server processes (src/main.ts)
 * on one database, eight concurrent writers, five terminals pulling from random instances.
 */
describe('the feed race across three server processes', () => {
  let url: string;
  let pool: Pool;
  let servers: ServerProcess[] = [];
  let tenantId: string;
  let stores: [string, string];
  let terminals: TerminalFixture[];

  beforeAll(async () => {
    ({ url, pool } = await freshDatabase(12));
    tenantId = await insertTenant(pool);
    stores = [await insertStore(pool, tenantId, 'Store A'), await insertStore(pool, tenantId, 'Store B')];
    terminals = [];
    for (const store of [stores[0], stores[0], stores[0], stores[1], stores[1]]) terminals.push(await insertTerminal(pool, tenantId, store));
    servers = await Promise.all([0, 1, 2].map(() => startServerProcess(url)));
  });

  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()));
    await pool?.end();
  });

  it('When eight writers commit and roll back out of order while five terminals pull from random instances, then each terminal gets every committed change of its scope exactly once', async () => {
    // The route must be mounted in app.ts (GET /v1/sync/pull): unauthenticated it answers 401, not 404.
    for (const s of servers) expect((await fetch(`${s.baseUrl}/v1/sync/pull`)).status, 'pullRouter mounted under /v1/sync').toBe(401);
    const started = performance.now();
    const result = await runRace({ pool, tenantId, storeIds: stores, terminals, servers: servers.map((s) => s.baseUrl), writers: 8, committedTarget: 3000 });
    console.info(`race: ${result.committed} committed, ${result.rolledBack} rolled back, ${((performance.now() - started) / 1000).toFixed(1)} s`);
    expect(result.committed).toBeGreaterThanOrEqual(3000);
    expect(result.rolledBack).toBeGreaterThan(0);
  });
});
