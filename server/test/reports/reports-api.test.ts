import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Pool } from '../../src/db/pool';
import type { ServerReport, ZReview } from '../../src/domain/reports';
import { startTestServer, type TestServer } from '../support/app';
import { freshDatabase } from '../support/database';
import { call, createManager, createStore, createTenantWithAdmin, enrollTerminal, loginAdmin, ok, type EnrolledTerminal } from '../support/fixtures';
import { push, ScriptedTerminal } from '../support/scripted-terminal';
import { emptySummary, startReportsApi, zOp } from './support';

// The admin report API over business dates: per terminal, store and tenant, on documents pushed
// through the real sync route.

let pool: Pool;
let server: TestServer;
let api: Awaited<ReturnType<typeof startReportsApi>>;
let adminToken: string;
let berlin: string;
let newYork: string;
let tillA: EnrolledTerminal;
let zSeq: number;

function scripted(enrolled: EnrolledTerminal): ScriptedTerminal {
  return new ScriptedTerminal({ ...enrolled, code: enrolled.terminalCode });
}

/** A sale at `at` that the terminal put on `businessDate` (the terminal computes it; the server groups by it). */
function saleAt(t: ScriptedTerminal, at: string, businessDate: string, unitPriceMinor: number): void {
  t.now = () => new Date(at);
  t.sale([{ unitPriceMinor }], { mutate: (s) => Object.assign(s, { businessDate }) });
}

beforeAll(async () => {
  ({ pool } = await freshDatabase());
  server = await startTestServer(pool);
  api = await startReportsApi(server.ctx);
  const tenant = await createTenantWithAdmin(pool);
  adminToken = (await loginAdmin(server.baseUrl, tenant.email)).token;
  berlin = (await createStore(server.baseUrl, adminToken, { businessDayStartsAt: '04:00' })).id;
  newYork = (await createStore(server.baseUrl, adminToken, { name: 'Broadway', currency: 'USD', timeZone: 'America/New_York' })).id;

  tillA = await enrollTerminal(server.baseUrl, adminToken, berlin);
  const a = scripted(tillA);
  saleAt(a, '2026-03-01T22:30:00.000Z', '2026-03-01', 1190); // 23:30 in Berlin
  saleAt(a, '2026-03-01T23:30:00.000Z', '2026-03-01', 2380); // 00:30 on the 2nd: still the 1st (day starts 04:00)
  a.append({ type: 'drawer.opened', payload: { eventId: randomUUID(), shiftId: a.shiftId, cashierId: 'u-anna', reason: 'change', createdAt: '2026-03-01T23:45:00.000Z' } });
  saleAt(a, '2026-03-02T09:00:00.000Z', '2026-03-02', 535);
  a.append({
    type: 'cash.moved',
    payload: { movementId: randomUUID(), shiftId: a.shiftId, cashierId: 'u-anna', direction: 'out', amountMinor: 300, reason: 'pickup', approvedBy: null, createdAt: '2026-03-02T10:00:00.000Z' },
  });
  // A Z whose figures are wrong on purpose, to show it next to the server's recomputation.
  zSeq = zOp(a, { zNumber: 1, businessDate: '2026-03-02', first: null, last: null, summary: emptySummary() }).seq;
  expect((await push(server.baseUrl, tillA.token, a.journal)).status).toBe(200);

  const b = scripted(await enrollTerminal(server.baseUrl, adminToken, newYork));
  saleAt(b, '2026-03-01T15:00:00.000Z', '2026-03-01', 999);
  expect((await push(server.baseUrl, b.id.token, b.journal)).status).toBe(200);
});
afterAll(async () => {
  await api.close();
  await server.close();
  await pool.end();
});

const get = <T>(path: string, token = adminToken) => ok<T>(api.baseUrl, 'GET', `/v1/admin${path}`, { token });

