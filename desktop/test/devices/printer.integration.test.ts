import { describe, expect, it } from 'vitest';
import { PrinterSimulator } from '../../../scripts/devices/printer-sim';
import { renderReceiptText } from '../../src/core/devices/receipt/receipt-text';
import { buildReceipt } from '../../src/core/devices/receipt/receipt-model';
import { cardConfig, deviceTill, onCleanup, printerConfig, ptyDir, ptyPair, waitUntil, type DeviceTill } from './support';

/** A till whose receipt printer is the simulator on a real PTY pair. */
async function tillWithPrinter(overrides: Parameters<typeof printerConfig>[1] = {}) {
  const dir = await ptyDir();
  const pair = await ptyPair(dir, 'printer');
  const sim = new PrinterSimulator(pair.device);
  await sim.start();
  onCleanup(() => sim.stop());
  const till = await deviceTill();
  await till.devices.configure({ printer: printerConfig(pair.app, overrides) });
  await waitUntil(() => till.devices.statuses()[0]?.state === 'ok', 3000, 'printer ok');
  return { ...till, sim, pair, dir };
}

async function cashSale(till: DeviceTill) {
  till.sale.cart.addByBarcode('COLA');
  till.sale.cart.addByBarcode('COLA');
  till.sale.cart.addByBarcode('BREAD');
  return (await till.sale.checkout.complete([{ kind: 'cash', amountMinor: 2000 }])).sale;
}

const trimmed = (lines: readonly string[]) => lines.map((l) => l.trim()).filter((l) => l !== '');

