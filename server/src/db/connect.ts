import path from 'node:path';
import type { Config } from '../config';
import { startEmbeddedPostgres, type EmbeddedDatabase } from './embedded';

/** The database the server uses: DATABASE_URL, or an embedded PostgreSQL under KEEL_DATA_DIR. */
export async function connectDatabase(
  config: Config,
  log: (message: string) => void,
): Promise<{ url: string; embedded: EmbeddedDatabase | null }> {
  if (config.DATABASE_URL) return { url: config.DATABASE_URL, embedded: null };
  const dataDir = path.join(config.KEEL_DATA_DIR, 'postgres');
  log(`DATABASE_URL is not set: starting the embedded PostgreSQL in ${dataDir}`);
  const embedded = await startEmbeddedPostgres({ dataDir, port: config.KEEL_EMBEDDED_PG_PORT });
  // The embedded cluster keeps Keel's data in its own database, created on first start.
  const url = new URL(embedded.url);
  url.pathname = '/keel';
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: embedded.url });
  await client.connect();
  try {
    const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = 'keel'");
    if (!rowCount) await client.query('CREATE DATABASE keel');
  } finally {
    await client.end();
  }
  return { url: url.toString(), embedded };
}
