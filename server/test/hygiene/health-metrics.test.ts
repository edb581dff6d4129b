import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeSchemaVersion } from '../../src/db/migrate';
import type { Pool } from '../../src/db/pool';
import { startTestServer, type TestServer } from '../support/app';
import { freshDatabase } from '../support/database';
import { insertTerminal, push, ScriptedTerminal } from '../support/scripted-terminal';
import { post, request } from './raw-http';

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** Prometheus text format, samples only (comments skipped). */
function parseMetrics(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match) throw new Error(`not a metrics line: ${line}`);
    const labels: Record<string, string> = {};
    for (const [, key, value] of (match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[key!] = value!;
    samples.push({ name: match[1]!, labels, value: Number(match[3]) });
  }
  return samples;
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

describe('/livez, /readyz and /metrics', () => {
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

  it('When the database is reachable with the current schema, then /livez and /readyz answer 200', async () => {
    const live = await request(server.baseUrl, 'GET', '/livez');
    expect(live.status).toBe(200);
    expect(live.json).toEqual({ status: 'ok' });
    const ready = await request(server.baseUrl, 'GET', '/readyz');
    expect(ready.status).toBe(200);
    expect(ready.json).toEqual({ status: 'ready', schemaVersion: codeSchemaVersion() });
  });

  it('When the server is shutting down, then /readyz answers 503 while /livez stays 200', async () => {
    server.ctx.lifecycle.shuttingDown = true;
    try {
      const ready = await request(server.baseUrl, 'GET', '/readyz');
      expect(ready.status).toBe(503);
      expect(ready.json).toEqual({ status: 'shutting-down' });
      expect(ready.headers['retry-after']).toBeDefined();
      expect((await request(server.baseUrl, 'GET', '/livez')).status).toBe(200);
    } finally {
      server.ctx.lifecycle.shuttingDown = false;
    }
  });

  it('When requests were served, then /metrics has latency by route template (never a raw id), errors, pool gauges, ops and feed lag', async () => {
    const t = new ScriptedTerminal(await insertTerminal(pool));
    expect((await push(server.baseUrl, t.id.token, [t.sale([{ unitPriceMinor: 100 }])])).status).toBe(200);
    expect((await push(server.baseUrl, 'kt_not-a-real-token-000000000000', [])).status).toBe(401);
    expect((await post(server.baseUrl, '/v1/sync/push', '{', { token: t.id.token })).status).toBe(400);
    const storeId = randomUUID();
    const adminToken = `ka_${'D'.repeat(43)}`;
    expect((await request(server.baseUrl, 'GET', `/v1/admin/stores/${storeId}`, { headers: { authorization: `Bearer ${adminToken}` } })).status).toBe(401);
    expect((await request(server.baseUrl, 'GET', `/v1/admin/stores/${storeId}/cashiers?limit=5`, { headers: { authorization: `Bearer ${adminToken}` } })).status).toBe(401);
    expect((await request(server.baseUrl, 'GET', `/v1/no-such-route/${storeId}`)).status).toBe(404);

    // An open transaction that holds an xid holds the pull feed's fence back: the lag shows it.
    const holder = await pool.connect();
    let text: string;
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT pg_current_xact_id()');
      const res = await request(server.baseUrl, 'GET', '/metrics');
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/plain/);
      text = res.text;
    } finally {
      await holder.query('ROLLBACK');
      holder.release();
    }
    const samples = parseMetrics(text);
    const find = (name: string, labels: Record<string, string> = {}) =>
      samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));

    const durations = find('keel_http_request_duration_seconds_count');
    const routes = new Set(durations.map((s) => s.labels.route ?? ''));
    expect(find('keel_http_request_duration_seconds_count', { route: '/v1/sync/push', status: '2xx', method: 'POST' })[0]?.value).toBe(1);
    expect(find('keel_http_request_duration_seconds_count', { route: '/v1/sync/push', status: '4xx', method: 'POST' })[0]?.value).toBe(2);
    expect(routes).toContain('/v1/admin/stores/:storeId');
    expect(routes).toContain('/v1/admin/stores/:storeId/cashiers');
    expect(routes).toContain('unmatched');
    expect(find('keel_http_request_duration_seconds_bucket', { route: '/v1/sync/push', le: '+Inf' }).length).toBeGreaterThan(0);
    // Templates only: no raw ids, no query strings, nothing but the known routes.
    for (const route of routes) {
      expect(route).not.toMatch(UUID);
      expect(route).not.toContain('?');
      expect(route === 'unmatched' || route === '/livez' || route === '/readyz' || route.startsWith('/v1/')).toBe(true);
    }
    expect(text).not.toContain(storeId);
    expect(text).not.toContain(t.id.terminalId);

    expect(find('keel_http_errors_total', { route: '/v1/sync/push', code: 'AUTH_REQUIRED' })[0]?.value).toBe(1);
    expect(find('keel_http_errors_total', { route: '/v1/sync/push', code: 'INVALID_INPUT' })[0]?.value).toBe(1);
    expect(find('keel_http_errors_total', { route: '/v1/admin/stores/:storeId', code: 'AUTH_REQUIRED' })[0]?.value).toBe(1);
    expect(find('keel_http_errors_total', { route: 'unmatched', code: 'NOT_FOUND' })[0]?.value).toBe(1);

    for (const gauge of ['keel_db_pool_total', 'keel_db_pool_idle', 'keel_db_pool_waiting']) {
      const [sample] = find(gauge);
      expect(sample, gauge).toBeDefined();
      expect(Number.isFinite(sample!.value)).toBe(true);
    }
    expect(find('keel_db_pool_total')[0]!.value).toBeGreaterThanOrEqual(1);
    expect(find('keel_sync_ops_total', { status: 'applied' })[0]?.value).toBe(1);
    const [lag] = find('keel_feed_lag_seconds');
    expect(lag?.value).toBeGreaterThan(0);
  });
});

describe('/readyz against a schema other than the code expects', () => {
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

  it('When the database holds a newer migration than the code knows, then /readyz answers 503 schema-mismatch', async () => {
    const expected = codeSchemaVersion();
    await pool.query("INSERT INTO schema_migrations (version, name) VALUES ($1, 'from-a-newer-server')", [expected + 1]);
    const ready = await request(server.baseUrl, 'GET', '/readyz');
    expect(ready.status).toBe(503);
    expect(ready.json).toEqual({ status: 'schema-mismatch', schemaVersion: expected + 1, expectedSchemaVersion: expected });
    expect((await request(server.baseUrl, 'GET', '/livez')).status).toBe(200);

    await pool.query('DELETE FROM schema_migrations WHERE version = $1', [expected + 1]);
    expect((await request(server.baseUrl, 'GET', '/readyz')).status).toBe(200);
  });
});
