import path from 'node:path';
import { takeBackup } from './backup';
import { openDatabase, type Db } from './database';
import { databaseSchemaVersion, migrate, pendingMigrations } from './migrate';
import { MIGRATIONS } from './migrations';

/**
 * Opens (creating if needed) the terminal ledger at `file`. An existing database that needs a
 * migration is first copied to `<dir>/backups` with the online backup API, so a migration that
 * goes wrong can always be undone by restoring it.
 */
export async function openLedger(file: string, now: () => Date, migrations = MIGRATIONS): Promise<Db> {
  const db = openDatabase(file);
  try {
    if (databaseSchemaVersion(db) > 0 && pendingMigrations(db, migrations).length > 0) {
      await takeBackup(db, path.join(path.dirname(file), 'backups'), 'pre-migrate', now());
    }
    migrate(db, migrations);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}
