import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { createPool, type Pool } from '../../src/db/pool';
import { migrateUp } from '../../src/db/migrate';

/** Creates an empty database in the run's PostgreSQL and returns its URL. */
export async function createEmptyDatabase(): Promise<string> {
  const adminUrl = inject('pgAdminUrl');
  const name = `t_${randomUUID().replaceAll('-', '')}`;
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** A fresh, migrated database for one test file, with a pool to it. */
export async function freshDatabase(poolSize = 10): Promise<{ url: string; pool: Pool }> {
  const url = await createEmptyDatabase();
  const pool = createPool(url, poolSize);
  await migrateUp(pool);
  return { url, pool };
}
