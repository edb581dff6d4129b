import express, { Router } from 'express';
import { EnrollRequestSchema, HeartbeatSchema } from '@keel/shared';
import type { AppContext } from '../context';
import { terminalAuth, terminalOf } from '../auth/terminal-auth';
import { enrollTerminal } from '../domain/enrollment';
import { recordHeartbeat } from '../domain/terminals-admin';
import { byClientAddress, rateLimit } from './rate-limit';
import { parse } from './validate';

/** POST /v1/terminals/enroll and terminal self-service routes (heartbeat). */
export function terminalsRouter(ctx: AppContext): Router {
  const router = Router();
  router.use(express.json({ limit: '16kb' }));

  // Rate limited per client address: enrollment codes are short enough to be worth guessing.
  router.post(
    '/enroll',
    rateLimit(ctx, { name: 'enroll', limitPerMinute: (c) => c.config.RATE_LIMIT_ENROLL_PER_MIN, key: byClientAddress }),
    async (req, res) => {
      res.status(201).json(await enrollTerminal(ctx, parse(EnrollRequestSchema, req.body)));
    },
  );

  router.post('/heartbeat', terminalAuth(ctx), async (req, res) => {
    res.json(await recordHeartbeat(ctx, terminalOf(req), parse(HeartbeatSchema, req.body, 'heartbeat')));
  });
  return router;
}
