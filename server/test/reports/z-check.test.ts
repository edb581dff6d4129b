import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sale, ZSummary } from '@keel/shared';
import type { Pool } from '../../src/db/pool';
import { checkZ, recomputeZ } from '../../src/domain/reports-z-check';
import { startTestServer, type TestServer } from '../support/app';
import { freshDatabase } from '../support/database';
import { insertTerminal, push, ScriptedTerminal, type TerminalIdentity } from '../support/scripted-terminal';
import { emptySummary, Receipts, refundOp, voidOp, zOp } from './support';

// The server's recomputation of a terminal's Z from the documents it synced (checkZ, which
// push runs for every day.closed), on hand-checked figures.

let pool: Pool;
let server: TestServer;

beforeAll(async () => {
  ({ pool } = await freshDatabase());
  server = await startTestServer(pool, { env: { RATE_LIMIT_PUSH_PER_MIN: '100000' } });
});
afterAll(async () => {
  await server.close();
  await pool.end();
});

function till(id: TerminalIdentity): { t: ScriptedTerminal; receipts: Receipts } {
  const t = new ScriptedTerminal(id);
  let ms = Date.parse('2026-03-02T09:00:00.000Z');
  t.now = () => new Date((ms += 60_000));
  return { t, receipts: new Receipts(id.code) };
}

/**
 * Three sales (11.90 at 19 %, 5.35 at 7 %, 23.80 at 19 %), the third voided, the first refunded,
 * 5.00 cash in and a no-sale opening: only the 7 % sale stands.
 */
function tradeADay(t: ScriptedTerminal, receipts: Receipts): void {
  t.append({ type: 'shift.opened', payload: { shiftId: t.shiftId, cashierId: 'u-anna', openingFloatMinor: 10_000, openedAt: t.now().toISOString(), businessDate: '2026-03-02' } });
  const sale = (unitPriceMinor: number, taxRateId = 'vat-19') => {
    receipts.skip();
    return t.sale([{ unitPriceMinor, taxRateId }]).payload as Sale;
  };
  const a = sale(1190);
  sale(535, 'vat-7');
  const c = sale(2380);
  voidOp(t, c);
  refundOp(t, a, receipts);
  const at = t.now().toISOString();
  t.append({ type: 'cash.moved', payload: { movementId: randomUUID(), shiftId: t.shiftId, cashierId: 'u-anna', direction: 'in', amountMinor: 500, reason: 'float', approvedBy: null, createdAt: at } });
  t.append({ type: 'drawer.opened', payload: { eventId: randomUUID(), shiftId: t.shiftId, cashierId: 'u-anna', reason: null, createdAt: at } });
}

const DAY_SUMMARY: ZSummary = {
  ...emptySummary(),
  salesGrossMinor: 1190 + 535 + 2380,
  refundsGrossMinor: -1190,
  voidsGrossMinor: -2380,
  grossMinor: 535,
  netMinor: 500,
  taxMinor: 35,
  taxes: [{ taxRateId: 'vat-7', ratePpm: 70_000, netMinor: 500, taxMinor: 35, grossMinor: 535 }],
  tenders: [{ kind: 'cash', amountMinor: 535, count: 5 }],
  cashInMinor: 500,
  counts: { sales: 3, refunds: 1, voids: 1, noSales: 1, cashMovements: 1 },
  grandTotalMinor: 535,
};

