import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeSchemaVersion, loadMigrations, migrateDown, migrateUp, schemaVersion, SchemaTooNewError } from '../src/db/migrate';
import { createPool, type Pool } from '../src/db/pool';
import { createEmptyDatabase } from './support/database';

function schemaDump(url: string): string {
  return execFileSync('pg_dump', ['--schema-only', '--no-owner', '--no-privileges', url], { encoding: 'utf8' })
    .split('\n')
    .filter((l) => !l.startsWith('--') && !/^\\(un)?restrict /.test(l))
    .join('\n');
}

describe('migrations', () => {
  let url: string;
  let pool: Pool;
  beforeAll(async () => {
    url = await createEmptyDatabase();
    pool = createPool(url, 2);
  });
  afterAll(() => pool.end());

  it('When the migration files are read, then every version has an up and a down, numbered without gaps', () => {
    const migrations = loadMigrations();
    expect(migrations.length).toBeGreaterThan(0);
    migrations.forEach((m, i) => {
      expect(m.version).toBe(i + 1);
      expect(m.up.trim()).not.toBe('');
      expect(m.down.trim()).not.toBe('');
    });
  });

  it('When every migration is applied, rolled back one by one and applied again, then the schema is identical', async () => {
    await migrateUp(pool);
    expect(await schemaVersion(pool)).toBe(codeSchemaVersion());
    const first = schemaDump(url);
    expect(first).toContain('CREATE TABLE public.operations');

    // Each down must undo exactly its up: after rolling back everything only the bookkeeping table remains.
    await migrateDown(pool, codeSchemaVersion());
    expect(await schemaVersion(pool)).toBe(0);
    const { rows } = await pool.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'schema_migrations'",
    );
    expect(rows[0]?.n).toBe(0);

    await migrateUp(pool);
    expect(schemaDump(url)).toBe(first);
  });

  it('When the database has a migration newer than the code, then migrating refuses with SchemaTooNewError', async () => {
    await migrateUp(pool);
    const newest = codeSchemaVersion();
    await pool.query("INSERT INTO schema_migrations (version, name) VALUES ($1, 'from-the-future')", [newest + 1]);
    try {
      await expect(migrateUp(pool)).rejects.toBeInstanceOf(SchemaTooNewError);
    } finally {
      await pool.query('DELETE FROM schema_migrations WHERE version = $1', [newest + 1]);
    }
  });

  it('When a migration folder has an up without its down, then loading it fails', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keel-mig-'));
    fs.writeFileSync(path.join(dir, '0001-a.up.sql'), 'SELECT 1;');
    expect(() => loadMigrations(dir)).toThrow(/needs both up and down/);
  });
});
