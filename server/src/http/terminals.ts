import { Router } from 'express';
import type { AppContext } from '../context';

/** POST /v1/terminals/enroll and terminal self-service routes (heartbeat). */
export function terminalsRouter(_ctx: AppContext): Router {
  const router = Router();
  return router;
}
