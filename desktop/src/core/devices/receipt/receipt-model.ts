import { z } from 'zod';
import { localDateTime, redactPans, type Refund, type RefundTender, type Sale, type SaleTender, type StoreSettings } from '@keel/shared';

/**
 * THE receipt model: one pure function turns a committed document into the structured receipt
 * that both the printer (ESC/POS, printer/escpos-render.ts) and the on-screen preview (plain
 * text, receipt-text.ts) render, so what the cashier previews is what prints. Amounts stay
 * integers in minor units; they are formatted with the shared formatMoney at layout time.
 * The model is also what the durable print queue stores, so it has a schema and is checked
 * when read back (STYLE.md habit 7). Card data is only what a tender keeps (brand, masked PAN,
 * auth code, terminal text) and goes through redactPans once more (DESIGN.md invariant 8).
 */

const Minor = z.number().int().refine(Number.isSafeInteger);

export const ReceiptLineSchema = z.strictObject({
  name: z.string(),
  qtyMilli: z.number().int(),
  unitPriceMinor: Minor,
  /** Before discounts; the discount is its own row under the line. */
  amountMinor: Minor,
  discountMinor: Minor,
  ratePpm: z.number().int().min(0),
});

export const ReceiptTaxSchema = z.strictObject({ ratePpm: z.number().int().min(0), netMinor: Minor, taxMinor: Minor, grossMinor: Minor });

export const ReceiptTenderSchema = z.strictObject({
  kind: z.enum(['cash', 'card', 'other']),
  label: z.string(),
  /** What was handed over (cash) or charged; negative for money given back. */
  amountMinor: Minor,
  detail: z.array(z.string()),
});

export const ReceiptSchema = z.strictObject({
  kind: z.enum(['sale', 'refund']),
  /** A reprint: the receipt says COPY (DESIGN.md "The spine", step 4). */
  copy: z.boolean(),
  currency: z.string().regex(/^[A-Z]{3}$/),
  storeName: z.string(),
  storeLines: z.array(z.string()),
  headerLines: z.array(z.string()),
  receiptNumber: z.string(),
  originalReceiptNumber: z.string().nullable(),
  /** Wall-clock time in the store's zone, for display only (the wire stays UTC). */
  issuedAt: z.string(),
  lines: z.array(ReceiptLineSchema),
  subtotalMinor: Minor,
  discountMinor: Minor,
  /** Shown as its own row only in exclusive tax mode, where it is added to the total. */
  taxAddedMinor: Minor.nullable(),
  roundingMinor: Minor,
  totalMinor: Minor,
  taxes: z.array(ReceiptTaxSchema),
  taxIncluded: z.boolean(),
  tenders: z.array(ReceiptTenderSchema),
  changeMinor: Minor,
  /** The card terminal's own receipt text, printed below Keel's. */
  cardReceiptLines: z.array(z.string()),
  reason: z.string().nullable(),
  code: z.strictObject({ symbology: z.enum(['qr', 'code128']), payload: z.string().min(1).max(64) }),
  footerLines: z.array(z.string()),
});
export type Receipt = z.infer<typeof ReceiptSchema>;
export type ReceiptLine = z.infer<typeof ReceiptLineSchema>;

export type ReceiptDocument = { kind: 'sale'; sale: Sale } | { kind: 'refund'; refund: Refund };

export interface ReceiptOptions {
  /** A reprint of a receipt that was printed before. */
  copy?: boolean;
  /** How the receipt number is printed for scanning it back (returns, reprints). */
  symbology?: 'qr' | 'code128';
}

export type ReceiptSettings = Pick<StoreSettings, 'name' | 'addressLines' | 'taxNumber' | 'timeZone' | 'receiptHeaderLines' | 'receiptFooterLines'>;

export function buildReceipt(doc: ReceiptDocument, settings: ReceiptSettings, options: ReceiptOptions = {}): Receipt {
  const d = doc.kind === 'sale' ? doc.sale : doc.refund;
  const { totals } = d;
  const tenders = doc.kind === 'sale' ? doc.sale.tenders.map(saleTender) : doc.refund.tenders.map(refundTender);
  return {
    kind: doc.kind,
    copy: options.copy ?? false,
    currency: d.pricing.currency,
    storeName: settings.name,
    storeLines: [...settings.addressLines, ...(settings.taxNumber ? [`Tax no. ${settings.taxNumber}`] : [])],
    headerLines: [...settings.receiptHeaderLines],
    receiptNumber: d.receiptNumber,
    originalReceiptNumber: doc.kind === 'refund' ? doc.refund.originalReceiptNumber : null,
    issuedAt: localTime(d.createdAt, settings.timeZone),
    lines: d.lines.map((line) => ({
      name: line.name,
      qtyMilli: line.qtyMilli,
      unitPriceMinor: line.unitPriceMinor,
      amountMinor: line.extendedMinor,
      discountMinor: line.lineDiscountMinor,
      ratePpm: line.ratePpm,
    })),
    subtotalMinor: totals.subtotalMinor,
    discountMinor: totals.discountMinor,
    taxAddedMinor: d.pricing.taxMode === 'exclusive' ? totals.taxMinor : null,
    roundingMinor: d.roundingMinor,
    totalMinor: totals.totalMinor + d.roundingMinor,
    taxes: totals.taxes.map((t) => ({ ratePpm: t.ratePpm, netMinor: t.netMinor, taxMinor: t.taxMinor, grossMinor: t.grossMinor })),
    taxIncluded: d.pricing.taxMode === 'inclusive',
    tenders,
    changeMinor: doc.kind === 'sale' ? doc.sale.changeMinor : 0,
    cardReceiptLines: (doc.kind === 'sale' ? doc.sale.tenders : doc.refund.tenders).flatMap((t) => (t.kind === 'card' ? t.terminalReceiptLines.map(redactPans) : [])),
    reason: doc.kind === 'refund' ? doc.refund.reason : null,
    code: { symbology: options.symbology ?? 'qr', payload: d.receiptNumber },
    footerLines: [...settings.receiptFooterLines],
  };
}

function saleTender(t: SaleTender): Receipt['tenders'][number] {
  switch (t.kind) {
    case 'cash':
      return { kind: 'cash', label: 'Cash', amountMinor: t.tenderedMinor, detail: [] };
    case 'card':
      return { kind: 'card', label: redactPans(t.brand), amountMinor: t.amountMinor, detail: cardDetail(t) };
    case 'other':
      return { kind: 'other', label: t.label, amountMinor: t.amountMinor, detail: t.reference ? [redactPans(t.reference)] : [] };
  }
}

function refundTender(t: RefundTender): Receipt['tenders'][number] {
  switch (t.kind) {
    case 'cash':
      return { kind: 'cash', label: 'Cash', amountMinor: t.amountMinor, detail: [] };
    case 'card':
      return { kind: 'card', label: redactPans(t.brand), amountMinor: t.amountMinor, detail: cardDetail(t) };
    case 'other':
      return { kind: 'other', label: t.label, amountMinor: t.amountMinor, detail: t.reference ? [redactPans(t.reference)] : [] };
  }
}

function cardDetail(t: { maskedPan: string; authCode: string | null; terminalTransactionRef: string | null }): string[] {
  return [
    redactPans(t.maskedPan),
    ...(t.authCode ? [`Auth ${redactPans(t.authCode)}`] : []),
    ...(t.terminalTransactionRef ? [`Ref ${redactPans(t.terminalTransactionRef)}`] : []),
  ];
}

/** "2026-03-02 10:00" on the store's wall clock. */
export const localTime = localDateTime;
