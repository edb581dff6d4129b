import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KeelError } from '@keel/shared';
import type { Pool } from '../../../server/src/db/pool';
import type { TestServer } from '../../../server/test/support/app';
import { freshDatabase } from '../../../server/test/support/database';
import { createHandlers, dispatch, type Handlers } from '../../src/core/api';
import { Journal } from '../../src/core/sale/journal';
import { restoreBackup, takeBackup } from '../../src/core/store/backup';
import { openDatabase } from '../../src/core/store/database';
import { TerminalCore } from '../../src/core/terminal-core';
import { startServerWithJournal } from '../support/journal-server';
import { serverJournal, serverTakings, terminalTakings } from '../support/ledger-totals';
import { readyTill, seedShop, sell, TEST_SERVER_ENV, type Shop } from '../support/shop';
import { fastDir } from '../support/sync-drive';

// README "Restoring a terminal": a ledger restored from a backup older than what the server
// holds. The conflict is shown, the journal is never renumbered or cut, no sale can fork it,
// and the documented recovery brings the ledger level with the server so that receipt
// numbers continue after the last one the server holds.
let pool: Pool;
let server: TestServer;
let shop: Shop;

beforeAll(async () => {
  ({ pool } = await freshDatabase());
  // The real app with GET /v1/sync/journal mounted (server/src/http/journal.ts).
  server = await startServerWithJournal(pool, { env: TEST_SERVER_ENV });
  shop = await seedShop(server.baseUrl, pool);
});
afterAll(async () => {
  await server.close();
  await pool.end();
});

interface Row {
  seq: number;
  hash: string;
  op: string;
}
const journalRows = (core: TerminalCore): Row[] => core.db.prepare<[], Row>('SELECT seq, hash, op FROM journal ORDER BY seq').all();
const open = (dataDir: string) => TerminalCore.open({ dataDir, appVersion: '0.1.0', autoSync: false });
const verify = (core: TerminalCore) => new Journal(core.db, core.identity()!.terminalId, { now: () => new Date() }, { uuid: () => '' }).verify();
const receipts = (core: TerminalCore) => core.db.prepare<[], { n: string }>('SELECT receipt_number AS n FROM sales ORDER BY receipt_seq').all().map((r) => r.n);

async function call<T>(h: Handlers, channel: Parameters<typeof dispatch>[1], input: unknown): Promise<T> {
  const result = await dispatch(h, channel, input);
  if (!result.ok) throw new KeelError(result.error.code as never, result.error.message, result.error.details);
  return result.value as T;
}

/**
 * A till that made 3 sales and synced, was backed up (journal head 4), then made a refund, a
 * void, more sales, cash moves, a shift close and a new shift, all synced: the server is ahead
 * of the backup by every kind of operation the recovery must replay.
 */
async function tillAheadOfItsBackup(): Promise<{ dataDir: string; ledger: string; backup: string; serverRows: Row[]; terminalId: string }> {
  const dataDir = fastDir();
  const core = await readyTill(shop, dataDir);
  const h = createHandlers(core);
  const first = [];
  for (let i = 0; i < 3; i++) first.push(await sell(h, [shop.barcodes[i]!, shop.barcodes[i + 1]!]));
  expect((await core.syncEngine().syncNow()).pendingCount).toBe(0);
  const { file: backup } = await takeBackup(core.db, path.join(dataDir, 'backups'), 'manual', new Date());

  await call(h, 'sale.refund', { saleId: first[0]!.saleId, reason: 'damaged', approverPin: shop.manager.pin });
  await call(h, 'sale.void', { saleId: first[1]!.saleId, reason: 'wrong items', approverPin: shop.manager.pin });
  for (let i = 0; i < 3; i++) await sell(h, [shop.barcodes[(i + 2) % shop.barcodes.length]!]);
  await call(h, 'drawer.noSale', { reason: 'change' });
  await call(h, 'shift.moveCash', { direction: 'out', amountMinor: 2000, reason: 'pickup' });
  const expected = core.services().shifts.cash().expectedMinor;
  await call(h, 'shift.close', { countedByDenomination: [{ denominationMinor: 1, count: expected }] });
  await call(h, 'shift.open', { openingFloatMinor: 5000 });
  await sell(h, [shop.barcodes[0]!]);
  expect(await core.syncEngine().syncNow()).toMatchObject({ state: 'online', pendingCount: 0 });
  const serverRows = journalRows(core);
  const terminalId = core.identity()!.terminalId;
  core.close();
  return { dataDir, ledger: path.join(dataDir, 'keel.sqlite'), backup, serverRows, terminalId };
}

/** Copies a backup over the ledger by hand, as someone bypassing restoreBackup would: no mark. */
function copyOverByHand(backup: string, ledger: string): void {
  for (const suffix of ['-wal', '-shm']) fs.rmSync(ledger + suffix, { force: true });
  fs.copyFileSync(backup, ledger);
}

