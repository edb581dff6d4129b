import type { Db } from './database';

/**
 * Small durable facts about this terminal, one key each: identity from enrollment, the server's
 * acknowledgement, the pull cursor. Values are JSON; reads are validated by their callers.
 */
export class Meta {
  private readonly getStmt;
  private readonly setStmt;
  private readonly delStmt;

  constructor(db: Db) {
    this.getStmt = db.prepare<[string], { value: string }>('SELECT value FROM meta WHERE key = ?');
    this.setStmt = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
    this.delStmt = db.prepare('DELETE FROM meta WHERE key = ?');
  }

  get<T>(key: MetaKey): T | null {
    const row = this.getStmt.get(key);
    return row ? (JSON.parse(row.value) as T) : null;
  }

  set(key: MetaKey, value: unknown): void {
    this.setStmt.run(key, JSON.stringify(value));
  }

  delete(key: MetaKey): void {
    this.delStmt.run(key);
  }
}

/** Every key in one list, so two modules cannot use one key for different things. */
export type MetaKey =
  | 'identity' // TerminalIdentity from enrollment
  | 'sync.ackedSeq' // highest seq the server acknowledged
  | 'sync.lastSuccessAt'
  | 'sync.conflict' // a 409 the server answered, kept until resolved
  | 'sync.restored' // the ledger came back from a backup: no business write until sync checked it against the server
  | 'pull.cursor'
  | 'pull.progress'
  | 'session' // the logged-in cashier
  | 'devices' // device configuration
  | 'payment.unknownRefund'; // a card refund whose outcome is unknown (sale/refund-in-doubt.ts)
