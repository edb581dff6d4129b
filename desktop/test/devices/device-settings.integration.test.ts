import { SerialPort } from 'serialport';
import { describe, expect, it } from 'vitest';
import { IPC_CHANNELS, IPC_EVENTS, KeelError } from '@keel/shared';
import { PrinterSimulator } from '../../../scripts/devices/printer-sim';
import { ZvtSimulator } from '../../../scripts/devices/zvt-sim';
import { DeviceSettingsService } from '../../src/core/devices/device-settings';
import { serialScanHandler, type CartScanned } from '../../src/core/devices/scan-feed';
import { asyncCodeOf } from '../sale/harness';
import { cardConfig, deviceTill, onCleanup, printerConfig, ptyDir, ptyPair, waitUntil } from './support';

/**
 * The device settings channels (issue 6 "Configuration") against the real drivers on real PTYs:
 * test print and test connection answer ok or a typed state with its meaning; saving validates;
 * and a serial scanner feeds the cart through the keyboard-scan path in core.
 */
async function settingsTill(who: 'manager' | 'cashier' = 'manager') {
  const till = await deviceTill({ who });
  // deviceTill logs in the cashier for a fresh ledger; the settings need a supervisor or manager.
  if (who === 'manager') till.h.login('manager');
  const service = new DeviceSettingsService({ devices: till.devices, session: till.h.session, people: till.h.people });
  return { ...till, service };
}

async function withPrinter() {
  const dir = await ptyDir();
  const pair = await ptyPair(dir, 'printer');
  const sim = new PrinterSimulator(pair.device);
  await sim.start();
  onCleanup(() => sim.stop());
  const t = await settingsTill();
  await t.devices.configure({ printer: printerConfig(pair.app) });
  await waitUntil(() => t.devices.statuses()[0]?.state === 'ok', 3000, 'printer ok');
  return { ...t, sim, dir };
}

/** The ZVT simulator on the device side of a new PTY pair in `dir`; `port` is the app's side. */
async function cardSim(dir: string) {
  const pair = await ptyPair(dir, 'card');
  const sim = new ZvtSimulator(pair.device);
  await sim.start();
  onCleanup(() => sim.stop());
  return { sim, port: pair.app };
}

