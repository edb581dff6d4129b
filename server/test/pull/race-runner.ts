import { expect } from 'vitest';
import type { Pool, PoolClient } from '../../src/db/pool';
import { insertChange, pull, Replica, syncUntilIdle, type ChangeInput, type TerminalFixture } from './support';

/**
 * The randomised feed race (DESIGN.md invariant 5): writers commit and roll back catalog
 * changes concurrently, with random pauses inside their transactions so commits land out of
 * xid order, while terminals pull from random server instances with random page sizes. In the
 * end every terminal must have received every committed change of its scope exactly once, in
 * (xid, id) order, and nothing rolled back.
 */

export interface RaceOptions {
  pool: Pool;
  tenantId: string;
  /** Store-scoped changes go to one of these; a third of the changes are tenant-wide. */
  storeIds: [string, string];
  terminals: TerminalFixture[];
  servers: string[];
  writers: number;
  /** Stop writing once this many changes have committed. */
  committedTarget: number;
}

interface Written {
  id: string;
  storeId: string | null;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)]!;

function changeFor(tenantId: string, written: Written): ChangeInput {
  return written.storeId === null
    ? { tenantId, storeId: null, entity: 'taxRate', entityId: written.id, data: { id: written.id, name: `Rate ${written.id}`, ratePpm: 1 } }
    : { tenantId, storeId: written.storeId, entity: 'stockLevel', entityId: written.id, data: { productId: written.id, qtyMilli: 1, updatedAt: new Date().toISOString() } };
}

async function writer(o: RaceOptions, n: number, committed: Written[], rolledBack: Written[]): Promise<void> {
  const client: PoolClient = await o.pool.connect();
  try {
    for (let t = 0; committed.length < o.committedTarget; t++) {
      const batch: Written[] = [];
      await client.query('BEGIN');
      const rows = 1 + Math.floor(Math.random() * 5);
      for (let r = 0; r < rows; r++) {
        const written = { id: `w${n}-t${t}-r${r}`, storeId: Math.random() < 1 / 3 ? null : pick(o.storeIds) };
        await insertChange(client, changeFor(o.tenantId, written));
        batch.push(written);
        if (Math.random() < 0.3) await pause(Math.random() * 3);
      }
      // Holding the transaction a little while others commit is what reorders commits.
      await pause(Math.random() * 6);
      if (Math.random() < 0.1) {
        await client.query('ROLLBACK');
        rolledBack.push(...batch);
      } else {
        await client.query('COMMIT');
        committed.push(...batch);
      }
    }
  } finally {
    client.release();
  }
}

/** One terminal pulling from random servers with random limits until told to stop. */
async function puller(o: RaceOptions, terminal: TerminalFixture, replica: Replica, stop: { writing: boolean }, wanted: () => number): Promise<void> {
  for (;;) {
    const page = await pull(pick(o.servers), terminal.token, replica.cursor, 1 + Math.floor(Math.random() * 150));
    replica.apply(page);
    if (!stop.writing && replica.logChanges.length >= wanted() && !page.hasMore) return;
    if (!page.hasMore) await pause(Math.random() * 5);
  }
}

export async function runRace(o: RaceOptions): Promise<{ committed: number; rolledBack: number }> {
  const committed: Written[] = [];
  const rolledBack: Written[] = [];
  // Each terminal first finishes its snapshot, so everything written afterwards reaches it as a change.
  const replicas = o.terminals.map(() => new Replica());
  await Promise.all(o.terminals.map((t, i) => syncUntilIdle(pick(o.servers), t.token, replicas[i]!)));
  const before = replicas.map((r) => r.logChanges.length);

  const inScope = (t: TerminalFixture) => committed.filter((w) => w.storeId === null || w.storeId === t.storeId);
  const stop = { writing: true };
  const pulling = Promise.all(o.terminals.map((t, i) => puller(o, t, replicas[i]!, stop, () => before[i]! + inScope(t).length)));
  // A puller failing while the writers still run is reported when awaited below, not as unhandled.
  pulling.catch(() => undefined);
  await Promise.all(Array.from({ length: o.writers }, (_, n) => writer(o, n, committed, rolledBack)));
  stop.writing = false;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const lag = o.terminals.map((t, i) => {
        const got = new Set(replicas[i]!.logChanges.map((c) => c.id));
        const missing = inScope(t).filter((w) => !got.has(w.id));
        return `terminal ${i} (snapshots ${replicas[i]!.snapshots}): ${replicas[i]!.logChanges.length - before[i]!} received, ${missing.length} missing (${missing.slice(0, 3).map((w) => w.id).join(', ')})`;
      });
      reject(new Error(`terminals did not catch up within 30 s:\n${lag.join('\n')}`));
    }, 30_000);
  });
  try {
    await Promise.race([pulling, timeout]);
  } finally {
    clearTimeout(timer);
  }

  const feedOrder = await feedPositions(o.pool, o.tenantId);
  o.terminals.forEach((t, i) => {
    const replica = replicas[i]!;
    const received = replica.logChanges.slice(before[i]).map((c) => c.id);
    const expected = inScope(t).map((w) => w.id);
    expect(new Set(received).size, 'no change twice').toBe(received.length);
    expect([...received].sort()).toEqual([...expected].sort());
    expect(received.filter((id) => rolledBack.some((w) => w.id === id))).toEqual([]);
    expect(replica.snapshots, 'one snapshot, then only the log').toBe(1);
    // Delivered in the feed's (xid, id) order.
    const positions = received.map((id) => feedOrder.get(id)!);
    expect(positions.every((p, k) => k === 0 || p > positions[k - 1]!)).toBe(true);
  });
  return { committed: committed.length, rolledBack: rolledBack.length };
}

/** Each change's rank in (xid, id) order. */
async function feedPositions(pool: Pool, tenantId: string): Promise<Map<string, number>> {
  const { rows } = await pool.query<{ entity_id: string }>('SELECT entity_id FROM change_log WHERE tenant_id = $1 ORDER BY xid, id', [tenantId]);
  return new Map(rows.map((r, k) => [r.entity_id, k]));
}
