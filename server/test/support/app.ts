import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { DestinationStream } from 'pino';
import { createApp, type AppContext } from '../../src/app';
import { loadConfig } from '../../src/config';
import type { Pool } from '../../src/db/pool';
import { createLogger } from '../../src/observability/logger';
import { createMetrics } from '../../src/observability/metrics';

export interface TestServer {
  baseUrl: string;
  ctx: AppContext;
  close(): Promise<void>;
}

/**
 * Starts the real app on 127.0.0.1 port 0 against a test database. `env` overrides
 * configuration; `now` moves the server's clock for expiry tests; `logDestination` receives the
 * pino JSON lines (set LOG_LEVEL in `env` too, the default is silent).
 */
export async function startTestServer(
  pool: Pool,
  options: { env?: Record<string, string>; now?: () => Date; logDestination?: DestinationStream } = {},
): Promise<TestServer> {
  const config = loadConfig({ LOG_LEVEL: 'silent', ...options.env });
  const metrics = createMetrics();
  metrics.watchPool(pool);
  const ctx: AppContext = {
    config,
    pool,
    logger: createLogger(config.LOG_LEVEL, options.logDestination),
    metrics,
    now: options.now ?? (() => new Date()),
    lifecycle: { shuttingDown: false },
  };
  const server: Server = createApp(ctx).listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    ctx,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
