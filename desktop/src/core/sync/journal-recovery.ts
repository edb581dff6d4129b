import {
  GENESIS_PREV_HASH,
  KeelError,
  OperationSchema,
  verifyChain,
  type Operation,
  type OperationOf,
  type OperationPayload,
  type OperationType,
  type Product,
} from '@keel/shared';
import type { CoreClock, IdSource } from '../deps';
import { insertRefundRows, insertSaleRows, insertVoidRows } from '../sale/document-rows';
import { Journal } from '../sale/journal';
import { loadSale } from '../sale/ledger';
import { writeTransaction, type Db } from '../store/database';
import type { Meta } from '../store/meta';
import { nodeSha256Hex } from '../store/sha256';
import type { Outbox } from './outbox';
import type { JournalPage, SyncTransport } from './transport';

/**
 * Recovery of a ledger restored from an older backup (README "Restoring a terminal").
 *
 * A restored ledger's journal ends before operations the server already holds. Selling on it
 * would record new operations under seqs and receipt numbers the server has already seen: a
 * fork that can never be pushed. So the restore marks the ledger (meta 'sync.restored', set by
 * store/backup.ts restoreBackup, or by the sync engine when a pull shows the server ahead of
 * the journal), every business write is refused while the mark is there (RestoreGuardedJournal),
 * and the next sync cycle runs JournalRecovery first:
 *
 * 1. download this terminal's stored operations after the journal's head
 *    (GET /v1/sync/journal, server/src/domain/journal-download.ts);
 * 2. check each against the schema and the chain continuing from the local head (same seq,
 *    same hash, prevHash = our head's hash): anything else is a fork, shown and left alone;
 * 3. append them verbatim and replay their effects into the local tables, page by page, each
 *    page in ONE transaction with the acknowledgement, so receipt numbering continues after
 *    the last one the server holds;
 * 4. when the server has nothing more, check its head against ours and lift the mark.
 * Nothing is renumbered or dropped: operations the journal already held are never touched.
 */

/** meta 'sync.restored' */
export interface RestoredMark {
  at: string;
  /** The backup file name (restoreBackup), or why the engine marked it. */
  backupFile?: string;
  reason?: 'serverAhead';
}

/**
 * A business write on a ledger that has not been checked since it was restored. CONFLICT is the
 * closest code in shared's ERROR_TABLE; details.reason says which conflict.
 */
export class LedgerRestoredError extends KeelError {
  constructor(mark: RestoredMark) {
    super(
      'CONFLICT',
      'This terminal was restored from a backup. Selling resumes as soon as it has synced with the server (press "Sync now"; the network must be up).',
      { reason: 'LEDGER_RESTORED', restoredAt: mark.at },
    );
  }
}

/**
 * The journal funnel with the restore guard in front: while the ledger is marked restored, no
 * operation (sale, refund, void, shift, cash, drawer) can be recorded, so nothing can fork off a
 * journal that is behind the server. Reads and the cart are not affected.
 */
export class RestoreGuardedJournal extends Journal {
  constructor(
    db: Db,
    terminalId: string,
    clock: CoreClock,
    ids: IdSource,
    private readonly meta: Meta,
  ) {
    super(db, terminalId, clock, ids);
  }

  override record<T extends OperationType, R>(type: T, payload: OperationPayload<T>, effects: (op: OperationOf<T>) => R): { op: OperationOf<T>; result: R } {
    const mark = this.meta.get<RestoredMark>('sync.restored');
    if (mark) throw new LedgerRestoredError(mark);
    return super.record(type, payload, effects);
  }
}

export type RecoveryOutcome = { kind: 'recovered'; appended: number; serverSeq: number } | { kind: 'fork'; atSeq: number };

/** The conflict record the sync engine keeps in meta 'sync.conflict'. */
export interface SyncConflict {
  code: string;
  message: string;
  details: unknown;
  at: string;
  /** Set on conflicts that a successful recovery resolves (the server was ahead of a restored ledger). */
  recoverable?: boolean;
}

const PAGE = 200;

export class JournalRecovery {
  private readonly insertStmt;

