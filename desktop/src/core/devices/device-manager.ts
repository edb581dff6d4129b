import { KeelError, type DeviceStatus } from '@keel/shared';
import type { CoreClock, IdSource } from '../deps';
import type { CardCallOptions, CardOutcome, CardRecovery, CardTerminal } from '../payments/card-terminal';
import type { Db } from '../store/database';
import type { Meta } from '../store/meta';
import { DeviceConfigStore, NO_DEVICES, type DevicesConfig } from './config';
import { PrintQueue } from './printer/print-queue';
import { PrinterDevice } from './printer/printer-device';
import { ReceiptPrinting, type PrintOutcome } from './printer/receipt-printing';
import { ScannerReader } from './scanner';
import { openSerialPort, type PortOpener } from './serial-link';
import { ZvtCardTerminal, type EndOfDayResult, type PendingOutcome } from './zvt/zvt-terminal';

export interface DeviceManagerDeps {
  db: Db;
  meta: Meta;
  clock: CoreClock;
  ids: IdSource;
  /** The serial transport; tests and the host may pass their own. */
  open?: PortOpener;
}

export type DeviceKind = 'printer' | 'cardTerminal' | 'scanner';

const notConfigured = (kind: DeviceStatus['kind'], detail?: string): DeviceStatus => ({ kind, state: 'notConfigured', code: 'DEVICE_NOT_CONFIGURED', ...(detail ? { detail } : {}) });

/**
 * The terminal's devices, built from the stored configuration (config.ts): the receipt printer
 * with its drawer, the ZVT card terminal and a serial scanner. It owns their lifecycles, keeps
 * every device's status for the status bar and the heartbeat (DESIGN.md invariant 7: every
 * degraded state visible) and tells listeners when one changes. Reconfiguring rebuilds them.
 */
export class DeviceManager {
  readonly receipts: ReceiptPrinting;
  /** What checkout and refunds use (SaleDeps.cardTerminal): answers "not configured" when there is none. */
  readonly cardTerminal: DeviceCardTerminal;
  private readonly store: DeviceConfigStore;
  private readonly open: PortOpener;
  private current: DevicesConfig = NO_DEVICES;
  private problem: KeelError | null = null;
  private printer: PrinterDevice | null = null;
  private card: ZvtCardTerminal | null = null;
  private scanner: ScannerReader | null = null;
  private readonly statusListeners = new Set<(devices: DeviceStatus[]) => void>();
  private readonly scanListeners = new Set<(code: string) => void>();
  private lastSent = '';

  constructor(private readonly deps: DeviceManagerDeps) {
    this.store = new DeviceConfigStore(deps.meta);
    this.open = deps.open ?? openSerialPort;
    this.receipts = new ReceiptPrinting(new PrintQueue(deps.db, deps.clock, deps.ids), () => this.printer);
    this.cardTerminal = new DeviceCardTerminal(() => this.card);
  }

  /** Loads the stored configuration and starts the devices in it. */
  async start(): Promise<DeviceStatus[]> {
    const { config, problem } = this.store.load();
    this.problem = problem;
    await this.apply(config);
    return this.statuses();
  }

  async stop(): Promise<void> {
    await this.apply(NO_DEVICES, false);
  }

  config(): DevicesConfig {
    return this.current;
  }

  /** Why the stored configuration was not used (it no longer validates), or null. */
  configProblem(): KeelError | null {
    return this.problem;
  }

  /** Validates (INVALID_INPUT with paths), saves and applies a new configuration. */
  async configure(input: unknown): Promise<DeviceStatus[]> {
    if (this.card?.pendingOutcome()) throw new KeelError('BUSY', 'A card payment outcome is unresolved; resolve it before changing devices.');
    const config = this.store.save(input);
    this.problem = null;
    await this.apply(config);
    return this.statuses();
  }

  /** Every device's status, configured or not. */
  statuses(): DeviceStatus[] {
    const why = this.problem ? 'stored configuration is not valid' : undefined;
    return [
      ...(this.printer?.statuses() ?? [notConfigured('printer', why)]),
      this.card?.status() ?? notConfigured('cardTerminal', why),
      this.scanner?.status() ?? notConfigured('scanner', why),
    ];
  }

