import { describe, expect, it } from 'vitest';
import { DeviceStatusSchema, KeelError } from '@keel/shared';
import { DeviceConfigStore, DevicesConfigSchema, parseDevicesConfig } from '../../src/core/devices/config';
import { PrintQueue } from '../../src/core/devices/printer/print-queue';
import { buildReceipt } from '../../src/core/devices/receipt/receipt-model';
import { migrate } from '../../src/core/store/migrate';
import { Meta } from '../../src/core/store/meta';
import { openDatabase } from '../../src/core/store/database';
import { openedTill, storeSettings } from '../sale/harness';
import { tempDir } from '../support/temp';
import { deviceTill } from './support';
import path from 'node:path';

describe('device configuration', () => {
  it('When only ports are given, then the defaults come from the sheet (printer 9600 8N1, ZVT 9600 8N2, T1–T4)', () => {
    const config = parseDevicesConfig({ printer: { port: '/dev/ttyUSB0' }, cardTerminal: { port: '/dev/ttyS1' } });
    expect(config.printer).toMatchObject({ baudRate: 9600, flowControl: 'none', symbology: 'qr', drawer: { pin: 2, onMs: 100, openWhenPin3: 'low' } });
    expect(config.cardTerminal).toMatchObject({ baudRate: 9600, stopBits: 2, currencyNumeric: 978, timing: { t1Ms: 200, t2Ms: 5000, t3Ms: 5000, t4Ms: 180_000 } });
    expect(config.scanner).toBeNull();
  });

  it('When the configuration is wrong, then INVALID_INPUT lists each path', () => {
    try {
      parseDevicesConfig({ printer: { port: '', baudRate: 1234, drawer: { pin: 3 }, model: 'star-tsp650' }, cardTerminal: { port: 'COM1', password: '12' } });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(KeelError);
      const paths = ((error as KeelError).details as { issues: { path: string }[] }).issues.map((i) => i.path);
      expect(paths).toEqual(expect.arrayContaining(['printer.port', 'printer.baudRate', 'printer.drawer.pin', 'printer.model', 'cardTerminal.password']));
    }
  });

  it('When a configuration is saved, then it is read back from meta; a stored one that no longer validates is reported, not guessed at', async () => {
    const h = await openedTill();
    const meta = new Meta(h.db);
    const store = new DeviceConfigStore(meta);
    const saved = store.save({ scanner: { port: '/dev/ttyACM0' } });
    expect(store.load()).toEqual({ config: saved, problem: null });
    meta.set('devices', { printer: { port: 42 } });
    const loaded = store.load();
    expect(loaded.config).toEqual(DevicesConfigSchema.parse({}));
    expect(loaded.problem?.code).toBe('INVALID_INPUT');
  });

  it('When nothing is configured, then every device says notConfigured, in the heartbeat schema', async () => {
    const till = await deviceTill();
    const statuses = await till.devices.start();
    expect(statuses).toEqual([
      { kind: 'printer', state: 'notConfigured', code: 'DEVICE_NOT_CONFIGURED' },
      { kind: 'cardTerminal', state: 'notConfigured', code: 'DEVICE_NOT_CONFIGURED' },
      { kind: 'scanner', state: 'notConfigured', code: 'DEVICE_NOT_CONFIGURED' },
    ]);
    for (const status of statuses) expect(DeviceStatusSchema.parse(status)).toEqual(status);
    expect(await till.devices.cardTerminal.authorize(100)).toMatchObject({ approved: false, code: 'CARD_TERMINAL_UNAVAILABLE' });
    await expect(till.devices.testPrint()).rejects.toMatchObject({ code: 'DEVICE_NOT_CONFIGURED' });
    await expect(till.devices.openDrawer()).rejects.toMatchObject({ code: 'DEVICE_NOT_CONFIGURED' });
    await expect(till.devices.configure({ printer: { port: '' } })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });
});

describe('the print queue (migration 0002)', () => {
  it('When the ledger is migrated, then print_jobs exists', () => {
    const db = openDatabase(path.join(tempDir(), 'keel.sqlite'));
    migrate(db);
    const columns = db.prepare<[], { name: string }>("SELECT name FROM pragma_table_info('print_jobs')").all().map((c) => c.name);
    expect(columns).toEqual(['job_id', 'doc_kind', 'doc_id', 'copy', 'receipt', 'state', 'attempts', 'last_error', 'created_at', 'printed_at']);
    db.close();
  });

  it('When a stored job no longer validates, then it is kept but never printed half-understood', async () => {
    const h = await openedTill();
    h.sale.cart.addByBarcode('COLA');
    const { sale } = await h.sale.checkout.complete([{ kind: 'cash', amountMinor: 250 }]);
    const queue = new PrintQueue(h.db, h.clock, h.ids);
    const good = queue.enqueue({ docKind: 'sale', docId: sale.saleId, copy: false, receipt: buildReceipt({ kind: 'sale', sale }, storeSettings()) });
    const bad = queue.enqueue({ docKind: 'sale', docId: 'other', copy: false, receipt: buildReceipt({ kind: 'sale', sale }, storeSettings()) });
    h.db.prepare('UPDATE print_jobs SET receipt = ? WHERE job_id = ?').run('{"kind":"sale"}', bad.jobId);
    expect(queue.pending().map((j) => j.jobId)).toEqual([good.jobId]);
    expect([...queue.unreadable]).toEqual([bad.jobId]);
    queue.markFailed(good.jobId, 'PRINTER_PAPER_OUT');
    expect(queue.get(good.jobId)).toMatchObject({ state: 'pending', attempts: 1, lastError: 'PRINTER_PAPER_OUT' });
    queue.markPrinted(good.jobId);
    expect(queue.get(good.jobId)).toMatchObject({ state: 'printed', attempts: 2, lastError: null });
  });
});
