import path from 'node:path';
import { KeelError, type IpcEvent, type IpcEventPayload, type Report } from '@keel/shared';
import { CatalogReplica } from './catalog/replica';
import { randomIds, systemClock, type CoreClock, type IdSource } from './deps';
import { enrollWithServer } from './enrollment';
import { TerminalIdentitySchema, type TerminalIdentity } from './identity';
import type { CardTerminal } from './payments/card-terminal';
import { DeviceManager } from './devices/device-manager';
import { deviceReceiptPrinter } from './devices/core-receipts';
import { DeviceSettingsService } from './devices/device-settings';
import { serialScanHandler } from './devices/scan-feed';
import { People } from './people/people';
import { createReportService, type ReportService } from './reports/report-service';
import { createSaleServices, type SaleServices } from './sale/services';
import { Session } from './session';
import { rotateDailyBackup } from './store/backup';
import type { Db } from './store/database';
import { Meta } from './store/meta';
import { openLedger } from './store/open-ledger';
import { DEFAULT_SYNC_OPTIONS, SyncEngine, type SyncEngineOptions, type Timers } from './sync/engine';
import { JournalRecovery, RestoreGuardedJournal } from './sync/journal-recovery';
import { Outbox } from './sync/outbox';
import { HttpTransport } from './sync/transport';

/** Prints a completed document's receipt; resolves false when it did not print (never throws). */
export interface ReceiptPrinter {
  printSale(saleId: string, options?: { copy?: boolean }): Promise<boolean>;
  /** Pulses the cash drawer; false when there is no drawer or it did not open. */
  openDrawer(): Promise<boolean>;
  /** Prints an X or Z report through the print queue; `code` says why it did not print (it stays queued). */
  printReport(report: Report): Promise<{ printed: boolean; code: string | null }>;
}

export interface CoreOptions {
  dataDir: string;
  appVersion: string;
  clock?: CoreClock;
  ids?: IdSource;
  timers?: Timers;
  random?: () => number;
  fetch?: typeof fetch;
  /** Overrides the configured card terminal (tests); by default the serial devices are used. */
  cardTerminal?: CardTerminal;
  receiptPrinter?: ReceiptPrinter;
  /** Start the configured serial devices (off in tests that do not need them). */
  devices?: boolean;
  sync?: Partial<Omit<SyncEngineOptions, 'timers' | 'random'>>;
  requestTimeoutMs?: number;
  /** Start the periodic sync loop (off in tests that drive syncNow themselves). */
  autoSync?: boolean;
}


type Listener<E extends IpcEvent> = (payload: IpcEventPayload<E>) => void;

/**
 * The terminal itself, in plain Node (DESIGN.md "Where core runs"): one open ledger and the
 * services on top of it. Electron's utilityProcess, the browser host and tests all run this
 * same class; only the transport to the UI differs.
 */
export class TerminalCore {
  readonly meta: Meta;
  readonly replica: CatalogReplica;
  readonly people: People;
  readonly session: Session;
  readonly devices: DeviceManager;
  readonly deviceSettings: DeviceSettingsService;
  private receiptPrinter: ReceiptPrinter | null;
  private saleServices: SaleServices | null = null;
  private reportService: ReportService | null = null;
  private engine: SyncEngine | null = null;
  private journal: RestoreGuardedJournal | null = null;
  private outbox: Outbox | null = null;
  private readonly listeners = new Map<IpcEvent, Set<Listener<IpcEvent>>>();
  private readonly clock: CoreClock;
  private readonly ids: IdSource;

  private constructor(
    readonly db: Db,
    private readonly options: CoreOptions,
  ) {
    this.clock = options.clock ?? systemClock;
    this.ids = options.ids ?? randomIds;
    this.meta = new Meta(db);
    this.replica = new CatalogReplica(db);
    this.people = new People(db, this.clock);
    this.session = new Session(this.meta);
    this.devices = new DeviceManager({ db, meta: this.meta, clock: this.clock, ids: this.ids });
    this.devices.onStatus((devices) => this.emit('device.status', { devices }));
    this.devices.onScan(serialScanHandler((code) => this.services().cart.addByBarcode(code), (event) => this.emit('cart.scanned', event)));
    this.deviceSettings = new DeviceSettingsService({ devices: this.devices, session: this.session, people: this.people });
    this.receiptPrinter = options.receiptPrinter ?? deviceReceiptPrinter(db, this.replica, this.devices);
    const identity = this.identity();
    if (identity) this.attach(identity);
  }

