import type { SerialPortStream } from '@serialport/stream';
import { openDevicePort } from './device-port';
import { apdu, bcd, frame, llvar, panBmp, SimFrameReader, unbcd } from './zvt-sim-codec';

/**
 * A ZVT card terminal (PT) simulator on the device side of a PTY pair (DEVICES.md §3): it ACKs
 * every good frame at once, NAKs bad ones, repeats its own frames on NAK, and plays the
 * sequences of §3.5: registration, authorisation with intermediate status, Status-Information,
 * print lines and Completion/Abort, ECR abort, reversal, refund, end-of-day, status enquiry.
 * Like a real PT it books a payment only when the ECR acknowledged its Status-Information
 * ([P15 §2.2.6–2.2.9]); a payment cut off before that is not booked.
 * Behaviours: approve, decline, slow, drop the link at a chosen step, send garbage.
 */

export interface ZvtSimBehaviour {
  outcome: 'approve' | 'decline';
  declineCode: number;
  /** Pause between the PT's steps (a slow terminal or a slow host). */
  stepDelayMs: number;
  /** How long the PT waits "for the card": the window in which an ECR abort lands. */
  waitForCardMs: number;
  dropAt: null | 'after-command' | 'before-status-info' | 'after-status-info';
  /** Answer every frame with noise and broken frames, never an ACK. */
  garbage: boolean;
  /** Send each PT frame first with a broken CRC, so the ECR must NAK and the PT repeat. */
  corruptFirstTransmission: boolean;
  /** The card number as this PT reports it in BMP 22 ('*' = masked digit). */
  pan: string;
}

export interface JournalEntry {
  receiptNo: number;
  trace: number;
  amountMinor: number;
  kind: 'payment' | 'refund';
  state: 'booked' | 'reversed';
}

type Apdu = { cls: number; instr: number; data: number[] };

export class ZvtSimulator {
  behaviour: ZvtSimBehaviour = { outcome: 'approve', declineCode: 0x05, stepDelayMs: 0, waitForCardMs: 0, dropAt: null, garbage: false, corruptFirstTransmission: false, pan: '476173******0119' };
  readonly journal: JournalEntry[] = [];
  /** Every command the ECR sent, as "06 01". */
  readonly commands: string[] = [];
  private port: SerialPortStream | null = null;
  private reader = new SimFrameReader();
  private inbox: Apdu[] = [];
  private inboxWaiter: (() => void) | null = null;
  private ackWaiter: ((ok: boolean) => void) | null = null;
  private sending: Promise<unknown> = Promise.resolve();
  private aborted = false;
  private inTransaction = false;
  private nextReceipt = 1;
  private nextTrace = 100;

  constructor(
    readonly path: string,
    private readonly onDrop: () => Promise<void> = async () => this.stop(),
  ) {}

  async start(): Promise<void> {
    const port = await openDevicePort(this.path, 2);
    this.reader = new SimFrameReader();
    this.inbox = [];
    port.on('data', (chunk: Buffer) => this.onData(chunk));
    port.on('error', () => undefined);
    port.on('close', () => this.inboxWaiter?.());
    this.port = port;
    void this.serve(port);
  }

  async stop(): Promise<void> {
    const port = this.port;
    this.port = null;
    this.inboxWaiter?.();
    if (port?.isOpen) await new Promise<void>((resolve) => port.close(() => resolve()));
  }

  private write(bytes: Buffer | number[]): void {
    if (this.port?.isOpen) this.port.write(Buffer.from(bytes));
  }

  private onData(chunk: Buffer): void {
    for (const event of this.reader.feed(chunk)) {
      if (event.type === 'ack' || event.type === 'nak') this.ackWaiter?.(event.type === 'ack');
      else if (event.type === 'bad') this.write([0x15]);
      else if (this.behaviour.garbage) this.write([0x42, 0x10, 0x02, 0x01, 0x7f, 0x10, 0x03, 0x00, 0x00, 0x99]);
      else {
        this.write([0x06]);
        if (event.cls === 0x06 && event.instr === 0xb0 && this.inTransaction) {
          // ECR abort while the PT is master (§3.5): accepted, the transaction ends with 06 1E 6C.
          this.aborted = true;
          void this.send(apdu(0x80, 0x00)).catch(() => undefined);
          continue;
        }
        this.inbox.push(event);
        this.inboxWaiter?.();
      }
    }
  }

