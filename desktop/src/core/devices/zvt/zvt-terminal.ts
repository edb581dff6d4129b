import { KeelError, type DeviceStatus } from '@keel/shared';
import { CardRecoverySchema, type CardCallOptions, type CardOutcome, type CardRecovery, type CardStatusUnknown, type CardTerminal } from '../../payments/card-terminal';
import type { CardTerminalConfig } from '../config';
import type { PortOpener } from '../serial-link';
import * as cmd from './commands';
import { describeResult } from './codes';
import { ZvtLink } from './link';
import { failureOf, outcomeOf, receiptNoOf, refOf, statusOfError, unavailable } from './outcomes';
import { newProgress, runCommand, terminalStatusOf, ZvtProtocolError, type CommandResult, type Progress } from './session';

type Op = 'authorize' | 'refund' | 'reverse';

/** A payment whose outcome is unknown: the link failed after the PT had the command (DESIGN.md "Devices"). */
export interface PendingOutcome {
  op: Op;
  amountMinor: number;
  /** For a reversal: the receipt number being reversed. */
  receiptNo: string | null;
  progress: Progress;
}

export interface EndOfDayResult {
  ok: boolean;
  message: string;
  totalMinor: number | null;
  receiptLines: string[];
}

/**
 * The card terminal over ZVT on RS-232 (DEVICES.md §3), implementing checkout's CardTerminal.
 * One command at a time (the PT is master until it completes, §3.4); only `abort` may be sent
 * meanwhile. A link lost after the PT acknowledged a payment command leaves a PendingOutcome and
 * answers PAYMENT_STATUS_UNKNOWN; `resolvePending` settles it with the PT's own answers — a
 * status enquiry or a reversal — and never by guessing an approval.
 */
