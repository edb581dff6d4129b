import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { IpcChannel, IpcEvent, IpcResult } from '@keel/shared';
import { gateCall } from '../core/process/call-gate';
import { BridgeCallSchema } from '../core/process/protocol';
import { KEEL_SOCKET_PATH } from './bridge-tag';
import { tokenMatches } from './token';

/** What the bridge needs of core: CoreClient in the host, a double in tests. */
export interface BridgeCore {
  call(channel: IpcChannel, input: unknown): Promise<IpcResult<IpcChannel>>;
  onEvent(listener: (event: IpcEvent, payload: unknown) => void): () => void;
}

export interface BridgeOptions {
  core: BridgeCore;
  token: string;
  /** Browsers always send Origin on a WebSocket handshake; only the host's own page may connect. */
  originAllowed: (origin: string) => boolean;
}

/** A page sends small JSON calls; anything larger is not the app talking. */
const MAX_MESSAGE_BYTES = 1024 * 1024;

function refuse(socket: Duplex, status: 401 | 403 | 404, text: string): void {
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

/**
 * The browser host's side of the contract (DESIGN.md "The IPC contract": the host bridges the
 * same table over WebSocket). A connection needs this run's token and a loopback origin; every
 * call passes the same gate Electron main uses (channel in the contract, input valid) before it
 * reaches core, and core's events go to every connected page.
 */
export function attachBridge(server: Server, options: BridgeOptions): { close(): void } {
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://host.invalid');
    if (url.pathname !== KEEL_SOCKET_PATH) return refuse(socket, 404, 'Not Found');
    // A client without Origin is not a browser page (a test, a CLI check): the token decides.
    const origin = req.headers.origin;
    if (origin !== undefined && !options.originAllowed(origin)) return refuse(socket, 403, 'Forbidden');
    if (!tokenMatches(options.token, url.searchParams.get('token'))) return refuse(socket, 401, 'Unauthorized');
    wss.handleUpgrade(req, socket, head, (ws) => serve(ws, options.core));
  });

  const unsubscribe = options.core.onEvent((event, payload) => {
    const text = JSON.stringify({ type: 'event', event, payload });
    for (const client of wss.clients) if (client.readyState === client.OPEN) client.send(text);
  });

  return {
    close() {
      unsubscribe();
      for (const client of wss.clients) client.close(1001, 'host shutting down');
      wss.close();
    },
  };
}

function serve(ws: WebSocket, core: BridgeCore): void {
  const reply = (id: number, result: IpcResult<IpcChannel>) => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ type: 'result', id, result }));
  };
  ws.on('message', (data, isBinary) => {
    let raw: unknown;
    try {
      raw = isBinary ? undefined : JSON.parse(String(data));
    } catch {
      raw = undefined;
    }
    const message = BridgeCallSchema.safeParse(raw);
    if (!message.success) {
      // Without an id there is no one to answer: the peer is not the bridge script.
      const id = (raw as { id?: unknown } | undefined)?.id;
      if (typeof id === 'number' && Number.isSafeInteger(id) && id >= 0) {
        reply(id, { ok: false, error: { code: 'INVALID_INPUT', message: 'Malformed call.' } });
      } else ws.close(1008, 'malformed message');
      return;
    }
    const { id, channel, input } = message.data;
    const gate = gateCall(channel, input);
    if (!gate.ok) return reply(id, { ok: false, error: gate.error });
    void core.call(gate.channel, gate.input).then((result) => reply(id, result));
  });
}
