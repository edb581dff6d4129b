import type { IpcChannel, IpcError, IpcEvent, IpcEventPayload, IpcInput, IpcOutput, IpcResult, KeelApi } from '@keel/shared';

/**
 * The renderer's only door to core. Every call answers `{ok, value}` or `{ok: false, error}`
 * and never throws: a transport failure (core restarting, the host's socket gone) becomes a
 * typed error too, so no screen can be left waiting on a promise that rejected into nowhere.
 */
export type CallResult<C extends IpcChannel> = IpcResult<C>;

export function keelApi(): KeelApi | null {
  return typeof window !== 'undefined' && window.keel ? window.keel : null;
}

const DISCONNECTED: IpcError = { code: 'CORE_RESTARTING', message: 'The terminal is not connected to its core.' };

export async function call<C extends IpcChannel>(channel: C, input: IpcInput<C>): Promise<IpcResult<C>> {
  const api = keelApi();
  if (!api) return { ok: false, error: DISCONNECTED };
  try {
    const method = api[channel] as (input: IpcInput<C>) => Promise<IpcResult<C>>;
    const result = await method(input);
    if (!result || typeof result !== 'object' || typeof result.ok !== 'boolean') {
      return { ok: false, error: { code: 'INTERNAL', message: 'The terminal answered something unexpected.' } };
    }
    return result;
  } catch {
    return { ok: false, error: DISCONNECTED };
  }
}

/** A failed call as an exception, for code paths that stop at the first error. */
export class CallError extends Error {
  constructor(readonly error: IpcError) {
    super(error.message);
  }
}

export async function must<C extends IpcChannel>(channel: C, input: IpcInput<C>): Promise<IpcOutput<C>> {
  const result = await call(channel, input);
  if (!result.ok) throw new CallError(result.error);
  return result.value;
}

/** The typed error of anything caught (a CallError's, or a generic one for the unexpected). */
export function errorOf(thrown: unknown): IpcError {
  if (thrown instanceof CallError) return thrown.error;
  return { code: 'INTERNAL', message: 'Something unexpected happened in the screen.' };
}

export function onEvent<E extends IpcEvent>(event: E, listener: (payload: IpcEventPayload<E>) => void): () => void {
  const api = keelApi();
  if (!api) return () => undefined;
  try {
    return api.on(event, listener);
  } catch {
    return () => undefined;
  }
}
