import { formatMoney, formatQty, QTY_ONE } from '@keel/shared';
import type { Receipt } from './receipt-model';

/**
 * Lays a receipt out in rows for a paper width in characters. Both renderers take these rows:
 * the ESC/POS one hands them to the encoder with their styles, the text one pads them; so the
 * preview shows exactly the lines the printer prints.
 */

export type Align = 'left' | 'center' | 'right';

export type ReceiptRow =
  | { kind: 'text'; text: string; align: Align; bold: boolean; large: boolean }
  | { kind: 'rule' }
  | { kind: 'blank' }
  | { kind: 'code'; symbology: 'qr' | 'code128'; payload: string };

export function layoutReceipt(receipt: Receipt, columns: number): ReceiptRow[] {
  const money = (minor: number) => formatMoney(minor, receipt.currency);
  const rows: ReceiptRow[] = [];
  const text = (t: string, style: Partial<{ align: Align; bold: boolean; large: boolean }> = {}) => {
    const large = style.large ?? false;
    for (const piece of wrap(t, large ? Math.floor(columns / 2) : columns)) {
      rows.push({ kind: 'text', text: piece, align: style.align ?? 'left', bold: style.bold ?? false, large });
    }
  };
  const pair = (left: string, right: string, bold = false) => {
    for (const piece of twoColumns(left, right, columns)) rows.push({ kind: 'text', text: piece, align: 'left', bold, large: false });
  };

  if (receipt.copy) text('*** COPY ***', { align: 'center', bold: true, large: true });
  text(receipt.storeName, { align: 'center', bold: true, large: true });
  for (const line of [...receipt.storeLines, ...receipt.headerLines]) text(line, { align: 'center' });
  rows.push({ kind: 'blank' });
  text(receipt.kind === 'refund' ? 'REFUND' : 'RECEIPT', { align: 'center', bold: true });
  pair(`No. ${receipt.receiptNumber}`, receipt.issuedAt);
  if (receipt.originalReceiptNumber) text(`Original receipt ${receipt.originalReceiptNumber}`);
  if (receipt.reason) text(`Reason: ${receipt.reason}`);
  rows.push({ kind: 'rule' });

  for (const line of receipt.lines) {
    pair(line.name, money(line.amountMinor));
    if (Math.abs(line.qtyMilli) !== QTY_ONE) text(`  ${formatQty(line.qtyMilli)} x ${money(line.unitPriceMinor)}`);
    if (line.discountMinor !== 0) pair('  Discount', money(-line.discountMinor));
  }
  rows.push({ kind: 'rule' });

  pair('Subtotal', money(receipt.subtotalMinor));
  if (receipt.discountMinor !== 0) pair('Discounts', money(-receipt.discountMinor));
  if (receipt.taxAddedMinor !== null) pair('Tax', money(receipt.taxAddedMinor));
  if (receipt.roundingMinor !== 0) pair('Rounding', money(receipt.roundingMinor));
  pair(`TOTAL ${receipt.currency}`, money(receipt.totalMinor), true);
  rows.push({ kind: 'blank' });

  for (const tender of receipt.tenders) {
    pair(tender.label, money(tender.amountMinor));
    for (const detail of tender.detail) text(`  ${detail}`);
  }
  if (receipt.changeMinor !== 0) pair('Change', money(receipt.changeMinor), true);
  rows.push({ kind: 'rule' });

  text(receipt.taxIncluded ? 'Tax included:' : 'Tax:');
  for (const tax of receipt.taxes) {
    pair(`  ${percent(tax.ratePpm)} of ${money(tax.netMinor)}`, money(tax.taxMinor));
  }

  if (receipt.cardReceiptLines.length > 0) {
    rows.push({ kind: 'rule' });
    for (const line of receipt.cardReceiptLines) text(line);
  }
  rows.push({ kind: 'blank' });
  rows.push({ kind: 'code', symbology: receipt.code.symbology, payload: receipt.code.payload });
  text(receipt.code.payload, { align: 'center' });
  if (receipt.footerLines.length > 0) rows.push({ kind: 'blank' });
  for (const line of receipt.footerLines) text(line, { align: 'center' });
  if (receipt.copy) text('*** COPY ***', { align: 'center', bold: true });
  return rows;
}

/** 190000 ppm → "19%", 88750 → "8.875%". */
export function percent(ratePpm: number): string {
  const whole = Math.floor(ratePpm / 10_000);
  const fraction = String(ratePpm % 10_000).padStart(4, '0').replace(/0+$/, '');
  return fraction ? `${whole}.${fraction}%` : `${whole}%`;
}

/** Splits text into pieces of at most `width` characters, at spaces where possible. */
export function wrap(text: string, width: number): string[] {
  const clean = text.replace(/[\r\n\t]+/g, ' ');
  if (width < 1) return [clean];
  if (clean.length <= width) return [clean];
  const out: string[] = [];
  let rest = clean;
  while (rest.length > width) {
    const cut = rest.lastIndexOf(' ', width);
    const at = cut > 0 ? cut : width;
    out.push(rest.slice(0, at).trimEnd());
    rest = rest.slice(at).trimStart();
  }
  if (rest.length > 0) out.push(rest);
  return out;
}

/** "Name ........ 12.50": the right part on the last row, the left part wrapped above it when long. */
export function twoColumns(left: string, right: string, width: number): string[] {
  const room = width - right.length - 1;
  if (room < 1) return [...wrap(left, width), right.padStart(width)];
  const pieces = wrap(left, room);
  const last = pieces.pop() ?? '';
  return [...pieces, `${last}${' '.repeat(width - last.length - right.length)}${right}`];
}
