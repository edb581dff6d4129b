import { toKeelError, type DeviceStatus } from '@keel/shared';
import type { ScannerConfig } from './config';
import type { PortOpener, SerialConnection } from './serial-link';

export type ScanEvent = { type: 'code'; code: string } | { type: 'rejected'; reason: 'too-long' | 'not-printable' };

/**
 * Splits a serial scanner's byte stream into codes: one per line ending in CR, LF or CR LF
 * (the usual scanner suffixes). Lines may be split or merged across `data` events (§4.4).
 * A line longer than `maxLength` or with control characters is noise, not a barcode.
 */
export class ScanLineSplitter {
  private line: number[] = [];
  private overflow = false;

  constructor(private readonly maxLength: number) {}

  feed(chunk: Uint8Array): ScanEvent[] {
    const events: ScanEvent[] = [];
    for (const byte of chunk) {
      if (byte === 0x0d || byte === 0x0a) {
        this.end(events);
        continue;
      }
      if (this.line.length >= this.maxLength) this.overflow = true;
      else this.line.push(byte);
    }
    return events;
  }

  private end(events: ScanEvent[]): void {
    const bytes = this.line;
    const overflow = this.overflow;
    this.line = [];
    this.overflow = false;
    if (overflow) return void events.push({ type: 'rejected', reason: 'too-long' });
    if (bytes.length === 0) return; // the LF of a CR LF, or an empty line
    if (bytes.some((b) => b < 0x20 || b > 0x7e)) return void events.push({ type: 'rejected', reason: 'not-printable' });
    const code = String.fromCharCode(...bytes).trim();
    if (code) events.push({ type: 'code', code });
  }
}

/**
 * A serial barcode scanner: its codes go to `onCode`, the same path as a keyboard-wedge scan
 * (cart.addByBarcode, DESIGN.md "The spine", step 1). Reopens the port after it was lost.
 */
export class ScannerReader {
  private connection: SerialConnection | null = null;
  private current: DeviceStatus;
  private retry: NodeJS.Timeout | null = null;
  private stopped = true;

  constructor(
    readonly config: ScannerConfig,
    private readonly open: PortOpener,
    private readonly onCode: (code: string) => void,
    private readonly onChange: () => void = () => undefined,
    private readonly reopenMs = 2000,
  ) {
    this.current = { kind: 'scanner', state: 'offline', code: 'DEVICE_NO_ANSWER', detail: `${config.port}: not opened yet` };
  }

  status(): DeviceStatus {
    return this.current;
  }

  async start(): Promise<DeviceStatus> {
    this.stopped = false;
    await this.connect();
    return this.current;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retry) clearTimeout(this.retry);
    this.retry = null;
    const connection = this.connection;
    this.connection = null;
    await connection?.close();
  }

  private async connect(): Promise<void> {
    if (this.stopped || this.connection?.isOpen) return;
    try {
      const connection = await this.open({ path: this.config.port, baudRate: this.config.baudRate });
      const splitter = new ScanLineSplitter(this.config.maxLength);
      connection.onData((chunk) => {
        for (const event of splitter.feed(chunk)) if (event.type === 'code') this.onCode(event.code);
      });
      connection.onClose((error) => {
        if (this.connection !== connection) return;
        this.connection = null;
        if (error) this.set({ kind: 'scanner', state: 'offline', code: 'DEVICE_NO_ANSWER', detail: `${this.config.port}: link lost` });
        this.scheduleReconnect();
      });
      this.connection = connection;
      // A serial scanner says nothing until it scans: an open port is all that can be checked.
      this.set({ kind: 'scanner', state: 'ok', detail: `scanner on ${this.config.port}` });
    } catch (error) {
      const known = toKeelError(error);
      const reason = (known.details as { reason?: string } | undefined)?.reason ?? 'cannot open';
      this.set({ kind: 'scanner', state: 'offline', code: 'PORT_OPEN_FAILED', detail: `${this.config.port}: ${reason}`.slice(0, 200) });
      this.scheduleReconnect();
    }
  }

  private scheduleReconnect(): void {
    if (this.stopped || this.retry) return;
    this.retry = setTimeout(() => {
      this.retry = null;
      void this.connect();
    }, this.reopenMs);
    this.retry.unref();
  }

  private set(status: DeviceStatus): void {
    const before = this.current;
    this.current = status;
    if (before.state !== status.state || before.code !== status.code || before.detail !== status.detail) this.onChange();
  }
}