  constructor(
    private readonly db: Db,
    private readonly meta: Meta,
    private readonly journal: Journal,
    private readonly outbox: Outbox,
    private readonly terminalId: string,
    private readonly catalog: { getProduct(id: string): Product | null },
    private readonly clock: CoreClock,
  ) {
    this.insertStmt = db.prepare('INSERT INTO journal (seq, op_id, type, created_at, prev_hash, hash, op) VALUES (?, ?, ?, ?, ?, ?, ?)');
  }

  needed(): boolean {
    return this.meta.get<RestoredMark>('sync.restored') !== null;
  }

  async run(transport: SyncTransport): Promise<RecoveryOutcome> {
    let appended = 0;
    for (;;) {
      const head = this.journal.head();
      const page = await transport.journal(head.seq, PAGE);
      if (page.ops.length === 0) {
        // The server holds nothing after our head: it must be at a point of our own chain.
        const ours = page.lastSeq === 0 ? GENESIS_PREV_HASH : this.outbox.hashAt(page.lastSeq);
        if (page.lastSeq > head.seq || ours !== page.lastHash) return this.fork(await this.forkPoint(transport), page);
        this.finish(page.lastSeq);
        return { kind: 'recovered', appended, serverSeq: page.lastSeq };
      }
      const ops: Operation[] = [];
      for (const raw of page.ops) {
        const parsed = OperationSchema.safeParse(raw);
        if (!parsed.success) return this.fork(head.seq + ops.length + 1, page);
        ops.push(parsed.data);
      }
      const verdict = verifyChain(ops, { startSeq: head.seq + 1, startPrevHash: head.hash, terminalId: this.terminalId, sha256Hex: nodeSha256Hex });
      if (!verdict.ok) return this.fork(verdict.atSeq === head.seq + 1 ? await this.forkPoint(transport) : verdict.atSeq, page);
      this.append(ops, page);
      appended += ops.length;
    }
  }

  /** One page: journal rows verbatim, their effects, the server's rejections and the acknowledgement, in one transaction. */
  private append(ops: readonly Operation[], page: JournalPage): void {
    const rejected = new Map(page.rejected.map((r) => [r.seq, r.reason]));
    const at = this.clock.now();
    writeTransaction(this.db, () => {
      for (const op of ops) {
        this.insertStmt.run(op.seq, op.opId, op.type, op.createdAt, op.prevHash, op.hash, JSON.stringify(op));
        this.replay(op);
      }
      this.outbox.acknowledge(
        ops.at(-1)!.seq,
        ops.filter((op) => rejected.has(op.seq)).map((op) => ({ seq: op.seq, opId: op.opId, status: 'rejected' as const, reason: rejected.get(op.seq)! })),
        at,
      );
    });
  }

