import { crc16 } from './crc';

/**
 * ZVT serial framing (DEVICES.md §3.2, [P16 §3]): DLE STX, the APDU with every 0x10 doubled,
 * DLE ETX, CRC low byte first (not stuffed). ACK 0x06 and NAK 0x15 travel as single bytes.
 */
export const DLE = 0x10;
export const STX = 0x02;
export const ETX = 0x03;
export const ACK = 0x06;
export const NAK = 0x15;

/** Control field + 3-byte extended length + 65535 data bytes (§3.4). */
export const MAX_APDU = 2 + 3 + 0xffff;

export function encodeFrame(apdu: Uint8Array): Uint8Array {
  const out: number[] = [DLE, STX];
  for (const byte of apdu) {
    out.push(byte);
    if (byte === DLE) out.push(DLE);
  }
  out.push(DLE, ETX);
  const crc = crc16([...apdu, ETX]);
  out.push(crc & 0xff, crc >>> 8);
  return Uint8Array.from(out);
}

export type FrameErrorReason = 'noise' | 'bad-escape' | 'bad-crc' | 'too-long' | 'timeout';

export type FrameEvent =
  | { type: 'ack' }
  | { type: 'nak' }
  | { type: 'frame'; apdu: Uint8Array }
  /** `inFrame`: a message was under way, so the sender must be told NAK (§3.3 T1, §3.5). */
  | { type: 'error'; reason: FrameErrorReason; inFrame: boolean };

type State = 'idle' | 'dle' | 'data' | 'data-dle' | 'crc1' | 'crc2';

/**
 * A byte-at-a-time decoder: frames may be split or merged across `data` events (§4.4). It
 * reads exactly two CRC bytes after DLE ETX (§3.2, unlike receivers that look for 0x03 at −3).
 * It never throws and keeps at most MAX_APDU bytes, so any byte stream is safe to feed.
 */
export class FrameDecoder {
  private state: State = 'idle';
  private apdu: number[] = [];
  private crcLow = 0;

  get inFrame(): boolean {
    return this.state !== 'idle';
  }

  feed(chunk: Uint8Array): FrameEvent[] {
    const events: FrameEvent[] = [];
    for (const byte of chunk) this.byte(byte & 0xff, events);
    return events;
  }

  /** T1 expired mid-message (§3.3): drop it; the caller answers NAK. */
  timeout(): FrameEvent[] {
    if (this.state === 'idle') return [];
    this.reset();
    return [{ type: 'error', reason: 'timeout', inFrame: true }];
  }

  private reset(): void {
    this.state = 'idle';
    this.apdu = [];
  }

  private fail(reason: FrameErrorReason, out: FrameEvent[]): void {
    const inFrame = this.state !== 'idle' && this.state !== 'dle';
    this.reset();
    out.push({ type: 'error', reason, inFrame });
  }

  private byte(b: number, out: FrameEvent[]): void {
    switch (this.state) {
      case 'idle':
        if (b === ACK) out.push({ type: 'ack' });
        else if (b === NAK) out.push({ type: 'nak' });
        else if (b === DLE) this.state = 'dle';
        else out.push({ type: 'error', reason: 'noise', inFrame: false });
        return;
      case 'dle':
        if (b === STX) {
          this.state = 'data';
          this.apdu = [];
        } else this.fail('noise', out);
        return;
      case 'data':
        if (b === DLE) this.state = 'data-dle';
        else if (this.apdu.length >= MAX_APDU) this.fail('too-long', out);
        else this.apdu.push(b);
        return;
      case 'data-dle':
        if (b === DLE) {
          if (this.apdu.length >= MAX_APDU) return this.fail('too-long', out);
          this.apdu.push(DLE);
          this.state = 'data';
        } else if (b === ETX) this.state = 'crc1';
        else if (b === STX) {
          // A new frame started inside this one: the first is lost, the second is read.
          out.push({ type: 'error', reason: 'bad-escape', inFrame: true });
          this.apdu = [];
          this.state = 'data';
        } else this.fail('bad-escape', out);
        return;
      case 'crc1':
        this.crcLow = b;
        this.state = 'crc2';
        return;
      case 'crc2': {
        const received = this.crcLow | (b << 8);
        const apdu = Uint8Array.from(this.apdu);
        const ok = crc16([...apdu, ETX]) === received;
        this.reset();
        out.push(ok ? { type: 'frame', apdu } : { type: 'error', reason: 'bad-crc', inFrame: true });
        return;
      }
    }
  }
}
