import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Pool } from '../../src/db/pool';
import { startTestServer, type TestServer } from '../support/app';
import { freshDatabase } from '../support/database';
import { call, createStore, createTenantWithAdmin, loginAdmin, ok } from '../support/fixtures';
import { push, ScriptedTerminal } from '../support/scripted-terminal';
import { request } from './raw-http';

/**
 * DESIGN.md invariant 8 and "Server": pino JSON logs with request ids, scrubbed of passwords,
 * tokens, enrollment codes and PINs. The app logs into a buffer while a whole session runs
 * through it: admin login, cashier PINs, enrollment, push, failures and a 500.
 */
describe('logs', () => {
  let pool: Pool;
  let server: TestServer;
  let base: string;
  const lines: string[] = [];
  const destination = { write: (line: string) => void lines.push(line) };

  beforeAll(async () => {
    ({ pool } = await freshDatabase());
    server = await startTestServer(pool, { env: { LOG_LEVEL: 'trace' }, logDestination: destination });
    base = server.baseUrl;
  });
  afterAll(async () => {
    await server.close();
    await pool.end();
  });

  it('When a session runs with passwords, tokens, codes and PINs, then every request is logged with its id and no secret reaches the log', async () => {
    const password = 'log-test password 7f3a9c';
    const wrongPassword = 'wrong-password-91be04d2';
    const tenant = await createTenantWithAdmin(pool, { password });
    const secrets: string[] = [password, wrongPassword];

    expect((await call(base, 'POST', '/v1/admin/login', { body: { email: tenant.email, password: wrongPassword } })).status).toBe(401);
    const { token: adminToken } = await loginAdmin(base, tenant.email, password);
    secrets.push(adminToken);
    const store = await createStore(base, adminToken);

    const pins = ['482913', '735120'];
    secrets.push(...pins);
    const cashier = await ok<{ id: string }>(base, 'POST', `/v1/admin/stores/${store.id}/cashiers`, {
      token: adminToken,
      body: { name: 'Anna', role: 'cashier', pin: pins[0] },
    });
    await ok(base, 'PATCH', `/v1/admin/stores/${store.id}/cashiers/${cashier.id}`, { token: adminToken, body: { pin: pins[1] } });

    const { code } = await ok<{ code: string }>(base, 'POST', `/v1/admin/stores/${store.id}/enrollment-codes`, { token: adminToken, body: {} });
    const bogusCode = 'QWERT-YUPAS';
    secrets.push(code, code.replace('-', ''), bogusCode, bogusCode.replace('-', ''));
    expect((await call(base, 'POST', '/v1/terminals/enroll', { body: { code: bogusCode, name: 'Till' } })).code).toBe('ENROLLMENT_CODE_INVALID');
    const enrolled = await ok<{ terminalId: string; storeId: string; tenantId: string; token: string; terminalCode: string }>(base, 'POST', '/v1/terminals/enroll', {
      body: { code, name: 'Till 1' },
    });
    secrets.push(enrolled.token);

    const t = new ScriptedTerminal({ ...enrolled, code: enrolled.terminalCode });
    expect((await push(base, enrolled.token, [t.sale([{ unitPriceMinor: 250 }])])).status).toBe(200);
    const garbageToken = 'kt_GarbageTokenThatMustNotBeLogged_0123456789';
    secrets.push(garbageToken);
    expect((await push(base, garbageToken, [])).status).toBe(401);
    // A token in a header the server does not read, and a traced request id.
    const traced = await request(base, 'GET', '/v1/admin/me', {
      headers: { authorization: `Bearer ${adminToken}`, cookie: `session=${adminToken}`, 'x-request-id': 'trace-logs-1' },
    });
    expect(traced.status).toBe(200);

    // A failure the server did not plan for, while a token and a password are in the request.
    await pool.query('DROP TABLE rate_limits');
    expect((await call(base, 'POST', '/v1/admin/login', { body: { email: tenant.email, password } })).status).toBe(500);
    expect((await push(base, enrolled.token, [t.sale([{ unitPriceMinor: 300 }])])).status).toBe(500);

    const text = lines.join('');
    const entries = lines.map((l) => JSON.parse(l) as Record<string, unknown> & { req?: { id?: unknown; url?: unknown }; msg?: string });
    const completed = entries.filter((e) => e.req !== undefined);
    // One line per request (livez and metrics aside), each with the request's id.
    expect(completed.length).toBeGreaterThanOrEqual(12);
    for (const e of completed) expect(e.req?.id, JSON.stringify(e)).toMatch(/^[\w.-]{1,64}$/);
    expect(completed.some((e) => e.req?.id === 'trace-logs-1')).toBe(true);
    const failures = entries.filter((e) => e.msg === 'request failed');
    expect(failures.length).toBe(2);
    for (const f of failures) {
      expect(f.reqId).toMatch(/^[0-9a-f-]{36}$/);
      // The SQLSTATE survives the redaction of `*.code`, so the 500 can be diagnosed.
      expect(f.err).toMatchObject({ diagnosticCode: '42P01' });
    }

    for (const secret of secrets) {
      expect(text.includes(secret), `the log holds a secret (${secret.slice(0, 4)}…)`).toBe(false);
    }
    // Nor the token hashes (they identify the session in the database).
    for (const token of [adminToken, enrolled.token]) expect(text).not.toContain(createHash('sha256').update(token).digest('hex'));
    expect(text).not.toMatch(/authorization|cookie/i);
  });
});
