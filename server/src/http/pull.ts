import { Router, type Request } from 'express';
import { PullQuerySchema } from '@keel/shared';
import type { AppContext } from '../context';
import { terminalAuth, terminalOf } from '../auth/terminal-auth';
import { pullPage } from '../domain/pull';
import type { Logger } from '../observability/logger';
import { parse } from './validate';

/**
 * GET /pull, mounted under /v1/sync: the terminal's catalog feed (DESIGN.md "Sync protocol v1").
 * A thin route: parse the query, call the domain, send the page.
 */
export function pullRouter(ctx: AppContext): Router {
  const router = Router();
  router.get('/pull', terminalAuth(ctx), async (req, res) => {
    const query = parse(PullQuerySchema, req.query, 'pull query');
    // pino-http's request logger carries the request id; an app without it falls back to ctx's.
    const logger = (req as Request & { log?: Logger }).log ?? ctx.logger;
    const page = await pullPage({ pool: ctx.pool, logger }, terminalOf(req), query);
    // Pages hold PIN hashes and are per terminal: no cache may keep them.
    res.setHeader('Cache-Control', 'no-store');
    res.json(page);
  });
  return router;
}
