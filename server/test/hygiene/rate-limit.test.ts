import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Pool } from '../../src/db/pool';
import { startTestServer, type TestServer } from '../support/app';
import { freshDatabase } from '../support/database';
import { createTenantWithAdmin } from '../support/fixtures';
import { startServerProcess, type ServerProcess } from '../support/server-process';
import { insertTerminal, push, ScriptedTerminal } from '../support/scripted-terminal';
import { expectEnvelope, post, type RawResponse } from './raw-http';

const enroll = (base: string, headers: Record<string, string> = {}) =>
  post(base, '/v1/terminals/enroll', JSON.stringify({ code: 'QWERT-YUPAS', name: 'Till' }), { headers });
// An empty password fails validation (400) after the limiter counted the attempt, without
// spending a scrypt hash per try; one real wrong-password login shows the 401 path counts too.
const login = (base: string, email: string, password = '') => post(base, '/v1/admin/login', JSON.stringify({ email, password }));

function expect429(res: RawResponse, retryAfter?: number): void {
  const envelope = expectEnvelope(res, 429, 'RATE_LIMIT_EXCEEDED');
  const header = Number(res.headers['retry-after']);
  expect(header).toBeGreaterThanOrEqual(1);
  expect(header).toBeLessThanOrEqual(60);
  if (retryAfter !== undefined) expect(header).toBe(retryAfter);
  expect(envelope.details).toEqual({ retryAfterSeconds: header });
}

/**
 * The limits count in fixed one-minute windows of the server's clock. Where that clock is the
 * real one (separate processes), start well inside a window so the run cannot straddle two.
 */
async function awayFromMinuteEdge(marginMs = 5_000): Promise<void> {
  const left = 60_000 - (Date.now() % 60_000);
  if (left < marginMs) await new Promise((resolve) => setTimeout(resolve, left + 50));
}

describe('rate limits in one process', () => {
  let pool: Pool;
  let strict: TestServer;
  let clock = new Date('2026-03-02T12:00:10.000Z');

  beforeAll(async () => {
    ({ pool } = await freshDatabase());
    strict = await startTestServer(pool, {
      now: () => clock,
      env: { RATE_LIMIT_LOGIN_PER_MIN: '3', RATE_LIMIT_ENROLL_PER_MIN: '4', RATE_LIMIT_PUSH_PER_MIN: '5' },
    });
  });
  afterAll(async () => {
    await strict.close();
    await pool.end();
  });

  it('When login is tried more often than allowed, then 429 with Retry-After to the end of the window, and the next window is open again', async () => {
    const { email } = await createTenantWithAdmin(pool);
    expectEnvelope(await login(strict.baseUrl, email, 'not the password at all'), 401, 'AUTH_REQUIRED');
    for (let i = 0; i < 2; i++) expectEnvelope(await login(strict.baseUrl, email), 400, 'INVALID_INPUT');
    expect429(await login(strict.baseUrl, email), 50);
    expect429(await login(strict.baseUrl, email), 50);
    clock = new Date('2026-03-02T12:01:00.000Z');
    expectEnvelope(await login(strict.baseUrl, email), 400, 'INVALID_INPUT');
    clock = new Date('2026-03-02T12:00:10.000Z');
  });

  it('When enrollment codes are guessed, then the 5th try in a minute is 429 and a spoofed X-Forwarded-For buys no fresh allowance', async () => {
    clock = new Date('2026-03-02T13:00:45.000Z');
    for (let i = 0; i < 4; i++) {
      expectEnvelope(await enroll(strict.baseUrl, { 'x-forwarded-for': `203.0.113.${i}` }), 400, 'ENROLLMENT_CODE_INVALID');
    }
    expect429(await enroll(strict.baseUrl, { 'x-forwarded-for': '198.51.100.7' }), 15);
  });

  it('When one terminal pushes past its limit, then it gets 429 while another terminal of the store still pushes', async () => {
    clock = new Date('2026-03-02T14:00:00.000Z');
    const a = new ScriptedTerminal(await insertTerminal(pool));
    const b = new ScriptedTerminal(await insertTerminal(pool, { tenantId: a.id.tenantId, storeId: a.id.storeId }));
    for (let i = 0; i < 5; i++) expect((await push(strict.baseUrl, a.id.token, [a.sale([{ unitPriceMinor: 100 }])])).status).toBe(200);
    const limited = await push(strict.baseUrl, a.id.token, [a.sale([{ unitPriceMinor: 100 }])]);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('60');
    expect(limited.body).toMatchObject({ code: 'RATE_LIMIT_EXCEEDED' });
    expect((await push(strict.baseUrl, b.id.token, [b.sale([{ unitPriceMinor: 100 }])])).status).toBe(200);
    // The refused batch was not applied: the terminal resends it later.
    const { rows } = await pool.query<{ last_seq: number }>('SELECT last_seq FROM terminals WHERE id = $1', [a.id.terminalId]);
    expect(rows[0]?.last_seq).toBe(5);
  });

  it('When the defaults apply, then login and enroll are strict (10 a minute) and push is generous (600 a minute)', async () => {
    const defaults = await startTestServer(pool, { now: () => new Date('2026-03-02T15:00:00.000Z') });
    try {
      const { email } = await createTenantWithAdmin(pool);
      for (let i = 0; i < 10; i++) expect((await login(defaults.baseUrl, email)).status).toBe(400);
      expect429(await login(defaults.baseUrl, email), 60);
      for (let i = 0; i < 10; i++) expect((await enroll(defaults.baseUrl)).status).toBe(400);
      expect429(await enroll(defaults.baseUrl), 60);
      const t = new ScriptedTerminal(await insertTerminal(pool));
      const statuses = await Promise.all(Array.from({ length: 60 }, () => push(defaults.baseUrl, t.id.token, []).then((r) => r.status)));
      // 60 pushes in the minute are all served (400: an empty batch), none refused for rate.
      expect(statuses.every((s) => s === 400)).toBe(true);
      expect(defaults.ctx.config.RATE_LIMIT_PUSH_PER_MIN).toBe(600);
    } finally {
      await defaults.close();
    }
  });
});

describe('rate limits across server processes', () => {
  let pool: Pool;
  let url: string;
  let servers: ServerProcess[] = [];

  beforeAll(async () => {
    ({ pool, url } = await freshDatabase());
    servers = await Promise.all([0, 1].map(() => startServerProcess(url, { RATE_LIMIT_ENROLL_PER_MIN: '5' })));
  });
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()));
    await pool.end();
  });

  it('When enroll requests alternate between two server processes on one database, then the 6th overall is 429 on either', async () => {
    await awayFromMinuteEdge();
    const answers: number[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await enroll(servers[i % 2]!.baseUrl);
      expectEnvelope(res, 400, 'ENROLLMENT_CODE_INVALID');
      answers.push(res.status);
    }
    expect429(await enroll(servers[1]!.baseUrl));
    expect429(await enroll(servers[0]!.baseUrl));
    expect(answers).toEqual([400, 400, 400, 400, 400]);
  });
});
