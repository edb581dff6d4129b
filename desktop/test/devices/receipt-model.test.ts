import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { layoutReceipt, percent, twoColumns, wrap } from '../../src/core/devices/receipt/receipt-layout';
import { buildReceipt, ReceiptSchema } from '../../src/core/devices/receipt/receipt-model';
import { renderReceiptText } from '../../src/core/devices/receipt/receipt-text';
import { openedTill, storeSettings } from '../sale/harness';

/** Real documents from the sale services, so the model is tested on what checkout records. */
async function documents(settings: Parameters<typeof storeSettings>[0] = {}) {
  const h = await openedTill({ who: 'manager', settings });
  h.sale.cart.addByBarcode('WINE');
  h.sale.cart.addByBarcode('BREAD');
  const wine = h.sale.cart.get().lines[0];
  if (!wine) throw new Error('no line');
  h.sale.cart.setLineDiscount(wine.lineId, { kind: 'percent', basisPoints: 1000 });
  const { sale } = await h.sale.checkout.complete([{ kind: 'card', amountMinor: 1000 }, { kind: 'cash', amountMinor: 5000 }]);
  const refund = await h.sale.refunds.refund({ saleId: sale.saleId, reason: 'changed mind', refundTo: 'cash' });
  return { sale, refund, settings: storeSettings(settings) };
}

describe('the receipt model', () => {
  it('When a sale is turned into a receipt, then it holds header, lines with discount, totals, taxes by rate, tenders with card data, change and the receipt number', async () => {
    const { sale, settings } = await documents({ taxNumber: 'DE1', receiptHeaderLines: ['Welcome'], receiptFooterLines: ['Bye'] });
    const receipt = buildReceipt({ kind: 'sale', sale }, settings);
    expect(ReceiptSchema.parse(receipt)).toEqual(receipt);
    expect(receipt).toMatchObject({
      kind: 'sale',
      copy: false,
      storeName: 'Corner Shop',
      storeLines: ['Hauptstr. 1', 'Tax no. DE1'],
      headerLines: ['Welcome'],
      receiptNumber: sale.receiptNumber,
      issuedAt: '2026-03-02 10:00',
      code: { symbology: 'qr', payload: sale.receiptNumber },
      footerLines: ['Bye'],
      changeMinor: sale.changeMinor,
    });
    expect(receipt.lines.map((l) => [l.name, l.amountMinor, l.discountMinor])).toEqual([
      ['Product wine', 1299, 130],
      ['Product bread', 1000, 0],
    ]);
    expect(receipt.taxes.map((t) => t.ratePpm)).toEqual([190_000, 70_000]);
    expect(receipt.tenders.map((t) => [t.kind, t.label, t.amountMinor])).toEqual([
      ['card', 'VISA', 1000],
      ['cash', 'Cash', 5000],
    ]);
    expect(receipt.tenders[0]?.detail).toEqual(['************1111', 'Auth A12345', 'Ref TX1']);
    const text = renderReceiptText(receipt).join('\n');
    expect(text).toMatch(/Product wine\s+12\.99\n\s+Discount\s+-1\.30/);
    expect(text).toMatch(/Discounts\s+-1\.30\nTOTAL EUR\s+21\.69/);
    expect(text).toMatch(/Change\s+38\.31/);
  });

  it('When a receipt is reprinted, then it says COPY at the top and the bottom', async () => {
    const { sale, settings } = await documents();
    const lines = renderReceiptText(buildReceipt({ kind: 'sale', sale }, settings, { copy: true }));
    expect(lines[0]?.trim()).toBe('*** COPY ***');
    expect(lines.at(-1)?.trim()).toBe('*** COPY ***');
    expect(renderReceiptText(buildReceipt({ kind: 'sale', sale }, settings)).join('\n')).not.toContain('COPY');
  });

  it('When a refund is turned into a receipt, then it says REFUND with the original receipt, the reason and negative amounts', async () => {
    const { sale, refund, settings } = await documents();
    const text = renderReceiptText(buildReceipt({ kind: 'refund', refund }, settings)).join('\n');
    expect(text).toContain('REFUND');
    expect(text).toContain(`Original receipt ${sale.receiptNumber}`);
    expect(text).toContain('Reason: changed mind');
    expect(text).toMatch(/TOTAL EUR\s+-21\.69/);
  });

  it('When tax is added at the till and cash is rounded, then the receipt shows the tax row and the rounding', async () => {
    const h = await openedTill({ settings: { currency: 'CHF', taxMode: 'exclusive', cashRoundingMinor: 5 } });
    h.sale.cart.addByBarcode('COLA');
    const { sale } = await h.sale.checkout.complete([{ kind: 'cash', amountMinor: 1000 }]);
    const text = renderReceiptText(buildReceipt({ kind: 'sale', sale }, storeSettings({ currency: 'CHF' }))).join('\n');
    expect(text).toMatch(/Subtotal\s+2\.50\nTax\s+0\.48\nRounding\s+0\.02\nTOTAL CHF\s+3\.00/);
    expect(text).toContain('Tax:');
  });

  it('When any text is laid out, then no row is wider than the paper', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 120 }), fc.string({ maxLength: 20 }), fc.integer({ min: 24, max: 64 }), (left, right, width) => {
        for (const row of wrap(left, width)) expect(row.length).toBeLessThanOrEqual(Math.max(width, 1));
        for (const row of twoColumns(left, right.slice(0, width), width)) expect(row.length).toBeLessThanOrEqual(width);
      }),
    );
  });

  it('When a real receipt is laid out at 32 and 48 columns, then every text row fits', async () => {
    const { sale, settings } = await documents();
    for (const columns of [32, 48]) {
      for (const row of layoutReceipt(buildReceipt({ kind: 'sale', sale }, settings), columns)) {
        if (row.kind === 'text') expect(row.text.length).toBeLessThanOrEqual(row.large ? columns / 2 : columns);
      }
    }
  });

  it('When tax rates are shown, then parts per million read as percent', () => {
    expect([percent(190_000), percent(70_000), percent(88_750), percent(0)]).toEqual(['19%', '7%', '8.875%', '0%']);
  });
});
