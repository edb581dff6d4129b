import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { KeelError } from '@keel/shared';
import { listBackups } from '../../src/core/store/backup';
import { openDatabase } from '../../src/core/store/database';
import { codeSchemaVersion, databaseSchemaVersion, migrate } from '../../src/core/store/migrate';
import { MIGRATIONS } from '../../src/core/store/migrations';
import { openLedger } from '../../src/core/store/open-ledger';
import { tempDir } from '../support/temp';

const now = () => new Date('2026-03-01T10:00:00.000Z');

describe('ledger migrations', () => {
  it('When a new ledger is opened, then it is at the code version with WAL, FULL sync and foreign keys', async () => {
    const file = path.join(tempDir(), 'keel.sqlite');
    const db = await openLedger(file, now);
    expect(databaseSchemaVersion(db)).toBe(codeSchemaVersion());
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2); // FULL
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    db.close();
  });

  it('When migration 0001 runs, then the journal and document tables exist and a second run changes nothing', () => {
    const db = openDatabase(path.join(tempDir(), 'keel.sqlite'));
    expect(migrate(db)).toEqual(MIGRATIONS.map((m) => m.version));
    const tables = db.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all().map((r) => r.name);
    expect(tables).toEqual(expect.arrayContaining(['journal', 'sales', 'sale_lines', 'sale_tenders', 'refunds', 'voids', 'shifts', 'products', 'barcodes', 'users', 'carts']));
    expect(migrate(db)).toEqual([]);
    db.close();
  });

  it('When migration 0004 runs, then the manual payment settlement audit table exists and refuses an unknown outcome', () => {
    const db = openDatabase(path.join(tempDir(), 'keel.sqlite'));
    migrate(db);
    const insert = db.prepare(
      `INSERT INTO manual_payment_resolutions (resolution_id, kind, outcome, amount_minor, auth_code, reason, resolved_by, approved_by, resolved_at, started_at)
       VALUES (?, 'payment', ?, 1299, NULL, 'terminal gone', 'u-1', 'u-2', '2026-03-01T10:00:00.000Z', '2026-03-01T09:59:00.000Z')`,
    );
    insert.run('r1', 'notCharged');
    expect(() => insert.run('r2', 'guessed')).toThrow(/CHECK constraint/);
    db.close();
  });

  it('When the ledger was written by a newer app, then opening it refuses with SCHEMA_TOO_NEW and leaves it untouched', async () => {
    const file = path.join(tempDir(), 'keel.sqlite');
    const db = openDatabase(file);
    migrate(db);
    db.pragma(`user_version = ${codeSchemaVersion() + 1}`);
    db.close();
    const before = fs.readFileSync(file);
    await expect(openLedger(file, now)).rejects.toSatisfy((e: unknown) => e instanceof KeelError && e.code === 'SCHEMA_TOO_NEW');
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  });

  it('When an existing ledger needs a migration, then a pre-migrate backup of the old version is taken first', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'keel.sqlite');
    const db = openDatabase(file);
    migrate(db);
    db.prepare("INSERT INTO meta (key, value) VALUES ('marker', 'before')").run();
    db.close();
    const extra = [...MIGRATIONS, { version: MIGRATIONS.length + 1, name: 'test-extra', up: 'CREATE TABLE extra (x INTEGER) STRICT;' }];
    // Open with the real code first: nothing pending, so no backup.
    (await openLedger(file, now)).close();
    expect(listBackups(path.join(dir, 'backups'))).toEqual([]);
    // Now an app update brings one more migration.
    const updated = await openLedger(file, now, extra);
    expect(databaseSchemaVersion(updated)).toBe(extra.length);
    updated.close();
    const [backup] = listBackups(path.join(dir, 'backups'));
    expect(backup?.kind).toBe('pre-migrate');
    const copy = openDatabase(backup!.file, { readonly: true });
    expect(databaseSchemaVersion(copy)).toBe(MIGRATIONS.length);
    expect(copy.prepare("SELECT value FROM meta WHERE key = 'marker'").get()).toEqual({ value: 'before' });
    copy.close();
  });
});
