import { Router } from 'express';
import { terminalAuth, terminalOf } from '../auth/terminal-auth';
import type { AppContext } from '../context';
import { journalPage, journalPageBody, JournalQuerySchema } from '../domain/journal-download';
import { parse } from './validate';

/**
 * GET /journal, mounted under /v1/sync: a terminal downloads its own stored operations after
 * `afterSeq` to recover a ledger restored from an older backup (domain/journal-download.ts).
 * Terminal bearer auth; every query is scoped to the authenticated terminal.
 */
export function journalRouter(ctx: AppContext): Router {
  const router = Router();
  router.get('/journal', terminalAuth(ctx), async (req, res) => {
    const query = parse(JournalQuerySchema, req.query, 'journal query');
    const page = await journalPage(ctx.pool, terminalOf(req), query);
    // The operations hold sale documents: no cache may keep them.
    res.setHeader('Cache-Control', 'no-store');
    res.type('application/json').send(journalPageBody(page));
  });
  return router;
}
