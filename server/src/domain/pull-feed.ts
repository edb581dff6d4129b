import type { PoolClient } from '../db/pool';
import { changeOfLogRow, type RawChange } from './pull-changes';
import { comparePositions, type LogPosition } from './pull-cursor';

/**
 * The change_log side of a pull (DESIGN.md "Sync protocol v1", invariant 5).
 *
 * The fence is pg_snapshot_xmin(pg_current_snapshot()): every transaction with a smaller xid has
 * finished, so the set of change rows below it can no longer grow. A page holds only rows below
 * the fence, in (xid, id) order, and the cursor is the last (xid, id) sent. Ordering by id or by
 * time instead would skip a row whose transaction took its id early but committed late (the
 * negative control in test/pull/feed-race.test.ts shows it). A long transaction anywhere in
 * the cluster holds the fence back: changes wait, they are never skipped; that lag is exported as
 * keel_feed_lag_seconds (domain/feed-lag.ts).
 *
 * The fence is taken ONCE per request and passed to every query as a parameter, so the page,
 * the cursor advance and ackedSeq all describe the same set of finished transactions without
 * needing a REPEATABLE READ transaction.
 */

export interface Scope {
  tenantId: string;
  storeId: string;
  terminalId: string;
}

export async function currentFence(db: PoolClient): Promise<string> {
  const { rows } = await db.query<{ fence: string }>('SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS fence');
  return rows[0]!.fence;
}

/**
 * The terminal's highest pushed seq whose transaction is below the fence. Push advances the
 * journal in the same transaction as the op's effects (and their change rows), so a page never
 * acknowledges an op whose effects it does not also contain: otherwise the terminal would drop
 * a pending stock delta from its outbox before the level that includes it arrives.
 */
export async function ackedSeqBelow(db: PoolClient, scope: Scope, fence: string): Promise<number> {
  const { rows } = await db.query<{ acked: number }>(
    `SELECT coalesce(max(seq), 0) AS acked FROM operations
      WHERE tenant_id = $1 AND terminal_id = $2 AND xid < $3::xid8`,
    [scope.tenantId, scope.terminalId, fence],
  );
  return rows[0]!.acked;
}

// Every query selects the xid as `xid_text`, never `AS xid`: ORDER BY resolves an output
// column's name first, so `xid::text AS xid ... ORDER BY xid` would sort '1000' before '999'
// (the multi-process race test caught exactly that).
interface LogRow {
  xid_text: string;
  id: number;
  entity: string;
  entity_id: string;
  op: string;
  data: unknown;
}

interface PositionRow {
  xid_text: string;
  id: number;
}
const positionOf = (row: PositionRow | undefined): LogPosition | null => (row ? { xid: row.xid_text, id: row.id } : null);

export interface LogPage {
  changes: RawChange[];
  /** Where the next page starts: the last row sent, or further (see `advanceToHead`). */
  next: LogPosition;
  hasMore: boolean;
}

/**
 * Up to `limit` changes for the terminal's store after `after`, below `fence`. Keyset on the
 * change_log_feed index (tenant_id, xid, id); rows of other stores are filtered out.
 */
export async function readLogPage(db: PoolClient, scope: Scope, after: LogPosition, fence: string, limit: number): Promise<LogPage> {
  // One row more than asked tells whether another page follows without a second round trip.
  const { rows } = await db.query<LogRow>(
    `SELECT xid::text AS xid_text, id, entity, entity_id, op, data FROM change_log
      WHERE tenant_id = $1 AND (xid, id) > ($2::xid8, $3::bigint) AND xid < $4::xid8
        AND (store_id IS NULL OR store_id = $5)
      ORDER BY xid, id
      LIMIT $6`,
    [scope.tenantId, after.xid, after.id, fence, scope.storeId, limit + 1],
  );
  const hasMore = rows.length > limit;
  const page = hasMore ? rows.slice(0, limit) : rows;
  const last = page.at(-1);
  let next: LogPosition = last ? { xid: last.xid_text, id: last.id } : after;
  if (!hasMore) next = await advanceToHead(db, scope.tenantId, next, fence);
  return {
    changes: page.map((r) => ({ source: `change_log ${r.id}`, change: changeOfLogRow(r) })),
    next,
    hasMore,
  };
}

/**
 * After a short page every change of this store below the fence has been sent, so the cursor
 * may jump to the tenant's newest row below the fence even when that row belongs to another
 * store. Without this, a quiet store's cursor would stay on its own last change: each poll
 * would rescan every other store's rows since then, and pruning those rows would make the
 * cursor look too old. The position stays a real row, which the horizon check needs.
 */
async function advanceToHead(db: PoolClient, tenantId: string, at: LogPosition, fence: string): Promise<LogPosition> {
  const head = await lastRowBelow(db, tenantId, fence);
  return head && comparePositions(head, at) > 0 ? head : at;
}

/** The tenant's last change_log row below `fence` (any store), or null for an empty log. */
export async function lastRowBelow(db: PoolClient, tenantId: string, fence: string): Promise<LogPosition | null> {
  const { rows } = await db.query<PositionRow>(
    `SELECT xid::text AS xid_text, id FROM change_log WHERE tenant_id = $1 AND xid < $2::xid8
      ORDER BY xid DESC, id DESC LIMIT 1`,
    [tenantId, fence],
  );
  return positionOf(rows[0]);
}

/**
 * The feed horizon: whether changes after `at` may have been pruned.
 *
 * Pruning (no job yet) must delete a PREFIX of a tenant's log in (xid, id) order, oldest
 * first, and should keep the newest row. Then the oldest retained row M only moves forward, and
 * since `at` is the key of a row the terminal received (or an anchor below a snapshot's fence),
 * `at < M` means that row is gone and so may be rows after it: the terminal must re-snapshot.
 * An empty log with a real `at` means everything was pruned. Checked AFTER the page was read:
 * if the horizon is still at or below `at` now, it was during the read too.
 *
 * Cost of the rule: a virtual position (id 0, a snapshot on an empty log) counts as too old once
 * any row exists, so such a terminal re-snapshots once; safe, and rare (creating a store
 * already writes a change).
 */
export async function isBehindHorizon(db: PoolClient, tenantId: string, at: LogPosition): Promise<boolean> {
  const { rows } = await db.query<PositionRow>('SELECT xid::text AS xid_text, id FROM change_log WHERE tenant_id = $1 ORDER BY xid, id LIMIT 1', [
    tenantId,
  ]);
  const oldest = positionOf(rows[0]);
  if (!oldest) return at.id > 0;
  return comparePositions(at, oldest) < 0;
}
