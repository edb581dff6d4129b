// window.keel for the browser host: the same KeelApi the Electron preload exposes, carried over a
// WebSocket to the host (host/bridge-server.ts). The host bundles this file into
// /keel-bridge.js and calls installKeelBridge with the contract's names, so nothing here is
// written per channel. Runs in the page: no Node, no imports other than keel-api (type-only
// imports vanish in the bundle).
import type { IpcChannel, IpcError, IpcEvent, IpcResult, KeelApi } from '@keel/shared';
import { createKeelApi } from '../../preload/keel-api';

export interface BridgeConfig {
  channels: readonly IpcChannel[];
  events: readonly IpcEvent[];
  /** WebSocket path on the page's own host. */
  path: string;
  /** How long a call may wait for a (re)connection before it fails with CORE_RESTARTING. */
  queueTimeoutMs: number;
}

/** What the bridge uses of `window` (a test passes a stand-in). */
export interface BridgeWindow {
  location: { protocol: string; host: string; href: string };
  history: { replaceState(data: unknown, unused: string, url?: string): void };
  sessionStorage: { getItem(key: string): string | null; setItem(key: string, value: string): void };
  WebSocket: new (url: string) => SocketLike;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  keel?: KeelApi;
}
interface SocketLike {
  readyState: number;
  send(data: string): void;
  onopen: (() => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: (() => void) | null;
}
interface Pending {
  channel: IpcChannel;
  input: unknown;
  sent: boolean;
  timer: unknown;
  resolve: (result: IpcResult<IpcChannel>) => void;
}

const TOKEN_KEY = 'keel.hostToken';
const OPEN = 1;
const fail = (code: IpcError['code'], message: string): IpcResult<IpcChannel> => ({ ok: false, error: { code, message } });

/**
 * The access token arrives once in the address the host printed (?token=…). It is kept in
 * sessionStorage (this tab only, so a reload still works) and removed from the address bar at
 * once, so it does not linger in history, screenshots or a bookmark.
 */
function takeToken(win: BridgeWindow): string | null {
  const url = new URL(win.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    win.sessionStorage.setItem(TOKEN_KEY, fromUrl);
    url.searchParams.delete('token');
    win.history.replaceState(null, '', url.pathname + url.search + url.hash);
    return fromUrl;
  }
  return win.sessionStorage.getItem(TOKEN_KEY);
}

export function installKeelBridge(win: BridgeWindow, config: BridgeConfig): KeelApi {
  const token = takeToken(win);
  const pending = new Map<number, Pending>();
  const listeners = new Map<IpcEvent, Set<(payload: unknown) => void>>();
  let socket: SocketLike | null = null;
  let nextId = 1;
  let attempt = 0;
  let connectedBefore = false;

  const emit = (event: IpcEvent, payload: unknown) => {
    for (const listener of listeners.get(event) ?? []) listener(payload);
  };
  const settle = (id: number, result: IpcResult<IpcChannel>) => {
    const entry = pending.get(id);
    if (!entry) return;
    pending.delete(id);
    win.clearTimeout(entry.timer);
    entry.resolve(result);
  };
  const send = (id: number, entry: Pending) => {
    entry.sent = true;
    socket?.send(JSON.stringify({ type: 'call', id, channel: entry.channel, input: entry.input }));
  };

  const receive = (data: unknown) => {
    let message: { type?: unknown; id?: unknown; result?: IpcResult<IpcChannel>; event?: unknown; payload?: unknown };
    try {
      message = JSON.parse(String(data)) as typeof message;
    } catch {
      return;
    }
    if (message.type === 'result' && typeof message.id === 'number' && message.result) settle(message.id, message.result);
    else if (message.type === 'event' && config.events.includes(message.event as IpcEvent)) emit(message.event as IpcEvent, message.payload);
  };

  const connect = () => {
    const scheme = win.location.protocol === 'https:' ? 'wss:' : 'ws:';
    const ws = new win.WebSocket(`${scheme}//${win.location.host}${config.path}?token=${encodeURIComponent(token ?? '')}`);
    socket = ws;
    ws.onopen = () => {
      attempt = 0;
      for (const [id, entry] of pending) if (!entry.sent) send(id, entry);
      // The core may have restarted, or lost state, while we were away: same signal as Electron's.
      if (connectedBefore) emit('core.restarted', { reason: 'The connection to the terminal core was restored.' });
      connectedBefore = true;
    };
    ws.onmessage = (event) => receive(event.data);
    ws.onclose = () => {
      socket = null;
      // Calls the host had received may or may not have run: say so instead of guessing.
      for (const [id, entry] of pending) {
        if (entry.sent) settle(id, fail('CORE_RESTARTING', 'The connection to the terminal core dropped; check the outcome before repeating.'));
      }
      // Exponential backoff with full jitter, capped, so a restarting host is not hammered.
      const delay = Math.random() * Math.min(5_000, 250 * 2 ** attempt++);
      win.setTimeout(connect, delay);
    };
  };

  const invoke = (channel: IpcChannel, input: unknown): Promise<IpcResult<IpcChannel>> => {
    if (!token) {
      return Promise.resolve(fail('AUTH_REQUIRED', 'Open the exact address the terminal host printed: it carries the access token.'));
    }
    return new Promise((resolve) => {
      const id = nextId++;
      const timer = win.setTimeout(() => {
        const entry = pending.get(id);
        // Only calls still waiting for a connection time out here; sent ones are the host's to time out.
        if (entry && !entry.sent) settle(id, fail('CORE_RESTARTING', 'The terminal core is not reachable; try again in a moment.'));
      }, config.queueTimeoutMs);
      const entry: Pending = { channel, input, sent: false, timer, resolve };
      pending.set(id, entry);
      if (socket && socket.readyState === OPEN) send(id, entry);
    });
  };

  const api = createKeelApi(config.channels, config.events, {
    invoke,
    subscribe: (event, listener) => {
      const set = listeners.get(event) ?? new Set();
      set.add(listener);
      listeners.set(event, set);
      return () => {
        set.delete(listener);
      };
    },
  });
  if (token) connect();
  // Like contextBridge.exposeInMainWorld: page scripts cannot replace or delete it.
  Object.defineProperty(win, 'keel', { value: api, writable: false, configurable: false, enumerable: true });
  return api;
}
