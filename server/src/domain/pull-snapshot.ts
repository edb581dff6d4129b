import type { PoolClient } from '../db/pool';
import type { RawChange } from './pull-changes';
import type { LogCursor, SnapshotCursor } from './pull-cursor';
import { lastRowBelow, type Scope } from './pull-feed';
import { countSnapshot, SNAPSHOT_SOURCES } from './pull-snapshot-sources';

/**
 * A paged snapshot of the terminal's catalog, for a terminal with no usable cursor.
 *
 * Why it is correct without one long transaction: it begins by taking the fence F. Every
 * transaction below F had finished before F was taken, so each page (read later) sees all of
 * their effects. Whatever a page reads or misses from a transaction at or above F (a row changed
 * before or after its key range was paged, inserted behind the keyset, deleted) is in change_log
 * with an xid >= F, and the log resumes right after the tenant's last change below F, so those
 * changes are all replayed, in (xid, id) order, as idempotent upserts and deletes. The replica
 * therefore ends equal to the server once the log catches up.
 *
 * Protocol for the terminal (PullResponse has no reset flag): a page with phase 'snapshot' whose
 * progress.done equals its number of changes is the FIRST page of a new snapshot. The terminal
 * builds the snapshot aside and replaces its replica when the first 'log' page arrives, so an
 * entity deleted while it was offline disappears and selling continues on the old copy meanwhile.
 */

export interface SnapshotPage {
  changes: RawChange[];
  cursor: SnapshotCursor | LogCursor;
  done: number;
  total: number;
}

/** The state of a new snapshot: taken once, its fence is this request's fence. */
export async function beginSnapshot(db: PoolClient, scope: Scope, fence: string): Promise<SnapshotCursor> {
  const resume = await lastRowBelow(db, scope.tenantId, fence);
  return {
    phase: 'snapshot',
    storeId: scope.storeId,
    fence,
    // An empty log: start before everything of F's transaction (see isBehindHorizon for the cost).
    resume: resume ?? { xid: fence, id: 0 },
    entity: SNAPSHOT_SOURCES[0]!.entity,
    after: null,
    done: 0,
    total: await countSnapshot(db, scope),
  };
}

/** Whether a decoded snapshot cursor's key is one its entity's query can take. */
export function isValidSnapshotCursor(cursor: SnapshotCursor): boolean {
  const source = SNAPSHOT_SOURCES.find((s) => s.entity === cursor.entity);
  return source !== undefined && (cursor.after === null || source.key.test(cursor.after));
}

/**
 * Up to `limit` rows from where `cursor` stopped, running on into the next entities until the
 * page is full. When the last entity is exhausted the cursor becomes a log cursor at the
 * snapshot's resume position.
 */
export async function readSnapshotPage(db: PoolClient, scope: Scope, cursor: SnapshotCursor, limit: number): Promise<SnapshotPage> {
  const changes: RawChange[] = [];
  let index = SNAPSHOT_SOURCES.findIndex((s) => s.entity === cursor.entity);
  let after = cursor.after;
  while (changes.length < limit && index < SNAPSHOT_SOURCES.length) {
    const source = SNAPSHOT_SOURCES[index]!;
    const want = limit - changes.length;
    const rows = await source.page(db, scope, after, want);
    changes.push(...rows.map((r) => r.raw));
    if (rows.length < want) {
      index += 1;
      after = null;
    } else {
      after = rows.at(-1)!.key;
    }
  }
  const done = cursor.done + changes.length;
  if (index >= SNAPSHOT_SOURCES.length) {
    // Finished: the bar ends full even if rows were deleted while paging.
    return { changes, cursor: { phase: 'log', storeId: scope.storeId, at: cursor.resume }, done, total: done };
  }
  // Rows added while paging can push done past the count taken at the start.
  const total = Math.max(cursor.total, done);
  return { changes, cursor: { ...cursor, entity: SNAPSHOT_SOURCES[index]!.entity, after, done, total }, done, total };
}
