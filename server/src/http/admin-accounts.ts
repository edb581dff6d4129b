import type { AppContext } from '../context';
import { accountViewOf, login, LoginSchema, logout } from '../auth/admin-sessions';
import { AccountCreateSchema, AccountUpdateSchema, createAccount, listAccounts, updateAccount } from '../domain/accounts';
import { PageQuerySchema } from '../domain/listing';
import { param, route, type AdminRoute } from './admin-routes';
import { byClientAddress, rateLimit } from './rate-limit';
import { parse } from './validate';

/** Sessions (login, logout, who am I) and the accounts that may sign in. */
export function accountRoutes(ctx: AppContext): AdminRoute[] {
  const loginLimit = rateLimit(ctx, { name: 'login', limitPerMinute: (c) => c.config.RATE_LIMIT_LOGIN_PER_MIN, key: byClientAddress });
  return [
    route.public('post', '/login', (req) => login(ctx, parse(LoginSchema, req.body)), { before: [loginLimit] }),
    route.session('post', '/logout', (_req, who) => logout(ctx, who)),
    route.session('get', '/me', async (_req, who) => ({ account: accountViewOf(who) })),

    route.admin('get', '/accounts', (req, who) => listAccounts(ctx, who, parse(PageQuerySchema, req.query, 'query'))),
    route.admin('post', '/accounts', (req, who) => createAccount(ctx, who, parse(AccountCreateSchema, req.body)), { status: 201 }),
    route.admin('patch', '/accounts/:accountId', (req, who) =>
      updateAccount(ctx, who, param(req, 'accountId'), parse(AccountUpdateSchema, req.body)),
    ),
  ];
}
