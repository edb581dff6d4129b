import type { Request } from 'express';

const segments = (path: string): string[] => path.split('/').filter((s) => s.length > 0);

/**
 * The route template (`/v1/admin/stores/:storeId`) rather than the raw path, so metrics and
 * logs group by route without one series per id.
 *
 * `req.baseUrl` cannot be trusted here: when a handler fails, Express passes the error out of
 * the nested routers and restores each parent's baseUrl, so by the time the response finishes
 * an error answered under `/v1/sync` reads baseUrl '' and the label would be `/push`. The mount
 * prefix is therefore taken from the request's own path: routes match whole paths, so it is the
 * path minus as many trailing segments as the route template has. Every router is mounted at a
 * static path (app.ts), so that prefix holds no ids. Templates with wildcards or optional parts
 * have no fixed segment count and fall back to baseUrl.
 */
export function routeTemplate(req: Request): string {
  const route = (req as Request & { route?: { path?: unknown } }).route;
  if (!route || typeof route.path !== 'string') return 'unmatched';
  const template = route.path;
  if (/[*{}()?+]/.test(template)) return `${req.baseUrl}${template}`;
  const own = segments(template);
  const actual = segments((req.originalUrl ?? req.url).split('?')[0] ?? '');
  if (actual.length < own.length) return `${req.baseUrl}${template}`;
  const mount = actual.slice(0, actual.length - own.length);
  return `/${[...mount, ...own].join('/')}`;
}
