import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { PullResponse } from '@keel/shared';
import { CatalogReplica } from '../../src/core/catalog/replica';
import { randomIds, systemClock } from '../../src/core/deps';
import { Journal } from '../../src/core/sale/journal';
import { openLedger } from '../../src/core/store/open-ledger';
import { Meta } from '../../src/core/store/meta';
import type { Db } from '../../src/core/store/database';
import { DEFAULT_SYNC_OPTIONS, SyncEngine } from '../../src/core/sync/engine';
import { Outbox } from '../../src/core/sync/outbox';
import { TransportError, type PullPage, type SyncTransport } from '../../src/core/sync/transport';
import { product, upsert } from '../catalog/fixtures';

// The pull loop asks for the next page before applying the current one. These tests drive the
// real engine and replica on a real ledger; only the network is scripted: a transport that
// answers pull requests from a list of pages keyed by cursor and records what it was asked.

const dirs: string[] = [];
const dbs: Db[] = [];
afterEach(() => {
  for (const db of dbs.splice(0)) db.close();
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

async function ledger(): Promise<{ db: Db; file: string }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keel-pipeline-'));
  dirs.push(dir);
  const file = path.join(dir, 'ledger.sqlite');
  const db = await openLedger(file, () => new Date());
  dbs.push(db);
  return { db, file };
}

function page(changes: PullResponse['changes'], cursor: string, snapshot: PullResponse['snapshot'], hasMore: boolean): PullPage {
  return { changes, cursor, hasMore, ackedSeq: 0, snapshot } as PullPage;
}

/** Answers pull(cursor) from `pages[cursor ?? '']`; records every request in order. */
function scripted(pages: Record<string, PullPage>): SyncTransport & { asked: (string | null)[] } {
  const asked: (string | null)[] = [];
  return {
    asked,
    push: () => Promise.reject(new Error('nothing to push in these tests')),
    ready: () => Promise.resolve(true),
    journal: () => Promise.reject(new Error('no recovery in these tests')),
    pull(cursor) {
      asked.push(cursor);
      const answer = pages[cursor ?? ''];
      return answer
        ? Promise.resolve(answer)
        : Promise.reject(new TransportError('NETWORK_UNREACHABLE', `no page scripted for cursor ${String(cursor)}`, undefined, null, null));
    },
  };
}

function engine(db: Db, transport: SyncTransport, replica: CatalogReplica): SyncEngine {
  const meta = new Meta(db);
  const journal = new Journal(db, 'terminal-1', systemClock, randomIds);
  return new SyncEngine(transport, new Outbox(db, journal, meta), replica, meta, systemClock, {
    ...DEFAULT_SYNC_OPTIONS,
    random: () => 0.5,
    timers: { setTimeout: () => 0, clearTimeout: () => undefined },
  });
}

const snap = (done: number, total: number) => ({ phase: 'snapshot' as const, progress: { done, total } });

describe('pull pipeline', () => {
  it('When pages follow each other, then each is requested from the previous page cursor and all are applied in order', async () => {
    const { db } = await ledger();
    const replica = new CatalogReplica(db);
    const transport = scripted({
      '': page([upsert.product(product('a'))], 's1', snap(1, 2), true),
      s1: page([upsert.product(product('b'))], 's2', snap(2, 2), true),
      s2: page([upsert.product(product('a', { priceMinor: 777 }))], 'log-1', { phase: 'log' }, false),
    });
    const status = await engine(db, transport, replica).syncNow();
    expect(status.lastError).toBeNull();
    expect(transport.asked).toEqual([null, 's1', 's2']);
    expect(replica.cursor()).toBe('log-1');
    expect(replica.getProduct('a')?.priceMinor).toBe(777);
    expect(replica.getProduct('b')).not.toBeNull();
  });

  it('When applying a page resets the cursor (a snapshot cut by a restart), then the page fetched ahead is dropped and the pull starts over from the reset cursor', async () => {
    const { db, file } = await ledger();
    // A snapshot began before a restart: its seen-set died with the connection.
    new CatalogReplica(db).applyPage([upsert.product(product('old'))], 's1', snap(1, 2));
    db.close();
    dbs.splice(dbs.indexOf(db), 1);
    const reopened = await openLedger(file, () => new Date());
    dbs.push(reopened);
    const replica = new CatalogReplica(reopened);
    const transport = scripted({
      // The page after s1 cannot be trusted as a continuation: the replica answers with cursor null.
      s1: page([upsert.product(product('mid'))], 's2', snap(2, 2), true),
      s2: page([], 'stale', { phase: 'log' }, false),
      // From no cursor the server starts a fresh snapshot.
      '': page([upsert.product(product('fresh'))], 'f1', snap(1, 1), true),
      f1: page([], 'log-1', { phase: 'log' }, false),
    });
    const status = await engine(reopened, transport, replica).syncNow();
    expect(status.lastError).toBeNull();
    // s2 was asked ahead, then dropped: the pull went on from null, not from s2.
    expect(transport.asked).toEqual(['s1', 's2', null, 'f1']);
    expect(replica.cursor()).toBe('log-1');
    expect(replica.getProduct('fresh')).not.toBeNull();
    expect(replica.getProduct('old')).toBeNull(); // swept by the fresh snapshot
  });

  it('When the page fetched ahead fails but the current one applies, then the failure is reported once and the applied page stays', async () => {
    const { db } = await ledger();
    const replica = new CatalogReplica(db);
    const transport = scripted({ '': page([upsert.product(product('a'))], 's1', snap(1, 2), true) });
    const status = await engine(db, transport, replica).syncNow();
    expect(status.lastError?.message).toMatch(/no page scripted for cursor s1/);
    expect(replica.cursor()).toBe('s1');
    expect(replica.getProduct('a')).not.toBeNull();
  });
});
