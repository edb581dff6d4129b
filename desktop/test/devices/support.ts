import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';
import { openPtyPair, type PtyPair } from '../../../scripts/devices/pty-pair';
import { ZvtSimulator, type ZvtSimBehaviour } from '../../../scripts/devices/zvt-sim';
import { PrinterConfigSchema, CardTerminalConfigSchema, type PrinterConfig, type CardTerminalConfig } from '../../src/core/devices/config';
import { StoreSettingsSchema, type StoreSettings } from '@keel/shared';
import { DeviceManager } from '../../src/core/devices/device-manager';
import type { PortOpener } from '../../src/core/devices/serial-link';
import { createSaleServices, type SaleServices } from '../../src/core/sale/services';
import { Meta } from '../../src/core/store/meta';
import { createHarness, openedTill, STORE_ID, TERMINAL_ID, USERS, type Harness, type HarnessOptions } from '../sale/harness';

/**
 * Real PTYs for device tests (DEVICES.md §4.4): a socat pair per device per test, in a temp
 * dir; everything a test started is stopped after it, socat included.
 */

const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await Promise.resolve(cleanup()).catch(() => undefined);
});

/** Runs `cleanup` after the current test (in reverse order of registration). */
export function onCleanup(cleanup: () => Promise<unknown> | unknown): void {
  cleanups.push(cleanup);
}

export async function ptyDir(): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keel-pty-'));
  onCleanup(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export async function ptyPair(dir: string, name: string): Promise<PtyPair> {
  const pair = await openPtyPair(dir, name);
  onCleanup(() => pair.close());
  return pair;
}

/** ZVT timeouts short enough for tests; the rules (T1 < T2 < T3 < T4) stay the sheet's (§3.3). */
export const FAST_ZVT = { t1Ms: 200, t2Ms: 400, t3Ms: 1500, t4Ms: 4000 };

export function printerConfig(port: string, overrides: Partial<PrinterConfig> = {}): PrinterConfig {
  return { ...PrinterConfigSchema.parse({ port, statusPollMs: 100, statusTimeoutMs: 200, settleMsPer10Rows: 5 }), ...overrides };
}

export function cardConfig(port: string, overrides: Partial<CardTerminalConfig> = {}): CardTerminalConfig {
  return { ...CardTerminalConfigSchema.parse({ port, password: '123456', timing: FAST_ZVT }), ...overrides };
}

/** Polls `condition` until it holds (STYLE.md habit 10: wait on a condition with a bound, no bare sleeps). */
export async function waitUntil(condition: () => boolean | Promise<boolean>, timeoutMs = 3000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

// ---- A till with real devices -------------------------------------------------------------


export interface DeviceTill {
  h: Harness;
  devices: DeviceManager;
  /** Sale services whose card terminal is the DeviceManager's (the real ZVT driver when configured). */
  sale: SaleServices;
  settings(): StoreSettings;
}

export const RECEIPT_SETTINGS = { taxNumber: 'DE123456789', receiptHeaderLines: ['Open 8-20'], receiptFooterLines: ['Thank you!'] };

/** A till with a shift open; with `file`, the same ledger reopened (a restart: the shift is still open). */
export async function deviceTill(options: HarnessOptions & { open?: PortOpener; who?: keyof typeof USERS } = {}): Promise<DeviceTill> {
  const harnessOptions = { ...options, settings: { ...RECEIPT_SETTINGS, ...options.settings } };
  const h = options.file ? await createHarness(harnessOptions) : await openedTill(harnessOptions);
  if (options.file) h.login(options.who ?? 'cashier');
  const devices = new DeviceManager({ db: h.db, meta: new Meta(h.db), clock: h.clock, ids: h.ids, ...(options.open ? { open: options.open } : {}) });
  onCleanup(() => devices.stop());
  const sale = createSaleServices({
    db: h.db,
    journal: h.journal,
    catalog: h.catalog,
    people: h.people,
    session: h.session,
    terminal: { terminalId: TERMINAL_ID, storeId: STORE_ID, terminalCode: options.terminalCode ?? 'T01' },
    cardTerminal: devices.cardTerminal,
    clock: h.clock,
    ids: h.ids,
  });
  return { h, devices, sale, settings: () => StoreSettingsSchema.parse(h.catalog.settings()) };
}

/**
 * A device till with the ZVT simulator on a PTY pair, configured as its card terminal. The
 * simulator "pulls the cable" by stopping and closing the pair when told to drop the link;
 * `plugIn` makes a new pair at the same paths and restarts the simulator on it.
 */
export async function cardSimTill(
  behaviour: Partial<ZvtSimBehaviour> = {},
  options: { config?: Partial<CardTerminalConfig>; till?: Parameters<typeof deviceTill>[0] } = {},
) {
  const dir = await ptyDir();
  let pair: PtyPair = await ptyPair(dir, 'card');
  const sim: ZvtSimulator = new ZvtSimulator(pair.device, async () => {
    await sim.stop();
    await pair.close();
  });
  Object.assign(sim.behaviour, behaviour);
  await sim.start();
  onCleanup(() => sim.stop());
  const till = await deviceTill(options.till);
  const config = { cardTerminal: cardConfig(pair.app, options.config) };
  await till.devices.configure(config);
  const plugIn = async () => {
    pair = await ptyPair(dir, 'card');
    await sim.start();
  };
  return { ...till, sim, plugIn, config };
}
