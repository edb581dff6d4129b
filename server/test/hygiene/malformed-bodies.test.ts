import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Pool } from '../../src/db/pool';
import { startTestServer, type TestServer } from '../support/app';
import { freshDatabase } from '../support/database';
import { createStore, createTenantWithAdmin, loginAdmin, ok } from '../support/fixtures';
import { insertTerminal, push, ScriptedTerminal, type TerminalIdentity } from '../support/scripted-terminal';
import { expectEnvelope, leaksInternals, request } from './raw-http';

/**
 * Whatever bytes arrive, the public write routes answer with a 4xx envelope, never a 5xx, and
 * write nothing. Bodies are generated: arbitrary JSON, the route's own fields with wrong types,
 * truncated JSON text, huge strings, deep nesting, text with U+0000 and unpaired surrogates,
 * wrong content types and encodings.
 */

interface Attempt {
  contentType: string | null;
  contentEncoding: string | null;
  body: string;
}

const RUNS = 300;
const anyText = fc.string({ unit: 'binary', maxLength: 40 });
const anyJson = fc.jsonValue({ maxDepth: 3, stringUnit: 'binary' });
/** A value that is sometimes right in type, mostly not. */
const anyValue = fc.oneof(anyJson, anyText, fc.integer(), fc.double(), fc.constant(null), fc.boolean(), fc.array(anyText, { maxLength: 3 }));

const deep = (depth: number, open: string, close: string, inner = '0') => open.repeat(depth) + inner + close.repeat(depth);
const deepText = fc.record({ depth: fc.integer({ min: 50, max: 100_000 }), kind: fc.constantFrom('array', 'object') }).map(({ depth, kind }) =>
  kind === 'array' ? deep(depth, '[', ']') : deep(depth, '{"a":', '}'),
);

/** The generators shared by every route; `fields` builds the route's own object with bad values. */
function attempts(fields: fc.Arbitrary<Record<string, unknown>>, field: string): fc.Arbitrary<Attempt> {
  const text = fc.oneof(
    { weight: 3, arbitrary: anyJson.map((v) => JSON.stringify(v)) },
    { weight: 5, arbitrary: fields.map((v) => JSON.stringify(v)) },
    // Truncated JSON: a well-formed body cut short.
    { weight: 3, arbitrary: fc.tuple(fields.map((v) => JSON.stringify(v)), fc.nat()).map(([s, n]) => s.slice(0, s.length > 1 ? n % (s.length - 1) : 0)) },
    // Huge strings, below and above the route's byte limit.
    { weight: 1, arbitrary: fc.integer({ min: 1_000, max: 1_500_000 }).map((n) => `{"${field}":"${'x'.repeat(n)}"}`) },
    // Deep nesting, alone and where a value is expected.
    { weight: 2, arbitrary: deepText },
    { weight: 2, arbitrary: deepText.map((d) => `{"${field}":${d}}`) },
    // Not JSON at all.
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) },
  );
  return fc.record({
    contentType: fc.oneof(
      { weight: 10, arbitrary: fc.constant('application/json') },
      {
        weight: 3,
        arbitrary: fc.constantFrom(
          null,
          'text/plain',
          'application/x-www-form-urlencoded',
          'multipart/form-data; boundary=xyz',
          'application/xml',
          'application/json; charset=utf-16',
          'application/json; charset=latin1',
          'application/*',
          'application/json; charset=nope',
        ),
      },
    ),
    contentEncoding: fc.oneof({ weight: 12, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.constantFrom('gzip', 'deflate', 'br', 'compress', 'identity') }),
    body: text,
  });
}

