import { Router } from 'express';
import type { AppContext } from '../context';
import { codeSchemaVersion, schemaVersion } from '../db/migrate';
import { feedLagSeconds } from '../domain/feed-lag';

export function healthRouter(ctx: AppContext): Router {
  const router = Router();
  const expected = codeSchemaVersion();

  // Liveness: the process answers. No dependencies, so a database outage never gets the
  // server restarted in a loop by its supervisor.
  router.get('/livez', (_req, res) => {
    res.json({ status: 'ok' });
  });

  // Readiness: take traffic only when the database answers with the schema this code expects,
  // and not while shutting down.
  router.get('/readyz', async (_req, res) => {
    if (ctx.lifecycle.shuttingDown) {
      res.status(503).setHeader('Retry-After', '5').json({ status: 'shutting-down' });
      return;
    }
    try {
      const version = await schemaVersion(ctx.pool);
      if (version !== expected) {
        res.status(503).json({ status: 'schema-mismatch', schemaVersion: version, expectedSchemaVersion: expected });
        return;
      }
      res.json({ status: 'ready', schemaVersion: version });
    } catch {
      res.status(503).setHeader('Retry-After', '2').json({ status: 'database-unreachable' });
    }
  });

  router.get('/metrics', async (_req, res) => {
    try {
      ctx.metrics.feedLag.set(await feedLagSeconds(ctx.pool));
    } catch {
      // The metrics page must render without the database; the gauge keeps its last value.
    }
    res.setHeader('Content-Type', ctx.metrics.registry.contentType);
    res.send(await ctx.metrics.registry.metrics());
  });
  return router;
}