  static async open(options: CoreOptions): Promise<TerminalCore> {
    const clock = options.clock ?? systemClock;
    const file = path.join(options.dataDir, 'keel.sqlite');
    const db = await openLedger(file, () => clock.now());
    await rotateDailyBackup(db, path.join(options.dataDir, 'backups'), clock.now());
    const core = new TerminalCore(db, options);
    if (options.devices ?? false) await core.devices.start();
    return core;
  }

  identity(): TerminalIdentity | null {
    const parsed = TerminalIdentitySchema.safeParse(this.meta.get('identity'));
    return parsed.success ? parsed.data : null;
  }

  async enroll(serverUrl: string, code: string, name: string): Promise<TerminalIdentity> {
    if (this.identity()) throw new KeelError('CONFLICT', 'This terminal is already enrolled.');
    const identity = await enrollWithServer(serverUrl, code, name, { ...(this.options.fetch ? { fetch: this.options.fetch } : {}) });
    this.meta.set('identity', identity);
    this.attach(identity);
    return identity;
  }

  services(): SaleServices {
    if (!this.saleServices) throw new KeelError('NOT_ENROLLED', 'Enroll this terminal with the server first.');
    return this.saleServices;
  }

  reports(): ReportService {
    if (!this.reportService) throw new KeelError('NOT_ENROLLED', 'Enroll this terminal with the server first.');
    return this.reportService;
  }

  sync(): SyncEngine | null {
    return this.engine;
  }

  syncEngine(): SyncEngine {
    if (!this.engine) throw new KeelError('NOT_ENROLLED', 'Enroll this terminal with the server first.');
    return this.engine;
  }

  get appVersion(): string {
    return this.options.appVersion;
  }

  get printer(): ReceiptPrinter | null {
    return this.receiptPrinter;
  }

  on<E extends IpcEvent>(event: E, listener: Listener<E>): () => void {
    const set = this.listeners.get(event) ?? new Set();
    set.add(listener as Listener<IpcEvent>);
    this.listeners.set(event, set);
    return () => set.delete(listener as Listener<IpcEvent>);
  }

  emit<E extends IpcEvent>(event: E, payload: IpcEventPayload<E>): void {
    for (const listener of this.listeners.get(event) ?? []) listener(payload);
  }

  /** After a journal write: let sync push it soon. A sale never waits for this. */
  journalChanged(): void {
    this.engine?.wake();
    if (this.engine) this.emit('sync.status', this.engine.status());
  }

  close(): void {
    this.engine?.stop();
    void this.devices.stop();
    this.db.close();
  }

  private attach(identity: TerminalIdentity): void {
    // Guarded: a ledger restored from a backup records nothing until sync has checked it (journal-recovery.ts).
    this.journal = new RestoreGuardedJournal(this.db, identity.terminalId, this.clock, this.ids, this.meta);
    this.outbox = new Outbox(this.db, this.journal, this.meta);
    const recovery = new JournalRecovery(this.db, this.meta, this.journal, this.outbox, identity.terminalId, this.replica, this.clock);
    this.saleServices = createSaleServices({
      db: this.db,
      journal: this.journal,
      catalog: this.replica,
      people: this.people,
      session: this.session,
      terminal: { terminalId: identity.terminalId, storeId: identity.storeId, terminalCode: identity.terminalCode },
      cardTerminal: this.options.cardTerminal ?? this.devices.cardTerminal,
      clock: this.clock,
      ids: this.ids,
    });
    this.reportService = createReportService({
      db: this.db,
      journal: this.journal,
      catalog: this.replica,
      people: this.people,
      session: this.session,
      terminal: { terminalId: identity.terminalId, storeId: identity.storeId, terminalCode: identity.terminalCode },
      clock: this.clock,
      ids: this.ids,
    });
    const transport = new HttpTransport(identity.serverUrl, identity.token, {
      timeoutMs: this.options.requestTimeoutMs ?? 10_000,
      now: () => this.clock.now(),
      ...(this.options.fetch ? { fetch: this.options.fetch } : {}),
    });
    this.engine = new SyncEngine(transport, this.outbox, this.replica, this.meta, this.clock, {
      ...DEFAULT_SYNC_OPTIONS,
      ...this.options.sync,
      timers: this.options.timers ?? { setTimeout: (fn, ms) => setTimeout(fn, ms).unref(), clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout) },
      random: this.options.random ?? Math.random,
    }, recovery);
    this.engine.onStatus((status) => this.emit('sync.status', status));
    if (this.options.autoSync ?? true) this.engine.start();
  }
}
