import type { AppContext } from '../context';
import { codeSchemaVersion, schemaVersion } from '../db/migrate';
import { feedLagSeconds } from './feed-lag';

/** A terminal not heard from for this long is shown as possibly offline. */
export const STALE_TERMINAL_MS = 60 * 60 * 1000;

export interface HealthView {
  pool: { total: number; idle: number; waiting: number };
  schema: { database: number; code: number; current: boolean };
  feedLagSeconds: number;
  rejectedOperations: number;
  openAnomalies: number;
  terminals: { total: number; active: number; revoked: number; notSeenForOverAnHour: number };
}

/**
 * The admin's health view (DESIGN.md "Server"). Pool, schema and feed lag belong to the server
 * and its database, shared by all tenants and without tenant data; every count is the caller's
 * tenant only. A terminal never seen at all counts as not seen for over an hour.
 */
export async function healthView(ctx: AppContext, tenantId: string): Promise<HealthView> {
  const staleBefore = new Date(ctx.now().getTime() - STALE_TERMINAL_MS);
  const [database, lag, counts] = await Promise.all([
    schemaVersion(ctx.pool),
    feedLagSeconds(ctx.pool),
    ctx.pool.query<{ rejected: number; anomalies: number; total: number; active: number; stale: number }>(
      `SELECT
         (SELECT count(*) FROM operations WHERE tenant_id = $1 AND status = 'rejected')::int AS rejected,
         (SELECT count(*) FROM anomalies WHERE tenant_id = $1 AND resolved_at IS NULL)::int AS anomalies,
         (SELECT count(*) FROM terminals WHERE tenant_id = $1)::int AS total,
         (SELECT count(*) FROM terminals WHERE tenant_id = $1 AND revoked_at IS NULL)::int AS active,
         (SELECT count(*) FROM terminals WHERE tenant_id = $1 AND revoked_at IS NULL
             AND (last_seen_at IS NULL OR last_seen_at < $2))::int AS stale`,
      [tenantId, staleBefore],
    ),
  ]);
  const c = counts.rows[0]!;
  const code = codeSchemaVersion();
  return {
    pool: { total: ctx.pool.totalCount, idle: ctx.pool.idleCount, waiting: ctx.pool.waitingCount },
    schema: { database, code, current: database === code },
    feedLagSeconds: lag,
    rejectedOperations: c.rejected,
    openAnomalies: c.anomalies,
    terminals: { total: c.total, active: c.active, revoked: c.total - c.active, notSeenForOverAnHour: c.stale },
  };
}
