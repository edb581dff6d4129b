import Database from 'better-sqlite3';

export type Db = Database.Database;

/**
 * Opens the terminal's ledger with the settings its durability rests on (DESIGN.md invariant 1):
 * WAL so readers never block the writer, synchronous=FULL so a commit that returned survives
 * power loss (NORMAL in WAL mode may lose the last transactions), foreign keys on, and a busy
 * timeout so a backup or second reader never makes a sale fail with SQLITE_BUSY.
 */
export function openDatabase(file: string, options: { readonly?: boolean } = {}): Db {
  const db = new Database(file, { readonly: options.readonly ?? false });
  db.pragma('busy_timeout = 5000');
  if (!options.readonly) {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
  }
  db.pragma('foreign_keys = ON');
  return db;
}

/** Runs `work` in one IMMEDIATE transaction: the write lock is taken up front, so no SQLITE_BUSY mid-way. */
export function writeTransaction<T>(db: Db, work: () => T): T {
  return db.transaction(work).immediate();
}
