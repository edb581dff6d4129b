import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PullResponse } from '@keel/shared';
import type { Pool } from '../../src/db/pool';
import { freshDatabase } from '../support/database';
import { CatalogWriter, lowUuid } from './catalog-writer';
import { comparable, serverState } from './server-state';
import { insertStore, insertTenant, insertTerminal, pull, Replica, startPullServer, syncUntilIdle, type PullServer, type TerminalFixture } from './support';

/**
 * DESIGN.md "Sync protocol v1": no cursor -> a paged snapshot with progress, then the log. The
 * catalog is edited while the snapshot pages (behind and ahead of its keyset, in a transaction
 * open since before it began), and the replica must still end equal to the server.
 */
describe('first sync: snapshot, then the log', () => {
  let pool: Pool;
  let server: PullServer;
  let tenantId: string;
  let storeA: string;
  let storeB: string;
  let termA: TerminalFixture;
  let termB: TerminalFixture;
  let writer: CatalogWriter;
  const productIds: string[] = [];
  const skus = new Map<string, string>();

  beforeAll(async () => {
    ({ pool } = await freshDatabase());
    server = await startPullServer(pool);
    tenantId = await insertTenant(pool);
    storeA = await insertStore(pool, tenantId, 'Store A');
    storeB = await insertStore(pool, tenantId, 'Store B');
    termA = await insertTerminal(pool, tenantId, storeA);
    termB = await insertTerminal(pool, tenantId, storeB);
    writer = new CatalogWriter(pool, tenantId);
    await writer.tx(async (c) => {
      await writer.taxRate(c, 'std', 'Standard', 190_000);
      await writer.taxRate(c, 'red', 'Reduced', 70_000);
      for (let i = 0; i < 3; i++) await writer.category(c, randomUUID(), `Category ${i}`, i);
    });
    for (let i = 0; i < 120; i++) {
      const id = randomUUID();
      productIds.push(id);
      const n = String(i).padStart(3, '0');
      skus.set(id, `SKU-${n}`);
      await writer.tx(async (c) => {
        await writer.product(c, { id, sku: `SKU-${n}`, name: `Product ${n}`, categoryId: null, taxRateId: i % 2 ? 'std' : 'red', priceMinor: 100 + i, barcodes: i % 3 ? [`400${n}1`] : [`400${n}1`, `400${n}2`] });
        if (i % 4 === 0) await writer.storePrice(c, storeA, id, 90 + i);
        if (i % 5 === 0) await writer.storePrice(c, storeB, id, 80 + i);
        if (i % 2 === 0) await writer.stock(c, storeA, id, 5_000);
        if (i % 3 === 0) await writer.stock(c, storeB, id, 7_000);
      });
    }
    await writer.tx(async (c) => {
      for (let i = 0; i < 3; i++) await writer.cashier(c, storeA, randomUUID(), `Cashier A${i}`);
      for (let i = 0; i < 2; i++) await writer.cashier(c, storeB, randomUUID(), `Cashier B${i}`);
    });
    productIds.sort();
  });

  afterAll(async () => {
    await server?.close();
    await pool?.end();
  });

  it('When a terminal syncs without a cursor while the catalog changes, then it pages a snapshot with progress, follows the log and ends equal to the server', async () => {
    const replica = new Replica();
    // A write that began before the snapshot and commits in the middle of it: its xid is above
    // the snapshot's fence, so it must arrive through the log.
    const early = await pool.connect();
    await early.query('BEGIN');
    await writer.product(early, { id: productIds[60]!, sku: 'SKU-EARLY', name: 'Changed before the snapshot', categoryId: null, taxRateId: 'std', priceMinor: 999, barcodes: ['EARLY1'] });

    const pages: PullResponse[] = [];
    const next = async () => {
      const page = await pull(server.baseUrl, termA.token, replica.cursor, 17);
      replica.apply(page);
      pages.push(page);
      return page;
    };
    await next();
    await next();
    await early.query('COMMIT');
    early.release();

    // Edits while the snapshot is paging: behind the keyset, ahead of it, and in every entity.
    const lowId = lowUuid();
    await writer.tx((c) => writer.product(c, { id: lowId, sku: 'SKU-LOW', name: 'Inserted behind the keyset', categoryId: null, taxRateId: 'std', priceMinor: 1, barcodes: ['LOW1'] }));
    await writer.tx((c) => writer.product(c, { id: productIds[0]!, sku: skus.get(productIds[0]!)!, name: 'Renamed after it was paged', categoryId: null, taxRateId: 'red', priceMinor: 5, barcodes: ['400000X'] }));
    await writer.tx((c) => writer.deleteProduct(c, productIds[119]!));
    await writer.tx((c) => writer.storePrice(c, storeA, productIds[1]!, 4242));
    await writer.tx((c) => writer.storePrice(c, storeA, productIds[4]!, null));
    await writer.tx((c) => writer.taxRate(c, 'std', 'Standard (new)', 200_000));
    await writer.tx((c) => writer.settings(c, storeA, 'Store A renamed', { receiptFooterLines: ['Thank you'] }));
    await writer.tx((c) => writer.stock(c, storeA, productIds[2]!, -1_500));
    await writer.tx((c) => writer.cashier(c, storeB, randomUUID(), 'Cashier B new'));

    let page = await next();
    while (page.snapshot?.phase === 'snapshot') page = await next();
    // More edits once the terminal follows the log.
    await writer.tx((c) => writer.deleteProduct(c, productIds[3]!));
    await writer.tx((c) => writer.stock(c, storeA, lowId, 2_000));
    pages.push(...(await syncUntilIdle(server.baseUrl, termA.token, replica, 17)));

    const snapshotPages = pages.filter((p) => p.snapshot?.phase === 'snapshot');
    expect(snapshotPages.length).toBeGreaterThan(10);
    expect(replica.snapshots).toBe(1);
    // Phases in order: every snapshot page before every log page.
    const firstLog = pages.findIndex((p) => p.snapshot?.phase === 'log');
    expect(pages.slice(firstLog).every((p) => p.snapshot?.phase === 'log')).toBe(true);
    // Progress: the first page's done is its own size, done only grows, the last page is full.
    const progress = snapshotPages.map((p) => p.snapshot!.progress!);
    expect(progress[0]!.done).toBe(snapshotPages[0]!.changes.length);
    for (let i = 1; i < progress.length; i++) {
      expect(progress[i]!.done).toBe(progress[i - 1]!.done + snapshotPages[i]!.changes.length);
      expect(progress[i]!.total).toBeGreaterThanOrEqual(progress[i]!.done);
    }
    expect(progress.at(-1)!.done).toBe(progress.at(-1)!.total);
    expect(snapshotPages.every((p) => p.hasMore)).toBe(true);
    expect(pages.at(-1)!.hasMore).toBe(false);

    expect(comparable(replica.entities)).toEqual(comparable(await serverState(pool, tenantId, storeA)));
    // Spot checks that the comparison covers what it should.
    expect(replica.entities.get(`product/${lowId}`)).toMatchObject({ name: 'Inserted behind the keyset' });
    expect(replica.entities.has(`product/${productIds[119]}`)).toBe(false);
    expect(replica.entities.get(`product/${productIds[1]}`)).toMatchObject({ priceMinor: 4242 });
    expect(replica.entities.get(`product/${productIds[60]}`)).toMatchObject({ sku: 'SKU-EARLY' });
    expect(replica.entities.get(`storeSettings/${storeA}`)).toMatchObject({ name: 'Store A renamed' });
  });

  it('When another store\'s terminal syncs, then it gets its own prices, cashiers, settings and stock and nothing of store A', async () => {
    const replica = new Replica();
    await syncUntilIdle(server.baseUrl, termB.token, replica, 1000);
    expect(comparable(replica.entities)).toEqual(comparable(await serverState(pool, tenantId, storeB)));
    expect(replica.entities.has(`storeSettings/${storeA}`)).toBe(false);
  });
});
