import type { Pool } from '../db/pool';

/**
 * How far the pull feed's fence lags behind now: the age of the oldest transaction that still
 * holds an xid in this database. Pull pages stop below that transaction's xid, so while it is
 * open, later catalog changes wait (never skipped). Exported as keel_feed_lag_seconds.
 */
export async function feedLagSeconds(pool: Pool): Promise<number> {
  const { rows } = await pool.query<{ lag: number | null }>(
    `SELECT extract(epoch FROM (now() - min(xact_start)))::float8 AS lag
       FROM pg_stat_activity
      WHERE datname = current_database() AND backend_xid IS NOT NULL AND pid <> pg_backend_pid()`,
  );
  return Math.max(0, rows[0]?.lag ?? 0);
}
