import type { PrinterConfig } from '../config';
import type { PortOpener, SerialConnection } from '../serial-link';
import { conditionOf, STATUS_REQUEST_KINDS, statusRequest, StatusReader, type PrinterCondition, type StatusKind } from './escpos-status';

export type StatusReading = { answered: false } | { answered: true; condition: PrinterCondition };

/**
 * The ESC/POS printer on its serial port: opens the port when needed, sends bytes, and asks
 * DLE EOT 1–4 (§1.3). Only one conversation at a time: the replies are single bytes with no
 * request id, so a status query and a job never overlap (`exclusive`). A lost link closes the
 * connection; the next call opens the port again.
 */
export class EscPosPrinter {
  private connection: SerialConnection | null = null;
  private readonly reader = new StatusReader();
  private pending: { replies: number[]; done: () => void } | null = null;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly config: PrinterConfig,
    private readonly open: PortOpener,
  ) {}

  get port(): string {
    return this.config.port;
  }

  /** Runs `work` when no other conversation with the printer is going on. */
  exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /**
   * Sends DLE EOT 1, 2, 3, 4 back to back (up to 8 are allowed, §1.3) and waits for the four
   * one-byte replies. No reply within statusTimeoutMs: the printer does not answer. Some
   * printers know only n=1..3 (§1.4 "Variance"); whatever arrived counts.
   */
  async readStatus(): Promise<StatusReading> {
    const connection = await this.connect();
    const replies: number[] = [];
    const finished = new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, this.config.statusTimeoutMs);
      this.pending = {
        replies,
        done: () => {
          clearTimeout(timer);
          resolve();
        },
      };
    });
    try {
      await connection.write(concat(STATUS_REQUEST_KINDS.map(statusRequest)));
      await finished;
    } catch {
      this.pending?.done();
      return { answered: false };
    } finally {
      this.pending = null;
    }
    if (replies.length === 0) return { answered: false };
    const byKind: Partial<Record<StatusKind, number>> = {};
    replies.forEach((byte, i) => {
      const kind = STATUS_REQUEST_KINDS[i];
      if (kind !== undefined) byKind[kind] = byte;
    });
    return { answered: true, condition: conditionOf(byKind) };
  }

  async write(bytes: Uint8Array): Promise<void> {
    const connection = await this.connect();
    await connection.write(bytes);
  }

  async close(): Promise<void> {
    const connection = this.connection;
    this.connection = null;
    await connection?.close();
  }

  private async connect(): Promise<SerialConnection> {
    if (this.connection?.isOpen) return this.connection;
    const flow = this.config.flowControl;
    const connection = await this.open({
      path: this.config.port,
      baudRate: this.config.baudRate,
      rtscts: flow === 'rtscts',
      xon: flow === 'xonxoff',
      xoff: flow === 'xonxoff',
    });
    connection.onData((chunk) => {
      for (const event of this.reader.feed(chunk)) {
        // Replies that come when nobody asked (late ones) are dropped: they cannot be matched.
        if (event.type !== 'status' || !this.pending) continue;
        this.pending.replies.push(event.byte);
        if (this.pending.replies.length === STATUS_REQUEST_KINDS.length) this.pending.done();
      }
    });
    connection.onClose(() => {
      if (this.connection === connection) this.connection = null;
      this.pending?.done();
    });
    this.connection = connection;
    return connection;
  }
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
