import { RefundSchema, SaleSchema } from '@keel/shared';
import type { CatalogReader } from '../catalog/types';
import { titleOf } from '../reports/report-format';
import { reportLines } from '../reports/report-text';
import type { Db } from '../store/database';
import type { ReceiptPrinter } from '../terminal-core';
import type { DeviceManager } from './device-manager';
import type { ReceiptDocument } from './receipt/receipt-model';

/**
 * The till's receipt printer as core uses it: finds a completed sale or refund in the ledger
 * by id and hands it to the device layer. Resolves false when it did not print (no printer,
 * paper out, ...): the job stays queued there and the UI offers a reprint.
 */
export function deviceReceiptPrinter(db: Db, catalog: CatalogReader, devices: DeviceManager): ReceiptPrinter {
  const findDocument = (id: string): ReceiptDocument | null => {
    const sale = db.prepare<[string], { doc: string }>('SELECT doc FROM sales WHERE sale_id = ?').get(id);
    if (sale) return { kind: 'sale', sale: SaleSchema.parse(JSON.parse(sale.doc)) };
    const refund = db.prepare<[string], { doc: string }>('SELECT doc FROM refunds WHERE refund_id = ?').get(id);
    return refund ? { kind: 'refund', refund: RefundSchema.parse(JSON.parse(refund.doc)) } : null;
  };
  return {
    async printSale(documentId, options) {
      const doc = findDocument(documentId);
      const settings = catalog.settings();
      if (!doc || !settings) return false;
      try {
        const outcome = options?.copy ? await devices.receipts.reprint(doc, settings) : await devices.receipts.printDocument(doc, settings);
        return outcome.printed;
      } catch {
        return false;
      }
    },
    async printReport(report) {
      const docId = report.z ? `z-${report.z.zId}` : null;
      try {
        const outcome = await devices.receipts.printReport(docId, titleOf(report), (columns) => reportLines(report, columns));
        return { printed: outcome.printed, code: outcome.code };
      } catch {
        return { printed: false, code: 'PRINTER_ERROR' };
      }
    },
    async openDrawer() {
      try {
        return (await devices.openDrawer()).drawerOpen === true;
      } catch {
        return false;
      }
    },
  };
}
