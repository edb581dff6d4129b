import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * A fault-injecting HTTP proxy on 127.0.0.1 between terminals and the sync server, for the
 * sync fault tests. Each request gets one fault, chosen by the `choose` policy (seeded by the
 * test, so a failing run can be replayed):
 *
 * - `pass`           forwarded, answered as the server answered;
 * - `delay`          forwarded after a pause, answered as the server answered;
 * - `resetBefore`    the client's connection is reset; the server never sees the request;
 * - `resetAfter`     forwarded, the server's answer read in full (so it has committed), then the
 *                    client's connection is reset instead of answering: the client cannot know
 *                    the push was applied;
 * - `hangBefore`     never forwarded, never answered: the client's own timeout ends it;
 * - `hangAfter`      forwarded (the server commits), never answered;
 * - `error503`       answered 503 UNAVAILABLE with Retry-After, never forwarded;
 * - `error500After`  forwarded (the server commits), then answered 500 with an HTML body, as a
 *                    broken load balancer would;
 * - `truncate`       forwarded, the answer cut half-way with a Content-Length that fits the cut
 *                    (an unreadable body);
 * - `truncateAbort`  forwarded, the answer's headers promise the full length and the connection
 *                    is destroyed half-way through the body.
 *
 * `down()` stops listening (connections refused, open ones destroyed) and `up()` listens again
 * on the same port, so a terminal pointed at the proxy sees a server that is not there.
 */
export const FAULTS = [
  'pass',
  'delay',
  'resetBefore',
  'resetAfter',
  'hangBefore',
  'hangAfter',
  'error503',
  'error500After',
  'truncate',
  'truncateAbort',
] as const;
export type Fault = (typeof FAULTS)[number];

export interface FaultRequest {
  method: string;
  path: string;
}

export interface FaultProxy {
  readonly url: string;
  readonly port: number;
  /** How many requests got each fault so far. */
  counts(): Record<Fault, number>;
  /** Replaces the fault policy (default: everything passes). */
  setPolicy(choose: (req: FaultRequest) => Fault): void;
  down(): Promise<void>;
  up(): Promise<void>;
  close(): Promise<void>;
}

interface Upstream {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'proxy-connection', 'te', 'trailer', 'host', 'content-length']);

function forward(target: URL, req: http.IncomingMessage, body: Buffer): Promise<Upstream> {
  const headers: http.OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(req.headers)) if (!HOP_BY_HOP.has(name) && value !== undefined) headers[name] = value;
  headers['content-length'] = String(body.length);
  return new Promise((resolve, reject) => {
    const upstream = http.request(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 502, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      },
    );
    upstream.on('error', reject);
    upstream.end(body);
  });
}

function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function answer(res: http.ServerResponse, upstream: Upstream): void {
  const headers: http.OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(upstream.headers)) if (!HOP_BY_HOP.has(name) && value !== undefined) headers[name] = value;
  headers['content-length'] = String(upstream.body.length);
  res.writeHead(upstream.status, headers);
  res.end(upstream.body);
}

export async function startFaultProxy(target: string, options: { port?: number; delayMs?: () => number } = {}): Promise<FaultProxy> {
  const upstreamUrl = new URL(target);
  let choose: (req: FaultRequest) => Fault = () => 'pass';
  const counts = Object.fromEntries(FAULTS.map((f) => [f, 0])) as Record<Fault, number>;
  const sockets = new Set<Socket>();
  const delayMs = options.delayMs ?? (() => 5 + Math.floor(Math.random() * 40));

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    const fault = choose({ method: req.method ?? 'GET', path: req.url ?? '/' });
    counts[fault] += 1;
    const body = await readBody(req);
    const kill = (): void => {
      req.socket.destroy();
    };
    switch (fault) {
      case 'resetBefore':
        return kill();
      case 'hangBefore':
        return; // the client gives up; its socket is destroyed when it aborts or the proxy closes
      case 'error503':
        res.writeHead(503, { 'content-type': 'application/json', 'retry-after': '1' });
        res.end(JSON.stringify({ error: 'Injected: temporarily unavailable.', code: 'UNAVAILABLE' }));
        return;
      default:
        break;
    }
    if (fault === 'delay') await new Promise((resolve) => setTimeout(resolve, delayMs()));
    let upstream: Upstream;
    try {
      upstream = await forward(upstreamUrl, req, body);
    } catch {
      // The server is not there (stopped, killed): what a gateway answers.
      res.writeHead(502, { 'content-type': 'text/html' });
      res.end('<html><body>502 Bad Gateway</body></html>');
      return;
    }
    switch (fault) {
      case 'resetAfter':
        return kill();
      case 'hangAfter':
        return;
      case 'error500After':
        res.writeHead(500, { 'content-type': 'text/html' });
        res.end('<html><body>500 Internal Server Error</body></html>');
        return;
      case 'truncate': {
        const cut = upstream.body.subarray(0, Math.floor(upstream.body.length / 2));
        res.writeHead(upstream.status, { 'content-type': 'application/json', 'content-length': String(cut.length) });
        res.end(cut);
        return;
      }
      case 'truncateAbort': {
        res.writeHead(upstream.status, { 'content-type': 'application/json', 'content-length': String(upstream.body.length) });
        res.write(upstream.body.subarray(0, Math.floor(upstream.body.length / 2)), () => kill());
        return;
      }
      default:
        answer(res, upstream);
    }
  };

  const server = http.createServer((req, res) => {
    handle(req, res).catch(() => req.socket.destroy());
  });
  server.keepAliveTimeout = 2_000;
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  const listen = (port: number) =>
    new Promise<number>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve((server.address() as AddressInfo).port);
      });
    });
  const port = await listen(options.port ?? 0);
  const down = () =>
    new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      if (!server.listening) return resolve();
      server.close(() => resolve());
    });
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    counts: () => ({ ...counts }),
    setPolicy(next) {
      choose = next;
    },
    down,
    async up() {
      if (!server.listening) await listen(port);
    },
    close: down,
  };
}
