import { layoutReceipt, type ReceiptRow } from './receipt-layout';
import type { Receipt } from './receipt-model';

/**
 * The on-screen preview: the same rows as the printed receipt (receipt-layout.ts), as plain
 * text lines of `columns` characters. A QR code or barcode shows as a marker line.
 */
export function renderReceiptText(receipt: Receipt, columns = 42): string[] {
  return rowsToText(layoutReceipt(receipt, columns), columns);
}

export function rowsToText(rows: readonly ReceiptRow[], columns: number): string[] {
  return rows.map((row) => {
    switch (row.kind) {
      case 'rule':
        return '-'.repeat(columns);
      case 'blank':
        return '';
      case 'code':
        return center(`[${row.symbology === 'qr' ? 'QR' : 'BARCODE'}]`, columns);
      case 'text': {
        if (row.align === 'center') return center(row.text, columns);
        if (row.align === 'right') return row.text.padStart(columns);
        return row.text;
      }
    }
  });
}

function center(text: string, columns: number): string {
  const pad = Math.max(0, Math.floor((columns - text.length) / 2));
  return `${' '.repeat(pad)}${text}`;
}
