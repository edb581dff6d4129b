/**
 * Reading what an ESC/POS printer sends back (DEVICES.md §1.3–§1.6). The encoder library builds
 * everything the printer prints; real-time status queries are not print commands and it has
 * none, so the four DLE EOT requests are written here.
 */

/** `DLE EOT n` (§1.3): n=1 printer, 2 offline cause, 3 error cause, 4 roll paper sensor. */
export const STATUS_REQUEST_KINDS = [1, 2, 3, 4] as const;
export type StatusKind = (typeof STATUS_REQUEST_KINDS)[number];
export const statusRequest = (n: StatusKind): Uint8Array => Uint8Array.of(0x10, 0x04, n);

/** `DLE DC4 1 m t` (§1.2): drawer pulse executed on receipt even while offline; ON = OFF = t × 100 ms. */
export function realtimePulse(pin: 2 | 5, onMs: number): Uint8Array {
  const t = Math.min(8, Math.max(1, Math.round(onMs / 100)));
  return Uint8Array.of(0x10, 0x14, 0x01, pin === 2 ? 0 : 1, t);
}

export type StatusEvent =
  | { type: 'status'; byte: number }
  | { type: 'asb'; bytes: [number, number, number, number] }
  | { type: 'xon' }
  | { type: 'xoff' }
  /** A byte that fits no reply pattern: line noise, a partial ASB, a reply from another command. */
  | { type: 'unexpected'; byte: number; reason: 'unknown-byte' | 'bad-asb-byte' };

/**
 * Splits the printer → host stream into replies by their fixed bits (§1.6, Citizen App. 3; the
 * same masks as receiptio): DLE EOT reply `(b & 0x93) == 0x12`, first ASB byte
 * `(b & 0x93) == 0x10` followed by three bytes with `(b & 0x90) == 0` (an XOFF may come between),
 * XON 0x11, XOFF 0x13. Replies may be split or merged across `data` events (§4.4), so this is a
 * byte-at-a-time state machine. It never throws: anything else is an `unexpected` event.
 */
export class StatusReader {
  private asb: number[] | null = null;

  feed(chunk: Uint8Array): StatusEvent[] {
    const events: StatusEvent[] = [];
    for (const byte of chunk) this.byte(byte & 0xff, events);
    return events;
  }

  private byte(b: number, out: StatusEvent[]): void {
    if (b === 0x13) return void out.push({ type: 'xoff' });
    if (this.asb !== null) {
      if ((b & 0x90) === 0) {
        this.asb.push(b);
        if (this.asb.length === 4) {
          const [b1 = 0, b2 = 0, b3 = 0, b4 = 0] = this.asb;
          this.asb = null;
          out.push({ type: 'asb', bytes: [b1, b2, b3, b4] });
        }
        return;
      }
      this.asb = null;
      out.push({ type: 'unexpected', byte: b, reason: 'bad-asb-byte' });
      return;
    }
    if (b === 0x11) return void out.push({ type: 'xon' });
    if ((b & 0x93) === 0x12) return void out.push({ type: 'status', byte: b });
    if ((b & 0x93) === 0x10) {
      this.asb = [b];
      return;
    }
    out.push({ type: 'unexpected', byte: b, reason: 'unknown-byte' });
  }
}

/** What the four DLE EOT replies say (§1.4). A reply that did not come is undefined. */
export interface PrinterCondition {
  offline: boolean;
  /** Level of DK connector pin 3 (the drawer switch); what it means depends on the drawer (§1.7). */
  drawerPin3High: boolean | null;
  coverOpen: boolean;
  feedButton: boolean;
  paperEndStop: boolean;
  errorOccurred: boolean;
  autocutterError: boolean;
  unrecoverableError: boolean;
  autoRecoverableError: boolean;
  mechanicalError: boolean;
  paperNearEnd: boolean;
  paperOut: boolean;
}

const bit = (byte: number | undefined, n: number): boolean => byte !== undefined && (byte & (1 << n)) !== 0;

export function conditionOf(replies: Partial<Record<StatusKind, number>>): PrinterCondition {
  const [s1, s2, s3, s4] = [replies[1], replies[2], replies[3], replies[4]];
  return {
    offline: bit(s1, 3),
    drawerPin3High: s1 === undefined ? null : bit(s1, 2),
    coverOpen: bit(s2, 2),
    feedButton: bit(s2, 3),
    paperEndStop: bit(s2, 5),
    errorOccurred: bit(s2, 6),
    mechanicalError: bit(s3, 2),
    autocutterError: bit(s3, 3),
    unrecoverableError: bit(s3, 5),
    autoRecoverableError: bit(s3, 6),
    // n=4: bits 2,3 near end (0x0C); bits 5,6 paper not present (0x60). Either bit counts,
    // because some printers set only one of each pair (§1.4 "Variance to expect").
    paperNearEnd: bit(s4, 2) || bit(s4, 3),
    paperOut: bit(s4, 5) || bit(s4, 6),
  };
}

export type PrinterProblem = 'PRINTER_COVER_OPEN' | 'PRINTER_PAPER_OUT' | 'PRINTER_ERROR' | 'PRINTER_PAPER_LOW' | null;

/** The most pressing problem, in the order a cashier can act on it. */
export function problemOf(c: PrinterCondition): { code: PrinterProblem; detail: string | null; canPrint: boolean } {
  if (c.coverOpen) return { code: 'PRINTER_COVER_OPEN', detail: 'cover open', canPrint: false };
  if (c.paperOut || c.paperEndStop) return { code: 'PRINTER_PAPER_OUT', detail: 'paper out', canPrint: false };
  const errors = [
    c.autocutterError && 'autocutter error',
    c.mechanicalError && 'mechanical error',
    c.unrecoverableError && 'unrecoverable error',
    c.autoRecoverableError && 'auto-recoverable error (e.g. head overheat)',
  ].filter((e): e is string => typeof e === 'string');
  if (errors.length > 0 || c.errorOccurred) return { code: 'PRINTER_ERROR', detail: errors.join(', ') || 'error', canPrint: false };
  if (c.feedButton) return { code: 'PRINTER_ERROR', detail: 'paper being fed with the FEED button', canPrint: false };
  if (c.offline) return { code: 'PRINTER_ERROR', detail: 'offline', canPrint: false };
  if (c.paperNearEnd) return { code: 'PRINTER_PAPER_LOW', detail: 'paper near end', canPrint: true };
  return { code: null, detail: null, canPrint: true };
}
