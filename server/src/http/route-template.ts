import type { Request } from 'express';

/**
 * The route template (`/v1/admin/stores/:storeId`) rather than the raw path, so metrics and
 * logs group by route without one series per id.
 */
export function routeTemplate(req: Request): string {
  const route = (req as Request & { route?: { path?: unknown } }).route;
  if (route && typeof route.path === 'string') return `${req.baseUrl}${route.path}`;
  return 'unmatched';
}