describe('Z check', () => {
  it('When a terminal Z matches the synced documents, then the server recomputes the same figures and flags nothing', async () => {
    const id = await insertTerminal(pool);
    const { t, receipts } = till(id);
    tradeADay(t, receipts);
    const z = zOp(t, { zNumber: 1, businessDate: '2026-03-02', first: `${id.code}-000001`, last: `${id.code}-000004`, summary: DAY_SUMMARY });
    expect((await push(server.baseUrl, id.token, t.journal)).status).toBe(200);

    const scope = { tenantId: id.tenantId, storeId: id.storeId, terminalId: id.terminalId };
    const again = await recomputeZ(pool, scope, z.payload, z.seq);
    expect(again.summary).toEqual(DAY_SUMMARY);
    expect(again).toMatchObject({ afterSeq: 0, previous: null, differences: [] });
    expect(await checkZ(pool, scope, z.payload, z.seq)).toEqual([]);
  });

  it('When a Z total was tampered with, then checkZ answers Z_MISMATCH naming the differing figures', async () => {
    const id = await insertTerminal(pool);
    const { t, receipts } = till(id);
    tradeADay(t, receipts);
    const tampered: ZSummary = {
      ...DAY_SUMMARY,
      grossMinor: 435,
      taxes: [{ taxRateId: 'vat-7', ratePpm: 70_000, netMinor: 500, taxMinor: 35, grossMinor: 435 }],
      grandTotalMinor: 435,
    };
    const z = zOp(t, { zNumber: 1, businessDate: '2026-03-02', first: `${id.code}-000001`, last: `${id.code}-000004`, summary: tampered });
    expect((await push(server.baseUrl, id.token, t.journal)).status).toBe(200);

    const [anomaly, ...more] = await checkZ(pool, { tenantId: id.tenantId, storeId: id.storeId, terminalId: id.terminalId }, z.payload, z.seq);
    expect(more).toEqual([]);
    expect(anomaly).toMatchObject({ seq: z.seq, code: 'Z_MISMATCH', details: { zNumber: 1, businessDate: '2026-03-02' } });
    expect((anomaly?.details as { differences: unknown[] }).differences).toEqual([
      { field: 'summary.grossMinor', terminal: 435, server: 535 },
      { field: 'summary.grandTotalMinor', terminal: 435, server: 535 },
      { field: 'summary.taxes[vat-7@70000].grossMinor', terminal: 435, server: 535 },
    ]);
    expect(anomaly?.message).toContain('summary.grossMinor 435 (server 535)');
  });

  it('When a second Z follows, then it covers only what came after the first, its grand total runs on, and a skipped Z number is flagged', async () => {
    const id = await insertTerminal(pool);
    const { t, receipts } = till(id);
    tradeADay(t, receipts);
    const z1 = zOp(t, { zNumber: 1, businessDate: '2026-03-02', first: `${id.code}-000001`, last: `${id.code}-000004`, summary: DAY_SUMMARY });
    // ScriptedTerminal numbers only its sales; this one follows the refund's T01-000004.
    const { receiptNumber, receiptSeq } = receipts.next();
    t.sale([{ unitPriceMinor: 1000 }], { mutate: (s) => Object.assign(s, { receiptNumber, receiptSeq }) });
    const next: ZSummary = {
      ...emptySummary(),
      salesGrossMinor: 1000,
      grossMinor: 1000,
      netMinor: 840,
      taxMinor: 160,
      taxes: [{ taxRateId: 'vat-19', ratePpm: 190_000, netMinor: 840, taxMinor: 160, grossMinor: 1000 }],
      tenders: [{ kind: 'cash', amountMinor: 1000, count: 1 }],
      counts: { sales: 1, refunds: 0, voids: 0, noSales: 0, cashMovements: 0 },
      grandTotalMinor: 535 + 1000,
    };
    const z3 = zOp(t, { zNumber: 3, businessDate: '2026-03-02', first: `${id.code}-000005`, last: `${id.code}-000005`, summary: next });
    expect((await push(server.baseUrl, id.token, t.journal)).status).toBe(200);

    const scope = { tenantId: id.tenantId, storeId: id.storeId, terminalId: id.terminalId };
    const again = await recomputeZ(pool, scope, z3.payload, z3.seq);
    expect(again).toMatchObject({ afterSeq: z1.seq, previous: { zNumber: 1, grandTotalMinor: 535 }, summary: next });
    expect(again.differences).toEqual([{ field: 'zNumber', terminal: 3, server: 2 }]);
  });
});
