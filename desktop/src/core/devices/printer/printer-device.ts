import { KeelError, toKeelError, type DeviceStatus } from '@keel/shared';
import type { PrinterConfig } from '../config';
import type { PortOpener } from '../serial-link';
import { drawerPulse } from './escpos-render';
import { problemOf, realtimePulse, type PrinterCondition } from './escpos-status';
import { EscPosPrinter, type StatusReading } from './printer-driver';

export interface PrintAttempt {
  printed: boolean;
  /** Why not: an ERROR_TABLE code (PRINTER_PAPER_OUT, PRINTER_OFFLINE, PORT_OPEN_FAILED, ...). */
  code: string | null;
}

/**
 * A configured receipt printer with its cash drawer: current status for the status bar
 * (DESIGN.md invariant 7), polled every statusPollMs and on demand, and the print protocol that
 * decides whether a job really printed. `onChange` fires when a status changes; `onReady` when
 * the printer becomes able to print (the queue retries then).
 */
export class PrinterDevice {
  private readonly driver: EscPosPrinter;
  private printerStatus: DeviceStatus;
  private drawer: DeviceStatus | null;
  private canPrint = false;
  private timer: NodeJS.Timeout | null = null;
  private polling = false;

  constructor(
    readonly config: PrinterConfig,
    open: PortOpener,
    private readonly events: { onChange: () => void; onReady: () => void },
  ) {
    this.driver = new EscPosPrinter(config, open);
    this.printerStatus = { kind: 'printer', state: 'offline', code: 'PRINTER_OFFLINE', detail: `${config.port}: not checked yet` };
    this.drawer = config.drawer ? { kind: 'cashDrawer', state: 'offline', code: 'PRINTER_OFFLINE', detail: 'not checked yet' } : null;
  }

  statuses(): DeviceStatus[] {
    return this.drawer ? [this.printerStatus, this.drawer] : [this.printerStatus];
  }

  get status(): DeviceStatus {
    return this.printerStatus;
  }

  start(): void {
    if (this.timer) return;
    const tick = () => {
      if (this.polling) return;
      this.polling = true;
      void this.check().finally(() => (this.polling = false));
    };
    this.timer = setInterval(tick, this.config.statusPollMs);
    this.timer.unref();
    tick();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.driver.exclusive(() => this.driver.close());
  }

  /** Asks the printer now (DLE EOT 1–4) and updates the statuses. */
  check(): Promise<DeviceStatus> {
    return this.driver.exclusive(async () => {
      this.update(await this.read());
      return this.printerStatus;
    });
  }

  /**
   * One print attempt: asks first and sends nothing to a printer that cannot print; sends the
   * job; then, after the printer had time to print it (DLE EOT overtakes buffered data, §1.3),
   * asks again: paper out or cover open mid-receipt means the receipt is incomplete, so the job
   * is not printed and will be printed whole again.
   */
  print(bytes: Uint8Array, rows: number): Promise<PrintAttempt> {
    return this.driver.exclusive(async () => {
      const before = this.update(await this.read());
      if (!before.canPrint) return { printed: false, code: before.code };
      try {
        await this.driver.write(bytes);
      } catch {
        this.update({ kind: 'failed', code: 'PRINTER_OFFLINE', detail: 'the link was lost while sending' });
        return { printed: false, code: 'PRINTER_OFFLINE' };
      }
      await sleep(Math.ceil(rows / 10) * this.config.settleMsPer10Rows);
      const after = this.update(await this.read());
      return after.canPrint ? { printed: true, code: null } : { printed: false, code: after.code };
    });
  }

