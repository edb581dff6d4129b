import { KeelError, type Heartbeat } from '@keel/shared';
import type { AppContext } from '../context';
import type { TerminalPrincipal } from '../auth/terminal-auth';
import { pageOf, type Page, type PageQuery } from './listing';


/** Stores the terminal's latest report for the fleet view (DESIGN.md "Desktop shell and fleet"). */
export async function recordHeartbeat(ctx: AppContext, terminal: TerminalPrincipal, heartbeat: Heartbeat): Promise<{ receivedAt: string }> {
  const receivedAt = ctx.now();
  await ctx.pool.query(
    'UPDATE terminals SET heartbeat = $4, last_seen_at = $5 WHERE tenant_id = $1 AND store_id = $2 AND id = $3',
    [terminal.tenantId, terminal.storeId, terminal.terminalId, JSON.stringify({ ...heartbeat, receivedAt: receivedAt.toISOString() }), receivedAt],
  );
  return { receivedAt: receivedAt.toISOString() };
}

export interface TerminalView {
  id: string;
  storeId: string;
  code: string;
  name: string;
  lastSeq: number;
  lastSeenAt: string | null;
  heartbeat: unknown;
  revokedAt: string | null;
  createdAt: string;
}
interface TerminalRow extends Record<string, unknown> {
  id: string;
  store_id: string;
  code: string;
  name: string;
  last_seq: number;
  last_seen_at: Date | null;
  heartbeat: unknown;
  revoked_at: Date | null;
  created_at: Date;
}
const toView = (r: TerminalRow): TerminalView => ({
  id: r.id,
  storeId: r.store_id,
  code: r.code,
  name: r.name,
  lastSeq: r.last_seq,
  lastSeenAt: r.last_seen_at?.toISOString() ?? null,
  heartbeat: r.heartbeat,
  revokedAt: r.revoked_at?.toISOString() ?? null,
  createdAt: r.created_at.toISOString(),
});
const COLUMNS = 'id, store_id, code, name, last_seq, last_seen_at, heartbeat, revoked_at, created_at';

export function listTerminals(ctx: AppContext, tenantId: string, storeId: string, page: PageQuery): Promise<Page<TerminalView>> {
  return pageOf<TerminalRow, TerminalView>(
    ctx.pool,
    {
      select: `SELECT ${COLUMNS} FROM terminals WHERE tenant_id = $1 AND store_id = $2`,
      params: [tenantId, storeId],
      keys: ['code'],
      order: 'asc',
      page,
    },
    toView,
  );
}

/**
 * Revokes a terminal. terminalAuth reads revoked_at on every request, so its token stops
 * working at once on every instance; its journal stays, and re-enrolling gives a new identity.
 */
export async function revokeTerminal(ctx: AppContext, tenantId: string, storeId: string, id: string): Promise<TerminalView> {
  const { rows } = await ctx.pool.query<TerminalRow>(
    `UPDATE terminals SET revoked_at = coalesce(revoked_at, $4) WHERE tenant_id = $1 AND store_id = $2 AND id = $3 RETURNING ${COLUMNS}`,
    [tenantId, storeId, id, ctx.now()],
  );
  if (!rows[0]) throw new KeelError('NOT_FOUND', 'No such terminal in this store.');
  return toView(rows[0]);
}
