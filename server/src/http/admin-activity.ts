import type { AppContext } from '../context';
import { PageQuerySchema } from '../domain/listing';
import { getSale, listSales, SalesQuerySchema } from '../domain/listing-sales';
import { AnomalyQuerySchema, listAnomalies, listRejectedOperations, resolveAnomaly } from '../domain/stores-review';
import { healthView } from '../domain/terminals-admin-health';
import { numericParam, param, route, type AdminRoute } from './admin-routes';
import { parse } from './validate';

/** What happened in a store (sales, anomalies, rejected operations) and the fleet's health. */
export function activityRoutes(ctx: AppContext): AdminRoute[] {
  return [
    route.store('get', '/stores/:storeId/sales', (req, s) => listSales(ctx, s.tenantId, s.storeId, parse(SalesQuerySchema, req.query, 'query'))),
    route.store('get', '/stores/:storeId/sales/:saleId', (req, s) => getSale(ctx, s.tenantId, s.storeId, param(req, 'saleId'))),

    route.store('get', '/stores/:storeId/anomalies', (req, s) =>
      listAnomalies(ctx, s.tenantId, s.storeId, parse(AnomalyQuerySchema, req.query, 'query')),
    ),
    route.store('post', '/stores/:storeId/anomalies/:anomalyId/resolve', (req, s) =>
      resolveAnomaly(ctx, s.tenantId, s.storeId, numericParam(req, 'anomalyId')),
    ),
    route.store('get', '/stores/:storeId/rejected-operations', (req, s) =>
      listRejectedOperations(ctx, s.tenantId, s.storeId, parse(PageQuerySchema, req.query, 'query')),
    ),

    route.admin('get', '/health', (_req, who) => healthView(ctx, who.tenantId)),
  ];
}