  /**
   * Opens the cash drawer. A printer that can print gets `ESC p` from the encoder; one that is
   * offline (paper out, cover open) gets the real-time `DLE DC4 1` instead, which printers
   * execute even offline (§1.2), so change can still be given. Then pin 3 is read back.
   */
  openDrawer(): Promise<{ drawerOpen: boolean | null }> {
    const drawer = this.config.drawer;
    if (!drawer) return Promise.reject(new KeelError('DEVICE_NOT_CONFIGURED', 'No cash drawer is configured on the receipt printer.', { kind: 'cashDrawer' }));
    return this.driver.exclusive(async () => {
      const before = this.update(await this.read());
      if (before.code === 'PORT_OPEN_FAILED' || before.code === 'PRINTER_OFFLINE') {
        throw new KeelError('DRAWER_UNAVAILABLE', 'The receipt printer that drives the cash drawer does not answer.', { cause: before.code });
      }
      const bytes = before.canPrint ? drawerPulse(drawer, this.config) : realtimePulse(drawer.pin, drawer.onMs);
      try {
        await this.driver.write(bytes);
      } catch (error) {
        throw new KeelError('DRAWER_UNAVAILABLE', 'The drawer pulse could not be sent.', undefined, { cause: error });
      }
      await sleep(drawer.onMs + 50);
      const after = this.update(await this.read());
      return { drawerOpen: after.drawerOpen };
    });
  }

  private async read(): Promise<Reading> {
    let reading: StatusReading;
    try {
      reading = await this.driver.readStatus();
    } catch (error) {
      const known = toKeelError(error);
      const reason = (known.details as { reason?: string } | undefined)?.reason;
      return { kind: 'failed', code: known.code === 'PORT_OPEN_FAILED' ? 'PORT_OPEN_FAILED' : 'PRINTER_OFFLINE', detail: reason ?? 'cannot open port' };
    }
    if (!reading.answered) return { kind: 'failed', code: 'PRINTER_OFFLINE', detail: 'no answer to DLE EOT' };
    return { kind: 'answered', condition: reading.condition };
  }

  private update(reading: Reading): { canPrint: boolean; code: string | null; drawerOpen: boolean | null } {
    const port = this.config.port;
    let printer: DeviceStatus;
    let drawerOpen: boolean | null = null;
    let canPrint = false;
    if (reading.kind === 'failed') {
      printer = { kind: 'printer', state: 'offline', code: reading.code, detail: `${port}: ${reading.detail}`.slice(0, 200) };
    } else {
      const problem = problemOf(reading.condition);
      canPrint = problem.canPrint;
      const state = problem.code === null ? 'ok' : problem.canPrint ? 'degraded' : 'error';
      printer = { kind: 'printer', state, ...(problem.code ? { code: problem.code } : {}), detail: `${this.config.model ?? 'ESC/POS'} on ${port}${problem.detail ? `: ${problem.detail}` : ''}`.slice(0, 200) };
      drawerOpen = drawerOpenOf(reading.condition, this.config.drawer?.openWhenPin3 ?? 'low');
    }
    const drawer: DeviceStatus | null = !this.drawer
      ? null
      : reading.kind === 'failed'
        ? { kind: 'cashDrawer', state: 'offline', code: reading.code, detail: 'printer not answering' }
        : { kind: 'cashDrawer', state: 'ok', detail: drawerOpen === null ? 'unknown' : drawerOpen ? 'open' : 'closed' };
    const changed = !same(printer, this.printerStatus) || (drawer !== null && this.drawer !== null && !same(drawer, this.drawer));
    const becameReady = canPrint && !this.canPrint;
    this.printerStatus = printer;
    this.drawer = drawer;
    this.canPrint = canPrint;
    if (changed) this.events.onChange();
    if (becameReady) this.events.onReady();
    return { canPrint, code: printer.code ?? null, drawerOpen };
  }
}

type Reading = { kind: 'failed'; code: 'PORT_OPEN_FAILED' | 'PRINTER_OFFLINE'; detail: string } | { kind: 'answered'; condition: PrinterCondition };

/** Pin 3 level → open/closed with the configured polarity (§1.7). */
export function drawerOpenOf(condition: PrinterCondition, openWhenPin3: 'low' | 'high'): boolean | null {
  if (condition.drawerPin3High === null) return null;
  return openWhenPin3 === 'high' ? condition.drawerPin3High : !condition.drawerPin3High;
}

function same(a: DeviceStatus, b: DeviceStatus): boolean {
  return a.kind === b.kind && a.state === b.state && a.code === b.code && a.detail === b.detail;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
