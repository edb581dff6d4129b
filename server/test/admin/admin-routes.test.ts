import { describe, expect, it } from 'vitest';
import type { AppContext } from '../../src/context';
import { buildAdminRouter, route } from '../../src/http/admin-routes';

// Only the declaration checks run here; they fail before any request or database is involved.
const ctx = {} as AppContext;
const handler = async () => ({});

describe('admin route declarations', () => {
  it('When a route under /stores/:storeId is not declared with store access, then building the router fails', () => {
    expect(() => buildAdminRouter(ctx, [route.admin('get', '/stores/:storeId/secrets', handler)])).toThrow(/access 'store'/);
  });

  it('When a store-access route is not under /stores/:storeId, then building the router fails', () => {
    expect(() => buildAdminRouter(ctx, [route.store('get', '/everything', handler)])).toThrow(/access 'store'/);
  });

  it('When a route has a parameter without a schema, then building the router fails', () => {
    expect(() => buildAdminRouter(ctx, [route.session('get', '/widgets/:widgetId', handler)])).toThrow(/:widgetId has no schema/);
  });
});
