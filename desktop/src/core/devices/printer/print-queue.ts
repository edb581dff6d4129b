import { z } from 'zod';
import type { CoreClock, IdSource } from '../../deps';
import type { Db } from '../../store/database';
import { ReceiptSchema, type Receipt } from '../receipt/receipt-model';

/**
 * The durable print queue (migration 0002, table print_jobs). A job is written before the
 * printer is tried and becomes `printed` only once the printer confirmed it, so a receipt
 * survives paper out, an open cover, an unplugged printer and a restart (STYLE.md habit 7:
 * durable queues, checked when read back).
 */

/**
 * An X or Z report for the receipt printer: its lines already laid out for the printer's width
 * (reports/report-text.ts), so what was queued is what prints, even after a restart.
 */
export const ReportPrintoutSchema = z.strictObject({ kind: z.literal('report'), title: z.string(), lines: z.array(z.string()) });
export type ReportPrintout = z.infer<typeof ReportPrintoutSchema>;
/** What a job prints: a receipt, or a report printout. */
export const PrintableSchema = z.union([ReceiptSchema, ReportPrintoutSchema]);
export type Printable = z.infer<typeof PrintableSchema>;

export const PrintJobSchema = z.strictObject({
  jobId: z.string().min(1),
  docKind: z.enum(['sale', 'refund', 'report']),
  docId: z.string().nullable(),
  copy: z.boolean(),
  receipt: PrintableSchema,
  state: z.enum(['pending', 'printed', 'cancelled']),
  attempts: z.number().int().min(0),
  lastError: z.string().nullable(),
  createdAt: z.string(),
  printedAt: z.string().nullable(),
});
export type PrintJob = z.infer<typeof PrintJobSchema>;

interface Row {
  job_id: string;
  doc_kind: string;
  doc_id: string | null;
  copy: number;
  receipt: string;
  state: string;
  attempts: number;
  last_error: string | null;
  created_at: string;
  printed_at: string | null;
}

export class PrintQueue {
  /** Jobs whose stored row no longer validates: kept in the table, never printed half-understood. */
  readonly unreadable = new Set<string>();

  constructor(
    private readonly db: Db,
    private readonly clock: CoreClock,
    private readonly ids: IdSource,
  ) {}

  enqueue(job: { docKind: PrintJob['docKind']; docId: string | null; copy: boolean; receipt: Receipt | ReportPrintout }): PrintJob {
    const jobId = this.ids.uuid();
    const createdAt = this.clock.now().toISOString();
    this.db
      .prepare(
        `INSERT INTO print_jobs (job_id, doc_kind, doc_id, copy, receipt, state, attempts, last_error, created_at, printed_at)
         VALUES (?, ?, ?, ?, ?, 'pending', 0, NULL, ?, NULL)`,
      )
      .run(jobId, job.docKind, job.docId, job.copy ? 1 : 0, JSON.stringify(PrintableSchema.parse(job.receipt)), createdAt);
    const stored = this.get(jobId);
    if (!stored) throw new Error('print job vanished after insert');
    return stored;
  }

  get(jobId: string): PrintJob | null {
    const row = this.db.prepare<[string], Row>('SELECT * FROM print_jobs WHERE job_id = ?').get(jobId);
    return row ? this.read(row) : null;
  }

  /** Oldest first: receipts come out in the order the documents were made. */
  pending(): PrintJob[] {
    const rows = this.db.prepare<[], Row>("SELECT * FROM print_jobs WHERE state = 'pending' ORDER BY created_at, rowid").all();
    return rows.map((row) => this.read(row)).filter((job): job is PrintJob => job !== null);
  }

  /** The newest job for a document, printed or not. */
  latestFor(docId: string): PrintJob | null {
    const row = this.db.prepare<[string], Row>('SELECT * FROM print_jobs WHERE doc_id = ? ORDER BY created_at DESC, rowid DESC LIMIT 1').get(docId);
    return row ? this.read(row) : null;
  }

  markPrinted(jobId: string): void {
    this.db
      .prepare("UPDATE print_jobs SET state = 'printed', attempts = attempts + 1, last_error = NULL, printed_at = ? WHERE job_id = ? AND state = 'pending'")
      .run(this.clock.now().toISOString(), jobId);
  }

  /** The attempt failed: the job stays pending with the reason, for the notice and the retry. */
  markFailed(jobId: string, code: string): void {
    this.db.prepare("UPDATE print_jobs SET attempts = attempts + 1, last_error = ? WHERE job_id = ? AND state = 'pending'").run(code, jobId);
  }

  /** Only on a person's request (the UI's "do not print"); the row stays for the audit. */
  cancel(jobId: string): void {
    this.db.prepare("UPDATE print_jobs SET state = 'cancelled' WHERE job_id = ? AND state = 'pending'").run(jobId);
  }

  private read(row: Row): PrintJob | null {
    let receipt: unknown;
    try {
      receipt = JSON.parse(row.receipt);
    } catch {
      receipt = null;
    }
    const parsed = PrintJobSchema.safeParse({
      jobId: row.job_id,
      docKind: row.doc_kind,
      docId: row.doc_id,
      copy: row.copy === 1,
      receipt,
      state: row.state,
      attempts: row.attempts,
      lastError: row.last_error,
      createdAt: row.created_at,
      printedAt: row.printed_at,
    });
    if (!parsed.success) {
      this.unreadable.add(row.job_id);
      return null;
    }
    return parsed.data;
  }
}
