import { z } from 'zod';
import { KeelError } from '@keel/shared';
import type { AppContext } from '../context';
import { epochMicros, PageQuerySchema, pageOf, type Page, type PageQuery } from './listing';

/**
 * What a manager reviews for a store: anomalies (sales accepted although something was off,
 * DESIGN.md invariant 4) and operations stored as rejected (they never block a terminal's
 * queue, so someone has to look at them).
 */
export const AnomalyQuerySchema = PageQuerySchema.extend({
  status: z.enum(['open', 'resolved', 'all']).default('open'),
});

export interface AnomalyView {
  id: number;
  storeId: string;
  terminalId: string | null;
  seq: number | null;
  code: string;
  message: string;
  details: unknown;
  createdAt: string;
  resolvedAt: string | null;
}
interface AnomalyRow extends Record<string, unknown> {
  id: number;
  store_id: string;
  terminal_id: string | null;
  seq: number | null;
  code: string;
  message: string;
  details: unknown;
  created_at: Date;
  resolved_at: Date | null;
}
const toAnomaly = (r: AnomalyRow): AnomalyView => ({
  id: r.id,
  storeId: r.store_id,
  terminalId: r.terminal_id,
  seq: r.seq,
  code: r.code,
  message: r.message,
  details: r.details,
  createdAt: r.created_at.toISOString(),
  resolvedAt: r.resolved_at?.toISOString() ?? null,
});
const ANOMALY_COLUMNS = 'id, store_id, terminal_id, seq, code, message, details, created_at, resolved_at';
const STATUS_FILTER = { open: 'AND resolved_at IS NULL', resolved: 'AND resolved_at IS NOT NULL', all: '' } as const;

/** Newest first (ids grow with time). */
export function listAnomalies(
  ctx: AppContext,
  tenantId: string,
  storeId: string,
  query: z.infer<typeof AnomalyQuerySchema>,
): Promise<Page<AnomalyView>> {
  return pageOf<AnomalyRow, AnomalyView>(
    ctx.pool,
    {
      select: `SELECT ${ANOMALY_COLUMNS} FROM anomalies WHERE tenant_id = $1 AND store_id = $2 ${STATUS_FILTER[query.status]}`,
      params: [tenantId, storeId],
      keys: ['id'],
      order: 'desc',
      page: query,
    },
    toAnomaly,
  );
}

/** Marks an anomaly resolved; resolving it again keeps the first resolution time. */
export async function resolveAnomaly(ctx: AppContext, tenantId: string, storeId: string, id: number): Promise<AnomalyView> {
  const { rows } = await ctx.pool.query<AnomalyRow>(
    `UPDATE anomalies SET resolved_at = coalesce(resolved_at, $4) WHERE tenant_id = $1 AND store_id = $2 AND id = $3
     RETURNING ${ANOMALY_COLUMNS}`,
    [tenantId, storeId, id, ctx.now()],
  );
  if (!rows[0]) throw new KeelError('NOT_FOUND', 'No such anomaly in this store.');
  return toAnomaly(rows[0]);
}

export interface RejectedOperationView {
  terminalId: string;
  terminalCode: string;
  seq: number;
  opId: string;
  type: string;
  reason: string | null;
  op: unknown;
  receivedAt: string;
}
interface RejectedRow extends Record<string, unknown> {
  terminal_id: string;
  terminal_code: string;
  seq: number;
  op_id: string;
  type: string;
  reason: string | null;
  op: unknown;
  received_at: Date;
}
const toRejected = (r: RejectedRow): RejectedOperationView => ({
  terminalId: r.terminal_id,
  terminalCode: r.terminal_code,
  seq: r.seq,
  opId: r.op_id,
  type: r.type,
  reason: r.reason,
  op: r.op,
  receivedAt: r.received_at.toISOString(),
});

/** Operations of this store's terminals stored as rejected, newest first, with their reason. */
export function listRejectedOperations(ctx: AppContext, tenantId: string, storeId: string, page: PageQuery): Promise<Page<RejectedOperationView>> {
  return pageOf<RejectedRow, RejectedOperationView>(
    ctx.pool,
    {
      select: `SELECT o.terminal_id, t.code AS terminal_code, o.seq, o.op_id, o.type, o.reason, o.op, o.received_at,
                      ${epochMicros('o.received_at')} AS key_at, o.terminal_id::text AS key_terminal
                 FROM operations o JOIN terminals t ON t.tenant_id = o.tenant_id AND t.id = o.terminal_id
                WHERE o.tenant_id = $1 AND t.store_id = $2 AND o.status = 'rejected'`,
      params: [tenantId, storeId],
      keys: ['key_at', 'key_terminal', 'seq'],
      order: 'desc',
      page,
    },
    toRejected,
  );
}
