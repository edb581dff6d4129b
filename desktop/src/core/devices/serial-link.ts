import { SerialPortStream } from '@serialport/stream';
import { KeelError } from '@keel/shared';
import { hangupAwareBinding } from './serial-binding';

/**
 * The one place that touches `serialport`. Drivers take a PortOpener so tests and the host can
 * pass another transport (STYLE.md: pass the serial port factory in). Facts it is built on
 * (DEVICES.md §4.2): open() flushes input that arrived before it; a lost link shows up as an
 * `error` (EIO on write) or as end of file on read (serial-binding.ts), then up to two `close`
 * events, so closing is reported once; modem lines are not touched because PTYs refuse them.
 */

export interface SerialOptions {
  path: string;
  baudRate: number;
  dataBits?: 8 | 7;
  stopBits?: 1 | 2;
  parity?: 'none' | 'even' | 'odd';
  rtscts?: boolean;
  xon?: boolean;
  xoff?: boolean;
}

export interface SerialConnection {
  readonly path: string;
  readonly isOpen: boolean;
  /** Resolves once the bytes were handed to the OS (written and drained). */
  write(data: Uint8Array): Promise<void>;
  close(): Promise<void>;
  onData(listener: (chunk: Uint8Array) => void): () => void;
  /** Called once when the link ends: null for a close we asked for, the error for a lost link. */
  onClose(listener: (error: Error | null) => void): () => void;
}

export type PortOpener = (options: SerialOptions) => Promise<SerialConnection>;

const binding = hangupAwareBinding();

export const openSerialPort: PortOpener = async (options) => {
  const port = new SerialPortStream({
    binding,
    path: options.path,
    baudRate: options.baudRate,
    dataBits: options.dataBits ?? 8,
    stopBits: options.stopBits ?? 1,
    parity: options.parity ?? 'none',
    rtscts: options.rtscts ?? false,
    xon: options.xon ?? false,
    xoff: options.xoff ?? false,
    autoOpen: false,
  });
  await new Promise<void>((resolve, reject) => {
    port.open((error) => (error ? reject(portOpenFailed(options.path, error)) : resolve()));
  });
  return new SerialPortConnection(port, options.path);
};

export function portOpenFailed(path: string, cause: unknown): KeelError {
  const reason = cause instanceof Error ? cause.message : String(cause);
  // The reason says missing / busy / permission; it holds a path, never customer data.
  return new KeelError('PORT_OPEN_FAILED', `The serial port ${path} could not be opened.`, { port: path, reason: reason.slice(0, 200) }, { cause });
}

class SerialPortConnection implements SerialConnection {
  private closed = false;
  private readonly dataListeners = new Set<(chunk: Uint8Array) => void>();
  private readonly closeListeners = new Set<(error: Error | null) => void>();
  private lastError: Error | null = null;

  constructor(
    private readonly port: SerialPortStream,
    readonly path: string,
  ) {
    port.on('data', (chunk: Buffer) => {
      for (const listener of [...this.dataListeners]) listener(new Uint8Array(chunk));
    });
    port.on('error', (error: Error) => {
      this.lastError = error;
    });
    port.on('close', (error?: Error | null) => this.ended(error ?? this.lastError));
  }

  get isOpen(): boolean {
    return !this.closed && this.port.isOpen;
  }

  write(data: Uint8Array): Promise<void> {
    if (!this.isOpen) return Promise.reject(new Error(`port ${this.path} is closed`));
    return new Promise((resolve, reject) => {
      this.port.write(Buffer.from(data), (error) => {
        if (error) return reject(error);
        this.port.drain((drainError) => (drainError ? reject(drainError) : resolve()));
      });
    });
  }

  close(): Promise<void> {
    if (this.closed || !this.port.isOpen) {
      this.ended(null);
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      this.port.close(() => {
        this.ended(null);
        resolve();
      });
    });
  }

  onData(listener: (chunk: Uint8Array) => void): () => void {
    this.dataListeners.add(listener);
    return () => this.dataListeners.delete(listener);
  }

  onClose(listener: (error: Error | null) => void): () => void {
    this.closeListeners.add(listener);
    return () => this.closeListeners.delete(listener);
  }

  private ended(error: Error | null): void {
    if (this.closed) return;
    this.closed = true;
    for (const listener of [...this.closeListeners]) listener(error);
    this.dataListeners.clear();
    this.closeListeners.clear();
  }
}