  /** Sends one APDU and waits for the ECR's ACK, repeating on NAK (§3.5). */
  private send(message: number[]): Promise<void> {
    const run = this.sending.then(async () => {
      for (let attempt = 0; attempt < 3; attempt += 1) {
        const good = frame(message);
        const bytes = attempt === 0 && this.behaviour.corruptFirstTransmission ? Buffer.concat([good.subarray(0, -1), Buffer.from([(good.at(-1) ?? 0) ^ 0xff])]) : good;
        const acked = new Promise<boolean>((resolve) => {
          const timer = setTimeout(() => resolve(false), 1000);
          this.ackWaiter = (ok) => {
            clearTimeout(timer);
            resolve(ok);
          };
        });
        this.write(bytes);
        if (await acked) return;
      }
      throw new Error('ECR did not acknowledge');
    });
    this.sending = run.catch(() => undefined);
    return run;
  }

  private async next(timeoutMs = 5000, port = this.port): Promise<Apdu | null> {
    const deadline = Date.now() + timeoutMs;
    while (this.inbox.length === 0) {
      if (!port?.isOpen || this.port !== port || Date.now() > deadline) return null;
      await new Promise<void>((resolve) => {
        this.inboxWaiter = resolve;
        setTimeout(resolve, 50);
      });
    }
    return this.inbox.shift() ?? null;
  }

  /** Sends a PT message and waits for the ECR's answer APDU (80 00 or 84 xx). */
  private async ask(message: number[]): Promise<Apdu | null> {
    await this.send(message);
    return this.next();
  }

  private async serve(port: SerialPortStream): Promise<void> {
    while (this.port === port && port.isOpen) {
      const command = await this.next(60_000, port);
      if (!command) continue;
      this.commands.push(`${hex(command.cls)} ${hex(command.instr)}`);
      await this.handle(command).catch(() => undefined);
      this.inTransaction = false;
    }
  }

  private async handle(c: Apdu): Promise<void> {
    const key = `${hex(c.cls)}${hex(c.instr)}`;
    if (key === '0600') {
      await this.send(apdu(0x80, 0x00));
      await this.ask(apdu(0x06, 0x0f, [0x19, 0x00, 0x29, ...bcd('52500001', 4)]));
    } else if (key === '0501') {
      await this.send(apdu(0x80, 0x00));
      await this.ask(apdu(0x06, 0x0f, [0xf0, 0xf0, 0xf5, ...Buffer.from('SIM01'), 0x00]));
    } else if (key === '0601' || key === '0631') {
      const at = key === '0601' ? 0 : 3;
      await this.payment(key === '0601' ? 'payment' : 'refund', Number(unbcd(c.data.slice(at + 1, at + 7))));
    } else if (key === '0630') await this.reversal(c.data);
    else if (key === '0650') await this.endOfDay();
    else await this.send(apdu(0x84, 0x83));
  }

