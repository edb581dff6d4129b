import vm from 'node:vm';
import WebSocket from 'ws';
import type { KeelApi } from '@keel/shared';

/** A raw WebSocket client of the host bridge: calls by id, records events. */
export async function openSocket(url: string, options: { origin?: string } = {}) {
  const ws = new WebSocket(url, options.origin ? { origin: options.origin } : {});
  const events: Array<{ event: string; payload: unknown }> = [];
  const waiting = new Map<number, (result: unknown) => void>();
  ws.on('message', (data) => {
    const message = JSON.parse(String(data)) as { type: string; id: number; result: unknown; event: string; payload: unknown };
    if (message.type === 'result') waiting.get(message.id)?.(message.result);
    if (message.type === 'event') events.push({ event: message.event, payload: message.payload });
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  let nextId = 1;
  return {
    ws,
    events,
    /** Sends anything (a test may send garbage) and waits for the answer with that id. */
    send(message: Record<string, unknown>): Promise<unknown> {
      const id = typeof message.id === 'number' ? message.id : nextId++;
      const answer = new Promise<unknown>((resolve) => waiting.set(id, resolve));
      ws.send(JSON.stringify({ id, ...message }));
      return answer;
    },
    call(channel: string, input: unknown = {}): Promise<unknown> {
      return this.send({ type: 'call', channel, input });
    },
    close: () => ws.close(),
  };
}

/** What a refused handshake answered: the HTTP status, or the error. */
export function handshakeStatus(url: string, options: { origin?: string } = {}): Promise<number | string> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, options.origin ? { origin: options.origin } : {});
    ws.on('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.on('open', () => {
      resolve('open');
      ws.close();
    });
    ws.on('error', (error) => resolve(error.message));
  });
}

/**
 * Runs the served /keel-bridge.js as a page would, in a fresh context whose window is a
 * stand-in (location, history, sessionStorage, a WebSocket from the ws package).
 */
export function runBridge(script: string, href: string) {
  const storage = new Map<string, string>();
  const replaced: string[] = [];
  const sockets: WebSocket[] = [];
  const location = new URL(href);
  const window: Record<string, unknown> = {
    location: { protocol: location.protocol, host: location.host, href: location.href },
    history: { replaceState: (_data: unknown, _unused: string, url: string) => replaced.push(url) },
    sessionStorage: { getItem: (k: string) => storage.get(k) ?? null, setItem: (k: string, v: string) => storage.set(k, v) },
    WebSocket: class extends WebSocket {
      constructor(url: string) {
        super(url);
        sockets.push(this);
      }
    },
    setTimeout: (fn: () => void, ms: number) => setTimeout(fn, ms),
    clearTimeout: (handle: NodeJS.Timeout) => clearTimeout(handle),
  };
  vm.runInContext(script, vm.createContext({ window, URL }));
  return {
    keel: window.keel as KeelApi,
    window,
    storage,
    replaced,
    sockets,
    stop: () => {
      // Stop reconnecting: a closed test must not leave sockets retrying.
      window.setTimeout = () => 0;
      for (const socket of sockets) socket.terminate();
    },
  };
}
