import type { Report, ReportCsvFile, ReportPdfFile } from '@keel/shared';
import type { ReceiptPrinter } from '../terminal-core';
import { reportCsv } from './report-csv';
import { reportFileName } from './report-format';
import { reportPdf } from './report-pdf';

/**
 * The `reports.print` / `reports.exportPdf` / `reports.exportCsv` channels: one report model
 * (report-service.ts), rendered by the printer lines, the PDF or the CSV. Files go back whole to
 * the renderer, which offers them as a download (the browser host has no save dialog).
 */

export async function printReport(printer: ReceiptPrinter | null, report: Report): Promise<{ printed: boolean; code: string | null }> {
  if (!printer) return { printed: false, code: 'DEVICE_NOT_CONFIGURED' };
  return printer.printReport(report);
}

export async function reportPdfFile(report: Report): Promise<ReportPdfFile> {
  const bytes = await reportPdf(report);
  return { fileName: reportFileName(report, 'pdf'), mimeType: 'application/pdf', base64: bytes.toString('base64') };
}

export function reportCsvFile(report: Report): ReportCsvFile {
  return { fileName: reportFileName(report, 'csv'), mimeType: 'text/csv', text: reportCsv(report) };
}