describe('malformed bodies', () => {
  let pool: Pool;
  let server: TestServer;
  let terminal: TerminalIdentity;
  let adminEmail: string;
  let liveCode: string;

  /** Everything a malformed request must not change. */
  const snapshot = async () => {
    const { rows } = await pool.query(
      `SELECT (SELECT count(*)::int FROM operations) AS operations, (SELECT count(*)::int FROM sales) AS sales,
              (SELECT count(*)::int FROM terminals) AS terminals, (SELECT count(*)::int FROM admin_sessions) AS sessions,
              (SELECT count(*)::int FROM enrollment_codes WHERE used_at IS NOT NULL) AS used_codes,
              (SELECT last_seq || ':' || last_hash FROM terminals WHERE id = $1) AS head`,
      [terminal.terminalId],
    );
    return rows[0] as Record<string, unknown>;
  };

  beforeAll(async () => {
    ({ pool } = await freshDatabase());
    server = await startTestServer(pool, {
      env: { RATE_LIMIT_PUSH_PER_MIN: '100000', RATE_LIMIT_ENROLL_PER_MIN: '100000', RATE_LIMIT_LOGIN_PER_MIN: '100000' },
    });
    terminal = await insertTerminal(pool);
    // A head that is not genesis, so "unchanged" means something.
    const t = new ScriptedTerminal(terminal);
    expect((await push(server.baseUrl, terminal.token, [t.sale([{ unitPriceMinor: 100 }])])).status).toBe(200);
    const tenant = await createTenantWithAdmin(pool);
    adminEmail = tenant.email;
    const { token } = await loginAdmin(server.baseUrl, tenant.email);
    const store = await createStore(server.baseUrl, token);
    // A live code that a malformed request must never redeem.
    liveCode = (await ok<{ code: string }>(server.baseUrl, 'POST', `/v1/admin/stores/${store.id}/enrollment-codes`, { token, body: {} })).code;
  });
  afterAll(async () => {
    await server.close();
    await pool.end();
  });

  async function check(path: string, attempt: Attempt, token?: string): Promise<void> {
    const before = await snapshot();
    const headers: Record<string, string> = {};
    if (attempt.contentType !== null) headers['content-type'] = attempt.contentType;
    if (attempt.contentEncoding !== null) headers['content-encoding'] = attempt.contentEncoding;
    if (token) headers.authorization = `Bearer ${token}`;
    const res = await request(server.baseUrl, 'POST', path, { headers, body: attempt.body });
    const what = `${path} ${JSON.stringify({ ...attempt, body: attempt.body.slice(0, 200) })} -> ${res.status} ${res.text.slice(0, 300)}`;
    expect(res.status, what).toBeGreaterThanOrEqual(400);
    expect(res.status, what).toBeLessThan(500);
    expectEnvelope(res, res.status);
    expect(leaksInternals(res.text), what).toBeNull();
    expect(await snapshot(), what).toEqual(before);
  }

  it(`When ${RUNS} malformed bodies are pushed with a valid terminal token, then each gets a 4xx envelope and nothing is written`, async () => {
    const hex64 = fc.stringMatching(/^[0-9a-f]{64}$/);
    const op = fc.record(
      {
        opId: fc.oneof(fc.uuid(), anyValue),
        terminalId: fc.oneof(fc.constant(terminal.terminalId), anyValue),
        seq: fc.oneof(fc.integer({ min: -2, max: 5 }), anyValue),
        type: fc.oneof(fc.constantFrom('sale.completed', 'shift.opened', 'gift.issued'), anyValue),
        payload: anyJson,
        createdAt: fc.oneof(fc.constant(new Date().toISOString()), anyValue),
        prevHash: fc.oneof(hex64, anyValue),
        hash: fc.oneof(hex64, anyValue),
        extra: anyValue,
      },
      { requiredKeys: [] },
    );
    const fields = fc.oneof(
      fc.record({ ops: fc.array(op, { maxLength: 4 }) }),
      fc.record({ ops: anyValue }),
      fc.dictionary(anyText, anyValue, { maxKeys: 3 }),
    );
    await fc.assert(
      fc.asyncProperty(attempts(fields, 'ops'), (attempt) => check('/v1/sync/push', attempt, terminal.token)),
      { numRuns: RUNS },
    );
  });

  it(`When ${RUNS} malformed bodies are sent to enroll, then each gets a 4xx envelope and no terminal is enrolled`, async () => {
    const fields = fc.oneof(
      // (A live code with extra punctuation or U+0000 is still that code: typed codes are
      // normalised to their letters and digits. So the live code only ever travels with a bad name.)
      fc.record({ code: fc.oneof(anyValue, fc.constant([liveCode])), name: anyValue }, { requiredKeys: [] }),
      // A live code with a name the database cannot store: the claim must roll back with it.
      fc.record({ code: fc.constant(liveCode), name: fc.oneof(fc.integer(), fc.constant(null), fc.constant(''), fc.constant('a\nb'), fc.constant('Till\u0000 1'), fc.string({ minLength: 65, maxLength: 80 })) }),
      fc.dictionary(anyText, anyValue, { maxKeys: 3 }),
    );
    await fc.assert(
      fc.asyncProperty(attempts(fields, 'code'), (attempt) => check('/v1/terminals/enroll', attempt)),
      { numRuns: RUNS },
    );
  });

  it(`When ${RUNS} malformed bodies are sent to admin login, then each gets a 4xx envelope and no session is opened`, async () => {
    const fields = fc.oneof(
      // Wrong types mostly; a well-typed pair is a wrong password for a real or unknown account.
      fc.record({ email: fc.oneof(anyValue, fc.constant(adminEmail), fc.constant(`${adminEmail}\u0000`)), password: fc.oneof(fc.integer(), fc.constant(null), fc.constant(''), fc.array(anyText), anyText) }, { requiredKeys: [] }),
      // Text PostgreSQL cannot store reaches the account lookup.
      fc.record({ email: fc.constantFrom(`${adminEmail}\u0000`, '\u0000'), password: fc.string({ minLength: 1, maxLength: 12 }) }),
      fc.dictionary(anyText, anyValue, { maxKeys: 3 }),
    );
    await fc.assert(
      fc.asyncProperty(attempts(fields, 'email'), (attempt) => check('/v1/admin/login', attempt)),
      { numRuns: RUNS },
    );
  });

  it('When the body is deeply nested where a payload is expected, then 400 INVALID_INPUT (not a stack overflow)', async () => {
    const t = new ScriptedTerminal(terminal);
    const op = { ...t.sale([{ unitPriceMinor: 1 }]), opId: randomUUID() };
    for (const depth of [1_000, 10_000, 100_000]) {
      const body = JSON.stringify({ ops: [{ ...op, payload: '@@' }] }).replace('"@@"', deep(depth, '[', ']'));
      await check('/v1/sync/push', { contentType: 'application/json', contentEncoding: null, body }, terminal.token);
    }
  });
});
