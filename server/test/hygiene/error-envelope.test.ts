import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_TABLE, MAX_PUSH_BYTES } from '@keel/shared';
import { createPool, type Pool } from '../../src/db/pool';
import { freePort } from '../../src/db/embedded';
import { startTestServer, type TestServer } from '../support/app';
import { freshDatabase } from '../support/database';
import { insertTerminal, ScriptedTerminal, type TerminalIdentity } from '../support/scripted-terminal';
import { expectEnvelope, leaksInternals, post, request } from './raw-http';

/**
 * DESIGN.md "Server": every error is the envelope `{error, code, details?}` with the seed's
 * status mapping, helmet headers, request ids, and a 500 that leaks nothing.
 */
describe('error envelope and headers', () => {
  let pool: Pool;
  let server: TestServer;
  let base: string;
  let terminal: TerminalIdentity;

  beforeAll(async () => {
    ({ pool } = await freshDatabase());
    server = await startTestServer(pool, { env: { RATE_LIMIT_ENROLL_PER_MIN: '1000', RATE_LIMIT_LOGIN_PER_MIN: '1000' } });
    base = server.baseUrl;
    terminal = await insertTerminal(pool);
  });
  afterAll(async () => {
    await server.close();
    await pool.end();
  });

  it('When a push body is not valid JSON, then 400 INVALID_INPUT', async () => {
    const res = await post(base, '/v1/sync/push', '{"ops": [', { token: terminal.token });
    const envelope = expectEnvelope(res, 400, 'INVALID_INPUT');
    expect(envelope.error).toBe('The request body is not valid JSON.');
    expect(leaksInternals(res.text)).toBeNull();
  });

  it('When a body fails the schema, then 400 INVALID_INPUT lists the paths without echoing values', async () => {
    const res = await post(base, '/v1/sync/push', JSON.stringify({ ops: [{ opId: 'secret-value-123', seq: 'x' }] }), { token: terminal.token });
    const envelope = expectEnvelope(res, 400, 'INVALID_INPUT');
    const issues = (envelope.details as { issues: { path: string; message: string }[] }).issues;
    expect(issues.map((i) => i.path)).toEqual(expect.arrayContaining(['ops.0.opId', 'ops.0.seq']));
    expect(res.text).not.toContain('secret-value-123');

    expectEnvelope(await post(base, '/v1/terminals/enroll', JSON.stringify({ code: 1, name: ['x'] })), 400, 'INVALID_INPUT');
    expectEnvelope(await post(base, '/v1/admin/login', JSON.stringify({ email: 'a@b.test' })), 400, 'INVALID_INPUT');
  });

  it('When push has no bearer, a garbage one or an unknown one, then 401 AUTH_REQUIRED', async () => {
    const body = JSON.stringify({ ops: [] });
    for (const authorization of [undefined, 'Bearer', 'Bearer !!!!', 'Basic dXNlcjpwYXNz', `Bearer kt_${'A'.repeat(43)}`, `bearer ${terminal.token}`]) {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (authorization !== undefined) headers.authorization = authorization;
      const res = await request(base, 'POST', '/v1/sync/push', { headers, body });
      expectEnvelope(res, 401, 'AUTH_REQUIRED');
    }
  });

  it('When a route does not exist, then 404 NOT_FOUND in the envelope', async () => {
    for (const [method, path] of [['GET', '/nope'], ['POST', '/v1/sync/nope'], ['GET', '/v1/sync/push'], ['DELETE', '/v1/terminals/enroll'], ['GET', '/v1/admin/no-such-thing']] as const) {
      expectEnvelope(await request(base, method, path), 404, 'NOT_FOUND');
    }
  });

  it('When a body exceeds the limit, then 413 PAYLOAD_TOO_LARGE', async () => {
    const huge = JSON.stringify({ ops: [{ padding: 'x'.repeat(MAX_PUSH_BYTES) }] });
    expectEnvelope(await post(base, '/v1/sync/push', huge, { token: terminal.token }), 413, 'PAYLOAD_TOO_LARGE');
    expectEnvelope(await post(base, '/v1/terminals/enroll', JSON.stringify({ code: 'x'.repeat(20_000), name: 'Till' })), 413, 'PAYLOAD_TOO_LARGE');
    expectEnvelope(await post(base, '/v1/admin/login', JSON.stringify({ email: 'x'.repeat(300_000), password: 'p' })), 413, 'PAYLOAD_TOO_LARGE');
  });

  it('When the body cannot be decoded (garbage gzip, deflate or brotli, an unknown encoding or charset), then a 4xx envelope, not a 500', async () => {
    const json = JSON.stringify({ ops: [] });
    const cases: { headers: Record<string, string>; body: string | Buffer }[] = [
      { headers: { 'content-encoding': 'gzip' }, body: Buffer.from('definitely not gzip') },
      { headers: { 'content-encoding': 'deflate' }, body: Buffer.from('not deflate either') },
      { headers: { 'content-encoding': 'br' }, body: Buffer.from('nor brotli') },
      { headers: { 'content-encoding': 'x-unknown' }, body: json },
      { headers: { 'content-type': 'application/json; charset=latin1' }, body: json },
      { headers: { 'content-type': 'application/json; charset=utf-16' }, body: json },
    ];
    for (const path of ['/v1/sync/push', '/v1/terminals/enroll', '/v1/admin/login']) {
      for (const c of cases) {
        const res = await request(base, 'POST', path, {
          headers: { 'content-type': 'application/json', authorization: `Bearer ${terminal.token}`, ...c.headers },
          body: c.body,
        });
        expect(res.status, `${path} ${JSON.stringify(c.headers)}: ${res.text}`).toBeGreaterThanOrEqual(400);
        expect(res.status, `${path} ${JSON.stringify(c.headers)}: ${res.text}`).toBeLessThan(500);
        expectEnvelope(res, res.status);
        expect(leaksInternals(res.text)).toBeNull();
      }
    }
  });

  it('When a response is sent, then helmet headers are set, x-powered-by is absent and x-request-id is echoed or generated', async () => {
    const responses = [
      await request(base, 'GET', '/livez'),
      await request(base, 'GET', '/nope'),
      await post(base, '/v1/sync/push', '{', { token: terminal.token }),
    ];
    for (const res of responses) {
      expect(res.headers['x-powered-by']).toBeUndefined();
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
      expect(res.headers['strict-transport-security']).toMatch(/max-age=\d+/);
      expect(res.headers['referrer-policy']).toBe('no-referrer');
      const csp = String(res.headers['content-security-policy']);
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("object-src 'none'");
      expect(csp).toContain("script-src-attr 'none'");
      expect(res.headers['x-request-id']).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    }
    const echoed = await request(base, 'GET', '/nope', { headers: { 'x-request-id': 'lb-trace.42_a' } });
    expect(echoed.headers['x-request-id']).toBe('lb-trace.42_a');
    // An id that could forge log lines or bloat them is replaced, not echoed.
    for (const bad of ['has space', 'x'.repeat(65), 'a"}\\u000a{"level":60']) {
      const replaced = await request(base, 'GET', '/livez', { headers: { 'x-request-id': bad } });
      expect(replaced.headers['x-request-id']).not.toBe(bad);
      expect(replaced.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    }
  });
});

describe('500 INTERNAL', () => {
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

  it('When the database fails in a way no one planned for (a dropped table), then 500 with the generic envelope and nothing internal', async () => {
    const t = new ScriptedTerminal(await insertTerminal(pool));
    await pool.query('DROP TABLE rate_limits');
    const generic = { error: ERROR_TABLE.INTERNAL.summary, code: 'INTERNAL' };
    const responses = [
      await post(server.baseUrl, '/v1/terminals/enroll', JSON.stringify({ code: 'ABCDE-FGHJK', name: 'Till' })),
      await post(server.baseUrl, '/v1/admin/login', JSON.stringify({ email: 'a@b.test', password: 'pw' })),
      await post(server.baseUrl, '/v1/sync/push', JSON.stringify({ ops: [t.sale([{ unitPriceMinor: 100 }])] }), { token: t.id.token }),
    ];
    for (const res of responses) {
      expect(res.status).toBe(500);
      expect(res.json).toEqual(generic);
      expect(res.text).toBe(JSON.stringify(generic));
      expect(res.headers['retry-after']).toBeUndefined();
      expect(leaksInternals(res.text)).toBeNull();
    }
    const { rows } = await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM operations');
    expect(rows[0]?.n).toBe(0);
  });
});

describe('503 UNAVAILABLE', () => {
  let pool: Pool;
  let server: TestServer;

  beforeAll(async () => {
    // A pool aimed at a port where no database listens: every query fails to connect.
    pool = createPool(`postgresql://keel:none@127.0.0.1:${await freePort()}/keel`, 2);
    server = await startTestServer(pool);
  });
  afterAll(async () => {
    await server.close();
    await pool.end();
  });

  it('When the database is unreachable, then database routes answer 503 UNAVAILABLE with Retry-After and /livez still 200', async () => {
    const token = `kt_${'B'.repeat(43)}`;
    const responses = [
      await post(server.baseUrl, '/v1/sync/push', JSON.stringify({ ops: [] }), { token }),
      await post(server.baseUrl, '/v1/terminals/enroll', JSON.stringify({ code: 'ABCDE-FGHJK', name: 'Till' })),
      await post(server.baseUrl, '/v1/admin/login', JSON.stringify({ email: 'a@b.test', password: 'pw' })),
      await request(server.baseUrl, 'GET', '/v1/admin/me', { headers: { authorization: `Bearer ka_${'C'.repeat(43)}` } }),
    ];
    for (const res of responses) {
      expectEnvelope(res, 503, 'UNAVAILABLE');
      expect(Number(res.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect(leaksInternals(res.text)).toBeNull();
    }
    expect((await request(server.baseUrl, 'GET', '/livez')).status).toBe(200);
    const ready = await request(server.baseUrl, 'GET', '/readyz');
    expect(ready.status).toBe(503);
    expect(ready.headers['retry-after']).toBeDefined();
  });
});
