import { IPC_CHANNELS, IPC_EVENTS, KeelError, type IpcChannel, type IpcError, type IpcEvent } from '@keel/shared';

export type GateResult = { ok: true; channel: IpcChannel; input: unknown } | { ok: false; error: IpcError };

/**
 * The check every relay runs before a call may reach core (DESIGN.md "The IPC contract",
 * invariant 9): the channel must be in the contract and the input must parse against its
 * schema. The raw input is what travels on; core parses it again with the same schema, so a
 * relay that forgot this gate would still not let bad input into a handler.
 */
export function gateCall(channel: unknown, input: unknown): GateResult {
  if (typeof channel !== 'string' || !Object.hasOwn(IPC_CHANNELS, channel)) {
    return { ok: false, error: { code: 'NOT_FOUND', message: 'Unknown channel.' } };
  }
  const name = channel as IpcChannel;
  const parsed = IPC_CHANNELS[name].input.safeParse(input ?? {});
  if (!parsed.success) {
    const error = KeelError.fromZodError(parsed.error);
    return { ok: false, error: { code: error.code, message: error.message, details: error.details } };
  }
  return { ok: true, channel: name, input: input ?? {} };
}

export function isIpcEvent(name: unknown): name is IpcEvent {
  return typeof name === 'string' && Object.hasOwn(IPC_EVENTS, name);
}

/**
 * How long a relay waits for core before answering a typed error. Card payments wait on the
 * customer at the card terminal (PIN entry, a declined card tried again), so the channels that
 * may drive one get minutes; enrollment and sync wait on the network; everything else is a
 * local SQLite call and should answer in milliseconds.
 */
const SLOW_CHANNELS: Partial<Record<IpcChannel, number>> = {
  'checkout.complete': 300_000,
  'checkout.cancelPayments': 120_000,
  'sale.refund': 300_000,
  'sale.void': 300_000,
  'enrollment.enroll': 60_000,
  'sync.now': 120_000,
  // A status enquiry or reversal (T3 + T4), an end-of-day batch, a registration or a slow printer.
  'payment.resolve': 300_000,
  'payment.endOfDay': 300_000,
  'devices.testConnection': 60_000,
  'devices.testPrint': 60_000,
  'devices.saveConfig': 60_000,
};
export const DEFAULT_CALL_TIMEOUT_MS = 20_000;

export function callTimeoutMs(channel: IpcChannel, fallback = DEFAULT_CALL_TIMEOUT_MS): number {
  return Math.max(SLOW_CHANNELS[channel] ?? 0, fallback);
}
