/**
 * APDUs (DEVICES.md §3.4, [P16 §5.2]): control field (CLASS INSTR, or CCRC APRC for answers),
 * a length byte (FF ⇒ two more bytes, little endian), then data.
 */
export interface Apdu {
  cls: number;
  instr: number;
  data: Uint8Array;
}

export function encodeApdu(cls: number, instr: number, data: Uint8Array = new Uint8Array()): Uint8Array {
  if (data.length > 0xffff) throw new RangeError('APDU data too long');
  const header = data.length < 0xff ? [cls, instr, data.length] : [cls, instr, 0xff, data.length & 0xff, data.length >>> 8];
  const out = new Uint8Array(header.length + data.length);
  out.set(header, 0);
  out.set(data, header.length);
  return out;
}

export type ApduResult = { ok: true; apdu: Apdu } | { ok: false; reason: 'too-short' | 'length-mismatch' };

/** Checks the length field against the bytes that came; never throws. */
export function decodeApdu(bytes: Uint8Array): ApduResult {
  if (bytes.length < 3) return { ok: false, reason: 'too-short' };
  const [cls = 0, instr = 0, len = 0] = bytes;
  let start = 3;
  let length = len;
  if (len === 0xff) {
    if (bytes.length < 5) return { ok: false, reason: 'too-short' };
    length = (bytes[3] ?? 0) | ((bytes[4] ?? 0) << 8);
    start = 5;
  }
  if (bytes.length !== start + length) return { ok: false, reason: 'length-mismatch' };
  return { ok: true, apdu: { cls, instr, data: bytes.slice(start) } };
}

export const is = (apdu: Apdu, cls: number, instr: number): boolean => apdu.cls === cls && apdu.instr === instr;

/** `80 00 00`: the positive answer the ECR gives to every PT message (§3.5). */
export const POSITIVE = encodeApdu(0x80, 0x00);

export const hex = (apdu: Apdu): string => `${apdu.cls.toString(16).padStart(2, '0')} ${apdu.instr.toString(16).padStart(2, '0')}`.toUpperCase();