describe('report API', () => {
  it("When a store's day is asked for, then its documents are those of the business date, hours on the store's clock", async () => {
    const day1 = await get<ServerReport>(`/stores/${berlin}/reports?from=2026-03-01&to=2026-03-01`);
    expect(day1).toMatchObject({ currency: 'EUR', timeZone: 'Europe/Berlin', businessDates: ['2026-03-01'], firstReceiptNumber: null });
    expect(day1.summary).toMatchObject({ salesGrossMinor: 3570, grossMinor: 3570, netMinor: 3000, taxMinor: 570, counts: { sales: 2, noSales: 1, cashMovements: 0 } });
    expect(day1.byHour.map((b) => [b.label, b.salesCount])).toEqual([['23:00', 1], ['00:00', 1]]);
    expect(day1.noSales).toEqual([{ createdAt: '2026-03-01T23:45:00.000Z', cashier: { id: 'u-anna', name: 'u-anna' }, reason: 'change' }]);

    const both = await get<ServerReport>(`/stores/${berlin}/reports?from=2026-03-01&to=2026-03-02`);
    expect(both.summary).toMatchObject({ salesGrossMinor: 4105, cashOutMinor: 300, counts: { sales: 3, cashMovements: 1 } });
    expect(both.summary.tenders).toEqual([{ kind: 'cash', amountMinor: 4105, count: 3 }]);
  });

  it("When one terminal is asked for, then its receipts run first to last and the grand total is its last Z's", async () => {
    const report = await get<ServerReport>(`/stores/${berlin}/terminals/${tillA.terminalId}/reports?from=2026-03-01&to=2026-03-02`);
    expect(report).toMatchObject({ firstReceiptNumber: `${tillA.terminalCode}-000001`, lastReceiptNumber: `${tillA.terminalCode}-000003` });
    expect(report.summary.grandTotalMinor).toBe(0); // the (deliberately wrong) Z says 0
  });

  it("When a terminal's Zs are listed, then each stands next to the server's recomputation and its differences", async () => {
    const zs = await get<ZReview[]>(`/stores/${berlin}/terminals/${tillA.terminalId}/z-reports?from=2026-03-02&to=2026-03-02`);
    expect(zs).toHaveLength(1);
    expect(zs[0]).toMatchObject({ zNumber: 1, seq: zSeq, terminal: emptySummary(), server: { salesGrossMinor: 4105, grandTotalMinor: 4105 } });
    expect(zs[0]?.differences).toContainEqual({ field: 'summary.grossMinor', terminal: 0, server: 4105 });
  });

  it('When the whole tenant is asked for, then there is one report per currency and amounts of different currencies are never added', async () => {
    const { reports } = await get<{ reports: ServerReport[] }>('/reports?from=2026-03-01&to=2026-03-02');
    expect(reports.map((r) => [r.currency, r.timeZone, r.summary.salesGrossMinor])).toEqual([
      ['EUR', 'Europe/Berlin', 4105],
      ['USD', 'America/New_York', 999],
    ]);
  });

  it("When the query is wrong or the scope someone else's, then the API says so", async () => {
    const bad = (path: string, token = adminToken) => call(api.baseUrl, 'GET', `/v1/admin${path}`, { token });
    expect(await bad(`/stores/${berlin}/reports?from=2026-03-02&to=2026-03-01`)).toMatchObject({ status: 400, code: 'INVALID_INPUT' });
    expect(await bad(`/stores/${berlin}/reports?from=2025-01-01&to=2026-03-01`)).toMatchObject({ status: 400, code: 'INVALID_INPUT' });
    expect(await bad(`/stores/${berlin}/reports?when=today`)).toMatchObject({ status: 400, code: 'INVALID_INPUT' });
    expect(await bad(`/stores/${newYork}/terminals/${tillA.terminalId}/reports`)).toMatchObject({ status: 404, code: 'NOT_FOUND' });
    const manager = await createManager(server.baseUrl, adminToken, newYork);
    expect(await bad(`/stores/${berlin}/reports`, manager.token)).toMatchObject({ status: 403 });
    expect(await bad('/reports?from=2026-03-01&to=2026-03-01', manager.token)).toMatchObject({ status: 403, code: 'PERMISSION_DENIED' });
    expect((await bad(`/stores/${newYork}/reports?from=2026-03-01&to=2026-03-01`, manager.token)).status).toBe(200);
  });
});
