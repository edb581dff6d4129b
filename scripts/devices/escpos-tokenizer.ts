/**
 * A streaming ESC/POS tokenizer for the printer simulator: our own, because no library decodes
 * ESC/POS (DEVICES.md §2 "ESC/POS decoders"). It knows the commands Keel's encoder emits and
 * the usual Epson set (§1.2, §1.3); lengths are fixed by the command bytes except GS k form A
 * (NUL-terminated), GS ( k / GS ( L (pL pH), GS v 0 (x × y) and ESC * (n columns).
 * Real-time sequences (DLE EOT / DLE ENQ) are also reported when they appear inside another
 * command's data, as a printer acts on them there too (§1.2 simulator note).
 * It never throws and keeps at most MAX_KEPT data bytes of a command, whatever it is fed.
 */

export type EscPosToken =
  | { kind: 'text'; bytes: number[] }
  | { kind: 'control'; name: 'LF' | 'CR' | 'HT' | 'FF' | 'CAN' | 'NUL' }
  | { kind: 'command'; name: string; params: number[]; data: number[] }
  | { kind: 'realtime'; name: 'DLE EOT' | 'DLE ENQ' | 'DLE DC4'; params: number[]; embedded: boolean }
  | { kind: 'error'; reason: 'unknown-command' | 'unknown-control' | 'bad-parameter' | 'truncated'; bytes: number[] };

const MAX_KEPT = 4096;
const ESC = 0x1b;
const GS = 0x1d;
const FS = 0x1c;
const DLE = 0x10;

/** Fixed parameter counts after `prefix command` (§1.2). */
const FIXED: Record<number, Record<number, [string, number]>> = {
  [ESC]: {
    0x40: ['ESC @', 0], 0x21: ['ESC !', 1], 0x45: ['ESC E', 1], 0x2d: ['ESC -', 1], 0x4d: ['ESC M', 1], 0x61: ['ESC a', 1],
    0x64: ['ESC d', 1], 0x4a: ['ESC J', 1], 0x70: ['ESC p', 3], 0x74: ['ESC t', 1], 0x52: ['ESC R', 1], 0x32: ['ESC 2', 0],
    0x33: ['ESC 3', 1], 0x47: ['ESC G', 1], 0x56: ['ESC V', 1], 0x7b: ['ESC {', 1], 0x3d: ['ESC =', 1], 0x20: ['ESC SP', 1],
    0x24: ['ESC $', 2], 0x5c: ['ESC \\', 2], 0x25: ['ESC %', 1], 0x69: ['ESC i', 0], 0x6d: ['ESC m', 0],
  },
  [GS]: {
    0x21: ['GS !', 1], 0x42: ['GS B', 1], 0x68: ['GS h', 1], 0x77: ['GS w', 1], 0x48: ['GS H', 1], 0x66: ['GS f', 1],
    0x61: ['GS a', 1], 0x4c: ['GS L', 2], 0x57: ['GS W', 2], 0x50: ['GS P', 2], 0x49: ['GS I', 1], 0x72: ['GS r', 1], 0x62: ['GS b', 1],
  },
  [FS]: { 0x2e: ['FS .', 0], 0x26: ['FS &', 0], 0x43: ['FS C', 1], 0x21: ['FS !', 1] },
};

type Pending =
  | { step: 'idle' }
  | { step: 'prefix'; prefix: number }
  | { step: 'fixed'; name: string; bytes: number[]; need: number; params: number[] }
  /** Header bytes of a variable command are collected, then `decide` says how much data follows. */
  | { step: 'header'; name: string; bytes: number[]; params: number[]; need: number; decide: (p: number[]) => number | 'nul' | 'bad' | 'more' }
  | { step: 'data'; name: string; bytes: number[]; params: number[]; data: number[]; left: number }
  | { step: 'nul-data'; name: string; bytes: number[]; params: number[]; data: number[] };

export class EscPosTokenizer {
  private pending: Pending = { step: 'idle' };
  private text: number[] = [];
  private recent: number[] = [];

  feed(chunk: Uint8Array): EscPosToken[] {
    const out: EscPosToken[] = [];
    for (const b of chunk) this.byte(b & 0xff, out);
    this.flushText(out);
    return out;
  }

  /** The stream ended: a command still waiting for bytes is truncated. */
  end(): EscPosToken[] {
    const out: EscPosToken[] = [];
    this.flushText(out);
    if (this.pending.step !== 'idle') out.push({ kind: 'error', reason: 'truncated', bytes: 'bytes' in this.pending ? this.pending.bytes.slice(0, 16) : [] });
    this.pending = { step: 'idle' };
    return out;
  }

  private flushText(out: EscPosToken[]): void {
    if (this.text.length > 0) out.push({ kind: 'text', bytes: this.text });
    this.text = [];
  }

