import { Router } from 'express';
import type { AppContext } from '../context';
import { journalRouter } from './journal';
import { pullRouter } from './pull';
import { pushRouter } from './push';

/** POST /v1/sync/push, GET /v1/sync/pull and GET /v1/sync/journal (DESIGN.md "Sync protocol v1"). */
export function syncRouter(ctx: AppContext): Router {
  const router = Router();
  router.use(pushRouter(ctx));
  router.use(pullRouter(ctx));
  // A terminal restored from a backup downloads its own operations back (README, "Restoring a terminal").
  router.use(journalRouter(ctx));
  return router;
}
