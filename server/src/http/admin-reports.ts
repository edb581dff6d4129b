import type { AppContext } from '../context';
import { ReportQuerySchema, storeReport, tenantReports, terminalReport, terminalZReports } from '../domain/reports';
import { param, route, type AdminRoute } from './admin-routes';
import { parse } from './validate';

/**
 * Sales reports over business dates (`?from=YYYY-MM-DD&to=YYYY-MM-DD`, inclusive, at most 366
 * days; for a store or terminal both default to today's business date in the store's zone):
 * per store and per terminal for the store's manager or an admin, tenant-wide (one report per
 * currency) for admins; and a terminal's Z reports next to the server's recomputation of each.
 */
export function reportRoutes(ctx: AppContext): AdminRoute[] {
  const query = (q: unknown) => parse(ReportQuerySchema, q, 'query');
  return [
    route.admin('get', '/reports', (req, who) => tenantReports(ctx, who.tenantId, query(req.query))),
    route.store('get', '/stores/:storeId/reports', (req, s) => storeReport(ctx, s.tenantId, s.storeId, query(req.query))),
    route.store('get', '/stores/:storeId/terminals/:terminalId/reports', (req, s) =>
      terminalReport(ctx, s.tenantId, s.storeId, param(req, 'terminalId'), query(req.query)),
    ),
    route.store('get', '/stores/:storeId/terminals/:terminalId/z-reports', (req, s) =>
      terminalZReports(ctx, s.tenantId, s.storeId, param(req, 'terminalId'), query(req.query)),
    ),
  ];
}
