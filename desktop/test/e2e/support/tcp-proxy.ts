import net from 'node:net';
import type { AddressInfo } from 'node:net';

/**
 * A tiny TCP proxy on a fixed 127.0.0.1 port in front of the sync server. The terminal stores
 * the server address it enrolled with, so an outage is simulated here: `down()` closes the port
 * (connections refused, open ones cut) and `up()` listens on the same port again, optionally in
 * front of a restarted server on another port.
 */
export interface TcpProxy {
  readonly port: number;
  readonly url: string;
  down(): Promise<void>;
  up(targetPort?: number): Promise<void>;
  close(): Promise<void>;
}

export async function startTcpProxy(targetPort: number): Promise<TcpProxy> {
  let target = targetPort;
  const sockets = new Set<net.Socket>();
  let server: net.Server | null = null;
  let port = 0;

  const listen = async () => {
    const next = net.createServer((client) => {
      const upstream = net.connect(target, '127.0.0.1');
      for (const s of [client, upstream]) {
        sockets.add(s);
        s.on('close', () => sockets.delete(s));
        s.on('error', () => {
          client.destroy();
          upstream.destroy();
        });
      }
      client.pipe(upstream);
      upstream.pipe(client);
    });
    await new Promise<void>((resolve, reject) => {
      next.once('error', reject);
      next.listen(port, '127.0.0.1', () => resolve());
    });
    port = (next.address() as AddressInfo).port;
    server = next;
  };

  const down = async () => {
    const current = server;
    server = null;
    if (!current) return;
    const closed = new Promise<void>((resolve) => current.close(() => resolve()));
    for (const s of sockets) s.destroy();
    sockets.clear();
    await closed;
  };

  await listen();
  return {
    get port() {
      return port;
    },
    get url() {
      return `http://127.0.0.1:${port}`;
    },
    down,
    up: async (targetPortNext?: number) => {
      if (targetPortNext !== undefined) target = targetPortNext;
      if (!server) await listen();
    },
    close: down,
  };
}