  /**
   * The effects the operation had when this terminal first recorded it, written again from the
   * operation itself. Documents go through sale/document-rows.ts like the originals; the shift,
   * cash and drawer rows repeat the statements of sale/shift.ts and sale/drawer.ts, which do
   * not export them (yet).
   */
  private replay(op: Operation): void {
    const { db } = this;
    switch (op.type) {
      case 'sale.completed': {
        // The sale document does not carry the line's category; the catalog's current one is the best there is.
        const categories = new Map(op.payload.lines.map((l) => [l.lineId, l.productId ? (this.catalog.getProduct(l.productId)?.categoryId ?? null) : null]));
        insertSaleRows(db, op.payload, op.seq, (lineId) => categories.get(lineId) ?? null);
        return;
      }
      case 'sale.refunded':
        insertRefundRows(db, op.payload, op.seq);
        return;
      case 'sale.voided': {
        const stored = loadSale(db, op.payload.saleId);
        if (!stored) throw new KeelError('JOURNAL_CORRUPT', `Operation ${op.seq} voids sale ${op.payload.saleId}, which this ledger does not hold.`);
        insertVoidRows(db, op.payload, stored.sale, op.seq);
        return;
      }
      case 'shift.opened': {
        const p = op.payload;
        db.prepare('INSERT INTO shifts (shift_id, cashier_id, opened_at, business_date, opening_float_minor) VALUES (?, ?, ?, ?, ?)').run(
          p.shiftId,
          p.cashierId,
          p.openedAt,
          p.businessDate,
          p.openingFloatMinor,
        );
        return;
      }
      case 'shift.closed': {
        const p = op.payload;
        const changed = db
          .prepare(
            `UPDATE shifts SET closed_at = ?, expected_minor = ?, counted_minor = ?, over_short_minor = ?, close = ?
             WHERE shift_id = ? AND closed_at IS NULL`,
          )
          .run(p.closedAt, p.expectedMinor, p.countedMinor, p.overShortMinor, JSON.stringify(p), p.shiftId).changes;
        if (changed !== 1) throw new KeelError('JOURNAL_CORRUPT', `Operation ${op.seq} closes shift ${p.shiftId}, which is not open in this ledger.`);
        return;
      }
      case 'cash.moved': {
        const p = op.payload;
        db.prepare('INSERT INTO cash_movements (id, shift_id, kind, amount_minor, reason, cashier_id, created_at, seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(
          p.movementId,
          p.shiftId,
          p.direction === 'in' ? 'cash_in' : 'cash_out',
          p.amountMinor,
          p.reason,
          p.cashierId,
          p.createdAt,
          op.seq,
        );
        return;
      }
      case 'drawer.opened': {
        const p = op.payload;
        db.prepare(
          "INSERT INTO cash_movements (id, shift_id, kind, amount_minor, reason, cashier_id, created_at, seq) VALUES (?, ?, 'no_sale', 0, ?, ?, ?, ?)",
        ).run(p.eventId, p.shiftId, p.reason, p.cashierId, p.createdAt, op.seq);
        return;
      }
      case 'stock.moved': {
        const p = op.payload;
        db.prepare('INSERT INTO stock_movements (product_id, delta_qty_milli, reason, seq) VALUES (?, ?, ?, ?)').run(p.productId, p.deltaQtyMilli, p.reason, op.seq);
        return;
      }
      case 'day.closed': {
        const p = op.payload;
        db.prepare('INSERT INTO day_closes (z_number, business_date, closed_at, doc, seq) VALUES (?, ?, ?, ?, ?)').run(
          p.zNumber,
          p.businessDate,
          p.closedAt,
          JSON.stringify(p),
          op.seq,
        );
        return;
      }
      default:
        throw new KeelError('JOURNAL_CORRUPT', `Operation ${(op as Operation).seq} has a type this version cannot replay.`);
    }
  }

  /** The server's journal continues ours exactly: lift the mark and the conflict that only said "server ahead". */
  private finish(serverSeq: number): void {
    writeTransaction(this.db, () => {
      if (serverSeq > this.outbox.ackedSeq()) this.outbox.acknowledge(serverSeq, [], this.clock.now());
      this.meta.delete('sync.restored');
      if (this.meta.get<SyncConflict>('sync.conflict')?.recoverable) this.meta.delete('sync.conflict');
    });
  }

  /**
   * Where the two journals part: the first seq after our acknowledgement (the server confirmed
   * everything up to it) whose hash differs from the server's. For the conflict message only.
   */
  private async forkPoint(transport: SyncTransport): Promise<number> {
    const from = this.outbox.ackedSeq();
    const page = await transport.journal(from, PAGE);
    for (const raw of page.ops) {
      const op = raw as { seq?: unknown; hash?: unknown };
      if (typeof op.seq === 'number' && this.outbox.hashAt(op.seq) !== op.hash) return op.seq;
    }
    return Math.min(this.journal.head().seq, page.lastSeq) + 1;
  }

  /** A real fork: kept and shown, never repaired by renumbering or dropping. Selling stays refused. */
  private fork(atSeq: number, page: JournalPage): RecoveryOutcome {
    const head = this.journal.head();
    this.meta.set('sync.conflict', {
      code: 'CHAIN_FORK',
      message:
        `This terminal's journal and the server's differ from operation ${atSeq} on (here up to ${head.seq}, on the server up to ${page.lastSeq}): ` +
        'the ledger was used after being restored, or restored from another terminal. Nothing was changed; see "Restoring a terminal" in the README.',
      details: { atSeq, journalHeadSeq: head.seq, serverSeq: page.lastSeq },
      at: this.clock.now().toISOString(),
    } satisfies SyncConflict);
    return { kind: 'fork', atSeq };
  }
}
