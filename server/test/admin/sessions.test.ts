import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Pool } from '../../src/db/pool';
import { startTestServer, type TestServer } from '../support/app';
import { freshDatabase } from '../support/database';
import { call, createManager, createStore, createTenantWithAdmin, enrollTerminal, loginAdmin, PASSWORD, type TenantWithAdmin } from '../support/fixtures';

const HOUR = 3_600_000;

describe('admin sessions and roles', () => {
  let pool: Pool;
  let server: TestServer;
  let base: string;
  let tenant: TenantWithAdmin;
  let clock = new Date('2025-03-01T09:00:00.000Z');

  beforeAll(async () => {
    ({ pool } = await freshDatabase());
    server = await startTestServer(pool, { now: () => clock, env: { RATE_LIMIT_LOGIN_PER_MIN: '1000', RATE_LIMIT_ENROLL_PER_MIN: '1000' } });
    base = server.baseUrl;
    tenant = await createTenantWithAdmin(pool);
  });
  afterAll(async () => {
    await server.close();
    await pool.end();
  });

  it('When an admin logs in with the right password, then a token, its expiry and the account come back', async () => {
    const res = await call<{ token: string; expiresAt: string; account: Record<string, unknown> }>(base, 'POST', '/v1/admin/login', {
      body: { email: tenant.email.toUpperCase(), password: PASSWORD },
    });
    expect(res.status).toBe(200);
    expect(res.body.token).toMatch(/^ka_[A-Za-z0-9_-]{43}$/);
    expect(res.body.expiresAt).toBe(new Date(clock.getTime() + 12 * HOUR).toISOString());
    expect(res.body.account).toEqual({ id: tenant.adminId, email: tenant.email, role: 'admin', tenantId: tenant.tenantId, storeId: null });

    const me = await call<{ account: { id: string } }>(base, 'GET', '/v1/admin/me', { token: res.body.token });
    expect(me.body.account.id).toBe(tenant.adminId);

    // Only the token's hash is stored.
    const { rows } = await pool.query<{ token_hash: string }>('SELECT token_hash FROM admin_sessions');
    expect(rows.map((r) => r.token_hash)).toContain(createHash('sha256').update(res.body.token).digest('hex'));
    expect(JSON.stringify(rows)).not.toContain(res.body.token);
  });

  it('When the password is wrong or the email unknown, then both answer 401 AUTH_REQUIRED with the same message', async () => {
    const wrong = await call<{ error: string }>(base, 'POST', '/v1/admin/login', { body: { email: tenant.email, password: 'not the password' } });
    const unknown = await call<{ error: string }>(base, 'POST', '/v1/admin/login', { body: { email: 'nobody@example.test', password: 'x' } });
    expect([wrong.status, wrong.code]).toEqual([401, 'AUTH_REQUIRED']);
    expect([unknown.status, unknown.code]).toEqual([401, 'AUTH_REQUIRED']);
    expect(wrong.body).toEqual(unknown.body);
  });

  it('When the login body is malformed, then 400 INVALID_INPUT without echoing the password', async () => {
    const res = await call(base, 'POST', '/v1/admin/login', { body: { email: tenant.email, password: 'secret-value', extra: 1 } });
    expect([res.status, res.code]).toEqual([400, 'INVALID_INPUT']);
    expect(JSON.stringify(res.body)).not.toContain('secret-value');
  });

  it('When the clock passes the session expiry, then the token answers 401 AUTH_REQUIRED', async () => {
    const { token } = await loginAdmin(base, tenant.email);
    clock = new Date(clock.getTime() + 12 * HOUR - 1000);
    expect((await call(base, 'GET', '/v1/admin/me', { token })).status).toBe(200);
    clock = new Date(clock.getTime() + 1000);
    const expired = await call(base, 'GET', '/v1/admin/me', { token });
    expect([expired.status, expired.code]).toEqual([401, 'AUTH_REQUIRED']);
  });

  it('When the session length is configured, then sessions expire after ADMIN_SESSION_HOURS', async () => {
    const short = await startTestServer(pool, { now: () => clock, env: { ADMIN_SESSION_HOURS: '1' } });
    try {
      const { expiresAt } = await loginAdmin(short.baseUrl, tenant.email);
      expect(expiresAt).toBe(new Date(clock.getTime() + HOUR).toISOString());
    } finally {
      await short.close();
    }
  });

  it('When an admin logs out, then that token stops working and other sessions keep working', async () => {
    const first = await loginAdmin(base, tenant.email);
    const second = await loginAdmin(base, tenant.email);
    const out = await call(base, 'POST', '/v1/admin/logout', { token: first.token });
    expect(out.status).toBe(204);
    expect((await call(base, 'GET', '/v1/admin/me', { token: first.token })).code).toBe('AUTH_REQUIRED');
    expect((await call(base, 'GET', '/v1/admin/me', { token: second.token })).status).toBe(200);
  });

  it('When no or a malformed bearer token is sent, then 401 AUTH_REQUIRED', async () => {
    expect((await call(base, 'GET', '/v1/admin/stores')).code).toBe('AUTH_REQUIRED');
    expect((await call(base, 'GET', '/v1/admin/stores', { token: 'short' })).code).toBe('AUTH_REQUIRED');
    expect((await call(base, 'GET', '/v1/admin/stores', { token: 'ka_' + 'x'.repeat(43) })).code).toBe('AUTH_REQUIRED');
  });

  it('When a terminal token is used on the admin API, then 401 AUTH_REQUIRED', async () => {
    const { token } = await loginAdmin(base, tenant.email);
    const store = await createStore(base, token);
    const terminal = await enrollTerminal(base, token, store.id);
    expect((await call(base, 'GET', '/v1/admin/stores', { token: terminal.token })).code).toBe('AUTH_REQUIRED');
  });

  it('When an account is disabled, then its sessions end at once and it cannot log in, with the usual message', async () => {
    const admin = await loginAdmin(base, tenant.email);
    const store = await createStore(base, admin.token);
    const manager = await createManager(base, admin.token, store.id);
    expect((await call(base, 'PATCH', `/v1/admin/accounts/${manager.id}`, { token: admin.token, body: { disabled: true } })).status).toBe(200);
    expect((await call(base, 'GET', '/v1/admin/me', { token: manager.token })).code).toBe('AUTH_REQUIRED');
    const login = await call<{ error: string }>(base, 'POST', '/v1/admin/login', { body: { email: manager.email, password: PASSWORD } });
    const wrong = await call<{ error: string }>(base, 'POST', '/v1/admin/login', { body: { email: manager.email, password: 'wrong' } });
    expect([login.status, login.body]).toEqual([401, wrong.body]);

    expect((await call(base, 'PATCH', `/v1/admin/accounts/${manager.id}`, { token: admin.token, body: { disabled: false } })).status).toBe(200);
    expect((await loginAdmin(base, manager.email)).account.role).toBe('manager');
  });

  it('When an admin tries to disable itself, then 409 CONFLICT', async () => {
    const admin = await loginAdmin(base, tenant.email);
    const res = await call(base, 'PATCH', `/v1/admin/accounts/${tenant.adminId}`, { token: admin.token, body: { disabled: true } });
    expect([res.status, res.code]).toEqual([409, 'CONFLICT']);
  });

  it('When an account is created, then a manager needs a store of the tenant, and emails are unique', async () => {
    const admin = await loginAdmin(base, tenant.email);
    const store = await createStore(base, admin.token);
    const noStore = await call(base, 'POST', '/v1/admin/accounts', { token: admin.token, body: { email: 'm1@example.test', password: PASSWORD, role: 'manager' } });
    expect([noStore.status, noStore.code]).toEqual([400, 'INVALID_INPUT']);
    const shortPassword = await call(base, 'POST', '/v1/admin/accounts', {
      token: admin.token,
      body: { email: 'm1@example.test', password: 'short', role: 'manager', storeId: store.id },
    });
    expect(shortPassword.code).toBe('INVALID_INPUT');
    const taken = await call(base, 'POST', '/v1/admin/accounts', {
      token: admin.token,
      body: { email: tenant.email.toUpperCase(), password: PASSWORD, role: 'admin' },
    });
    expect([taken.status, taken.code]).toEqual([409, 'CONFLICT']);
  });

  it('When a manager acts, then it may use its own store only and no admin-only action', async () => {
    const admin = await loginAdmin(base, tenant.email);
    const own = await createStore(base, admin.token, { name: 'Own' });
    const other = await createStore(base, admin.token, { name: 'Other' });
    const manager = await createManager(base, admin.token, own.id);

    expect((await call(base, 'GET', `/v1/admin/stores/${own.id}`, { token: manager.token })).status).toBe(200);
    expect((await call(base, 'GET', `/v1/admin/stores/${other.id}`, { token: manager.token })).code).toBe('TENANT_ACCESS_DENIED');
    const stores = await call<{ items: { id: string }[] }>(base, 'GET', '/v1/admin/stores', { token: manager.token });
    expect(stores.body.items.map((s) => s.id)).toEqual([own.id]);

    for (const [method, path, body] of [
      ['POST', '/v1/admin/stores', { name: 'New', currency: 'EUR', taxMode: 'inclusive', timeZone: 'UTC' }],
      ['POST', '/v1/admin/accounts', { email: 'x@example.test', password: PASSWORD, role: 'admin' }],
      ['GET', '/v1/admin/accounts', undefined],
      ['GET', '/v1/admin/health', undefined],
      ['POST', '/v1/admin/tax-rates', { id: 'x', name: 'X', ratePpm: 0 }],
    ] as const) {
      const res = await call(base, method, path, { token: manager.token, body });
      expect([method, path, res.status, res.code]).toEqual([method, path, 403, 'PERMISSION_DENIED']);
    }
  });

  it('When logins from one address exceed the limit, then 429 RATE_LIMIT_EXCEEDED with Retry-After', async () => {
    const limited = await startTestServer(pool, { now: () => clock, env: { RATE_LIMIT_LOGIN_PER_MIN: '3' } });
    try {
      // A fresh minute window, so earlier tests' logins do not count.
      clock = new Date(Math.ceil(clock.getTime() / 60_000) * 60_000 + 7 * 24 * HOUR);
      for (let i = 0; i < 3; i++) expect((await call(limited.baseUrl, 'POST', '/v1/admin/login', { body: { email: 'a@b.c', password: 'x' } })).status).toBe(401);
      const res = await fetch(`${limited.baseUrl}/v1/admin/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: tenant.email, password: PASSWORD }),
      });
      expect(res.status).toBe(429);
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(((await res.json()) as { code: string }).code).toBe('RATE_LIMIT_EXCEEDED');
    } finally {
      await limited.close();
    }
  });
});
