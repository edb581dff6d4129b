import { Router } from 'express';
import type { AppContext } from '../context';

/** The admin API: login, stores, catalog, cashiers, enrollment, terminals, sales, anomalies, health. */
export function adminRouter(_ctx: AppContext): Router {
  const router = Router();
  return router;
}