  private byte(b: number, out: EscPosToken[]): void {
    const p = this.pending;
    if (p.step !== 'idle' && p.step !== 'prefix') this.embeddedRealtime(b, out);
    switch (p.step) {
      case 'idle':
        return this.idle(b, out);
      case 'prefix':
        return this.afterPrefix(p.prefix, b, out);
      case 'fixed':
        p.bytes.push(b);
        p.params.push(b);
        if (p.params.length === p.need) this.emit({ kind: 'command', name: p.name, params: p.params, data: [] }, out);
        return;
      case 'header': {
        p.bytes.push(b);
        p.params.push(b);
        if (p.params.length < p.need) return;
        const length = p.decide(p.params);
        if (length === 'more') {
          p.need += 1;
          return;
        }
        if (length === 'bad') return this.emit({ kind: 'error', reason: 'bad-parameter', bytes: p.bytes.slice(0, 16) }, out);
        if (length === 'nul') this.pending = { step: 'nul-data', name: p.name, bytes: p.bytes, params: p.params, data: [] };
        else if (length === 0) this.emit({ kind: 'command', name: p.name, params: p.params, data: [] }, out);
        else this.pending = { step: 'data', name: p.name, bytes: p.bytes, params: p.params, data: [], left: length };
        return;
      }
      case 'data':
        if (p.data.length < MAX_KEPT) p.data.push(b);
        p.left -= 1;
        if (p.left === 0) this.emit({ kind: 'command', name: p.name, params: p.params, data: p.data }, out);
        return;
      case 'nul-data':
        if (b === 0x00) return this.emit({ kind: 'command', name: p.name, params: p.params, data: p.data }, out);
        if (p.data.length >= 255) return this.emit({ kind: 'error', reason: 'bad-parameter', bytes: p.bytes.slice(0, 16) }, out);
        p.data.push(b);
        return;
    }
  }

  private emit(token: EscPosToken, out: EscPosToken[]): void {
    out.push(token);
    this.pending = { step: 'idle' };
    this.recent = [];
  }

  private idle(b: number, out: EscPosToken[]): void {
    if (b >= 0x20 && b !== 0x7f) return void this.text.push(b);
    this.flushText(out);
    if (b === ESC || b === GS || b === FS || b === DLE) return void (this.pending = { step: 'prefix', prefix: b });
    const controls: Record<number, 'LF' | 'CR' | 'HT' | 'FF' | 'CAN' | 'NUL'> = { 0x0a: 'LF', 0x0d: 'CR', 0x09: 'HT', 0x0c: 'FF', 0x18: 'CAN', 0x00: 'NUL' };
    const name = controls[b];
    out.push(name ? { kind: 'control', name } : { kind: 'error', reason: 'unknown-control', bytes: [b] });
  }

  private afterPrefix(prefix: number, b: number, out: EscPosToken[]): void {
    const bytes = [prefix, b];
    const fixed = FIXED[prefix]?.[b];
    if (fixed) {
      const [name, need] = fixed;
      if (need === 0) return this.emit({ kind: 'command', name, params: [], data: [] }, out);
      this.pending = { step: 'fixed', name, bytes, need, params: [] };
      return;
    }
    const header = (name: string, need: number, decide: (p: number[]) => number | 'nul' | 'bad' | 'more') => {
      this.pending = { step: 'header', name, bytes, params: [], need, decide };
    };
    if (prefix === DLE) {
      // Real-time commands (§1.3): DLE EOT n, DLE ENQ n, DLE DC4 fn ...
      if (b === 0x04 || b === 0x05) return header(b === 0x04 ? 'DLE EOT' : 'DLE ENQ', 1, () => 0);
      if (b === 0x14) return header('DLE DC4', 1, ([fn]) => (fn === 1 || fn === 2 ? 2 : fn === 7 ? 1 : fn === 8 ? 7 : 'bad'));
    } else if (prefix === ESC && b === 0x2a) {
      // ESC * m nL nH: 8-dot modes take n bytes, 24-dot modes 3n.
      return header('ESC *', 3, ([m = 0, nL = 0, nH = 0]) => (m === 0 || m === 1 ? 1 : m === 32 || m === 33 ? 3 : 0) * (nL + nH * 256) || 'bad');
    } else if (prefix === GS && b === 0x56) {
      // GS V m [n]: m 65/66 take one more byte (§1.2).
      return header('GS V', 1, ([m = 0]) => ([0, 1, 48, 49].includes(m) ? 0 : m === 65 || m === 66 ? 1 : 'bad'));
    } else if (prefix === GS && b === 0x6b) {
      // GS k m: form A (m ≤ 6) is NUL-terminated, form B (65–78) has a length byte n.
      return header('GS k', 1, ([m = 0, n]) => (m <= 6 ? 'nul' : m >= 65 && m <= 78 ? (n === undefined ? 'more' : n) : 'bad'));
    } else if (prefix === GS && b === 0x28) {
      return header('GS (', 3, ([fn = 0, pL = 0, pH = 0]) => ([0x6b, 0x4c, 0x48, 0x41, 0x45, 0x4b].includes(fn) ? pL + pH * 256 : 'bad'));
    } else if (prefix === GS && b === 0x76) {
      return header('GS v', 6, ([zero, , xL = 0, xH = 0, yL = 0, yH = 0]) => (zero === 0x30 ? (xL + xH * 256) * (yL + yH * 256) : 'bad'));
    }
    this.emit({ kind: 'error', reason: 'unknown-command', bytes }, out);
  }

  /** DLE EOT n / DLE ENQ n inside another command's bytes. */
  private embeddedRealtime(b: number, out: EscPosToken[]): void {
    this.recent.push(b);
    if (this.recent.length > 3) this.recent.shift();
    const [a, c, n] = this.recent;
    if (a === DLE && (c === 0x04 || c === 0x05) && n !== undefined && n >= 1 && n <= 4) {
      out.push({ kind: 'realtime', name: c === 0x04 ? 'DLE EOT' : 'DLE ENQ', params: [n], embedded: true });
      this.recent = [];
    }
  }
}

/** A top-level real-time command as its token (the tokenizer reports them as commands). */
export function realtimeOf(token: EscPosToken): { name: 'DLE EOT' | 'DLE ENQ' | 'DLE DC4'; params: number[] } | null {
  if (token.kind === 'realtime') return { name: token.name, params: token.params };
  if (token.kind === 'command' && (token.name === 'DLE EOT' || token.name === 'DLE ENQ' || token.name === 'DLE DC4')) {
    const params = token.params.concat(token.data);
    return { name: token.name, params };
  }
  return null;
}
