import type { ZvtTiming } from '../config';
import type { SerialConnection } from '../serial-link';
import { decodeApdu, type Apdu } from './apdu';
import { ACK, encodeFrame, FrameDecoder, NAK } from './frame';

export type LinkFailure = 'closed' | 'no-ack' | 'nak' | 'garbled' | 'timeout';

/**
 * The link gave up: `closed` (port gone), `no-ack` / `nak` after all repeats (§3.5), `garbled`
 * (no ACK, but bytes that made no sense came back), `timeout` waiting for a message.
 */
export class ZvtLinkError extends Error {
  override readonly name = 'ZvtLinkError';
  constructor(
    readonly kind: LinkFailure,
    message: string,
  ) {
    super(message);
  }
}

/** Sends = first transmission + 2 repeats after NAK or T2 (§3.3 "Retries", [P16 §3.5]). */
export const MAX_TRANSMISSIONS = 3;

/**
 * The ZVT transport layer over one serial connection (DEVICES.md §3.2–§3.3): frames out with
 * ACK/NAK and repeats, frames in answered with ACK (well-formed, CRC right) or NAK
 * immediately, before the application sees them; T1 guards gaps inside a message. Received
 * APDUs wait in an inbox for `receive`.
 */
export class ZvtLink {
  private readonly decoder = new FrameDecoder();
  private readonly inbox: Apdu[] = [];
  private waiter: { resolve: (apdu: Apdu) => void; reject: (error: Error) => void } | null = null;
  private ackWaiter: ((answer: 'ack' | 'nak' | 'closed') => void) | null = null;
  private t1: NodeJS.Timeout | null = null;
  private sendQueue: Promise<unknown> = Promise.resolve();
  private closedBy: Error | null = null;
  /** Bytes and frames that made no sense (noise, bad CRC): for diagnostics, never their content. */
  garbage = 0;

  constructor(
    private readonly connection: SerialConnection,
    private readonly timing: ZvtTiming,
  ) {
    connection.onData((chunk) => this.onData(chunk));
    connection.onClose((error) => this.onClosed(error));
  }

  get isOpen(): boolean {
    return this.closedBy === null && this.connection.isOpen;
  }

  /** Sends one APDU and waits for the PT's ACK; NAK or silence for T2 → repeat, at most 3 transmissions. */
  send(apdu: Uint8Array): Promise<void> {
    const run = this.sendQueue.then(() => this.transmit(apdu));
    this.sendQueue = run.catch(() => undefined);
    return run;
  }

  /** The next APDU from the PT, or ZvtLinkError('timeout' | 'closed'). */
  receive(timeoutMs: number): Promise<Apdu> {
    const next = this.inbox.shift();
    if (next) return Promise.resolve(next);
    if (this.closedBy) return Promise.reject(new ZvtLinkError('closed', 'the card terminal link is closed'));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiter = null;
        reject(new ZvtLinkError('timeout', `no message from the card terminal within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiter = {
        resolve: (apdu) => {
          clearTimeout(timer);
          resolve(apdu);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
    });
  }

  /** Drops messages left over from an earlier conversation. */
  clearInbox(): void {
    this.inbox.length = 0;
  }

  async close(): Promise<void> {
    await this.connection.close();
  }

  private async transmit(apdu: Uint8Array): Promise<void> {
    const frame = encodeFrame(apdu);
    const garbageBefore = this.garbage;
    let last: LinkFailure = 'no-ack';
    for (let attempt = 1; attempt <= MAX_TRANSMISSIONS; attempt += 1) {
      if (this.closedBy) throw new ZvtLinkError('closed', 'the card terminal link is closed');
      const answer = new Promise<'ack' | 'nak' | 'closed' | 'timeout'>((resolve) => {
        const timer = setTimeout(() => {
          this.ackWaiter = null;
          resolve('timeout');
        }, this.timing.t2Ms);
        this.ackWaiter = (a) => {
          clearTimeout(timer);
          this.ackWaiter = null;
          resolve(a);
        };
      });
      try {
        await this.connection.write(frame);
      } catch {
        this.ackWaiter?.('closed');
        throw new ZvtLinkError('closed', 'the card terminal link broke while sending');
      }
      const result = await answer;
      if (result === 'ack') return;
      if (result === 'closed') throw new ZvtLinkError('closed', 'the card terminal link is closed');
      last = result === 'nak' ? 'nak' : 'no-ack';
    }
    if (last === 'no-ack' && this.garbage > garbageBefore) throw new ZvtLinkError('garbled', 'the card terminal answered with bytes that are not ZVT');
    throw new ZvtLinkError(last, last === 'nak' ? 'the card terminal refused the message 3 times (NAK)' : 'the card terminal did not acknowledge the message (T2)');
  }

  private onData(chunk: Uint8Array): void {
    if (this.t1) clearTimeout(this.t1);
    this.t1 = null;
    for (const event of this.decoder.feed(chunk)) {
      if (event.type === 'ack' || event.type === 'nak') {
        this.ackWaiter?.(event.type);
      } else if (event.type === 'frame') {
        const decoded = decodeApdu(event.apdu);
        if (!decoded.ok) {
          this.garbage += 1;
          this.reply(NAK);
          continue;
        }
        this.reply(ACK);
        this.deliver(decoded.apdu);
      } else {
        this.garbage += 1;
        if (event.inFrame) this.reply(NAK);
      }
    }
    // A message is under way: the next byte must come within T1 (§3.3), or it is dropped and NAKed.
    if (this.decoder.inFrame) {
      this.t1 = setTimeout(() => {
        this.t1 = null;
        if (this.decoder.timeout().length > 0) {
          this.garbage += 1;
          this.reply(NAK);
        }
      }, this.timing.t1Ms);
      this.t1.unref();
    }
  }

  private deliver(apdu: Apdu): void {
    if (this.waiter) {
      const { resolve } = this.waiter;
      this.waiter = null;
      resolve(apdu);
    } else this.inbox.push(apdu);
  }

  private reply(byte: number): void {
    this.connection.write(Uint8Array.of(byte)).catch(() => undefined);
  }

  private onClosed(error: Error | null): void {
    this.closedBy = error ?? new Error('closed');
    if (this.t1) clearTimeout(this.t1);
    this.ackWaiter?.('closed');
    const waiter = this.waiter;
    this.waiter = null;
    waiter?.reject(new ZvtLinkError('closed', 'the card terminal link was lost'));
  }
}