describe('receipt printer over a PTY (ESC/POS simulator)', () => {
  it('When a cash sale is printed, then the printer prints the same lines as the preview, a QR of the receipt number and cuts', async () => {
    const till = await tillWithPrinter();
    const sale = await cashSale(till);
    const outcome = await till.devices.receipts.printDocument({ kind: 'sale', sale }, till.settings());
    expect(outcome).toMatchObject({ printed: true, code: null });
    await till.sim.waitFor(() => till.sim.receipts.length === 1);
    const printed = till.sim.receipts[0] ?? [];
    const preview = renderReceiptText(buildReceipt({ kind: 'sale', sale }, till.settings()), 42).filter((l) => !l.includes('[QR]'));
    expect(trimmed(printed)).toEqual(trimmed(preview));
    expect(printed.join('\n')).toMatch(/Corner Shop[\s\S]*Tax no\. DE123456789[\s\S]*Product cola\s+5\.00[\s\S]*2 x 2\.50[\s\S]*TOTAL EUR\s+15\.00[\s\S]*Cash\s+20\.00[\s\S]*Change\s+5\.00/);
    expect(printed.join('\n')).toMatch(/19% of 4\.20\s+0\.80[\s\S]*7% of 9\.35\s+0\.65/);
    expect(till.sim.events).toContainEqual({ type: 'qr', data: sale.receiptNumber });
    expect(till.sim.events.filter((e) => e.type === 'cut')).toHaveLength(1);
    expect(till.devices.receipts.isPrinted(sale.saleId)).toBe(true);
  });

  it('When the printer is set to CODE128, then the receipt number is printed as a barcode', async () => {
    const till = await tillWithPrinter({ symbology: 'code128' });
    const sale = await cashSale(till);
    await till.devices.receipts.printDocument({ kind: 'sale', sale }, till.settings());
    expect(till.sim.events).toContainEqual({ type: 'barcode', symbology: 73, data: sale.receiptNumber });
  });

  it('When a refund is printed, then it says REFUND with the original receipt, negative amounts and the cash back', async () => {
    const till = await tillWithPrinter();
    const sale = await cashSale(till);
    till.h.login('supervisor');
    const refund = await till.sale.refunds.refund({ saleId: sale.saleId, reason: 'faulty' });
    const outcome = await till.devices.receipts.printDocument({ kind: 'refund', refund }, till.settings());
    expect(outcome.printed).toBe(true);
    const text = (till.sim.receipts.at(-1) ?? []).join('\n');
    expect(text).toContain('REFUND');
    expect(text).toContain(`Original receipt ${sale.receiptNumber}`);
    expect(text).toMatch(/TOTAL EUR\s+-15\.00/);
    expect(text).toMatch(/Cash\s+-15\.00/);
    expect(text).toContain('Reason: faulty');
  });

  it('When paper runs out mid-receipt, then the job stays queued and unprinted; after paper is loaded the whole receipt prints', async () => {
    const till = await tillWithPrinter();
    const sale = await cashSale(till);
    till.sim.runOutOfPaperAfter(5);
    const outcome = await till.devices.receipts.printDocument({ kind: 'sale', sale }, till.settings());
    expect(outcome).toMatchObject({ printed: false, code: 'PRINTER_PAPER_OUT' });
    expect(till.sim.lostBytes).toBeGreaterThan(0);
    expect(till.sim.receipts).toHaveLength(0);
    expect(till.devices.receipts.isPrinted(sale.saleId)).toBe(false);
    expect(till.devices.receipts.pendingJobs().map((j) => [j.docId, j.lastError])).toEqual([[sale.saleId, 'PRINTER_PAPER_OUT']]);
    expect(till.devices.statuses()[0]).toMatchObject({ kind: 'printer', state: 'error', code: 'PRINTER_PAPER_OUT' });

    till.sim.setPaper('ok'); // the poller sees the printer ready again and retries the queue
    await waitUntil(() => till.devices.receipts.isPrinted(sale.saleId), 5000, 'retry after paper loaded');
    expect(till.devices.receipts.pendingJobs()).toEqual([]);
    const printed = (till.sim.receipts.at(-1) ?? []).join('\n');
    expect(printed).toContain('Corner Shop');
    expect(printed).toContain(sale.receiptNumber);
    expect(printed).not.toContain('COPY');
  });

  it('When a printed receipt is reprinted, then it says COPY; a never-printed one prints as the original', async () => {
    const till = await tillWithPrinter();
    const sale = await cashSale(till);
    await till.devices.receipts.printDocument({ kind: 'sale', sale }, till.settings());
    const again = await till.devices.receipts.reprint({ kind: 'sale', sale }, till.settings());
    expect(again.printed).toBe(true);
    const copy = till.sim.receipts.at(-1) ?? [];
    expect(trimmed(copy)[0]).toBe('*** COPY ***');
    expect(trimmed(copy).at(-1)).toBe('*** COPY ***');

    const second = await cashSale(till);
    till.sim.setPaper('out');
    expect((await till.devices.receipts.printDocument({ kind: 'sale', sale: second }, till.settings())).printed).toBe(false);
    till.sim.setPaper('ok');
    const retried = await till.devices.receipts.reprint({ kind: 'sale', sale: second }, till.settings());
    expect(retried.printed).toBe(true);
    expect((till.sim.receipts.at(-1) ?? []).join('\n')).not.toContain('COPY');
  });

  it('When the status changes (paper low, cover open, silent), then the printer status says so and comes back', async () => {
    const till = await tillWithPrinter();
    const printer = () => till.devices.statuses().find((s) => s.kind === 'printer');
    const seen: string[] = [];
    till.devices.onStatus((devices) => seen.push(devices.find((d) => d.kind === 'printer')?.code ?? 'ok'));
    till.sim.setPaper('near-end');
    await waitUntil(() => printer()?.code === 'PRINTER_PAPER_LOW', 3000, 'paper low');
    expect(printer()?.state).toBe('degraded');
    till.sim.setPaper('ok');
    till.sim.state.coverOpen = true;
    await waitUntil(() => printer()?.code === 'PRINTER_COVER_OPEN', 3000, 'cover open');
    expect(printer()?.state).toBe('error');
    till.sim.state.coverOpen = false;
    till.sim.state.silent = true;
    await waitUntil(() => printer()?.code === 'PRINTER_OFFLINE', 3000, 'offline');
    expect(printer()?.state).toBe('offline');
    till.sim.state.silent = false;
    await waitUntil(() => printer()?.state === 'ok', 3000, 'back');
    expect(seen).toEqual(expect.arrayContaining(['PRINTER_PAPER_LOW', 'PRINTER_COVER_OPEN', 'PRINTER_OFFLINE', 'ok']));
  });

  it('When the drawer is opened, then the configured pin and on-time are pulsed and pin 3 reads back as open with the configured polarity', async () => {
    const till = await tillWithPrinter({ drawer: { pin: 5, onMs: 120, offMs: 240, openWhenPin3: 'high' } });
    till.sim.state.drawerOpenLevel = 'high';
    expect(await till.devices.openDrawer()).toEqual({ drawerOpen: true });
    expect(till.sim.events).toContainEqual({ type: 'pulse', pin: 5, onMs: 120, realtime: false });
    await waitUntil(() => till.devices.statuses().some((s) => s.kind === 'cashDrawer' && s.detail === 'open'), 2000, 'drawer open');
    till.sim.state.drawerOpen = false;
    await waitUntil(() => till.devices.statuses().some((s) => s.kind === 'cashDrawer' && s.detail === 'closed'), 2000, 'drawer closed');
  });

  it('When the paper is out, then the drawer still opens through the real-time pulse (DLE DC4)', async () => {
    const till = await tillWithPrinter();
    till.sim.setPaper('out');
    expect(await till.devices.openDrawer()).toEqual({ drawerOpen: true });
    expect(till.sim.events).toContainEqual({ type: 'pulse', pin: 2, onMs: 100, realtime: true });
  });

  it('When the terminal restarts with a job still queued, then the job survives and prints once the printer is ready', async () => {
    const till = await tillWithPrinter();
    const sale = await cashSale(till);
    till.sim.state.silent = true;
    expect(await till.devices.receipts.printDocument({ kind: 'sale', sale }, till.settings())).toMatchObject({ printed: false, code: 'PRINTER_OFFLINE' });
    await till.devices.stop();
    till.sim.state.silent = false;
    const restarted = await deviceTill({ file: till.h.file });
    await restarted.devices.start();
    await waitUntil(() => restarted.devices.receipts.isPrinted(sale.saleId), 5000, 'queued job printed after restart');
    expect(till.sim.receipts.at(-1)?.join('\n')).toContain(sale.receiptNumber);
  });

  it('When "test print" is pressed, then a test page with the port and a QR code prints and is cut', async () => {
    const till = await tillWithPrinter();
    expect(await till.devices.testPrint()).toEqual({ printed: true, jobId: null, code: null });
    const page = trimmed(till.sim.receipts.at(-1) ?? []);
    expect(page[0]).toBe('KEEL TEST PRINT');
    expect(page.slice(1, 3).join(' ')).toBe(`Port ${till.pair.app} at 9600 baud`);
    expect(till.sim.events).toContainEqual({ type: 'qr', data: 'KEEL-TEST' });
    expect(await till.devices.testConnection('printer')).toMatchObject({ kind: 'printer', state: 'ok' });
  });

  it('When the port does not exist, then the printer status is offline with PORT_OPEN_FAILED and a print is queued, not lost', async () => {
    const dir = await ptyDir();
    const till = await deviceTill();
    await till.devices.configure({ printer: printerConfig(`${dir}/no-such-port`), cardTerminal: cardConfig(`${dir}/no-card`) });
    await waitUntil(() => till.devices.statuses()[0]?.code === 'PORT_OPEN_FAILED', 3000, 'open failure');
    const sale = await cashSale(till);
    expect(await till.devices.receipts.printDocument({ kind: 'sale', sale }, till.settings())).toMatchObject({ printed: false, code: 'PORT_OPEN_FAILED' });
    expect(till.devices.receipts.pendingJobs()).toHaveLength(1);
    expect(await till.devices.testConnection('cardTerminal')).toMatchObject({ kind: 'cardTerminal', state: 'offline', code: 'PORT_OPEN_FAILED' });
  });
});
