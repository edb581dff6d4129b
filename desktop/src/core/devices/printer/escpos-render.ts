import ReceiptPrinterEncoder from '@point-of-sale/receipt-printer-encoder';
import type { DrawerConfig, PrinterConfig } from '../config';
import { layoutReceipt, wrap, type ReceiptRow } from '../receipt/receipt-layout';
import type { Receipt } from '../receipt/receipt-model';

/**
 * Receipt rows → ESC/POS bytes with @point-of-sale/receipt-printer-encoder (DESIGN.md
 * "Devices": a maintained library encodes; no command tables of our own). Styles, code pages,
 * barcode, QR code, drawer pulse and cut are all the encoder's.
 */

type EncoderConfig = Pick<PrinterConfig, 'model' | 'columns'>;

function encoderFor(config: EncoderConfig): ReceiptPrinterEncoder {
  return new ReceiptPrinterEncoder({
    language: 'esc-pos',
    ...(config.model ? { printerModel: config.model as never } : {}),
    ...(config.columns ? { columns: config.columns } : {}),
  });
}

/** Characters per line the printer will use for this configuration. */
export function columnsFor(config: EncoderConfig): number {
  return encoderFor(config).columns;
}

export function renderEscPos(receipt: Receipt, config: EncoderConfig): Uint8Array {
  const columns = columnsFor(config);
  return rowsToEscPos(layoutReceipt(receipt, columns), config);
}

export function rowsToEscPos(rows: readonly ReceiptRow[], config: EncoderConfig): Uint8Array {
  const encoder = encoderFor(config);
  const columns = encoder.columns;
  encoder.initialize().codepage('auto');
  for (const row of rows) {
    switch (row.kind) {
      case 'blank':
        encoder.newline();
        break;
      case 'rule':
        encoder.line('-'.repeat(columns));
        break;
      case 'code':
        encoder.align('center');
        if (row.symbology === 'qr') encoder.qrcode(row.payload, { model: 2, size: 6, errorlevel: 'm' });
        else encoder.barcode(row.payload, 'code128', { height: 60, text: 'none' });
        encoder.align('left');
        break;
      case 'text':
        encoder.align(row.align).bold(row.bold);
        if (row.large) encoder.size(2, 2);
        encoder.line(row.text);
        if (row.large) encoder.size(1, 1);
        encoder.bold(false).align('left');
        break;
    }
  }
  // Partial cut: some printers cannot cut fully (§1.2), all of them can cut partially.
  return encoder.cut('partial').encode();
}

/** `ESC p` through the encoder (§1.2): pin 2 is drawer 1, pin 5 drawer 2; times in ms. */
export function drawerPulse(drawer: DrawerConfig, config: EncoderConfig): Uint8Array {
  return encoderFor(config)
    .pulse(drawer.pin === 2 ? 0 : 1, drawer.onMs, drawer.offMs)
    .encode();
}

/** A short page that proves the port, code page, styles, QR and cutter work. */
export function testPage(config: EncoderConfig, lines: readonly string[]): Uint8Array {
  const rows: ReceiptRow[] = [
    { kind: 'text', text: 'KEEL TEST PRINT', align: 'center', bold: true, large: true },
    ...lines.flatMap((line) => wrap(line, columnsFor(config))).map((text): ReceiptRow => ({ kind: 'text', text, align: 'left', bold: false, large: false })),
    { kind: 'rule' },
    { kind: 'code', symbology: 'qr', payload: 'KEEL-TEST' },
  ];
  return rowsToEscPos(rows, config);
}
