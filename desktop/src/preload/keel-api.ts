import type { IpcChannel, IpcEvent, IpcEventPayload, IpcResult, KeelApi } from '@keel/shared';

/** How a shell carries calls and events: Electron IPC in the preload, a WebSocket in the host bridge. */
export interface KeelTransport {
  invoke(channel: IpcChannel, input: unknown): Promise<IpcResult<IpcChannel>>;
  subscribe(event: IpcEvent, listener: (payload: unknown) => void): () => void;
}

type Invokers = { [C in IpcChannel]: KeelApi[C] };

/**
 * `window.keel`, built from the contract's channel and event names (DESIGN.md "The IPC
 * contract"): one method per channel, nothing written per channel, and `on` only for the
 * contract's events. Both shells build it here, so the renderer cannot tell which one it runs
 * in. The names are passed in rather than imported so that this file has no runtime imports:
 * the host bundles it into a plain browser script and the sandboxed preload stays small.
 */
export function createKeelApi(channels: readonly IpcChannel[], events: readonly IpcEvent[], transport: KeelTransport): KeelApi {
  const invokers = Object.fromEntries(
    channels.map((channel) => [channel, (input?: unknown) => transport.invoke(channel, input ?? {})]),
  ) as Invokers;
  const api = {
    ...invokers,
    on<E extends IpcEvent>(event: E, listener: (payload: IpcEventPayload<E>) => void): () => void {
      // Page scripts call this: refuse names outside the contract instead of subscribing to them.
      if (!events.includes(event)) throw new TypeError(`keel.on: unknown event ${String(event)}`);
      if (typeof listener !== 'function') throw new TypeError('keel.on: listener must be a function');
      return transport.subscribe(event, (payload) => listener(payload as IpcEventPayload<E>));
    },
  } satisfies KeelApi;
  return Object.freeze(api);
}
