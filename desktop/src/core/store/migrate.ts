import { KeelError } from '@keel/shared';
import type { Db } from './database';
import { MIGRATIONS } from './migrations';

export function codeSchemaVersion(migrations = MIGRATIONS): number {
  return migrations.at(-1)?.version ?? 0;
}

export function databaseSchemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/**
 * Brings the ledger to the code's schema. Refuses a database written by a newer app (opening it
 * with older code could lose data it does not understand). Each migration runs in its own
 * transaction with user_version, so a crash mid-way leaves the previous version intact.
 */
/** The migrations this database still needs; SCHEMA_TOO_NEW when it is ahead of the code. */
export function pendingMigrations(db: Db, migrations = MIGRATIONS): typeof MIGRATIONS {
  const current = databaseSchemaVersion(db);
  const newest = codeSchemaVersion(migrations);
  if (current > newest) {
    throw new KeelError(
      'SCHEMA_TOO_NEW',
      `This database was written by a newer Keel (schema ${current}; this version knows ${newest}). Update the app; nothing was changed.`,
      { databaseVersion: current, codeVersion: newest },
    );
  }
  return migrations.filter((m) => m.version > current);
}

export function migrate(db: Db, migrations = MIGRATIONS): number[] {
  const pending = pendingMigrations(db, migrations);
  for (const m of pending) {
    db.transaction(() => {
      db.exec(m.up);
      db.pragma(`user_version = ${m.version}`);
    }).immediate();
  }
  return pending.map((m) => m.version);
}
