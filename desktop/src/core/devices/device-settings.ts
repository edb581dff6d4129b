import {
  ERROR_TABLE,
  isKnownErrorCode,
  toKeelError,
  type DeviceCheck,
  type DeviceSettings,
  type DeviceSettingsView,
  type DeviceStatus,
  type EndOfDay,
} from '@keel/shared';
import type { PeopleService } from '../catalog/types';
import { approverFor, requirePerson, type SessionReader } from '../sale/context';
import { ESC_POS_MODELS, SERIAL_BAUD_RATES, ZVT_BAUD_RATES, type DevicesConfig } from './config';
import type { DeviceKind, DeviceManager } from './device-manager';

export interface DeviceSettingsDeps {
  devices: DeviceManager;
  session: SessionReader;
  people: PeopleService;
}

/**
 * The device settings screen's side in core (issue 6 "Configuration"): the stored
 * configuration as the form shows it, saving it (merged into what is stored, then validated
 * whole: INVALID_INPUT with paths), and the checks a shop's IT person runs. Every check
 * answers a DeviceCheck, ok or a code from the one error table with its meaning and the
 * device's own detail, never a bare failure. Changing or exercising devices needs a supervisor
 * or manager (a cashier with an approver's PIN).
 */
export class DeviceSettingsService {
  constructor(private readonly deps: DeviceSettingsDeps) {}

  view(): DeviceSettingsView {
    const problem = this.deps.devices.configProblem();
    return {
      settings: settingsOf(this.deps.devices.config()),
      problem: problem ? { code: problem.code, message: problem.message } : null,
      printerModels: [...ESC_POS_MODELS],
      printerBaudRates: [...SERIAL_BAUD_RATES],
      cardTerminalBaudRates: [...ZVT_BAUD_RATES],
    };
  }

  async save(settings: DeviceSettings, approverPin?: string): Promise<DeviceSettingsView> {
    this.authorise(approverPin);
    await this.deps.devices.configure(merge(this.deps.devices.config(), settings));
    return this.view();
  }

  statuses(): { devices: DeviceStatus[] } {
    return { devices: this.deps.devices.statuses() };
  }

  async testPrint(approverPin?: string): Promise<DeviceCheck> {
    this.authorise(approverPin);
    const printer = () => this.deps.devices.statuses().find((s) => s.kind === 'printer') ?? null;
    try {
      const outcome = await this.deps.devices.testPrint();
      if (outcome.printed) return check(null, 'The test slip printed.', printer());
      const status = printer();
      return check(outcome.code ?? status?.code ?? 'PRINTER_ERROR', status?.detail ?? 'The test slip did not print.', status);
    } catch (error) {
      return failed(error, printer());
    }
  }

  async testConnection(kind: DeviceKind, approverPin?: string): Promise<DeviceCheck> {
    this.authorise(approverPin);
    try {
      return checkOf(await this.deps.devices.testConnection(kind));
    } catch (error) {
      return failed(error, this.deps.devices.statuses().find((s) => s.kind === kind) ?? null);
    }
  }

  /** The card terminal's end-of-day (ZVT 06 50): its totals and receipt lines, or why not. */
  async endOfDay(approverPin?: string): Promise<EndOfDay> {
    this.authorise(approverPin);
    const card = () => this.deps.devices.statuses().find((s) => s.kind === 'cardTerminal') ?? null;
    try {
      const result = await this.deps.devices.cardTerminal.endOfDay();
      const base = result.ok ? check(null, result.message, card()) : check('CARD_TERMINAL_ERROR', result.message, card());
      const receiptLines = result.receiptLines.map((l) => l.slice(0, 64)).slice(0, 200);
      return { ...base, totalMinor: result.totalMinor, receiptLines, ...(await this.printTerminalLines(receiptLines)) };
    } catch (error) {
      // A link failure leaves its mark on the terminal's status (no answer, protocol error).
      const status = card();
      const known = toKeelError(error);
      const base = known.code === 'INTERNAL' && status && status.state !== 'ok' ? checkOf(status) : failed(error, status);
      return { ...base, totalMinor: null, receiptLines: [], receiptPrinted: false, printCode: null };
    }
  }

  /** The card terminal's end-of-day lines on the receipt printer, through the durable print queue. */
  private async printTerminalLines(lines: string[]): Promise<{ receiptPrinted: boolean; printCode: string | null }> {
    if (lines.length === 0) return { receiptPrinted: false, printCode: null };
    if (!this.deps.devices.config().printer) return { receiptPrinted: false, printCode: 'DEVICE_NOT_CONFIGURED' };
    try {
      const title = 'Card terminal end-of-day';
      const outcome = await this.deps.devices.receipts.printReport(null, title, () => [title, '', ...lines]);
      return { receiptPrinted: outcome.printed, printCode: outcome.printed ? null : (outcome.code ?? 'PRINTER_ERROR') };
    } catch {
      return { receiptPrinted: false, printCode: 'PRINTER_ERROR' };
    }
  }

  private authorise(approverPin: string | undefined): void {
    const person = requirePerson(this.deps);
    approverFor(this.deps, person, 'supervisor', approverPin);
  }
}

function settingsOf(config: DevicesConfig): DeviceSettings {
  const { printer, cardTerminal, scanner } = config;
  return {
    printer: printer
      ? { port: printer.port, baudRate: printer.baudRate, model: printer.model, drawer: printer.drawer ? { pin: printer.drawer.pin, openWhenPin3: printer.drawer.openWhenPin3 } : null }
      : null,
    // The ZVT password is never read back.
    cardTerminal: cardTerminal ? { port: cardTerminal.port, baudRate: cardTerminal.baudRate, model: cardTerminal.model } : null,
    scanner: scanner ? { port: scanner.port, baudRate: scanner.baudRate } : null,
  };
}

/** The form's fields over what is stored, so settings the form does not show (timeouts, password) are kept. */
function merge(stored: DevicesConfig, s: DeviceSettings): unknown {
  return {
    printer: s.printer
      ? {
          ...stored.printer,
          port: s.printer.port,
          baudRate: s.printer.baudRate,
          model: s.printer.model,
          drawer: s.printer.drawer ? { ...stored.printer?.drawer, ...s.printer.drawer } : null,
        }
      : null,
    cardTerminal: s.cardTerminal
      ? {
          ...stored.cardTerminal,
          port: s.cardTerminal.port,
          baudRate: s.cardTerminal.baudRate,
          model: s.cardTerminal.model,
          ...(s.cardTerminal.password ? { password: s.cardTerminal.password } : {}),
        }
      : null,
    scanner: s.scanner ? { ...stored.scanner, ...s.scanner } : null,
  };
}

function meaningOf(code: string | null): string {
  return code && isKnownErrorCode(code) ? ERROR_TABLE[code].summary : '';
}

function check(code: string | null, detail: string, status: DeviceStatus | null): DeviceCheck {
  return { ok: code === null, code, meaning: meaningOf(code), detail: detail.slice(0, 300), status };
}

/** A device's state as a check: ok and degraded (paper low) work; anything else says its code. */
function checkOf(status: DeviceStatus): DeviceCheck {
  const works = status.state === 'ok' || status.state === 'degraded';
  const code = works ? null : (status.code ?? 'DEVICE_NO_ANSWER');
  const result = check(code, status.detail ?? '', status);
  // Paper low still prints, but the IT person should hear of it.
  return status.state === 'degraded' && status.code ? { ...result, code: status.code, meaning: meaningOf(status.code) } : result;
}

function failed(error: unknown, status: DeviceStatus | null): DeviceCheck {
  const known = toKeelError(error);
  return check(known.code, known.message, status);
}
