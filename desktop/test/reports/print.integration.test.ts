import { describe, expect, it } from 'vitest';
import { formatMoney } from '@keel/shared';
import { PrinterSimulator } from '../../../scripts/devices/printer-sim';
import { deviceReceiptPrinter } from '../../src/core/devices/core-receipts';
import { columnsFor } from '../../src/core/devices/printer/escpos-render';
import { printReport } from '../../src/core/reports/report-outputs';
import { reportLines } from '../../src/core/reports/report-text';
import { deviceTill, onCleanup, printerConfig, ptyDir, ptyPair, waitUntil } from '../devices/support';
import { reportsOf, tradeADay } from './support';

/**
 * `reports.print` through the real device path: the report's lines go into the durable print
 * queue as a `report` job and out of the real ESC/POS driver to the printer simulator on a PTY
 * pair, like receipts (devices/printer/receipt-printing.ts).
 */

const trimmed = (lines: readonly string[]) => lines.map((l) => l.trim()).filter((l) => l !== '');
/**
 * What the simulator read, with its one known misreading undone: the encoder prints "…" by
 * switching to WPC1252 (ESC t 16) and sending 0x85, but the simulator decodes that byte as
 * U+0085 (its code page is not switched by the time the text is decoded). Everything else must
 * match exactly.
 */
const asPrinted = (lines: readonly string[]) => trimmed(lines.map((l) => l.replaceAll('\u0085', '…')));

async function closedDayWithPrinter(columns?: number) {
  const dir = await ptyDir();
  const pair = await ptyPair(dir, 'printer');
  const sim = new PrinterSimulator(pair.device);
  await sim.start();
  onCleanup(() => sim.stop());
  const till = await deviceTill();
  const config = printerConfig(pair.app, columns ? { columns } : {});
  await till.devices.configure({ printer: config });
  await waitUntil(() => till.devices.statuses()[0]?.state === 'ok', 3000, 'printer ok');
  await tradeADay(till.h);
  till.h.login('manager');
  till.h.sale.shifts.close([]);
  const z = reportsOf(till.h).closeDay();
  const printer = deviceReceiptPrinter(till.h.db, till.h.catalog, till.devices);
  return { till, sim, z, printer, columns: columnsFor(config) };
}

describe('report on the receipt printer', () => {
  it('When a Z report is printed, then the printer prints its lines, cuts once, and the queue holds it as a printed report job', async () => {
    const { till, sim, z, printer, columns } = await closedDayWithPrinter();
    expect(await printReport(printer, z)).toEqual({ printed: true, code: null });
    await sim.waitFor(() => sim.receipts.length === 1);
    const printed = sim.receipts[0] ?? [];
    expect(asPrinted(printed)).toEqual(trimmed(reportLines(z, columns)));
    const text = printed.join('\n');
    expect(text).toContain('Z REPORT 1');
    expect(text).toMatch(new RegExp(`GRAND TOTAL\\s+${formatMoney(z.summary.grandTotalMinor, 'EUR').replace('.', '\\.')}`));
    expect(sim.events.filter((e) => e.type === 'cut')).toHaveLength(1);
    expect(till.devices.receipts.pendingJobs()).toEqual([]);
    const job = till.h.db.prepare<[], { doc_kind: string; state: string }>("SELECT doc_kind, state FROM print_jobs WHERE doc_kind = 'report'").get();
    expect(job).toEqual({ doc_kind: 'report', state: 'printed' });
  });

  it('When the printer is narrower (32 columns), then the report is laid out for it and no line is longer', async () => {
    const { sim, z, printer } = await closedDayWithPrinter(32);
    expect((await printReport(printer, z)).printed).toBe(true);
    await sim.waitFor(() => sim.receipts.length === 1);
    const printed = sim.receipts[0] ?? [];
    for (const line of printed) expect([...line].length, line).toBeLessThanOrEqual(32);
    expect(asPrinted(printed)).toEqual(trimmed(reportLines(z, 32)));
  });

  it('When the paper is out, then the report stays queued with the reason and prints whole once paper is loaded', async () => {
    const { till, sim, z, printer } = await closedDayWithPrinter();
    sim.setPaper('out');
    await waitUntil(() => till.devices.statuses()[0]?.code === 'PRINTER_PAPER_OUT', 3000, 'paper out');
    expect(await printReport(printer, z)).toEqual({ printed: false, code: 'PRINTER_PAPER_OUT' });
    expect(till.devices.receipts.pendingJobs().map((j) => [j.docKind, j.lastError])).toEqual([['report', 'PRINTER_PAPER_OUT']]);
    sim.setPaper('ok');
    await waitUntil(() => till.devices.receipts.pendingJobs().length === 0, 5000, 'report printed after paper loaded');
    expect((sim.receipts.at(-1) ?? []).join('\n')).toContain('Z REPORT 1');
  });

  it('When no printer is configured, then printing answers DEVICE_NOT_CONFIGURED and nothing pretends to have printed', async () => {
    const till = await deviceTill();
    await tradeADay(till.h);
    const x = reportsOf(till.h).x({ approverPin: '2222' });
    expect(await printReport(null, x)).toEqual({ printed: false, code: 'DEVICE_NOT_CONFIGURED' });
    expect(await printReport(deviceReceiptPrinter(till.h.db, till.h.catalog, till.devices), x)).toEqual({ printed: false, code: 'DEVICE_NOT_CONFIGURED' });
  });
});
