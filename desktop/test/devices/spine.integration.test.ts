import { describe, expect, it } from 'vitest';
import { KeelError } from '@keel/shared';
import { PrinterSimulator } from '../../../scripts/devices/printer-sim';
import { ZvtSimulator, type ZvtSimBehaviour } from '../../../scripts/devices/zvt-sim';
import { cardConfig, deviceTill, onCleanup, printerConfig, ptyDir, ptyPair, waitUntil } from './support';

/**
 * The spine of a sale with real devices (DESIGN.md "The spine"): the card terminal charges,
 * the sale commits, and only then is the receipt printed; a failed print never undoes the sale.
 */
async function fullTill(card: Partial<ZvtSimBehaviour> = {}) {
  const dir = await ptyDir();
  const printerPair = await ptyPair(dir, 'printer');
  const cardPair = await ptyPair(dir, 'card');
  const printer = new PrinterSimulator(printerPair.device);
  const terminal = new ZvtSimulator(cardPair.device);
  Object.assign(terminal.behaviour, card);
  await printer.start();
  await terminal.start();
  onCleanup(() => printer.stop());
  onCleanup(() => terminal.stop());
  const till = await deviceTill({ who: 'manager' });
  await till.devices.configure({ printer: printerConfig(printerPair.app), cardTerminal: cardConfig(cardPair.app) });
  await waitUntil(() => till.devices.statuses()[0]?.state === 'ok', 3000, 'printer ok');
  return { ...till, printer, terminal };
}

/** Every text the ledger holds (documents, journal, print queue), to look for card numbers. */
function everything(t: Awaited<ReturnType<typeof fullTill>>): string {
  const tables = ['journal', 'sales', 'sale_tenders', 'refunds', 'voids', 'print_jobs', 'carts', 'meta'];
  return tables.map((table) => JSON.stringify(t.h.db.prepare(`SELECT * FROM ${table}`).all())).join('\n');
}

describe('a sale with real devices over PTYs', () => {
  it('When a customer pays by card, then the sale commits with the terminal data and its receipt prints with the card lines', async () => {
    const t = await fullTill({ pan: '4761739001010119' });
    t.sale.cart.addByBarcode('WINE');
    const result = await t.sale.checkout.complete([{ kind: 'card', amountMinor: 1299 }]);
    expect(result.sale.tenders).toEqual([
      {
        kind: 'card',
        amountMinor: 1299,
        brand: 'VISA',
        maskedPan: '************0119',
        authCode: 'A1B2C3',
        terminalTransactionRef: 'R0001 T000100',
        terminalReceiptLines: ['KARTENZAHLUNG', 'VISA', 'Betrag EUR 12.99', 'Beleg 1', 'GENEHMIGT'],
      },
    ]);
    const printed = await t.devices.receipts.printDocument({ kind: 'sale', sale: result.sale }, t.settings());
    expect(printed.printed).toBe(true);
    const text = (t.printer.receipts.at(-1) ?? []).join('\n');
    expect(text).toMatch(/VISA\s+12\.99\n\s+\*{12}0119\n\s+Auth A1B2C3\n\s+Ref R0001 T000100/);
    expect(text).toContain('KARTENZAHLUNG');
    expect(everything(t)).not.toContain('4761739001010119');
  });

  it('When the printer is out of paper at checkout, then the sale is still complete and its receipt waits, unprinted', async () => {
    const t = await fullTill();
    t.printer.setPaper('out');
    t.sale.cart.addByBarcode('COLA');
    const result = await t.sale.checkout.complete([{ kind: 'cash', amountMinor: 500 }]);
    const printed = await t.devices.receipts.printDocument({ kind: 'sale', sale: result.sale }, t.settings());
    expect(printed).toMatchObject({ printed: false, code: 'PRINTER_PAPER_OUT' });
    expect(t.h.db.prepare('SELECT receipt_number FROM sales').all()).toEqual([{ receipt_number: result.receiptNumber }]);
    expect(t.devices.receipts.isPrinted(result.saleId)).toBe(false);
  });

  it('When the terminal declines at checkout, then no sale and no receipt exist', async () => {
    const t = await fullTill({ outcome: 'decline', declineCode: 0x05 });
    t.sale.cart.addByBarcode('COLA');
    await expect(t.sale.checkout.complete([{ kind: 'card', amountMinor: 250 }])).rejects.toSatisfy((e: unknown) => e instanceof KeelError && e.code === 'CARD_DECLINED');
    expect(t.h.db.prepare('SELECT count(*) AS n FROM sales').get()).toEqual({ n: 0 });
    expect(t.devices.receipts.pendingJobs()).toEqual([]);
  });

  it('When a card sale is refunded and another is voided, then the terminal refunds (06 31) and reverses (06 30) them', async () => {
    const t = await fullTill();
    t.sale.cart.addByBarcode('WINE');
    const first = await t.sale.checkout.complete([{ kind: 'card', amountMinor: 1299 }]);
    t.sale.cart.addByBarcode('BREAD');
    const second = await t.sale.checkout.complete([{ kind: 'card', amountMinor: 1000 }]);

    const refund = await t.sale.refunds.refund({ saleId: first.saleId, reason: 'corked' });
    expect(refund.tenders).toMatchObject([{ kind: 'card', amountMinor: -1299, maskedPan: '476173******0119' }]);
    expect((await t.devices.receipts.printDocument({ kind: 'refund', refund }, t.settings())).printed).toBe(true);
    expect((t.printer.receipts.at(-1) ?? []).join('\n')).toMatch(/VISA\s+-12\.99/);

    await t.sale.voids.void({ saleId: second.saleId, reason: 'double scan' });
    expect(t.terminal.commands).toEqual(['06 00', '06 01', '06 01', '06 31', '06 30']);
    expect(t.terminal.journal.find((e) => e.receiptNo === 2)?.state).toBe('reversed');
  });
});