export class ZvtCardTerminal implements CardTerminal {
  private link: ZvtLink | null = null;
  private registered = false;
  private running = false;
  private pending: PendingOutcome | null = null;
  private current: DeviceStatus;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    readonly config: CardTerminalConfig,
    private readonly open: PortOpener,
    private readonly onChange: () => void = () => undefined,
  ) {
    this.current = { kind: 'cardTerminal', state: 'offline', code: 'DEVICE_NO_ANSWER', detail: `${config.port}: not checked yet` };
  }

  status(): DeviceStatus {
    return this.current;
  }

  pendingOutcome(): PendingOutcome | null {
    return this.pending;
  }

  authorize(amountMinor: number, options: CardCallOptions = {}): Promise<CardOutcome> {
    return this.payment('authorize', amountMinor, null, cmd.authorisation(this.config, amountMinor), options);
  }

  refund(amountMinor: number, options: CardCallOptions & { originalRef?: string | null } = {}): Promise<CardOutcome> {
    return this.payment('refund', amountMinor, null, cmd.refund(this.config, amountMinor), options);
  }

  reverse(ref: string, amountMinor: number, options: CardCallOptions = {}): Promise<CardOutcome> {
    const receiptNo = receiptNoOf(ref);
    if (!receiptNo) return Promise.resolve({ approved: false, code: 'CARD_TERMINAL_UNAVAILABLE', message: 'This payment has no terminal receipt number to reverse; refund it instead.' });
    return this.payment('reverse', amountMinor, receiptNo, cmd.reversal(this.config, receiptNo), options);
  }

  /** The cashier cancels from the till: ECR abort 06 B0 while a payment runs (§3.5). False when nothing runs or it could not be sent. */
  async abort(): Promise<boolean> {
    if (!this.running || !this.link) return false;
    return this.link.send(cmd.ecrAbort()).then(() => true, () => false);
  }

  /** "Test connection": registers again (06 00) and reports the status. */
  testConnection(): Promise<DeviceStatus> {
    return this.exclusive(async () => {
      this.registered = false;
      await this.ready().catch(() => undefined);
      return this.current;
    });
  }

  /** Status Enquiry 05 01: the PT's terminal status code (§3.8), or null when it did not answer. */
  statusEnquiry(): Promise<number | null> {
    return this.exclusive(() => this.enquire());
  }

  endOfDay(options: CardCallOptions = {}): Promise<EndOfDayResult> {
    return this.exclusive(async () => {
      const result = await this.run(cmd.endOfDay(this.config), newProgress(), options);
      if (result.kind !== 'completed') return { ok: false, message: describeResult(result.resultCode), totalMinor: null, receiptLines: result.kind === 'aborted' ? result.printLines : [] };
      return { ok: true, message: 'End-of-day completed', totalMinor: result.statusInfo?.amountMinor ?? null, receiptLines: result.printLines };
    });
  }

  /**
   * Settles a payment whose outcome is unknown. Never guesses an approval:
   * - the PT approved and Keel may have acknowledged it (so it may be booked): reverse it by its
   *   receipt number; "reversed" or "already reversed" (B4) means nothing was charged;
   * - Keel never acknowledged a result: a PT books only acknowledged results and reverses the
   *   rest itself ([P15 §2.2.6–2.2.9], §3.5), so once the PT answers a Status Enquiry as idle,
   *   nothing was charged;
   * - a reversal that was cut off is simply sent again (B4 = it had gone through).
   * Returns null when nothing is pending; PAYMENT_STATUS_UNKNOWN again when the PT cannot tell yet.
   */
  resolvePending(options: CardCallOptions = {}): Promise<CardOutcome | null> {
    return this.exclusive(() => this.resolve(options));
  }

  /**
   * Takes back a pending outcome kept outside this process (on the cart, across a restart):
   * only when nothing is pending here already, which is then the newer truth.
   */
  restorePending(recovery: CardRecovery): void {
    if (this.pending) return;
    this.pending = pendingOf(recovery);
    this.set({ kind: 'cardTerminal', state: 'error', code: 'PAYMENT_STATUS_UNKNOWN', detail: 'a payment outcome is unknown: resolve it' });
  }

  /** A manager settled it by hand (the terminal's journal): forget it. */
  clearPending(): void {
    this.settled();
  }

  private settled(): void {
    this.pending = null;
    this.set({ kind: 'cardTerminal', state: 'ok', detail: `ZVT on ${this.config.port}` });
  }

  async close(): Promise<void> {
    await this.dropLink();
  }

  private payment(op: Op, amountMinor: number, receiptNo: string | null, command: Uint8Array, options: CardCallOptions): Promise<CardOutcome> {
    if (!Number.isSafeInteger(amountMinor) || amountMinor <= 0) return Promise.reject(new RangeError('a card amount is a positive integer'));
    return this.exclusive(async () => {
      if (this.pending) {
        const earlier = await this.resolve(options);
        if (earlier && !earlier.approved && earlier.code === 'PAYMENT_STATUS_UNKNOWN') {
          return { approved: false, code: 'CARD_TERMINAL_UNAVAILABLE', message: 'An earlier card payment is still unresolved; resolve it first. Nothing was charged now.' };
        }
      }
      const progress = newProgress();
      try {
        return outcomeOf(await this.run(command, progress, options));
      } catch (error) {
        if (!progress.delivered) return unavailable(this.current);
        this.pending = { op, amountMinor, receiptNo, progress };
        const what = error instanceof ZvtProtocolError ? 'The card terminal broke the ZVT protocol' : 'The link to the card terminal was lost';
        const doubt = { authorize: 'the payment; whether the card was charged', refund: 'the refund; whether the money went back to the card', reverse: 'the reversal; whether the payment was taken back' }[op];
        return this.unknown(progress, `${what} during ${doubt} is not known yet.`);
      }
    });
  }

  private async resolve(options: CardCallOptions): Promise<CardOutcome | null> {
    const p = this.pending;
    if (!p) return null;
    const info = p.progress.statusInfo;
    // A refund in doubt is money that may have gone back to the card, not a charge.
    const [what, nothing] = p.op === 'refund' ? ['refund', 'nothing went back to the card'] : ['payment', 'nothing was charged'];
    try {
      if (p.op === 'reverse' && p.receiptNo) {
        const result = await this.run(cmd.reversal(this.config, p.receiptNo), newProgress(), options);
        this.settled();
        return alreadyReversed(result) ? approvalOf(result) : outcomeOf(result);
      }
      if (p.progress.acknowledged && info?.resultCode === 0x00) {
        if (!info.receiptNo) return this.unknown(p.progress, 'The terminal approved but gave no receipt number to reverse; check its journal.');
        const result = await this.run(cmd.reversal(this.config, info.receiptNo), newProgress(), options);
        if (result.kind === 'completed' || alreadyReversed(result)) {
          this.settled();
          return { approved: false, code: 'CARD_ABORTED', message: `The ${what} did not complete; it was reversed at the terminal, so ${nothing}.` };
        }
        return this.unknown(p.progress, `The reversal was refused (${describeResult(result.resultCode)}); check the terminal's journal.`);
      }
      if (p.progress.acknowledged && info?.resultCode != null) {
        this.settled();
        return failureOf(info.resultCode);
      }
      const terminalStatus = await this.enquire();
      if (terminalStatus === null) return this.unknown(p.progress, 'The card terminal gave no status (is it on and connected?); try again.');
      if (terminalStatus === 0x9c) return this.unknown(p.progress, 'The card terminal cannot tell yet; try again.');
      this.settled();
      return { approved: false, code: 'CARD_ABORTED', message: `The ${what} did not complete and the terminal did not book it; ${nothing}.` };
    } catch {
      return this.unknown(p.progress, `The card terminal still does not answer; the ${what} outcome is unknown.`);
    }
  }

  private unknown(progress: Progress, message: string): CardStatusUnknown {
    this.set({ kind: 'cardTerminal', state: 'error', code: 'PAYMENT_STATUS_UNKNOWN', detail: 'a payment outcome is unknown: resolve it' });
    return { approved: false, code: 'PAYMENT_STATUS_UNKNOWN', message, terminalTransactionRef: refOf(progress.statusInfo), recovery: this.pending ? recoveryOf(this.pending) : null };
  }

  private async enquire(): Promise<number | null> {
    try {
      const result = await this.run(cmd.statusEnquiry(this.config), newProgress(), {});
      return result.kind === 'completed' ? terminalStatusOf(result.data) : null;
    } catch {
      return null;
    }
  }

  /** Runs one command on a registered link; a link failure drops the link (the next call reopens). */
  private async run(command: Uint8Array, progress: Progress, options: CardCallOptions): Promise<CommandResult> {
    const link = await this.ready();
    this.running = true;
    try {
      const result = await runCommand(link, command, this.config.timing, progress, options.onStatus);
      if (result.kind !== 'completed' && result.resultCode === 0x6b) this.registered = false;
      if (!this.pending) this.set({ kind: 'cardTerminal', state: 'ok', detail: `ZVT on ${this.config.port}` });
      return result;
    } catch (error) {
      this.set(statusOfError(error, this.config.port));
      await this.dropLink();
      throw error;
    } finally {
      this.running = false;
    }
  }

  /** An open link on which the PT accepted Registration (06 00, §3.6). */
  private async ready(): Promise<ZvtLink> {
    try {
      if (!this.link?.isOpen) {
        this.registered = false;
        const connection = await this.open({ path: this.config.port, baudRate: this.config.baudRate, stopBits: this.config.stopBits });
        this.link = new ZvtLink(connection, this.config.timing);
      }
      if (!this.registered) {
        const result = await runCommand(this.link, cmd.registration(this.config), this.config.timing, newProgress());
        if (result.kind !== 'completed') throw new KeelError('CARD_TERMINAL_ERROR', `Registration refused: ${describeResult(result.resultCode)}`, { resultCode: result.resultCode });
        this.registered = true;
        if (!this.pending) this.set({ kind: 'cardTerminal', state: 'ok', detail: `ZVT on ${this.config.port}` });
      }
      return this.link;
    } catch (error) {
      this.set(statusOfError(error, this.config.port));
      await this.dropLink();
      throw error;
    }
  }

  private async dropLink(): Promise<void> {
    const link = this.link;
    this.link = null;
    this.registered = false;
    await link?.close().catch(() => undefined);
  }

  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private set(status: DeviceStatus): void {
    const before = this.current;
    this.current = status;
    if (before.state !== status.state || before.code !== status.code || before.detail !== status.detail) this.onChange();
  }
}

