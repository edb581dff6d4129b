import express, { Router } from 'express';
import { z } from 'zod';
import { KeelError, MAX_PUSH_BYTES, MAX_PUSH_OPS, PushedOperationSchema, type PushedOperation } from '@keel/shared';
import { terminalAuth, terminalOf } from '../auth/terminal-auth';
import type { AppContext } from '../context';
import { pushOperations } from '../domain/push/push-operations';
import { rateLimit } from './rate-limit';
import { parse } from './validate';

/**
 * The push body with each payload left unchecked here: express.json() already guarantees JSON,
 * and domain/push parses every payload strictly with its operation's schema (a bad one is a
 * rejection, not a 400). Re-walking payloads with z.json() cost more than the rest of the route.
 */
const PushBodySchema = z.object({
  ops: z.array(PushedOperationSchema.extend({ payload: z.unknown() })).min(1).max(MAX_PUSH_OPS),
});

/** POST /v1/sync/push: thin route; the rules live in domain/push. */
export function pushRouter(ctx: AppContext): Router {
  const router = Router();
  router.post(
    '/push',
    terminalAuth(ctx),
    rateLimit(ctx, { name: 'push', limitPerMinute: (c) => c.config.RATE_LIMIT_PUSH_PER_MIN, key: (req) => terminalOf(req).terminalId }),
    // Bounded in bytes here (413) and in count by the schema (MAX_PUSH_OPS).
    express.json({ limit: MAX_PUSH_BYTES, type: () => true }),
    async (req, res) => {
      const ops: unknown = (req.body as { ops?: unknown } | undefined)?.ops;
      if (Array.isArray(ops) && ops.length > MAX_PUSH_OPS) {
        throw new KeelError('PAYLOAD_TOO_LARGE', `A push holds at most ${MAX_PUSH_OPS} operations.`, { maxOps: MAX_PUSH_OPS });
      }
      const body = parse(PushBodySchema, req.body, 'push request');
      // Payloads are JSON (express.json parsed them); their shape is checked per op in domain/push.
      const { response, counts, anomalies } = await pushOperations(ctx.pool, terminalOf(req), body.ops as PushedOperation[]);
      ctx.metrics.opsApplied.inc({ status: 'applied' }, counts.applied);
      ctx.metrics.opsApplied.inc({ status: 'duplicate' }, counts.duplicate);
      ctx.metrics.opsApplied.inc({ status: 'rejected' }, counts.rejected);
      for (const a of anomalies) ctx.metrics.anomalies.inc({ code: a.code });
      res.json(response);
    },
  );
  return router;
}