describe('device checks', () => {
  it('When the printer simulator is connected, then test connection says ok and test print prints a slip with the port and cuts', async () => {
    const t = await withPrinter();
    expect(await t.service.testConnection('printer')).toMatchObject({ ok: true, code: null, status: { kind: 'printer', state: 'ok' } });
    const printed = await t.service.testPrint();
    expect(printed).toMatchObject({ ok: true, code: null });
    await waitUntil(() => t.sim.receipts.length > 0, 3000, 'test slip');
    expect(t.sim.receipts.at(-1)?.join('\n')).toContain('baud');
  });

  it('When the printer is out of paper, then test print answers PRINTER_PAPER_OUT with its meaning', async () => {
    const t = await withPrinter();
    t.sim.setPaper('out');
    const check = await t.service.testPrint();
    expect(check).toMatchObject({ ok: false, code: 'PRINTER_PAPER_OUT', meaning: 'The receipt printer is out of paper.' });
  });

  it('When nothing is configured, then every check answers DEVICE_NOT_CONFIGURED, and end-of-day too', async () => {
    const t = await settingsTill();
    for (const kind of ['printer', 'cardTerminal', 'scanner'] as const) {
      expect(await t.service.testConnection(kind)).toMatchObject({ ok: false, code: 'DEVICE_NOT_CONFIGURED', meaning: 'No port is configured for this device.' });
    }
    expect(await t.service.testPrint()).toMatchObject({ ok: false, code: 'DEVICE_NOT_CONFIGURED' });
    expect(await t.service.endOfDay()).toMatchObject({ ok: false, code: 'DEVICE_NOT_CONFIGURED', totalMinor: null, receiptLines: [] });
  });

  it('When the configured ports do not exist, then the checks answer PORT_OPEN_FAILED naming the port', async () => {
    const dir = await ptyDir();
    const t = await settingsTill();
    await t.devices.configure({ printer: printerConfig(`${dir}/no-printer`), cardTerminal: cardConfig(`${dir}/no-card`) });
    const printer = await t.service.testConnection('printer');
    expect(printer).toMatchObject({ ok: false, code: 'PORT_OPEN_FAILED', meaning: 'The serial port could not be opened.' });
    expect(printer.detail).toContain('no-printer');
    expect(await t.service.testConnection('cardTerminal')).toMatchObject({ ok: false, code: 'PORT_OPEN_FAILED', detail: expect.stringContaining('no-card') });
    expect(await t.service.testPrint()).toMatchObject({ ok: false, code: expect.stringMatching(/^(PORT_OPEN_FAILED|PRINTER_OFFLINE)$/) });
    expect(await t.service.endOfDay()).toMatchObject({ ok: false, code: 'PORT_OPEN_FAILED' });
  });

  it('When the card terminal is connected, then test connection registers and end-of-day answers its totals (not printed: no receipt printer); a silent one answers DEVICE_NO_ANSWER', async () => {
    const { sim, port } = await cardSim(await ptyDir());
    const t = await settingsTill();
    await t.devices.configure({ cardTerminal: cardConfig(port) });
    expect(await t.service.testConnection('cardTerminal')).toMatchObject({ ok: true, status: { state: 'ok' } });
    expect(await t.service.endOfDay()).toMatchObject({
      ok: true,
      totalMinor: 0,
      receiptLines: ['KASSENSCHNITT', 'Anzahl 0', 'Summe EUR 0.00'],
      receiptPrinted: false,
      printCode: 'DEVICE_NOT_CONFIGURED',
    });
    await sim.stop();
    expect(await t.service.testConnection('cardTerminal')).toMatchObject({ ok: false, code: 'DEVICE_NO_ANSWER', meaning: 'The device did not answer within its timeout.' });
  });

  it('When a receipt printer is connected too, then the card terminal end-of-day report prints on it; out of paper, it says so and prints once paper is loaded', async () => {
    const t = await withPrinter();
    const { port } = await cardSim(t.dir);
    await t.devices.configure({ printer: t.devices.config().printer, cardTerminal: cardConfig(port) });
    await waitUntil(() => t.devices.statuses()[0]?.state === 'ok', 3000, 'printer ok');
    const before = t.sim.receipts.length;
    expect(await t.service.endOfDay()).toMatchObject({ ok: true, receiptPrinted: true, printCode: null });
    await waitUntil(() => t.sim.receipts.length > before, 3000, 'end-of-day report');
    expect(t.sim.receipts.at(-1)?.join('\n')).toMatch(/Card terminal end-of-day[\s\S]*KASSENSCHNITT[\s\S]*Summe EUR 0\.00/);

    t.sim.setPaper('out');
    await waitUntil(() => t.devices.statuses()[0]?.code === 'PRINTER_PAPER_OUT', 3000, 'paper out seen');
    const count = t.sim.receipts.length;
    expect(await t.service.endOfDay()).toMatchObject({ ok: true, receiptPrinted: false, printCode: 'PRINTER_PAPER_OUT' });
    t.sim.setPaper('ok');
    await waitUntil(() => t.sim.receipts.length > count, 5000, 'the queued report after paper was loaded');
    expect(t.sim.receipts.at(-1)?.join('\n')).toContain('KASSENSCHNITT');
  });
});

