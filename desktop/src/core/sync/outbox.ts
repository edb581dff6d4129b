import type { Operation, OpResult } from '@keel/shared';
import { writeTransaction, type Db } from '../store/database';
import type { Meta } from '../store/meta';
import type { Journal } from '../sale/journal';

/**
 * The outbox is the journal past the server's acknowledgement (DESIGN.md "Sync protocol v1");
 * nothing is copied into a second queue. This class keeps the acknowledgement and the server's
 * verdicts on rejected operations.
 */
export class Outbox {
  constructor(
    private readonly db: Db,
    private readonly journal: Journal,
    private readonly meta: Meta,
  ) {}

  ackedSeq(): number {
    return this.meta.get<number>('sync.ackedSeq') ?? 0;
  }

  headSeq(): number {
    return this.journal.head().seq;
  }

  pending(limit: number): Operation[] {
    return this.journal.since(this.ackedSeq(), limit);
  }

  /**
   * The journal is gapless (1..head, invariant 3), so what is pending is head − ackedSeq: O(1),
   * where count(*) over seq > ackedSeq walked every pending row, on every sale (the status is
   * emitted after each journal write), i.e. more and more work per sale the longer the outage.
   */
  pendingCount(): number {
    return Math.max(0, this.headSeq() - this.ackedSeq());
  }

  oldestPendingAt(): string | null {
    const row = this.db.prepare<[number], { created_at: string }>('SELECT created_at FROM journal WHERE seq > ? ORDER BY seq LIMIT 1').get(this.ackedSeq());
    return row?.created_at ?? null;
  }

  /** The journal's hash at `seq`, to check a server's claim about where it stands. */
  hashAt(seq: number): string | null {
    return this.db.prepare<[number], { hash: string }>('SELECT hash FROM journal WHERE seq = ?').get(seq)?.hash ?? null;
  }

  /**
   * Records an acknowledgement and the rejections that came with it, atomically. Never moves
   * the acknowledgement past the journal's head, and only moves it backwards through `rewindTo`.
   */
  acknowledge(ackedSeq: number, results: readonly OpResult[], at: Date): void {
    writeTransaction(this.db, () => {
      const head = this.journal.head().seq;
      const next = Math.min(Math.max(ackedSeq, this.ackedSeq()), head);
      this.meta.set('sync.ackedSeq', next);
      this.meta.set('sync.lastSuccessAt', at.toISOString());
      const insert = this.db.prepare('INSERT OR REPLACE INTO rejected_ops (seq, code, reason, seen_at) VALUES (?, ?, ?, ?)');
      for (const r of results) if (r.status === 'rejected') insert.run(r.seq, r.code ?? 'REJECTED', r.reason ?? 'rejected by the server', at.toISOString());
    });
  }

  /** The server holds less than we thought (its database was restored): resend from there. */
  rewindTo(seq: number): void {
    this.meta.set('sync.ackedSeq', Math.max(0, seq));
  }

  rejected(): { seq: number; type: string; reason: string }[] {
    return this.db
      .prepare<[], { seq: number; type: string; reason: string }>('SELECT r.seq, j.type, r.reason FROM rejected_ops r JOIN journal j ON j.seq = r.seq ORDER BY r.seq')
      .all();
  }
}
