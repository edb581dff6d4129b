import express, { Router, type Request, type RequestHandler } from 'express';
import { z } from 'zod';
import { KeelError } from '@keel/shared';
import type { AppContext } from '../context';
import { adminAuth, adminOf, type AdminPrincipal } from '../auth/admin-auth';
import { assertStoreAccess, requireAdminRole } from '../auth/permissions';

/**
 * The admin API is declared as a table of routes, each with its access rule, and the router is
 * built from that table in one loop (as the IPC contract is, DESIGN.md). Scoping is therefore
 * enforced here rather than remembered per handler, and the isolation test walks the same table,
 * so a new route it does not cover fails the test.
 *
 * Access rules:
 * - public: no session (login only);
 * - session: any signed-in account; the handler scopes by tenant (and a manager's store);
 * - admin: role 'admin' (403 PERMISSION_DENIED otherwise);
 * - store: paths under /stores/:storeId: an admin of the tenant, or that store's manager
 *   (403 TENANT_ACCESS_DENIED); a store outside the tenant is 404.
 */
export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
export type Access = 'public' | 'session' | 'admin' | 'store';

export interface StoreScope {
  tenantId: string;
  storeId: string;
  principal: AdminPrincipal;
}

export interface AdminRoute {
  method: Method;
  path: string;
  access: Access;
  /** Status of a successful answer; a handler returning undefined answers 204. */
  status: number;
  before: RequestHandler[];
  run: (req: Request) => Promise<unknown>;
}

interface RouteOptions {
  status?: number;
  /** Middleware that runs before authentication (rate limits). */
  before?: RequestHandler[];
}

const STORE_SCOPE = Symbol('storeScope');
const scopeOf = (req: Request): StoreScope => {
  const scope = (req as Request & { [STORE_SCOPE]?: StoreScope })[STORE_SCOPE];
  if (!scope) throw new KeelError('AUTH_REQUIRED');
  return scope;
};

function make(method: Method, path: string, access: Access, run: AdminRoute['run'], options: RouteOptions = {}): AdminRoute {
  return { method, path, access, status: options.status ?? 200, before: options.before ?? [], run };
}

export const route = {
  public: (method: Method, path: string, handle: (req: Request) => Promise<unknown>, options?: RouteOptions) =>
    make(method, path, 'public', handle, options),
  session: (method: Method, path: string, handle: (req: Request, who: AdminPrincipal) => Promise<unknown>, options?: RouteOptions) =>
    make(method, path, 'session', (req) => handle(req, adminOf(req)), options),
  admin: (method: Method, path: string, handle: (req: Request, who: AdminPrincipal) => Promise<unknown>, options?: RouteOptions) =>
    make(method, path, 'admin', (req) => handle(req, adminOf(req)), options),
  store: (method: Method, path: string, handle: (req: Request, scope: StoreScope) => Promise<unknown>, options?: RouteOptions) =>
    make(method, path, 'store', (req) => handle(req, scopeOf(req)), options),
};

const uuidParam = z
  .string()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i)
  .transform((s) => s.toLowerCase());

/** Every path parameter the admin API uses, with its shape; a malformed id is simply not found. */
const PARAMS: Record<string, z.ZodType<string | number>> = {
  storeId: uuidParam,
  accountId: uuidParam,
  productId: uuidParam,
  categoryId: uuidParam,
  cashierId: uuidParam,
  terminalId: uuidParam,
  saleId: uuidParam,
  codeId: uuidParam,
  taxRateId: z.string().min(1).max(64).regex(/^[\x21-\x7E]+$/),
  anomalyId: z.string().regex(/^[1-9]\d{0,14}$/).transform(Number),
};

/** A validated path parameter (ids lower-cased); NOT_FOUND when malformed. */
export function param(req: Request, name: string): string {
  const parsed = PARAMS[name]?.safeParse(req.params[name]);
  if (!parsed?.success) throw new KeelError('NOT_FOUND', `No such ${name.replace(/Id$/, '')}.`);
  return String(parsed.data);
}

export function numericParam(req: Request, name: string): number {
  return Number(param(req, name));
}

function checkDeclaration(r: AdminRoute): void {
  for (const [, name] of r.path.matchAll(/:(\w+)/g)) {
    if (!name || !PARAMS[name]) throw new Error(`admin route ${r.path}: parameter :${name} has no schema in PARAMS`);
  }
  const underStore = r.path.startsWith('/stores/:storeId');
  if (underStore !== (r.access === 'store')) {
    throw new Error(`admin route ${r.path}: routes under /stores/:storeId use access 'store', and only they do`);
  }
}

/** Builds the router from the table: body parsing, auth, param checks and scoping, then the handler. */
export function buildAdminRouter(ctx: AppContext, routes: AdminRoute[]): Router {
  const router = Router();
  router.use(express.json({ limit: '256kb' }));
  const auth = adminAuth(ctx);
  for (const r of routes) {
    checkDeclaration(r);
    const chain: RequestHandler[] = [...r.before];
    if (r.access !== 'public') chain.push(auth);
    chain.push((req, _res, next) => {
      for (const name of Object.keys(req.params)) param(req, name);
      next();
    });
    if (r.access === 'admin') chain.push((req, _res, next) => (requireAdminRole(adminOf(req)), next()));
    if (r.access === 'store') chain.push(storeScope(ctx));
    chain.push(async (req, res) => {
      const body = await r.run(req);
      if (body === undefined) res.status(204).end();
      else res.status(r.status).json(body);
    });
    router[r.method](r.path, ...chain);
  }
  return router;
}

function storeScope(ctx: AppContext): RequestHandler {
  return async (req, _res, next) => {
    const principal = adminOf(req);
    const storeId = param(req, 'storeId');
    assertStoreAccess(principal, storeId);
    const { rowCount } = await ctx.pool.query('SELECT 1 FROM stores WHERE tenant_id = $1 AND id = $2', [principal.tenantId, storeId]);
    if (!rowCount) throw new KeelError('NOT_FOUND', 'No such store.');
    (req as Request & { [STORE_SCOPE]?: StoreScope })[STORE_SCOPE] = { tenantId: principal.tenantId, storeId, principal };
    next();
  };
}
