import { Router } from 'express';
import type { AppContext } from '../context';
import { pullRouter } from './pull';
import { pushRouter } from './push';

/** POST /v1/sync/push and GET /v1/sync/pull (DESIGN.md "Sync protocol v1"). */
export function syncRouter(ctx: AppContext): Router {
  const router = Router();
  router.use(pushRouter(ctx));
  router.use(pullRouter(ctx));
  return router;
}
