import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Pool } from '../../src/db/pool';
import { startTestServer, type TestServer } from '../support/app';
import { freshDatabase } from '../support/database';
import { call, createManager, createStore, createTenantWithAdmin, enrollTerminal, loginAdmin, ok, type StoreFixture } from '../support/fixtures';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

describe('terminal enrollment, heartbeat and revocation', () => {
  let pool: Pool;
  let server: TestServer;
  let base: string;
  let admin: string;
  let store: StoreFixture;
  let clock = new Date('2025-03-01T09:00:00.000Z');

  const newCode = async (body: Record<string, unknown> = {}, token = admin, storeId = store.id) =>
    ok<{ id: string; code: string; expiresAt: string }>(base, 'POST', `/v1/admin/stores/${storeId}/enrollment-codes`, { token, body });
  const enroll = (code: string, name = 'Till') => call<{ terminalId: string; terminalCode: string; token: string; storeId: string; tenantId: string }>(
    base,
    'POST',
    '/v1/terminals/enroll',
    { body: { code, name } },
  );
  const heartbeat = {
    version: '1.4.2',
    queueDepth: 3,
    oldestPendingAt: '2025-03-01T08:59:00.000Z',
    lastSyncAt: '2025-03-01T08:58:00.000Z',
    devices: [
      { kind: 'printer', state: 'degraded', code: 'PRINTER_PAPER_OUT' },
      { kind: 'cardTerminal', state: 'ok', detail: 'ZVT on /dev/ttyS0' },
    ],
    sentAt: '2025-03-01T09:00:00.000Z',
  };

  beforeAll(async () => {
    ({ pool } = await freshDatabase());
    server = await startTestServer(pool, { now: () => clock, env: { RATE_LIMIT_LOGIN_PER_MIN: '1000', RATE_LIMIT_ENROLL_PER_MIN: '1000' } });
    base = server.baseUrl;
    const tenant = await createTenantWithAdmin(pool);
    admin = (await loginAdmin(base, tenant.email)).token;
    store = await createStore(base, admin);
  });
  afterAll(async () => {
    await server.close();
    await pool.end();
  });

  it('When a code is redeemed, then the terminal gets ids, a token and the next terminal code; only hashes are stored', async () => {
    const { code, expiresAt } = await newCode();
    expect(code).toMatch(/^[A-Z2-9]{5}-[A-Z2-9]{5}$/);
    expect(expiresAt).toBe(new Date(clock.getTime() + 60 * 60_000).toISOString());

    const first = await enroll(code);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ storeId: store.id, terminalCode: 'T01' });
    expect(first.body.token).toMatch(/^kt_/);

    // People type codes in lower case and without the dash.
    const second = await enroll((await newCode()).code.toLowerCase().replace('-', ''));
    expect(second.body.terminalCode).toBe('T02');

    const codes = await pool.query<{ code_hash: string; used_at: Date | null; terminal_id: string | null }>('SELECT code_hash, used_at, terminal_id FROM enrollment_codes');
    expect(codes.rows.map((r) => r.code_hash)).toContain(sha256(code.replace('-', '')));
    expect(JSON.stringify(codes.rows)).not.toContain(code);
    expect(codes.rows.find((r) => r.terminal_id === first.body.terminalId)?.used_at).not.toBeNull();
    const terminal = await pool.query<{ token_hash: string }>('SELECT token_hash FROM terminals WHERE id = $1', [first.body.terminalId]);
    expect(terminal.rows[0]?.token_hash).toBe(sha256(first.body.token));
  });

  it('When a code is used, expired, withdrawn or unknown, then 400 ENROLLMENT_CODE_INVALID with one message', async () => {
    const used = await newCode();
    expect((await enroll(used.code)).status).toBe(201);
    const expired = await newCode({ expiresInMinutes: 5 });
    const withdrawn = await newCode();
    expect((await call(base, 'DELETE', `/v1/admin/stores/${store.id}/enrollment-codes/${withdrawn.id}`, { token: admin })).status).toBe(200);
    clock = new Date(clock.getTime() + 5 * 60_000);

    const answers = [await enroll(used.code), await enroll(expired.code), await enroll(withdrawn.code), await enroll('ZZZZZ-ZZZZZ')];
    for (const res of answers) expect([res.status, res.code]).toEqual([400, 'ENROLLMENT_CODE_INVALID']);
    expect(new Set(answers.map((a) => JSON.stringify(a.body))).size).toBe(1);

    const list = await ok<{ items: { id: string; status: string }[] }>(base, 'GET', `/v1/admin/stores/${store.id}/enrollment-codes`, { token: admin });
    const status = Object.fromEntries(list.items.map((i) => [i.id, i.status]));
    expect([status[used.id], status[expired.id], status[withdrawn.id]]).toEqual(['used', 'expired', 'expired']);
    const again = await call(base, 'DELETE', `/v1/admin/stores/${store.id}/enrollment-codes/${used.id}`, { token: admin });
    expect(again.code).toBe('CONFLICT');
  });

  it('When one code is redeemed many times at once, then exactly one redemption wins', async () => {
    for (let round = 0; round < 5; round++) {
      const { code } = await newCode();
      const results = await Promise.all(Array.from({ length: 8 }, (_, i) => enroll(code, `Racer ${i}`)));
      expect(results.filter((r) => r.status === 201)).toHaveLength(1);
      expect(results.filter((r) => r.code === 'ENROLLMENT_CODE_INVALID')).toHaveLength(7);
    }
  });

  it('When many codes of one store are redeemed at once, then every terminal gets its own code', async () => {
    const codes = await Promise.all(Array.from({ length: 6 }, () => newCode()));
    const results = await Promise.all(codes.map((c) => enroll(c.code)));
    expect(results.every((r) => r.status === 201)).toBe(true);
    const all = await pool.query<{ code: string }>('SELECT code FROM terminals WHERE store_id = $1', [store.id]);
    expect(new Set(all.rows.map((r) => r.code)).size).toBe(all.rows.length);
  });

  it('When the body is not a code and a name, then 400 INVALID_INPUT', async () => {
    expect((await call(base, 'POST', '/v1/terminals/enroll', { body: { code: 'ABCDE-FGHJK' } })).code).toBe('INVALID_INPUT');
    expect((await call(base, 'POST', '/v1/terminals/enroll', { body: { code: 'ABCDE-FGHJK', name: 'x\ny' } })).code).toBe('INVALID_INPUT');
  });

  it("When a manager makes codes, then only for its own store", async () => {
    const other = await createStore(base, admin, { name: 'Other' });
    const manager = await createManager(base, admin, store.id);
    const own = await newCode({}, manager.token);
    expect((await enroll(own.code)).body.storeId).toBe(store.id);
    const denied = await call(base, 'POST', `/v1/admin/stores/${other.id}/enrollment-codes`, { token: manager.token, body: {} });
    expect([denied.status, denied.code]).toEqual([403, 'TENANT_ACCESS_DENIED']);
  });

  it('When a terminal sends a heartbeat, then it is stored with last_seen_at and shown in the terminal list', async () => {
    const terminal = await enrollTerminal(base, admin, store.id, 'Heartbeat till');
    const res = await call<{ receivedAt: string }>(base, 'POST', '/v1/terminals/heartbeat', { token: terminal.token, body: heartbeat });
    expect(res.status).toBe(200);
    expect(res.body.receivedAt).toBe(clock.toISOString());

    const list = await ok<{ items: Record<string, unknown>[] }>(base, 'GET', `/v1/admin/stores/${store.id}/terminals?limit=200`, { token: admin });
    const shown = list.items.find((t) => t.id === terminal.terminalId);
    expect(shown).toMatchObject({ code: terminal.terminalCode, name: 'Heartbeat till', lastSeq: 0, lastSeenAt: clock.toISOString(), revokedAt: null });
    expect(shown?.heartbeat).toEqual({ ...heartbeat, receivedAt: clock.toISOString() });
  });

  it('When a heartbeat is malformed or unauthenticated, then 400 or 401', async () => {
    const terminal = await enrollTerminal(base, admin, store.id);
    const bad = await call(base, 'POST', '/v1/terminals/heartbeat', { token: terminal.token, body: { ...heartbeat, queueDepth: -1 } });
    expect(bad.code).toBe('INVALID_INPUT');
    expect((await call(base, 'POST', '/v1/terminals/heartbeat', { body: heartbeat })).code).toBe('AUTH_REQUIRED');
    expect((await call(base, 'POST', '/v1/terminals/heartbeat', { token: admin, body: heartbeat })).code).toBe('AUTH_REQUIRED');
  });

  it('When a terminal is revoked, then its token stops working at once with 401 TERMINAL_REVOKED', async () => {
    const terminal = await enrollTerminal(base, admin, store.id);
    const neighbour = await enrollTerminal(base, admin, store.id);
    expect((await call(base, 'POST', '/v1/terminals/heartbeat', { token: terminal.token, body: heartbeat })).status).toBe(200);

    const revoked = await ok<{ revokedAt: string }>(base, 'POST', `/v1/admin/stores/${store.id}/terminals/${terminal.terminalId}/revoke`, { token: admin });
    expect(revoked.revokedAt).toBe(clock.toISOString());
    const after = await call(base, 'POST', '/v1/terminals/heartbeat', { token: terminal.token, body: heartbeat });
    expect([after.status, after.code]).toEqual([401, 'TERMINAL_REVOKED']);
    expect((await call(base, 'POST', '/v1/terminals/heartbeat', { token: neighbour.token, body: heartbeat })).status).toBe(200);
  });

  it('When enrollments from one address exceed the limit, then 429 RATE_LIMIT_EXCEEDED', async () => {
    const limited = await startTestServer(pool, { now: () => clock, env: { RATE_LIMIT_ENROLL_PER_MIN: '2' } });
    try {
      clock = new Date(Math.ceil(clock.getTime() / 60_000) * 60_000 + 86_400_000);
      const attempt = () => call(limited.baseUrl, 'POST', '/v1/terminals/enroll', { body: { code: 'ZZZZZ-ZZZZZ', name: 'Till' } });
      expect((await attempt()).status).toBe(400);
      expect((await attempt()).status).toBe(400);
      expect((await attempt()).code).toBe('RATE_LIMIT_EXCEEDED');
    } finally {
      await limited.close();
    }
  });
});
