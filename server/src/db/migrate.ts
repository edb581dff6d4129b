import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Pool } from './pool';

export const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

export interface Migration {
  version: number;
  name: string;
  up: string;
  down: string;
}

const FILE = /^(\d{4})-([a-z0-9-]+)\.(up|down)\.sql$/;

/** Reads `NNNN-name.up.sql` / `NNNN-name.down.sql` pairs; every up needs its down. */
export function loadMigrations(dir = MIGRATIONS_DIR): Migration[] {
  const byVersion = new Map<number, Partial<Migration>>();
  for (const file of fs.readdirSync(dir)) {
    const match = FILE.exec(file);
    if (!match) continue;
    const version = Number(match[1]);
    const entry = byVersion.get(version) ?? { version, name: match[2] };
    entry[match[3] as 'up' | 'down'] = fs.readFileSync(path.join(dir, file), 'utf8');
    byVersion.set(version, entry);
  }
  const migrations = [...byVersion.values()].sort((a, b) => a.version! - b.version!);
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`migration ${String(i + 1).padStart(4, '0')} is missing`);
    if (m.up === undefined || m.down === undefined) throw new Error(`migration ${m.version} needs both up and down`);
  });
  return migrations as Migration[];
}

export class SchemaTooNewError extends Error {
  constructor(readonly databaseVersion: number, readonly codeVersion: number) {
    super(
      `The database schema is at version ${databaseVersion} but this server only knows up to ${codeVersion}. ` +
        'Run a newer server, or roll the database back with `npm run db:rollback` using the newer code.',
    );
    this.name = 'SchemaTooNewError';
  }
}

// One migrator at a time across server instances.
const LOCK_ID = 0x6b65656c; // "keel"

async function ensureTable(pool: Pool): Promise<void> {
  await pool.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version integer PRIMARY KEY,
    name text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
  )`);
}

export async function schemaVersion(pool: Pool): Promise<number> {
  const { rows } = await pool.query<{ v: number | null }>(
    `SELECT CASE WHEN to_regclass('schema_migrations') IS NULL THEN 0
       ELSE (SELECT coalesce(max(version), 0) FROM schema_migrations) END AS v`,
  );
  return rows[0]?.v ?? 0;
}

/** Applies pending migrations in order, each in its own transaction; refuses a newer schema. */
export async function migrateUp(pool: Pool, migrations = loadMigrations()): Promise<number[]> {
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [LOCK_ID]);
    await ensureTable(pool);
    const { rows } = await client.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
    const applied = new Set(rows.map((r) => r.version));
    const newest = migrations.at(-1)?.version ?? 0;
    const dbNewest = Math.max(0, ...applied);
    if (dbNewest > newest) throw new SchemaTooNewError(dbNewest, newest);
    const done: number[] = [];
    for (const m of migrations) {
      if (applied.has(m.version)) continue;
      await client.query('BEGIN');
      try {
        await client.query(m.up);
        await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw new Error(`migration ${m.version}-${m.name} failed: ${(error as Error).message}`, { cause: error });
      }
      done.push(m.version);
    }
    return done;
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [LOCK_ID]).catch(() => undefined);
    client.release();
  }
}

/** Rolls back the newest `steps` migrations with their down files. */
export async function migrateDown(pool: Pool, steps = 1, migrations = loadMigrations()): Promise<number[]> {
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [LOCK_ID]);
    await ensureTable(pool);
    const { rows } = await client.query<{ version: number }>(
      'SELECT version FROM schema_migrations ORDER BY version DESC LIMIT $1',
      [steps],
    );
    const done: number[] = [];
    for (const { version } of rows) {
      const m = migrations.find((x) => x.version === version);
      if (!m) throw new SchemaTooNewError(version, migrations.at(-1)?.version ?? 0);
      await client.query('BEGIN');
      try {
        await client.query(m.down);
        await client.query('DELETE FROM schema_migrations WHERE version = $1', [version]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw new Error(`rollback of ${m.version}-${m.name} failed: ${(error as Error).message}`, { cause: error });
      }
      done.push(version);
    }
    return done;
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [LOCK_ID]).catch(() => undefined);
    client.release();
  }
}

/** The schema the code expects: used by /readyz and at start-up. */
export function codeSchemaVersion(migrations = loadMigrations()): number {
  return migrations.at(-1)?.version ?? 0;
}
