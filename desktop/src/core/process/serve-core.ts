import { IPC_EVENTS, type IpcEvent } from '@keel/shared';
import { dispatch, type Handlers } from '../api';
import { ToCoreSchema, type CorePort } from './protocol';

/** What serveCore needs of a core: its handlers and its event stream (TerminalCore has both). */
export interface ServableCore {
  handlers: Handlers;
  on(event: IpcEvent, listener: (payload: unknown) => void): () => void;
}

/**
 * Answers calls arriving on `port` through the same dispatch every transport uses, and forwards
 * every IPC_EVENTS event. Calls run concurrently; their answers carry the caller's id, so order
 * does not matter. On a shutdown message or when the parent goes away, new calls are refused,
 * calls in flight finish (a sale mid-commit completes and answers), then `onShutdown` runs once;
 * the parent kills the process if that takes longer than its grace period. Returns the same
 * close, for a signal.
 */
export function serveCore(port: CorePort, core: ServableCore, onShutdown: () => void): () => void {
  let closing = false;
  let done = false;
  let inFlight = 0;
  const unsubscribe = (Object.keys(IPC_EVENTS) as IpcEvent[]).map((event) =>
    core.on(event, (payload) => {
      if (!done) port.postMessage({ type: 'event', event, payload });
    }),
  );
  const finishIfIdle = () => {
    if (!closing || done || inFlight > 0) return;
    done = true;
    for (const off of unsubscribe) off();
    onShutdown();
  };

  const close = () => {
    closing = true;
    finishIfIdle();
  };

  port.onMessage((raw) => {
    const parsed = ToCoreSchema.safeParse(raw);
    // A message core cannot read has no id to answer; the relay's timeout answers the caller.
    if (!parsed.success || done) return;
    const message = parsed.data;
    if (message.type === 'ping') port.postMessage({ type: 'pong', id: message.id });
    else if (message.type === 'shutdown') close();
    else if (closing) {
      port.postMessage({ type: 'result', id: message.id, result: { ok: false, error: { code: 'CORE_RESTARTING', message: 'The terminal core is shutting down.' } } });
    } else {
      inFlight++;
      void dispatch(core.handlers, message.channel, message.input).then((result) => {
        inFlight--;
        port.postMessage({ type: 'result', id: message.id, result });
        finishIfIdle();
      });
    }
  });
  port.onDisconnect(close);
  port.postMessage({ type: 'ready' });
  return close;
}
