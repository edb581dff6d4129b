import { toKeelError, type DeviceStatus } from '@keel/shared';
import type { CardFailure, CardOutcome } from '../../payments/card-terminal';
import { parseBmps, type StatusInformation } from './bmp';
import { describeResult, resultKind } from './codes';
import { ZvtLinkError } from './link';
import { ZvtProtocolError, type CommandResult } from './session';

/** What ZVT answers mean for Keel's CardTerminal interface (desktop/src/core/payments/card-terminal.ts). */

/** The PT's reference for a later reversal: its receipt number (BMP 87), with the trace for people. */
export function refOf(info: StatusInformation | null): string | null {
  if (!info?.receiptNo) return null;
  return `R${info.receiptNo.slice(-4)}${info.trace ? ` T${info.trace}` : ''}`;
}

/** The receipt number inside a reference made by refOf. */
export function receiptNoOf(ref: string): string | null {
  return /^R(\d{4})\b/.exec(ref.trim())?.[1] ?? null;
}

export function failureOf(resultCode: number): CardFailure {
  const kind = resultKind(resultCode);
  const code = kind === 'declined' ? 'CARD_DECLINED' : kind === 'aborted' ? 'CARD_ABORTED' : 'CARD_TERMINAL_UNAVAILABLE';
  return { approved: false, code, message: describeResult(resultCode) };
}

/** BMP 27 in a Completion, when the PT put one there. */
function completionResult(data: Uint8Array): number | null {
  const parsed = parseBmps(data);
  return parsed.ok ? (parsed.fields.get(0x27)?.[0] ?? null) : null;
}

/**
 * Only a Completion (06 0F) with no failing result makes an approval (DESIGN.md "The spine",
 * step 2); the card details come from the Status-Information before it.
 */
export function outcomeOf(result: CommandResult): CardOutcome {
  if (result.kind !== 'completed') return failureOf(result.resultCode);
  const info = result.statusInfo;
  const rc = completionResult(result.data) ?? info?.resultCode ?? 0x00;
  if (rc !== 0x00) return failureOf(rc);
  return {
    approved: true,
    brand: info?.brand ?? 'CARD',
    maskedPan: info?.maskedPan ?? '',
    authCode: info?.authCode ?? null,
    terminalTransactionRef: refOf(info),
    receiptLines: result.printLines,
  };
}

/** The card terminal's status after a failure, for the status bar (DESIGN.md invariant 7). */
export function statusOfError(error: unknown, port: string): DeviceStatus {
  if (error instanceof ZvtLinkError) {
    if (error.kind === 'nak') return { kind: 'cardTerminal', state: 'error', code: 'ZVT_PROTOCOL_ERROR', detail: `${port}: messages refused (NAK)` };
    if (error.kind === 'garbled') return { kind: 'cardTerminal', state: 'error', code: 'ZVT_PROTOCOL_ERROR', detail: `${port}: answers are not ZVT` };
    return { kind: 'cardTerminal', state: 'offline', code: 'DEVICE_NO_ANSWER', detail: `${port}: ${error.kind === 'closed' ? 'link lost' : 'no answer'}` };
  }
  if (error instanceof ZvtProtocolError) return { kind: 'cardTerminal', state: 'error', code: 'ZVT_PROTOCOL_ERROR', detail: `${port}: ${error.message}`.slice(0, 200) };
  const known = toKeelError(error);
  if (known.code === 'PORT_OPEN_FAILED') {
    const reason = (known.details as { reason?: string } | undefined)?.reason ?? 'cannot open';
    return { kind: 'cardTerminal', state: 'offline', code: 'PORT_OPEN_FAILED', detail: `${port}: ${reason}`.slice(0, 200) };
  }
  if (known.code === 'CARD_TERMINAL_ERROR') return { kind: 'cardTerminal', state: 'error', code: 'CARD_TERMINAL_ERROR', detail: known.message.slice(0, 200) };
  return { kind: 'cardTerminal', state: 'error', code: 'CARD_TERMINAL_ERROR', detail: `${port}: unexpected failure` };
}

/** A message for the cashier when nothing reached the terminal. */
export function unavailable(status: DeviceStatus): CardFailure {
  return { approved: false, code: 'CARD_TERMINAL_UNAVAILABLE', message: `The card terminal cannot be used (${status.code ?? 'error'}: ${status.detail ?? ''}). Nothing was charged.` };
}