async function expectLevelWithServer(core: TerminalCore, serverRows: Row[], terminalId: string): Promise<void> {
  // Same seqs, same hashes, same operations: appended verbatim, chain checked.
  expect(journalRows(core).map((r) => [r.seq, r.hash])).toEqual(serverRows.map((r) => [r.seq, r.hash]));
  expect(verify(core)).toMatchObject({ ok: true });
  // Their effects replayed: the documents, the void, the refund, the shifts.
  const code = core.identity()!.terminalCode;
  const receipt = (n: number) => `${code}-${String(n).padStart(6, '0')}`;
  expect(receipts(core)).toEqual([1, 2, 3, 5, 6, 7, 8].map(receipt));
  expect(core.db.prepare('SELECT receipt_number FROM refunds').all()).toEqual([{ receipt_number: receipt(4) }]);
  expect(core.db.prepare('SELECT count(*) AS n FROM sales WHERE voided_at IS NOT NULL').get()).toEqual({ n: 1 });
  expect(core.db.prepare('SELECT closed_at IS NULL AS open FROM shifts ORDER BY opened_at').all()).toEqual([{ open: 0 }, { open: 1 }]);
  expect(terminalTakings(core.db)).toEqual(await serverTakings(pool, terminalId));

  // Selling resumes, numbering after the last receipt the server holds, and it pushes.
  const next = await sell(createHandlers(core), [shop.barcodes[1]!]);
  expect(next.receiptNumber).toBe(receipt(9));
  expect(await core.syncEngine().syncNow()).toMatchObject({ state: 'online', pendingCount: 0, lastError: null });
  const held = await serverJournal(pool, terminalId);
  expect(held).toMatchObject({ operations: serverRows.length + 1, lastSeq: serverRows.length + 1, sales: 8, distinctSales: 8 });
}

describe('a terminal restored from an old backup', () => {
  it('When restored with restoreBackup, then selling is refused with a typed error until sync has fetched what the server holds, after which the journal continues the server chain and receipts continue after the last one', async () => {
    const { dataDir, ledger, backup, serverRows, terminalId } = await tillAheadOfItsBackup();
    const { replacedFile } = restoreBackup(backup, ledger, new Date());
    expect(replacedFile).not.toBeNull();

    const core = await open(dataDir);
    const before = journalRows(core);
    expect(before).toEqual(serverRows.slice(0, 4)); // the backup's journal, untouched
    expect(core.syncEngine().status()).toMatchObject({ state: 'conflict', lastError: { code: 'LEDGER_RESTORED' } });

    const h = createHandlers(core);
    await call(h, 'cart.addByBarcode', { barcode: shop.barcodes[0]! }); // the cart still works
    const refused = await dispatch(h, 'checkout.complete', { tenders: [{ kind: 'cash', amountMinor: 10_000 }] });
    expect(refused).toMatchObject({ ok: false, error: { code: 'CONFLICT', details: { reason: 'LEDGER_RESTORED' } } });
    expect((await dispatch(h, 'drawer.noSale', {})).ok).toBe(false);
    expect(journalRows(core)).toEqual(before);

    const synced = await core.syncEngine().syncNow();
    expect(synced, JSON.stringify(synced.lastError)).toMatchObject({ state: 'online', pendingCount: 0, lastError: null });
    await call(h, 'cart.clear', {});
    await expectLevelWithServer(core, serverRows, terminalId);
    core.close();
  });

  it('When the backup was copied over by hand (no mark), then the pull shows the server ahead as a conflict with a clear message, selling stops, and the next sync recovers', async () => {
    const { dataDir, ledger, backup, serverRows, terminalId } = await tillAheadOfItsBackup();
    copyOverByHand(backup, ledger);
    const core = await open(dataDir);
    const before = journalRows(core);

    const first = await core.syncEngine().syncNow();
    expect(first).toMatchObject({ state: 'conflict', lastError: { code: 'SEQ_GAP' } });
    expect(first.lastError!.message).toMatch(/server holds operations up to 14 but this terminal's journal ends at 4: it was restored from an older backup/);
    expect(journalRows(core)).toEqual(before); // nothing renumbered or dropped
    const refused = await dispatch(createHandlers(core), 'drawer.noSale', {});
    expect(refused).toMatchObject({ ok: false, error: { code: 'CONFLICT', details: { reason: 'LEDGER_RESTORED' } } });

    expect(await core.syncEngine().syncNow()).toMatchObject({ state: 'online', pendingCount: 0, lastError: null });
    await expectLevelWithServer(core, serverRows, terminalId);
    core.close();
  });

  it('When a hand-copied backup was sold on before syncing, then push answers CHAIN_FORK, the forked journal is kept as it is, and the documented recovery (restoreBackup, sync) works with the forked sale kept in the replaced file', async () => {
    const { dataDir, ledger, backup, serverRows, terminalId } = await tillAheadOfItsBackup();
    copyOverByHand(backup, ledger);
    let core = await open(dataDir);
    const forked = await sell(createHandlers(core), [shop.barcodes[2]!]);
    expect(forked.receiptNumber).toMatch(/-000004$/); // a number the server already holds (the refund's)
    const before = journalRows(core);

    const pushed = await core.syncEngine().syncNow();
    expect(pushed).toMatchObject({ state: 'conflict', lastError: { code: 'CHAIN_FORK' } });
    expect(journalRows(core)).toEqual(before);
    // Later cycles keep it: the pull marks the ledger, the recovery finds the fork and leaves it.
    const again = await core.syncEngine().syncNow();
    const last = await core.syncEngine().syncNow();
    expect(again.state).toBe('conflict');
    expect(last).toMatchObject({ state: 'conflict', lastError: { code: 'CHAIN_FORK' } });
    expect(last.lastError!.message).toMatch(/differ from operation 5 on/);
    expect(journalRows(core)).toEqual(before);
    expect((await dispatch(createHandlers(core), 'drawer.noSale', {})).ok).toBe(false);
    core.close();

    // The recovery: restore the backup properly; the forked ledger is kept beside it.
    const { replacedFile } = restoreBackup(backup, ledger, new Date());
    core = await open(dataDir);
    expect(await core.syncEngine().syncNow()).toMatchObject({ state: 'online', pendingCount: 0 });
    await expectLevelWithServer(core, serverRows, terminalId);
    core.close();
    const kept = openDatabase(replacedFile!, { readonly: true });
    expect(kept.prepare('SELECT receipt_number FROM sales WHERE sale_id = ?').get(forked.saleId)).toEqual({ receipt_number: forked.receiptNumber });
    kept.close();
  });
});