describe('device configuration', () => {
  it('When settings are saved, then they are validated whole, stored and read back; the ZVT password is kept but never read back', async () => {
    const dir = await ptyDir();
    const t = await settingsTill();
    const view = await t.service.save({
      printer: { port: `${dir}/p`, baudRate: 19200, model: null, drawer: { pin: 5, openWhenPin3: 'high' } },
      cardTerminal: { port: `${dir}/c`, baudRate: 115200, model: 'iCT250', password: '123456' },
      scanner: null,
    });
    expect(view.settings).toEqual({
      printer: { port: `${dir}/p`, baudRate: 19200, model: null, drawer: { pin: 5, openWhenPin3: 'high' } },
      cardTerminal: { port: `${dir}/c`, baudRate: 115200, model: 'iCT250' },
      scanner: null,
    });
    expect(t.devices.config().cardTerminal?.password).toBe('123456');
    expect(t.devices.config().printer?.drawer).toMatchObject({ pin: 5, openWhenPin3: 'high', onMs: 100 });
    // Saving without a password keeps the stored one.
    await t.service.save({ ...view.settings, cardTerminal: { port: `${dir}/c`, baudRate: 9600, model: null } });
    expect(t.devices.config().cardTerminal).toMatchObject({ password: '123456', baudRate: 9600 });
    expect(new DeviceSettingsService({ devices: t.devices, session: t.h.session, people: t.h.people }).view().settings.cardTerminal).toEqual({ port: `${dir}/c`, baudRate: 9600, model: null });
  });

  it('When the settings are wrong, then INVALID_INPUT names the path and nothing is stored', async () => {
    const t = await settingsTill();
    const bad = async (settings: Parameters<DeviceSettingsService['save']>[0]) => {
      const error = await t.service.save(settings).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(KeelError);
      return error as KeelError;
    };
    const speed = await bad({ printer: { port: '/dev/ttyS9', baudRate: 12345, model: null, drawer: null }, cardTerminal: null, scanner: null });
    expect(speed.code).toBe('INVALID_INPUT');
    expect(JSON.stringify(speed.details)).toContain('printer.baudRate');
    const card = await bad({ printer: null, cardTerminal: { port: '/dev/ttyS8', baudRate: 19200, model: null }, scanner: null });
    expect(JSON.stringify(card.details)).toContain('cardTerminal.baudRate');
    const model = await bad({ printer: { port: '/dev/ttyS9', baudRate: 9600, model: 'no-such-printer', drawer: null }, cardTerminal: null, scanner: null });
    expect(JSON.stringify(model.details)).toContain('printer.model');
    expect(t.devices.config()).toEqual({ printer: null, cardTerminal: null, scanner: null });

    // The contract refuses malformed input before core sees it.
    const input = IPC_CHANNELS['devices.saveConfig'].input;
    expect(input.safeParse({ settings: { printer: { port: '', baudRate: 9600, model: null, drawer: null }, cardTerminal: null, scanner: null } }).success).toBe(false);
    expect(input.safeParse({ settings: { printer: null, cardTerminal: { port: '/dev/x', baudRate: 9600, model: null, password: '12' }, scanner: null } }).success).toBe(false);
    expect(input.safeParse({ settings: { printer: null, cardTerminal: null, scanner: null, extra: 1 } }).success).toBe(false);
  });

  it('When a cashier changes devices, then a supervisor PIN is required', async () => {
    const t = await settingsTill('cashier');
    const settings = { printer: null, cardTerminal: null, scanner: null };
    expect(await asyncCodeOf(() => t.service.save(settings))).toBe('APPROVAL_REQUIRED');
    expect(await asyncCodeOf(() => t.service.testPrint())).toBe('APPROVAL_REQUIRED');
    expect(await asyncCodeOf(() => t.service.save(settings, '2222'))).toBeNull();
  });
});

describe('serial scanner into the cart', () => {
  it('When a serial scanner sends codes, then core adds them through cart.addByBarcode and tells the renderer (cart.scanned), an unknown code included', async () => {
    const dir = await ptyDir();
    const pair = await ptyPair(dir, 'scanner');
    const till = await deviceTill();
    const events: CartScanned[] = [];
    till.devices.onScan(serialScanHandler((code) => till.sale.cart.addByBarcode(code), (event) => events.push(event)));
    await till.devices.configure({ scanner: { port: pair.app } });
    const scanner = new SerialPort({ path: pair.device, baudRate: 9600, autoOpen: false });
    await new Promise<void>((resolve, reject) => scanner.open((e) => (e ? reject(e) : resolve())));
    onCleanup(() => new Promise<void>((resolve) => (scanner.isOpen ? scanner.close(() => resolve()) : resolve())));
    scanner.write('COLA\r\nNOPE-404\r');
    scanner.write('WINE\n');
    await waitUntil(() => events.length === 3, 3000, 'three scans');
    expect(events.map((e) => [e.barcode, e.ok, e.error?.code ?? null])).toEqual([
      ['COLA', true, null],
      ['NOPE-404', false, 'PRODUCT_NOT_FOUND'],
      ['WINE', true, null],
    ]);
    expect(events[2]?.cart?.lines.map((l) => l.name)).toEqual(['Product cola', 'Product wine']);
    expect(till.sale.cart.get().lines.map((l) => l.name)).toEqual(['Product cola', 'Product wine']);
    // Every event fits the contract the renderer parses.
    for (const event of events) expect(IPC_EVENTS['cart.scanned'].safeParse(event).success).toBe(true);
  });
});
