import type { AppContext } from '../context';
import { CashierCreateSchema, CashierUpdateSchema, createCashier, deactivateCashier, listCashiers, updateCashier } from '../domain/cashiers';
import { createEnrollmentCode, EnrollmentCodeCreateSchema, listEnrollmentCodes, revokeEnrollmentCode } from '../domain/enrollment';
import { PageQuerySchema } from '../domain/listing';
import { createStore, getStore, listStores, parseNewStoreSettings, updateStoreSettings } from '../domain/stores';
import { listTerminals, revokeTerminal } from '../domain/terminals-admin';
import { param, route, type AdminRoute } from './admin-routes';
import { parse } from './validate';

/** Stores and what belongs to one store: its settings, cashiers, enrollment codes and terminals. */
export function storeRoutes(ctx: AppContext): AdminRoute[] {
  const page = (query: unknown) => parse(PageQuerySchema, query, 'query');
  return [
    route.session('get', '/stores', (req, who) => listStores(ctx.pool, who, page(req.query))),
    route.admin('post', '/stores', (req, who) => createStore(ctx, who, parseNewStoreSettings(req.body)), { status: 201 }),
    route.store('get', '/stores/:storeId', (_req, s) => getStore(ctx.pool, s.tenantId, s.storeId)),
    // A store's manager may edit its settings (receipt lines, limits); they validate as a whole.
    route.store('patch', '/stores/:storeId', (req, s) => updateStoreSettings(ctx, s.tenantId, s.storeId, req.body)),

    route.store('get', '/stores/:storeId/cashiers', (req, s) => listCashiers(ctx.pool, s.tenantId, s.storeId, page(req.query))),
    route.store('post', '/stores/:storeId/cashiers', (req, s) => createCashier(ctx, s.tenantId, s.storeId, parse(CashierCreateSchema, req.body)), {
      status: 201,
    }),
    route.store('patch', '/stores/:storeId/cashiers/:cashierId', (req, s) =>
      updateCashier(ctx, s.tenantId, s.storeId, param(req, 'cashierId'), parse(CashierUpdateSchema, req.body)),
    ),
    route.store('delete', '/stores/:storeId/cashiers/:cashierId', (req, s) => deactivateCashier(ctx, s.tenantId, s.storeId, param(req, 'cashierId'))),

    route.store('get', '/stores/:storeId/enrollment-codes', (req, s) => listEnrollmentCodes(ctx, s.tenantId, s.storeId, page(req.query))),
    route.store(
      'post',
      '/stores/:storeId/enrollment-codes',
      (req, s) => createEnrollmentCode(ctx, s.principal, s.storeId, parse(EnrollmentCodeCreateSchema, req.body ?? {})),
      { status: 201 },
    ),
    route.store('delete', '/stores/:storeId/enrollment-codes/:codeId', (req, s) =>
      revokeEnrollmentCode(ctx, s.tenantId, s.storeId, param(req, 'codeId')),
    ),

    route.store('get', '/stores/:storeId/terminals', (req, s) => listTerminals(ctx, s.tenantId, s.storeId, page(req.query))),
    route.store('post', '/stores/:storeId/terminals/:terminalId/revoke', (req, s) =>
      revokeTerminal(ctx, s.tenantId, s.storeId, param(req, 'terminalId')),
    ),
  ];
}
