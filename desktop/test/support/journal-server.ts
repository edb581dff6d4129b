import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import { createApp, type AppContext } from '../../../server/src/app';
import { loadConfig } from '../../../server/src/config';
import type { Pool } from '../../../server/src/db/pool';
import { errorHandler } from '../../../server/src/http/errors';
import { journalRouter } from '../../../server/src/http/journal';
import { createLogger } from '../../../server/src/observability/logger';
import { createMetrics } from '../../../server/src/observability/metrics';
import type { TestServer } from '../../../server/test/support/app';

/**
 * The real server app (as server/test/support/app.ts startTestServer builds it) with
 * GET /v1/sync/journal mounted in front of it, until server/src/http/sync.ts mounts
 * journalRouter itself (then the outer mount is simply shadowed by nothing: the first match wins).
 */
export async function startServerWithJournal(pool: Pool, options: { env?: Record<string, string> } = {}): Promise<TestServer> {
  const config = loadConfig({ LOG_LEVEL: 'silent', ...options.env });
  const metrics = createMetrics();
  const ctx: AppContext = {
    config,
    pool,
    logger: createLogger(config.LOG_LEVEL),
    metrics,
    now: () => new Date(),
    lifecycle: { shuttingDown: false },
  };
  const outer = express();
  outer.disable('x-powered-by');
  outer.use('/v1/sync', journalRouter(ctx));
  outer.use(createApp(ctx));
  outer.use(errorHandler(ctx.logger, ctx.metrics));
  const server: Server = outer.listen(0, '127.0.0.1');
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
