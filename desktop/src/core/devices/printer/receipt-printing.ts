import { KeelError } from '@keel/shared';
import type { PrinterConfig } from '../config';
import { layoutReceipt, type ReceiptRow } from '../receipt/receipt-layout';
import { buildReceipt, type ReceiptDocument, type ReceiptSettings } from '../receipt/receipt-model';
import { rowsToText } from '../receipt/receipt-text';
import { columnsFor, rowsToEscPos, testPage } from './escpos-render';
import type { PrintJob, PrintQueue, ReportPrintout } from './print-queue';
import type { PrinterDevice } from './printer-device';

export interface PrintOutcome {
  /** True only when the printer confirmed the receipt (CompletedSale.receiptPrinted). */
  printed: boolean;
  jobId: string | null;
  /** Why it did not print (ERROR_TABLE code), for the "receipt not printed" notice. */
  code: string | null;
}

/**
 * Receipts, after the document committed (DESIGN.md "The spine", step 4): each is queued
 * durably first, then printed; a failed print leaves the job pending (and the sale complete)
 * and is retried when the printer becomes ready. Never called inside a sale's transaction:
 * the callers print after `checkout.complete` / `refund` returned.
 */
export class ReceiptPrinting {
  private readonly inFlight = new Set<string>();
  private draining: Promise<void> | null = null;

  constructor(
    private readonly queue: PrintQueue,
    private readonly printer: () => PrinterDevice | null,
  ) {}

  /** Queues and prints the receipt of a document that has just been committed. */
  async printDocument(doc: ReceiptDocument, settings: ReceiptSettings): Promise<PrintOutcome> {
    const receipt = buildReceipt(doc, settings, { symbology: this.config()?.symbology ?? 'qr' });
    const job = this.queue.enqueue({ docKind: doc.kind, docId: docIdOf(doc), copy: false, receipt });
    return this.printJob(job);
  }

  /**
   * The cashier's reprint: a receipt that never printed is printed now as the original (the
   * customer never had it); one that printed before is printed again marked COPY.
   */
  async reprint(doc: ReceiptDocument, settings: ReceiptSettings): Promise<PrintOutcome> {
    const latest = this.queue.latestFor(docIdOf(doc));
    if (latest?.state === 'pending') return this.printJob(latest);
    const receipt = buildReceipt(doc, settings, { copy: latest !== null, symbology: this.config()?.symbology ?? 'qr' });
    return this.printJob(this.queue.enqueue({ docKind: doc.kind, docId: docIdOf(doc), copy: latest !== null, receipt }));
  }

  /**
   * An X or Z report on the receipt printer, through the same durable queue as receipts: laid
   * out for the configured printer's width (42 columns when none is configured yet, so the job
   * still waits in the queue), then printed; a printer that cannot print leaves it pending.
   */
  async printReport(docId: string | null, title: string, render: (columns: number) => string[]): Promise<PrintOutcome> {
    const config = this.config();
    const lines = render(config ? columnsFor(config) : 42);
    return this.printJob(this.queue.enqueue({ docKind: 'report', docId, copy: false, receipt: { kind: 'report', title, lines } }));
  }

  /** Whether a document's receipt has been printed (its latest job). */
  isPrinted(docId: string): boolean {
    return this.queue.latestFor(docId)?.state === 'printed';
  }

  pendingJobs(): PrintJob[] {
    return this.queue.pending();
  }

  /** Prints every pending job, oldest first; stops at the first that does not print. */
  retryPending(): Promise<void> {
    // `.finally` runs after the assignment, so a drain that finishes at once still clears it.
    this.draining ??= this.drain().finally(() => {
      this.draining = null;
    });
    return this.draining;
  }

  private async drain(): Promise<void> {
    for (const job of this.queue.pending()) {
      const outcome = await this.printJob(job);
      if (!outcome.printed) return;
    }
  }

  /** The on-screen preview: the same layout the printer gets. */
  preview(doc: ReceiptDocument, settings: ReceiptSettings, options: { copy?: boolean } = {}): string[] {
    const config = this.config();
    const columns = config ? columnsFor(config) : 42;
    const receipt = buildReceipt(doc, settings, { copy: options.copy ?? false, symbology: config?.symbology ?? 'qr' });
    return rowsToText(layoutReceipt(receipt, columns), columns);
  }

  /** "Test print" in the device settings. Not queued: it is a check of the printer, not a receipt. */
  async testPrint(now: Date): Promise<PrintOutcome> {
    const device = this.requirePrinter();
    const lines = [`Port ${device.config.port} at ${device.config.baudRate} baud`, `Model ${device.config.model ?? 'generic ESC/POS'}`, now.toISOString()];
    const attempt = await device.print(testPage(device.config, lines), 8);
    return { printed: attempt.printed, jobId: null, code: attempt.code };
  }

  async openDrawer(): Promise<{ drawerOpen: boolean | null }> {
    return this.requirePrinter().openDrawer();
  }

  private async printJob(job: PrintJob): Promise<PrintOutcome> {
    const device = this.printer();
    if (!device) {
      this.queue.markFailed(job.jobId, 'DEVICE_NOT_CONFIGURED');
      return { printed: false, jobId: job.jobId, code: 'DEVICE_NOT_CONFIGURED' };
    }
    // The same job is never sent twice at once (a retry and a reprint racing).
    if (this.inFlight.has(job.jobId)) return { printed: false, jobId: job.jobId, code: 'BUSY' };
    this.inFlight.add(job.jobId);
    try {
      const columns = columnsFor(device.config);
      const rows = job.receipt.kind === 'report' ? printoutRows(job.receipt) : layoutReceipt(job.receipt, columns);
      const attempt = await device.print(rowsToEscPos(rows, device.config), rows.length);
      if (attempt.printed) this.queue.markPrinted(job.jobId);
      else this.queue.markFailed(job.jobId, attempt.code ?? 'PRINTER_ERROR');
      return { printed: attempt.printed, jobId: job.jobId, code: attempt.code };
    } catch {
      // An encoder failure or a closed database: the job stays pending, the sale stays complete.
      try {
        this.queue.markFailed(job.jobId, 'PRINTER_ERROR');
      } catch {
        // The database itself failed; the row still says pending, which is the truth.
      }
      return { printed: false, jobId: job.jobId, code: 'PRINTER_ERROR' };
    } finally {
      this.inFlight.delete(job.jobId);
    }
  }

  private config(): PrinterConfig | null {
    return this.printer()?.config ?? null;
  }

  private requirePrinter(): PrinterDevice {
    const device = this.printer();
    if (!device) throw new KeelError('DEVICE_NOT_CONFIGURED', 'No receipt printer is configured.', { kind: 'printer' });
    return device;
  }
}

/** A report's lines as printer rows: plain text, as laid out when it was queued. */
function printoutRows(printout: ReportPrintout): ReceiptRow[] {
  return printout.lines.map((text): ReceiptRow => ({ kind: 'text', text, align: 'left', bold: false, large: false }));
}

function docIdOf(doc: ReceiptDocument): string {
  return doc.kind === 'sale' ? doc.sale.saleId : doc.refund.refundId;
}