  private async payment(kind: JournalEntry['kind'], amountMinor: number): Promise<void> {
    const b = this.behaviour;
    this.inTransaction = true;
    this.aborted = false;
    if (b.dropAt === 'after-command') return this.onDrop();
    await this.send(apdu(0x80, 0x00));
    await this.ask(apdu(0x04, 0xff, [0x0a]));
    await sleep(b.waitForCardMs, () => this.aborted);
    if (this.aborted) return void (await this.ask(apdu(0x06, 0x1e, [0x6c])));
    await this.ask(apdu(0x04, 0xff, [0x01]));
    await sleep(b.stepDelayMs);
    if (this.aborted) return void (await this.ask(apdu(0x06, 0x1e, [0x6c])));
    if (b.dropAt === 'before-status-info') return this.onDrop();
    const approved = b.outcome === 'approve';
    const entry: JournalEntry = { receiptNo: this.nextReceipt++, trace: this.nextTrace++, amountMinor, kind, state: 'booked' };
    const info = [0x27, approved ? 0x00 : b.declineCode, 0x04, ...bcd(String(amountMinor), 6), 0x0b, ...bcd(String(entry.trace), 3), 0x87, ...bcd(String(entry.receiptNo), 2)];
    const card = [...panBmp(b.pan), 0x8a, 10, 0x8b, ...llvar('VISA'), 0x3b, ...Buffer.from('A1B2C3\0\0')];
    const answer = await this.ask(apdu(0x04, 0x0f, approved ? [...info, ...card] : info));
    const acknowledged = answer?.cls === 0x80;
    if (approved && acknowledged) this.journal.push(entry);
    if (b.dropAt === 'after-status-info') return this.onDrop();
    await sleep(b.stepDelayMs);
    if (approved && acknowledged) {
      for (const line of ['KARTENZAHLUNG', 'VISA', `Betrag EUR ${(amountMinor / 100).toFixed(2)}`, `Beleg ${entry.receiptNo}`, 'GENEHMIGT']) {
        await this.ask(apdu(0x06, 0xd1, [0x00, ...Buffer.from(line, 'latin1')]));
      }
      await this.ask(apdu(0x06, 0x0f, [0x27, 0x00]));
    } else await this.ask(apdu(0x06, 0x1e, [approved ? 0x66 : b.declineCode]));
  }

  private async reversal(data: number[]): Promise<void> {
    const receiptNo = Number(unbcd(data.slice(4, 6)));
    const entry = this.journal.find((e) => e.receiptNo === receiptNo);
    await this.send(apdu(0x80, 0x00));
    if (!entry) return void (await this.ask(apdu(0x06, 0x1e, [0xb5])));
    if (entry.state === 'reversed') return void (await this.ask(apdu(0x06, 0x1e, [0xb4])));
    entry.state = 'reversed';
    const trace = this.nextTrace++;
    await this.ask(apdu(0x04, 0x0f, [0x27, 0x00, 0x04, ...bcd(String(entry.amountMinor), 6), 0x0b, ...bcd(String(trace), 3), 0x87, ...bcd(String(receiptNo), 2)]));
    await this.ask(apdu(0x06, 0xd1, [0x00, ...Buffer.from('STORNO', 'latin1')]));
    await this.ask(apdu(0x06, 0x0f, [0x27, 0x00]));
  }

  private async endOfDay(): Promise<void> {
    const booked = this.journal.filter((e) => e.state === 'booked');
    const total = booked.reduce((sum, e) => sum + (e.kind === 'payment' ? e.amountMinor : -e.amountMinor), 0);
    await this.send(apdu(0x80, 0x00));
    await this.ask(apdu(0x04, 0xff, [0x0e]));
    await this.ask(apdu(0x04, 0x0f, [0x27, 0x00, 0x04, ...bcd(String(Math.max(0, total)), 6)]));
    for (const line of ['KASSENSCHNITT', `Anzahl ${booked.length}`, `Summe EUR ${(total / 100).toFixed(2)}`]) {
      await this.ask(apdu(0x06, 0xd1, [0x00, ...Buffer.from(line, 'latin1')]));
    }
    await this.ask(apdu(0x06, 0x0f, [0x27, 0x00]));
    this.journal.length = 0;
  }
}

const hex = (b: number) => b.toString(16).padStart(2, '0').toUpperCase();

/** Sleeps `ms`, waking early when `stop()` says so. */
async function sleep(ms: number, stop: () => boolean = () => false): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end && !stop()) await new Promise((resolve) => setTimeout(resolve, Math.min(20, end - Date.now())));
}
