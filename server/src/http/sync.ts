import { Router } from 'express';
import type { AppContext } from '../context';

/** POST /v1/sync/push and GET /v1/sync/pull (DESIGN.md "Sync protocol v1"). */
export function syncRouter(_ctx: AppContext): Router {
  const router = Router();
  return router;
}
