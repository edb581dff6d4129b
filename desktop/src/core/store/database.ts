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
  cacheStatements(db);
  return db;
}

/** More distinct statements than any code path prepares; past it the cache starts over. */
const STATEMENT_CACHE_LIMIT = 500;

/**
 * Makes `db.prepare` return one compiled statement per SQL text. Compiling costs more than
 * running a small INSERT, and the sale path prepares a dozen statements per commit; with the
 * cache the services keep writing `db.prepare(sql)` where they use it. Safe because no code
 * here switches a statement's mode (pluck/raw/expand) or holds one open across a call.
 */
function cacheStatements(db: Db): void {
  const compile = db.prepare.bind(db);
  const cache = new Map<string, ReturnType<Db['prepare']>>();
  db.prepare = ((sql: string) => {
    let statement = cache.get(sql);
    if (!statement) {
      if (cache.size >= STATEMENT_CACHE_LIMIT) cache.clear();
      statement = compile(sql);
      cache.set(sql, statement);
    }
    return statement;
  }) as Db['prepare'];
}

/** Runs `work` in one IMMEDIATE transaction: the write lock is taken up front, so no SQLITE_BUSY mid-way. */
export function writeTransaction<T>(db: Db, work: () => T): T {
  return db.transaction(work).immediate();
}
