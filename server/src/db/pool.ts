import pg from 'pg';

// bigint columns (money, seq) come back as strings by default; every bigint Keel stores is a
// safe integer (minor units, seqs), so parse them as numbers and fail loudly if one is not.
pg.types.setTypeParser(pg.types.builtins.INT8, (text) => {
  const value = Number(text);
  if (!Number.isSafeInteger(value)) throw new RangeError(`bigint ${text} exceeds the safe integer range`);
  return value;
});

export type Pool = pg.Pool;
export type PoolClient = pg.PoolClient;

export function createPool(url: string, max = 10): Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max,
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
    // Long transactions hold back the pull feed's fence (DESIGN.md): cap them.
    idle_in_transaction_session_timeout: 30_000,
    statement_timeout: 30_000,
    application_name: 'keel-server',
  });
  // An idle client losing its connection (database restart) must not crash the process.
  pool.on('error', () => undefined);
  // Nor a checked-out one: pg-pool listens for a client's 'error' only while it is idle (and
  // pool.query while its query runs), so a client taken with pool.connect() (transactions,
  // migrations, pull) whose connection drops emits an 'error' nobody handles, and the process
  // dies on an uncaught exception. Its pending and later queries fail instead (a transient
  // error: 503), and the pool discards it on release because it is no longer queryable.
  pool.on('connect', (client) => {
    client.on('error', () => undefined);
  });
  return pool;
}

/** Runs `work` in a transaction, committing on success and rolling back on any error. */
export async function inTransaction<T>(pool: Pool, work: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let result: T;
  try {
    await client.query('BEGIN');
    result = await work(client);
    await client.query('COMMIT');
  } catch (error) {
    // A connection whose ROLLBACK failed is in no known state (dropped, or still inside the
    // transaction): destroy it rather than hand it to the next request.
    const broken = await client.query('ROLLBACK').then(
      () => undefined,
      (rollbackError: unknown) => (rollbackError instanceof Error ? rollbackError : new Error('ROLLBACK failed')),
    );
    client.release(broken);
    throw error;
  }
  client.release();
  return result;
}
