import type { Request, RequestHandler } from 'express';
import { KeelError } from '@keel/shared';
import type { AppContext } from '../context';

export interface RateLimitRule {
  /** Names the counter family: 'login', 'enroll', 'push'. */
  name: string;
  limitPerMinute: (ctx: AppContext) => number;
  /** Whom to count: the client address, a terminal id, ... */
  key: (req: Request) => string;
}

const WINDOW_MS = 60_000;

/**
 * Fixed one-minute windows counted in PostgreSQL (table rate_limits), so the limit holds across
 * every server instance on the database. One upsert per request; old windows are swept
 * opportunistically. Over the limit: 429 RATE_LIMIT_EXCEEDED with Retry-After in seconds.
 */
export function rateLimit(ctx: AppContext, rule: RateLimitRule): RequestHandler {
  return async (req, res, next) => {
    const now = ctx.now().getTime();
    const windowStart = new Date(now - (now % WINDOW_MS));
    const key = `${rule.name}:${rule.key(req)}`;
    const limit = rule.limitPerMinute(ctx);
    const { rows } = await ctx.pool.query<{ hits: number }>(
      `INSERT INTO rate_limits (key, window_start, hits) VALUES ($1, $2, 1)
       ON CONFLICT (key, window_start) DO UPDATE SET hits = rate_limits.hits + 1
       RETURNING hits`,
      [key, windowStart],
    );
    if (Math.random() < 0.01) {
      void ctx.pool.query('DELETE FROM rate_limits WHERE window_start < $1', [new Date(now - 5 * WINDOW_MS)]).catch(() => undefined);
    }
    const hits = rows[0]?.hits ?? 0;
    res.setHeader('RateLimit-Limit', String(limit));
    res.setHeader('RateLimit-Remaining', String(Math.max(0, limit - hits)));
    if (hits > limit) {
      const retryAfter = Math.max(1, Math.ceil((windowStart.getTime() + WINDOW_MS - now) / 1000));
      res.setHeader('Retry-After', String(retryAfter));
      throw new KeelError('RATE_LIMIT_EXCEEDED', `Too many ${rule.name} requests; retry in ${retryAfter} s.`, { retryAfterSeconds: retryAfter });
    }
    next();
  };
}

/** The client's address as Express sees it (honours TRUST_PROXY). */
export const byClientAddress = (req: Request): string => req.ip ?? 'unknown';
