import type { Router } from 'express';
import { reportRoutes } from './admin-reports';
import type { AppContext } from '../context';
import { accountRoutes } from './admin-accounts';
import { activityRoutes } from './admin-activity';
import { catalogRoutes } from './admin-catalog';
import { buildAdminRouter, type AdminRoute } from './admin-routes';
import { storeRoutes } from './admin-stores';

/** Every admin route with its access rule; the isolation test walks this same list. */
export function adminRoutes(ctx: AppContext): AdminRoute[] {
  return [...accountRoutes(ctx), ...storeRoutes(ctx), ...catalogRoutes(ctx), ...activityRoutes(ctx), ...reportRoutes(ctx)];
}

/** The admin API: login, stores, catalog, cashiers, enrollment, terminals, sales, anomalies, health. */
export function adminRouter(ctx: AppContext): Router {
  return buildAdminRouter(ctx, adminRoutes(ctx));
}
