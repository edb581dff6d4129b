import type { SerialPortStream } from '@serialport/stream';
import { openDevicePort } from './device-port';
import { EscPosTokenizer, realtimeOf, type EscPosToken } from './escpos-tokenizer';
import { decodeText } from './text-decoding';

/**
 * A receipt printer simulator on the device side of a PTY pair (DEVICES.md §1.8, §4.4): it
 * decodes the ESC/POS it receives into text lines and events (cut, drawer pulse, barcode, QR),
 * answers DLE EOT 1–4 from its state (§1.4), and can be told to run out of paper (now or after
 * n more lines), open its cover, or go silent. While offline (paper out, cover open) it prints
 * nothing: what arrives is counted as lost, as an incomplete receipt would be.
 */

export type PrinterEvent =
  | { type: 'cut' }
  | { type: 'pulse'; pin: 2 | 5; onMs: number; realtime: boolean }
  | { type: 'barcode'; symbology: number; data: string }
  | { type: 'qr'; data: string }
  | { type: 'status-query'; n: number }
  | { type: 'error'; reason: string };

export interface PrinterSimState {
  paper: 'ok' | 'near-end' | 'out';
  coverOpen: boolean;
  /** Answers nothing at all (powered off, cable pulled on the printer side). */
  silent: boolean;
  drawerOpen: boolean;
  /** The drawer switch level that means "open" (§1.7: both wirings exist). */
  drawerOpenLevel: 'low' | 'high';
}

export class PrinterSimulator {
  readonly state: PrinterSimState = { paper: 'ok', coverOpen: false, silent: false, drawerOpen: false, drawerOpenLevel: 'low' };
  /** Printed lines, in order; a cut closes a receipt. */
  readonly lines: string[] = [];
  readonly events: PrinterEvent[] = [];
  readonly receipts: string[][] = [];
  lostBytes = 0;
  private current: string[] = [];
  private line = '';
  private codePage = 0;
  private qrData = '';
  private linesUntilPaperOut: number | null = null;
  private port: SerialPortStream | null = null;
  private readonly tokenizer = new EscPosTokenizer();
  private waiters: (() => void)[] = [];

  constructor(readonly path: string) {}

  async start(): Promise<void> {
    const port = await openDevicePort(this.path);
    port.on('data', (chunk: Buffer) => this.receive(chunk));
    port.on('error', () => undefined);
    this.port = port;
  }

  async stop(): Promise<void> {
    const port = this.port;
    this.port = null;
    if (port?.isOpen) await new Promise<void>((resolve) => port.close(() => resolve()));
  }

  get offline(): boolean {
    return this.state.paper === 'out' || this.state.coverOpen;
  }

  setPaper(paper: PrinterSimState['paper']): void {
    this.state.paper = paper;
    if (paper !== 'out') this.linesUntilPaperOut = null;
  }

  /** Paper runs out after `lines` more printed lines (paper out mid-receipt). */
  runOutOfPaperAfter(lines: number): void {
    this.linesUntilPaperOut = lines;
  }

  /** Resolves when `predicate` holds (checked after every chunk), or rejects after `timeoutMs`. */
  async waitFor(predicate: () => boolean, timeoutMs = 3000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate()) {
      if (Date.now() > deadline) throw new Error('printer simulator: condition not met in time');
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
  }

  /** Feeds bytes as if they came over the wire; returns the reply bytes (also written to the port). */
  receive(chunk: Uint8Array): number[] {
    const replies: number[] = [];
    for (const token of this.tokenizer.feed(chunk)) this.token(token, replies);
    if (replies.length > 0 && !this.state.silent) this.port?.write(Buffer.from(replies));
    for (const wake of this.waiters.splice(0)) wake();
    return this.state.silent ? [] : replies;
  }

  /** DLE EOT n reply (§1.4): fixed bits 0x12 plus the state bits. */
  statusByte(n: number): number {
    const s = this.state;
    const pin3High = s.drawerOpenLevel === 'high' ? s.drawerOpen : !s.drawerOpen;
    if (n === 1) return 0x12 | (pin3High ? 0x04 : 0) | (this.offline ? 0x08 : 0);
    if (n === 2) return 0x12 | (s.coverOpen ? 0x04 : 0) | (s.paper === 'out' ? 0x20 : 0);
    if (n === 4) return 0x12 | (s.paper !== 'ok' ? 0x0c : 0) | (s.paper === 'out' ? 0x60 : 0);
    return 0x12;
  }

  private token(token: EscPosToken, replies: number[]): void {
    const realtime = realtimeOf(token);
    if (realtime) return this.realtime(realtime, replies);
    if (token.kind === 'error') return void this.events.push({ type: 'error', reason: token.reason });
    if (this.offline) {
      // Offline (§1.8): nothing prints. Count what is lost, so a test can see the receipt is incomplete.
      this.lostBytes += token.kind === 'text' ? token.bytes.length : 1;
      return;
    }
    if (token.kind === 'text') this.line += decodeText(token.bytes, this.codePage);
    else if (token.kind === 'control' && token.name === 'LF') this.newline();
    else if (token.kind === 'command') this.command(token.name, token.params, token.data);
  }

  private realtime(rt: { name: string; params: number[] }, replies: number[]): void {
    const [a = 0, b = 0, c = 0] = rt.params;
    if (rt.name === 'DLE EOT') {
      this.events.push({ type: 'status-query', n: a });
      replies.push(this.statusByte(a));
    } else if (rt.name === 'DLE DC4' && a === 1) {
      // Real-time pulse: executed even offline (§1.2).
      this.events.push({ type: 'pulse', pin: b === 0 ? 2 : 5, onMs: c * 100, realtime: true });
      this.state.drawerOpen = true;
    }
  }

  private command(name: string, params: number[], data: number[]): void {
    const [p0 = 0, p1 = 0] = params;
    if (name === 'ESC t') this.codePage = p0;
    else if (name === 'ESC d') for (let i = 0; i < p0; i += 1) this.newline();
    else if (name === 'GS V') {
      if (this.line) this.newline();
      this.receipts.push(this.current);
      this.current = [];
      this.events.push({ type: 'cut' });
    } else if (name === 'ESC p') {
      this.events.push({ type: 'pulse', pin: p0 === 0 || p0 === 48 ? 2 : 5, onMs: p1 * 2, realtime: false });
      this.state.drawerOpen = true;
    } else if (name === 'GS k') {
      const text = String.fromCharCode(...data);
      this.events.push({ type: 'barcode', symbology: p0, data: p0 === 73 ? text.replace(/^\{[ABC]/, '') : text });
    } else if (name === 'GS (' && p0 === 0x6b) {
      // GS ( k cn fn: 49 80 stores QR data (after the "0" m byte), 49 81 prints it (§1.2).
      const [cn, fn, ...rest] = data;
      if (cn === 49 && fn === 80) this.qrData = String.fromCharCode(...rest.slice(1));
      if (cn === 49 && fn === 81) this.events.push({ type: 'qr', data: this.qrData });
    }
  }

  private newline(): void {
    this.lines.push(this.line);
    this.current.push(this.line);
    this.line = '';
    if (this.linesUntilPaperOut !== null) {
      this.linesUntilPaperOut -= 1;
      if (this.linesUntilPaperOut <= 0) {
        this.linesUntilPaperOut = null;
        this.state.paper = 'out';
      }
    }
  }
}