  /** The `device.status` event stream; listeners get the full list whenever something changed. */
  onStatus(listener: (devices: DeviceStatus[]) => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  /** Codes from the serial scanner: feed them to the same handler as keyboard scans (cart.addByBarcode). */
  onScan(listener: (code: string) => void): () => void {
    this.scanListeners.add(listener);
    return () => this.scanListeners.delete(listener);
  }

  testPrint(): Promise<PrintOutcome> {
    return this.receipts.testPrint(this.deps.clock.now());
  }

  /** "Test connection": asks the device now and returns what it said. */
  async testConnection(kind: DeviceKind): Promise<DeviceStatus> {
    if (kind === 'printer') return this.printer ? this.printer.check() : notConfigured('printer');
    if (kind === 'cardTerminal') return this.card ? this.card.testConnection() : notConfigured('cardTerminal');
    if (!this.scanner) return notConfigured('scanner');
    await this.scanner.stop();
    return this.scanner.start();
  }

  openDrawer(): Promise<{ drawerOpen: boolean | null }> {
    return this.receipts.openDrawer();
  }

  private async apply(config: DevicesConfig, start = true): Promise<void> {
    await Promise.all([this.printer?.stop(), this.card?.close(), this.scanner?.stop()]);
    this.printer = null;
    this.card = null;
    this.scanner = null;
    this.current = config;
    const changed = () => this.emit();
    if (config.printer) {
      this.printer = new PrinterDevice(config.printer, this.open, { onChange: changed, onReady: () => void this.receipts.retryPending() });
    }
    if (config.cardTerminal) this.card = new ZvtCardTerminal(config.cardTerminal, this.open, changed);
    if (config.scanner) {
      this.scanner = new ScannerReader(config.scanner, this.open, (code) => this.scanListeners.forEach((l) => l(code)), changed);
    }
    if (start) {
      this.printer?.start();
      // Registration (06 00) at once, so the status bar shows the terminal's real state before the first payment.
      void this.card?.testConnection();
      await this.scanner?.start();
    }
    this.emit();
  }

  private emit(): void {
    const devices = this.statuses();
    const text = JSON.stringify(devices);
    if (text === this.lastSent) return;
    this.lastSent = text;
    for (const listener of [...this.statusListeners]) listener(devices);
  }
}

/**
 * The CardTerminal checkout holds: delegates to the configured ZVT terminal, or answers
 * CARD_TERMINAL_UNAVAILABLE ("not configured") without charging anything.
 */
export class DeviceCardTerminal implements CardTerminal {
  constructor(private readonly terminal: () => ZvtCardTerminal | null) {}

  authorize(amountMinor: number, options?: CardCallOptions): Promise<CardOutcome> {
    return this.with((t) => t.authorize(amountMinor, options));
  }

  refund(amountMinor: number, options?: CardCallOptions & { originalRef?: string | null }): Promise<CardOutcome> {
    return this.with((t) => t.refund(amountMinor, options));
  }

  reverse(ref: string, amountMinor: number, options?: CardCallOptions): Promise<CardOutcome> {
    return this.with((t) => t.reverse(ref, amountMinor, options));
  }

  /** The cashier's "cancel" while the terminal waits for the card. */
  async abort(): Promise<boolean> {
    return (await this.terminal()?.abort()) ?? false;
  }

  pendingOutcome(): PendingOutcome | null {
    return this.terminal()?.pendingOutcome() ?? null;
  }

  async resolvePending(options?: CardCallOptions): Promise<CardOutcome | null> {
    return (await this.terminal()?.resolvePending(options)) ?? null;
  }

  /**
   * Settles an unknown payment kept on the cart: the driver takes the kept recovery back when it
   * lost its own (a restart), then asks the terminal. Without a terminal, or without anything
   * the driver can go on, it stays unknown: never a guess.
   */
  async resolveUnknown(recovery: CardRecovery | null, options?: CardCallOptions): Promise<CardOutcome> {
    const t = this.terminal();
    const unknown = (message: string): CardOutcome => ({ approved: false, code: 'PAYMENT_STATUS_UNKNOWN', message, terminalTransactionRef: null, recovery });
    if (!t) return unknown('No card terminal is configured, so the payment cannot be checked. Configure the terminal it was taken on.');
    if (recovery) t.restorePending(recovery);
    const outcome = await t.resolvePending(options);
    return outcome ?? unknown('The card terminal has no record of this payment to check; look it up in the terminal\'s journal.');
  }

  /** A manager settled it from the terminal's journal (payment.resolveManually). */
  forgetUnknown(): void {
    this.terminal()?.clearPending();
  }

  endOfDay(options?: CardCallOptions): Promise<EndOfDayResult> {
    const t = this.terminal();
    if (!t) return Promise.reject(new KeelError('DEVICE_NOT_CONFIGURED', 'No card terminal is configured.', { kind: 'cardTerminal' }));
    return t.endOfDay(options);
  }

  private with(call: (t: ZvtCardTerminal) => Promise<CardOutcome>): Promise<CardOutcome> {
    const t = this.terminal();
    if (!t) return Promise.resolve({ approved: false, code: 'CARD_TERMINAL_UNAVAILABLE', message: 'No card terminal is configured. Nothing was charged.' });
    return call(t);
  }
}
