import { createPool, type Pool } from '../../src/db/pool';
import { freshDatabase } from '../support/database';

/**
 * A fresh, migrated database whose commits do not wait for the WAL flush
 * (synchronous_commit = off). The fault tests push thousands of transactions; what they prove
 * (locking, visibility, exactly-once) does not depend on fsync, and a crash of the test
 * cluster loses nothing anyone needs. Production keeps PostgreSQL's durable default.
 */
export async function fastDatabase(poolSize = 20): Promise<{ url: string; pool: Pool }> {
  const fresh = await freshDatabase(2);
  const { rows } = await fresh.pool.query<{ name: string }>('SELECT current_database() AS name');
  await fresh.pool.query(`ALTER DATABASE "${rows[0]!.name}" SET synchronous_commit = off`);
  await fresh.pool.end();
  return { url: fresh.url, pool: createPool(fresh.url, poolSize) };
}
