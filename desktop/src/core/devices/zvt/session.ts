import { POSITIVE, encodeApdu, hex, is } from './apdu';
import { parseBmps, statusInformation, type StatusInformation } from './bmp';
import { decodeCp437, intermediateText } from './codes';
import type { ZvtLink } from './link';
import { fromBcd } from './bcd';

/** How far a command got; kept by the caller so that a broken link can be judged (§3.5 flow). */
export interface Progress {
  /** The PT acknowledged the command: from here on it may act on it (the amount was sent). */
  delivered: boolean;
  statusInfo: StatusInformation | null;
  /** The ECR sent (or began to send) 80 00 for that Status-Information: the PT may have booked it ([P15 §2.2.6–2.2.9]). */
  acknowledged: boolean;
}

export const newProgress = (): Progress => ({ delivered: false, statusInfo: null, acknowledged: false });

export type CommandResult =
  /** 06 0F: the PT finished and returned master rights. */
  | { kind: 'completed'; data: Uint8Array; statusInfo: StatusInformation | null; printLines: string[] }
  /** 06 1E <rc>: the PT gave up. */
  | { kind: 'aborted'; resultCode: number; statusInfo: StatusInformation | null; printLines: string[] }
  /** 84 xx instead of 80 00: the PT refused the command; nothing was done. */
  | { kind: 'rejected'; resultCode: number };

/** The PT broke the protocol (an answer that fits no rule). Typed so the caller can tell it from a lost link. */
export class ZvtProtocolError extends Error {
  override readonly name = 'ZvtProtocolError';
}

export interface Timeouts {
  t3Ms: number;
  t4Ms: number;
}

/**
 * One ECR command until the PT returns master rights (DEVICES.md §3.5 "Authorisation sequence"):
 * command → 80 00 within T3 → 04 FF / 04 0F / 06 D1 answered with 80 00 each, T4 restarted by
 * every one → 06 0F or 06 1E. Throws ZvtLinkError when the link fails and ZvtProtocolError on
 * nonsense; `progress` says how far it got either way.
 */
export async function runCommand(
  link: ZvtLink,
  command: Uint8Array,
  timeouts: Timeouts,
  progress: Progress,
  onStatus: (text: string) => void = () => undefined,
): Promise<CommandResult> {
  link.clearInbox();
  await link.send(command);
  progress.delivered = true;

  const first = await link.receive(timeouts.t3Ms);
  if (first.cls === 0x84 && first.instr !== 0x00) return { kind: 'rejected', resultCode: first.instr };
  if (!(first.cls === 0x80 || is(first, 0x84, 0x00))) throw new ZvtProtocolError(`expected 80 00 after the command, got ${hex(first)}`);

  const printLines: string[] = [];
  let t4 = timeouts.t4Ms;
  for (;;) {
    const message = await link.receive(t4);
    if (is(message, 0x04, 0xff)) {
      onStatus(intermediateText(message.data[0] ?? 0x0e));
      // An intermediate status may carry a new T4 in minutes, BCD ([P15 §3.7]).
      const minutes = message.data.length >= 2 ? fromBcd(message.data.subarray(1, 2)) : null;
      t4 = minutes !== null && Number(minutes) > 0 ? Number(minutes) * 60_000 : timeouts.t4Ms;
      await link.send(POSITIVE);
    } else if (is(message, 0x04, 0x0f)) {
      const parsed = parseBmps(message.data);
      if (!parsed.ok) {
        // A result Keel cannot read is not acknowledged: "84 yy" makes the PT reverse it
        // rather than book a payment nobody understood (§3.5 step 4).
        await link.send(encodeApdu(0x84, 0x66));
        continue;
      }
      progress.statusInfo = statusInformation(parsed.fields);
      // Set before sending: once the 80 00 may have reached the PT, the payment may be booked.
      progress.acknowledged = true;
      await link.send(POSITIVE);
    } else if (is(message, 0x06, 0xd1)) {
      printLines.push(...printLine(message.data));
      await link.send(POSITIVE);
    } else if (is(message, 0x06, 0x0f)) {
      await link.send(POSITIVE);
      return { kind: 'completed', data: message.data, statusInfo: progress.statusInfo, printLines };
    } else if (is(message, 0x06, 0x1e)) {
      await link.send(POSITIVE);
      return { kind: 'aborted', resultCode: message.data[0] ?? 0xff, statusInfo: progress.statusInfo, printLines };
    } else if (message.cls === 0x80 || message.cls === 0x84) {
      // The PT's answer to an ECR abort (06 B0) sent meanwhile; the outcome still comes as 06 1E / 06 0F.
      if (message.cls === 0x84 && message.instr !== 0x00) onStatus('The card terminal did not accept the abort');
    } else {
      // A command this ECR does not implement (04 01 set time, 06 D3 text block, ...): "function not possible".
      await link.send(encodeApdu(0x84, 0x83));
    }
  }
}

/**
 * Print Line (06 D1, [P15 Table 16], §3.10): attribute byte, then text without CR/LF (empty =
 * one line feed); attribute FF means line feeds, the next byte their count.
 */
export function printLine(data: Uint8Array): string[] {
  const attribute = data[0];
  if (attribute === undefined) return [''];
  if (attribute === 0xff) return Array.from({ length: Math.min(data[1] ?? 1, 10) }, () => '');
  const indent = attribute & 0x80 ? 0 : attribute & 0x0f;
  return [`${' '.repeat(indent)}${decodeCp437(data.subarray(1))}`.trimEnd()];
}

/** Completion of a Status Enquiry (05 01): [LLLVAR software version] <terminal status code> [06 TLV] ([P15 ch. 11], §3.8). */
export function terminalStatusOf(data: Uint8Array): number | null {
  let at = 0;
  const isVar = (b: number | undefined) => b !== undefined && b >> 4 === 0x0f && (b & 0x0f) <= 9;
  if (isVar(data[0]) && isVar(data[1]) && isVar(data[2])) {
    const length = ((data[0] ?? 0) & 0x0f) * 100 + ((data[1] ?? 0) & 0x0f) * 10 + ((data[2] ?? 0) & 0x0f);
    at = 3 + length;
  }
  return data[at] ?? null;
}

