/**
 * The ZVT simulator's own framing, written apart from the driver's (desktop/src/core/devices/zvt)
 * so that a mistake in one is caught by the other (DEVICES.md §3.2, §3.4): CRC-16/CCITT
 * reflected (0x8408, init 0) over APDU + ETX, DLE stuffing, CRC low byte first.
 */

export function crc(bytes: readonly number[]): number {
  let value = 0;
  for (const byte of bytes) {
    value ^= byte;
    for (let i = 0; i < 8; i += 1) value = value & 1 ? (value >>> 1) ^ 0x8408 : value >>> 1;
  }
  return value;
}

export function frame(apdu: readonly number[]): Buffer {
  const body = apdu.flatMap((b) => (b === 0x10 ? [0x10, 0x10] : [b]));
  const c = crc([...apdu, 0x03]);
  return Buffer.from([0x10, 0x02, ...body, 0x10, 0x03, c & 0xff, c >> 8]);
}

export function apdu(cls: number, instr: number, data: readonly number[] = []): number[] {
  return data.length < 255 ? [cls, instr, data.length, ...data] : [cls, instr, 0xff, data.length & 0xff, data.length >> 8, ...data];
}

export type SimFrameEvent = { type: 'ack' } | { type: 'nak' } | { type: 'apdu'; cls: number; instr: number; data: number[] } | { type: 'bad'; why: string };

/** Reads frames from the ECR; never throws. */
export class SimFrameReader {
  private buffer: number[] = [];

  feed(chunk: Uint8Array): SimFrameEvent[] {
    this.buffer.push(...chunk);
    const out: SimFrameEvent[] = [];
    for (;;) {
      const first = this.buffer[0];
      if (first === undefined) break;
      if (first === 0x06 || first === 0x15) {
        this.buffer.shift();
        out.push({ type: first === 0x06 ? 'ack' : 'nak' });
        continue;
      }
      if (first !== 0x10) {
        this.buffer.shift();
        out.push({ type: 'bad', why: 'noise' });
        continue;
      }
      const parsed = this.frameAt();
      if (parsed === 'incomplete') break;
      out.push(parsed);
    }
    return out;
  }

  private frameAt(): SimFrameEvent | 'incomplete' {
    const b = this.buffer;
    if (b.length < 2) return 'incomplete';
    if (b[1] !== 0x02) {
      b.splice(0, 2);
      return { type: 'bad', why: 'no STX' };
    }
    const body: number[] = [];
    for (let i = 2; i < b.length; i += 1) {
      if (b[i] !== 0x10) {
        body.push(b[i] ?? 0);
        continue;
      }
      const next = b[i + 1];
      if (next === undefined) return 'incomplete';
      if (next === 0x10) {
        body.push(0x10);
        i += 1;
        continue;
      }
      if (next !== 0x03) {
        b.splice(0, i + 2);
        return { type: 'bad', why: 'bad escape' };
      }
      if (b.length < i + 4) return 'incomplete';
      const received = (b[i + 2] ?? 0) | ((b[i + 3] ?? 0) << 8);
      b.splice(0, i + 4);
      if (crc([...body, 0x03]) !== received) return { type: 'bad', why: 'crc' };
      const [cls = 0, instr = 0, len = 0] = body;
      const data = len === 0xff ? body.slice(5) : body.slice(3);
      return { type: 'apdu', cls, instr, data };
    }
    return 'incomplete';
  }
}

export const bcd = (digits: string, bytes: number): number[] => {
  const padded = digits.padStart(bytes * 2, '0');
  return Array.from({ length: bytes }, (_, i) => (Number(padded[2 * i]) << 4) | Number(padded[2 * i + 1]));
};

export const unbcd = (bytes: readonly number[]): string => bytes.map((b) => `${b >> 4}${b & 0x0f}`).join('');

/** LLVAR (`F0 F8 …`) of ASCII text. */
export const llvar = (text: string): number[] => {
  const len = String(text.length).padStart(2, '0');
  return [0xf0 | Number(len[0]), 0xf0 | Number(len[1]), ...Buffer.from(text, 'latin1')];
};

/** BMP 22: a PAN as BCD nibbles with E for masked digits and F padding (§3.7). */
export const panBmp = (pan: string): number[] => {
  const nibbles = [...pan].map((ch) => (ch === '*' ? 0xe : Number(ch)));
  if (nibbles.length % 2 === 1) nibbles.push(0xf);
  const bytes: number[] = [];
  for (let i = 0; i < nibbles.length; i += 2) bytes.push(((nibbles[i] ?? 0) << 4) | (nibbles[i + 1] ?? 0));
  const len = String(bytes.length).padStart(2, '0');
  return [0x22, 0xf0 | Number(len[0]), 0xf0 | Number(len[1]), ...bytes];
};