function alreadyReversed(result: CommandResult): boolean {
  return result.kind !== 'completed' && result.resultCode === 0xb4;
}

function approvalOf(result: CommandResult): CardOutcome {
  return result.kind === 'completed' ? outcomeOf(result) : { approved: true, brand: 'CARD', maskedPan: '', authCode: null, terminalTransactionRef: null, receiptLines: [] };
}

const DIGITS = /^\d{1,6}$/;
const digits = (value: string | null | undefined): string | null => (value && DIGITS.test(value) ? value : null);

/** The pending outcome as it is kept with the cart: how far it got, no card data (DESIGN.md invariant 8). */
export function recoveryOf(p: PendingOutcome): CardRecovery {
  const info = p.progress.statusInfo;
  return CardRecoverySchema.parse({
    op: p.op,
    amountMinor: p.amountMinor,
    reversing: digits(p.receiptNo),
    delivered: p.progress.delivered,
    acknowledged: p.progress.acknowledged,
    resultCode: info?.resultCode ?? null,
    receiptNo: digits(info?.receiptNo),
    trace: digits(info?.trace),
  });
}

function pendingOf(r: CardRecovery): PendingOutcome {
  const hasInfo = r.resultCode !== null || r.receiptNo !== null;
  return {
    op: r.op,
    amountMinor: r.amountMinor,
    receiptNo: r.reversing,
    progress: {
      delivered: r.delivered,
      acknowledged: r.acknowledged,
      statusInfo: hasInfo
        ? { resultCode: r.resultCode, amountMinor: r.amountMinor, trace: r.trace, receiptNo: r.receiptNo, maskedPan: null, brand: null, authCode: null, terminalId: null }
        : null,
    },
  };
}
