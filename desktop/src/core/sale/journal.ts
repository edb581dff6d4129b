import {
  GENESIS,
  sealOperation,
  verifyChain,
  type ChainHead,
  type Operation,
  type OperationOf,
  type OperationPayload,
  type OperationType,
} from '@keel/shared';
import { writeTransaction, type Db } from '../store/database';
import type { CoreClock, IdSource } from '../deps';
import { nodeSha256Hex } from '../store/sha256';

/**
 * The one funnel for business writes (STYLE.md habit 3, DESIGN.md invariant 3): `record` gives
 * an operation the next seq and its chained hash and runs its effects in the SAME SQLite
 * transaction, so a sale and its journal entry commit together or not at all. Nothing else
 * writes documents, shifts or stock.
 */
export class Journal {
  private readonly lastStmt;
  private readonly insertStmt;

  constructor(
    private readonly db: Db,
    private readonly terminalId: string,
    private readonly clock: CoreClock,
    private readonly ids: IdSource,
  ) {
    this.lastStmt = db.prepare<[], { seq: number; hash: string }>('SELECT seq, hash FROM journal ORDER BY seq DESC LIMIT 1');
    this.insertStmt = db.prepare(
      'INSERT INTO journal (seq, op_id, type, created_at, prev_hash, hash, op) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
  }

  head(): ChainHead {
    const row = this.lastStmt.get();
    return row ? { seq: row.seq, hash: row.hash, terminalId: this.terminalId } : { ...GENESIS, terminalId: this.terminalId };
  }

  /**
   * Records one operation and its effects atomically. `effects` runs inside the transaction
   * with the sealed op (its seq is the foreign key of the rows it writes); if it throws,
   * nothing of the operation remains.
   */
  record<T extends OperationType, R>(type: T, payload: OperationPayload<T>, effects: (op: OperationOf<T>) => R): { op: OperationOf<T>; result: R } {
    return writeTransaction(this.db, () => {
      const op = sealOperation(this.head(), {
        opId: this.ids.uuid(),
        terminalId: this.terminalId,
        createdAt: this.clock.now().toISOString(),
        type,
        payload,
      } as never, nodeSha256Hex) as OperationOf<T>;
      this.insertStmt.run(op.seq, op.opId, op.type, op.createdAt, op.prevHash, op.hash, JSON.stringify(op));
      return { op, result: effects(op) };
    });
  }

  /** Operations after `afterSeq`, oldest first, parsed back from their stored JSON. */
  since(afterSeq: number, limit = 500): Operation[] {
    return this.db
      .prepare<[number, number], { op: string }>('SELECT op FROM journal WHERE seq > ? ORDER BY seq LIMIT ?')
      .all(afterSeq, limit)
      .map((r) => JSON.parse(r.op) as Operation);
  }

  count(afterSeq = 0): number {
    return (this.db.prepare<[number], { n: number }>('SELECT count(*) AS n FROM journal WHERE seq > ?').get(afterSeq)?.n ?? 0);
  }

  /** Re-checks the whole chain (startup self-check and after a restore). */
  verify(): ReturnType<typeof verifyChain> {
    const ops = this.db.prepare<[], { op: string }>('SELECT op FROM journal ORDER BY seq').all().map((r) => JSON.parse(r.op) as Operation);
    return verifyChain(ops, { sha256Hex: nodeSha256Hex });
  }
}
