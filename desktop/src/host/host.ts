import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { CoreClient, type CoreClientOptions } from '../core/process/core-client';
import { forkNodeCore } from '../core/process/node-child';
import type { CoreProcessConfig } from '../core/process/protocol';
import { contentSecurityPolicy, SECURITY_HEADERS } from '../main/security/csp';
import { isLoopbackOrigin } from '../main/security/trusted-url';
import { bridgeScript } from './bridge-script';
import { attachBridge } from './bridge-server';
import { KEEL_BRIDGE_PATH } from './bridge-tag';
import { rendererFile } from './static-files';
import { newToken } from './token';

/** Where `npm run build:renderer` puts the renderer (desktop/vite.config.ts). */
export const DEFAULT_RENDERER_DIR = fileURLToPath(new URL('../../dist/renderer', import.meta.url));

export interface HostOptions {
  /** The terminal's data directory (its SQLite ledger, backups). */
  dataDir: string;
  /** 0 picks a free port. The host listens on 127.0.0.1 only. */
  port?: number;
  rendererDir?: string;
  /** Core options that can cross a process boundary (plain data). */
  coreOptions?: Omit<CoreProcessConfig, 'dataDir'>;
  /** Relay timings (call timeout, hang detection, restart backoff); tests shorten them. */
  relay?: CoreClientOptions;
  /** Let core's stdout/stderr through (default true). */
  coreOutput?: boolean;
}

export interface Host {
  /** Open this in a browser: the page address with this run's token. */
  url: string;
  origin: string;
  port: number;
  token: string;
  /** The relay to the core child (its pid, for tests that kill it). */
  core: CoreClient;
  close(): Promise<void>;
}

/**
 * Runs the terminal without Electron (DESIGN.md "Layout", host/): core in a child process, the
 * built renderer over HTTP on 127.0.0.1 with the same CSP as the Electron app, and window.keel
 * over a token-protected WebSocket. For end-to-end tests and machines without Electron.
 */
export async function startHost(options: HostOptions): Promise<Host> {
  const rendererDir = options.rendererDir ?? DEFAULT_RENDERER_DIR;
  const core = new CoreClient(forkNodeCore({ ...options.coreOptions, dataDir: options.dataDir }, { silent: options.coreOutput === false }), options.relay);
  const token = newToken();
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;
  const headers = {
    ...SECURITY_HEADERS,
    'content-security-policy': contentSecurityPolicy({ connect: [`ws://127.0.0.1:${port}`, `ws://localhost:${port}`] }),
  };

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    void answer(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500, headers);
      res.end();
    });
  });
  async function answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // The Host header must name this machine: a DNS-rebinding page on another name is refused.
    if (!isLoopbackOrigin(`http://${req.headers.host ?? ''}`, port)) return void res.writeHead(421, headers).end();
    if (req.method !== 'GET' && req.method !== 'HEAD') return void res.writeHead(405, { ...headers, allow: 'GET, HEAD' }).end();
    const { pathname } = new URL(req.url ?? '/', origin);
    const file =
      pathname === KEEL_BRIDGE_PATH
        ? { status: 200, type: 'text/javascript; charset=utf-8', body: await bridgeScript() }
        : await rendererFile(rendererDir, pathname);
    res.writeHead(file.status, { ...headers, 'content-type': file.type, 'cache-control': 'no-cache' });
    res.end(req.method === 'HEAD' ? undefined : file.body);
  }

  const bridge = attachBridge(server, { core, token, originAllowed: (o) => isLoopbackOrigin(o, port) });
  try {
    // Build the bridge script now so a broken bundle fails the start, not the first page load.
    await Promise.all([core.start(), bridgeScript()]);
  } catch (error) {
    bridge.close();
    server.close();
    throw error;
  }

  let closing: Promise<void> | null = null;
  return {
    url: `${origin}/?token=${token}`,
    origin,
    port,
    token,
    core,
    close: () =>
      (closing ??= (async () => {
        bridge.close();
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await core.close();
      })()),
  };
}
