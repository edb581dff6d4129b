import type { PullQuery, PullResponse } from '@keel/shared';
import type { Pool, PoolClient } from '../db/pool';
import type { Logger } from '../observability/logger';
import { validateChanges } from './pull-changes';
import { decodeCursor, encodeCursor, type LogCursor, type SnapshotCursor } from './pull-cursor';
import { ackedSeqBelow, currentFence, isBehindHorizon, readLogPage, type Scope } from './pull-feed';
import { beginSnapshot, isValidSnapshotCursor, readSnapshotPage } from './pull-snapshot';

/**
 * GET /v1/sync/pull (DESIGN.md "Sync protocol v1"): one page of the terminal's catalog feed.
 * A usable log cursor gets the next log page; no cursor, an undecodable one, one of another
 * store or database, or one older than the feed horizon gets (the next page of) a snapshot.
 * Every path takes the fence once and computes ackedSeq below it.
 */
export async function pullPage(deps: { pool: Pool; logger: Logger }, scope: Scope, query: PullQuery): Promise<PullResponse> {
  const db = await deps.pool.connect();
  try {
    const fence = await currentFence(db);
    const checked = usableCursor(query.cursor, scope, fence);
    if ('problem' in checked) {
      if (query.cursor !== undefined) deps.logger.info({ terminalId: scope.terminalId, reason: checked.problem }, 'pull: cursor not usable, starting a snapshot');
      return await snapshotPage(db, scope, await beginSnapshot(db, scope, fence), fence, query.limit);
    }
    const { cursor } = checked;
    if (cursor.phase === 'snapshot') return await snapshotPage(db, scope, cursor, fence, query.limit);
    return await logPage(db, scope, cursor, fence, query.limit, deps.logger);
  } finally {
    db.release();
  }
}

/** The decoded cursor, or why it cannot be used as it is. */
function usableCursor(text: string | undefined, scope: Scope, fence: string): { cursor: LogCursor | SnapshotCursor } | { problem: string } {
  if (text === undefined) return { problem: 'no cursor' };
  const cursor = decodeCursor(text);
  if (!cursor) return { problem: 'undecodable cursor' };
  if (cursor.storeId !== scope.storeId) return { problem: 'cursor of another store' };
  if (cursor.phase === 'snapshot' && !isValidSnapshotCursor(cursor)) return { problem: 'bad snapshot key' };
  // Every legitimate position lies below a fence already taken, and fences only move forward. A
  // position above today's fence comes from another database (a logical restore restarts xids):
  // following it would skip everything until the xids caught up.
  const xid = cursor.phase === 'log' ? cursor.at.xid : cursor.fence;
  if (BigInt(xid) > BigInt(fence)) return { problem: 'cursor from another database timeline' };
  return { cursor };
}

async function logPage(db: PoolClient, scope: Scope, cursor: LogCursor, fence: string, limit: number, logger: Logger): Promise<PullResponse> {
  const page = await readLogPage(db, scope, cursor.at, fence, limit);
  // After the read: if no row after the cursor had been pruned by now, none had during the read.
  if (await isBehindHorizon(db, scope.tenantId, cursor.at)) {
    logger.info({ terminalId: scope.terminalId, reason: 'cursor older than the feed horizon' }, 'pull: cursor not usable, starting a snapshot');
    return snapshotPage(db, scope, await beginSnapshot(db, scope, fence), fence, limit);
  }
  return {
    changes: validateChanges(page.changes),
    cursor: encodeCursor({ phase: 'log', storeId: scope.storeId, at: page.next }),
    hasMore: page.hasMore,
    ackedSeq: await ackedSeqBelow(db, scope, fence),
    snapshot: { phase: 'log' },
  };
}

async function snapshotPage(db: PoolClient, scope: Scope, cursor: SnapshotCursor, fence: string, limit: number): Promise<PullResponse> {
  const page = await readSnapshotPage(db, scope, cursor, limit);
  return {
    changes: validateChanges(page.changes),
    cursor: encodeCursor(page.cursor),
    // The log follows the snapshot, so there is always more: the next page says phase 'log'.
    hasMore: true,
    ackedSeq: await ackedSeqBelow(db, scope, fence),
    snapshot: { phase: 'snapshot', progress: { done: page.done, total: page.total } },
  };
}
