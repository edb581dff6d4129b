import { isMaskedPan } from '@keel/shared';
import { fromBcd, readVarLength } from './bcd';
import { cardTypeName, decodeCp437 } from './codes';

/**
 * BMPs: a one-byte id, then fixed-length data or an LLVAR/LLLVAR/TLV field (DEVICES.md §3.4,
 * §3.7; lengths from [P15] "Summary of utilised BMPs" as tabled in Portalum.Zvt
 * `Parsers/BmpParser.cs`). Parsing never throws: an unknown id or a field running past the end
 * is a typed failure, because the length of an unknown field cannot be guessed.
 */
type Length = number | 'LL' | 'LLL' | 'TLV';

const LENGTHS: Record<number, Length> = {
  0x01: 1, 0x02: 1, 0x03: 1, 0x04: 6, 0x05: 1, 0x06: 'TLV', 0x0b: 3, 0x0c: 3, 0x0d: 2, 0x0e: 2, 0x17: 2, 0x19: 1,
  0x22: 'LL', 0x23: 'LL', 0x24: 'LLL', 0x27: 1, 0x29: 4, 0x2a: 15, 0x2d: 'LL', 0x2e: 'LLL', 0x37: 3, 0x3a: 2, 0x3b: 8,
  0x3c: 'LLL', 0x3d: 3, 0x49: 2, 0x60: 'LLL', 0x87: 2, 0x88: 3, 0x8a: 1, 0x8b: 'LL', 0x8c: 1, 0x92: 'LLL', 0x9a: 'LLL',
  0xa0: 1, 0xa7: 'LL', 0xaa: 3, 0xaf: 'LLL', 0xba: 5, 0xd0: 1, 0xd1: 'LL', 0xd2: 1, 0xd3: 1,
};

export type BmpResult = { ok: true; fields: Map<number, Uint8Array> } | { ok: false; reason: 'unknown-bmp' | 'truncated' | 'bad-length'; at: number; id: number };

export function parseBmps(data: Uint8Array): BmpResult {
  const fields = new Map<number, Uint8Array>();
  let at = 0;
  while (at < data.length) {
    const id = data[at] ?? 0;
    const spec = LENGTHS[id];
    if (spec === undefined) return { ok: false, reason: 'unknown-bmp', at, id };
    let start = at + 1;
    let length: number | null;
    if (spec === 'LL' || spec === 'LLL') {
      const digits = spec === 'LL' ? 2 : 3;
      length = readVarLength(data, start, digits);
      start += digits;
    } else if (spec === 'TLV') {
      const tlv = berLength(data, start);
      length = tlv?.length ?? null;
      start += tlv?.size ?? 0;
    } else length = spec;
    if (length === null) return { ok: false, reason: 'bad-length', at, id };
    if (start + length > data.length) return { ok: false, reason: 'truncated', at, id };
    fields.set(id, data.slice(start, start + length));
    at = start + length;
  }
  return { ok: true, fields };
}

/** BER-TLV length (BMP 06 is "length according to TLV encoding, not LLLVAR"). */
function berLength(data: Uint8Array, at: number): { length: number; size: number } | null {
  const first = data[at];
  if (first === undefined) return null;
  if (first < 0x80) return { length: first, size: 1 };
  const n = first & 0x7f;
  if (n < 1 || n > 2) return null;
  let length = 0;
  for (let i = 1; i <= n; i += 1) {
    const byte = data[at + i];
    if (byte === undefined) return null;
    length = (length << 8) | byte;
  }
  return { length, size: 1 + n };
}

/** A payment's Status-Information (04 0F), as much as Keel keeps of it (DESIGN.md invariant 8). */
export interface StatusInformation {
  resultCode: number | null;
  amountMinor: number | null;
  trace: string | null;
  receiptNo: string | null;
  maskedPan: string | null;
  brand: string | null;
  authCode: string | null;
  terminalId: string | null;
}

export function statusInformation(fields: Map<number, Uint8Array>): StatusInformation {
  const bcd = (id: number) => {
    const v = fields.get(id);
    return v ? fromBcd(v) : null;
  };
  const amount = bcd(0x04);
  const pan = fields.get(0x22);
  const name = fields.get(0x8b);
  const type = fields.get(0x8a);
  const aid = fields.get(0x3b);
  return {
    resultCode: fields.get(0x27)?.[0] ?? null,
    amountMinor: amount === null ? null : Number(amount),
    trace: bcd(0x0b),
    receiptNo: bcd(0x87),
    maskedPan: pan ? maskPan(pan) : null,
    brand: name ? decodeCp437(name).replace(/\0.*$/s, '').trim() || null : type?.[0] !== undefined ? cardTypeName(type[0]) : null,
    // BMP 3B, the "AID authorisation attribute", carries the issuer's authorisation code.
    authCode: aid ? decodeCp437(aid).replace(/\0/g, '').trim() || null : null,
    terminalId: bcd(0x29),
  };
}

/**
 * BMP 22: BCD nibbles, E = a digit the terminal masked, F = padding (§3.7). The digits live only
 * in this function: what leaves it shows at most the first 6 and last 4 (PCI DSS truncation),
 * and when the terminal sent more than that, only the last 4 (DESIGN.md invariant 8).
 */
export function maskPan(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) {
    for (const nibble of [byte >> 4, byte & 0x0f]) {
      if (nibble <= 9) text += String(nibble);
      else if (nibble === 0x0e) text += '*';
    }
  }
  if (isMaskedPan(text as unknown)) return text;
  const last4 = text.replace(/\D/g, '').slice(-4);
  const length = Math.min(19, Math.max(text.length, 12));
  return `${'*'.repeat(length - last4.length)}${last4}`;
}
