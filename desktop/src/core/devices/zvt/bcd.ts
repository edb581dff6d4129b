/** Packed BCD and the ZVT variable-length prefixes (DEVICES.md §3.4). */

/** "123456" → 12 34 56. Odd lengths get a leading 0. Digits only. */
export function toBcd(digits: string, bytes?: number): Uint8Array {
  if (!/^\d*$/.test(digits)) throw new RangeError('BCD takes digits only');
  const even = digits.length % 2 === 1 ? `0${digits}` : digits;
  const padded = bytes === undefined ? even : even.padStart(bytes * 2, '0');
  if (bytes !== undefined && padded.length > bytes * 2) throw new RangeError(`${digits} does not fit ${bytes} BCD bytes`);
  const out = new Uint8Array(padded.length / 2);
  for (let i = 0; i < out.length; i += 1) out[i] = (Number(padded[2 * i]) << 4) | Number(padded[2 * i + 1]);
  return out;
}

/** 12 34 56 → "123456"; null when a nibble is not a digit. */
export function fromBcd(bytes: Uint8Array): string | null {
  let out = '';
  for (const byte of bytes) {
    const hi = byte >> 4;
    const lo = byte & 0x0f;
    if (hi > 9 || lo > 9) return null;
    out += `${hi}${lo}`;
  }
  return out;
}

/** Amount (BMP 04): 6 bytes packed BCD in minor units; €1.90 → 00 00 00 00 01 90 (§3.4). */
export function amountBcd(minor: number): Uint8Array {
  if (!Number.isSafeInteger(minor) || minor < 0 || minor > 999_999_999_999) throw new RangeError('amount out of ZVT range');
  return toBcd(String(minor), 6);
}

/** LLVAR / LLLVAR length prefix: each digit in the low nibble of an Fx byte (`F0 F3` = 3). */
export function varLength(length: number, digits: 2 | 3): Uint8Array {
  const text = String(length).padStart(digits, '0');
  if (text.length > digits) throw new RangeError('too long for its length prefix');
  return Uint8Array.from([...text].map((d) => 0xf0 | Number(d)));
}

/** Reads an Fx Fy (Fz) prefix at `at`: the length, or null when the bytes are not Fx digits. */
export function readVarLength(data: Uint8Array, at: number, digits: 2 | 3): number | null {
  let length = 0;
  for (let i = 0; i < digits; i += 1) {
    const byte = data[at + i];
    if (byte === undefined || byte >> 4 !== 0x0f || (byte & 0x0f) > 9) return null;
    length = length * 10 + (byte & 0x0f);
  }
  return length;
}
