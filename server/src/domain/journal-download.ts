import { z } from 'zod';
import type { Pool } from '../db/pool';

/**
 * GET /v1/sync/journal?afterSeq=N&limit=M, the domain side: this terminal's own operations as
 * the server stored them, for a terminal whose ledger was restored from an older backup
 * (README "Restoring a terminal"). The terminal appends them to its journal verbatim (same seq,
 * same hash, checked against its own chain) and replays their effects, so its receipt numbers
 * continue after the last one the server holds and nothing is renumbered or dropped.
 *
 * Operations come back exactly as received (`operations.op`, kept as text), applied and
 * rejected alike: both are links of the chain. The head (last_seq, last_hash) is read by the
 * same statement as the page, so the two are consistent.
 */
export const JournalQuerySchema = z.object({
  afterSeq: z.coerce.number().int().min(0).refine(Number.isSafeInteger, 'afterSeq out of range'),
  limit: z.coerce.number().int().min(1).max(500).default(200),
});
export type JournalQuery = z.infer<typeof JournalQuerySchema>;

export interface JournalPage {
  /** Each operation's JSON text exactly as stored, in seq order. */
  opsJson: string[];
  /** The operations of this page stored as rejected, with the server's reason. */
  rejected: { seq: number; reason: string }[];
  /** The terminal's acknowledged head on the server. */
  lastSeq: number;
  lastHash: string;
  hasMore: boolean;
}

export async function journalPage(pool: Pool, scope: { tenantId: string; terminalId: string }, query: JournalQuery): Promise<JournalPage> {
  const { rows } = await pool.query<{ last_seq: number; last_hash: string; seq: number | null; status: string | null; reason: string | null; op: string | null }>(
    `SELECT t.last_seq, t.last_hash, o.seq, o.status, o.reason, o.op
       FROM terminals t
       LEFT JOIN LATERAL (
         SELECT seq, status, reason, op::text AS op FROM operations
          WHERE tenant_id = t.tenant_id AND terminal_id = t.id AND seq > $3 AND seq <= t.last_seq
          ORDER BY seq LIMIT $4
       ) o ON true
      WHERE t.tenant_id = $1 AND t.id = $2
      ORDER BY o.seq`,
    [scope.tenantId, scope.terminalId, query.afterSeq, query.limit + 1],
  );
  const head = rows[0];
  if (!head) return { opsJson: [], rejected: [], lastSeq: 0, lastHash: '0'.repeat(64), hasMore: false };
  const ops = rows.filter((r): r is typeof r & { seq: number; op: string } => r.seq !== null && r.op !== null);
  const page = ops.slice(0, query.limit);
  return {
    opsJson: page.map((r) => r.op),
    rejected: page.filter((r) => r.status === 'rejected').map((r) => ({ seq: r.seq, reason: r.reason ?? 'rejected by the server' })),
    lastSeq: head.last_seq,
    lastHash: head.last_hash,
    hasMore: ops.length > query.limit,
  };
}

/** The response body: the stored operation texts are spliced in as they are, never re-encoded. */
export function journalPageBody(page: JournalPage): string {
  const rest = JSON.stringify({ rejected: page.rejected, lastSeq: page.lastSeq, lastHash: page.lastHash, hasMore: page.hasMore });
  return `{"ops":[${page.opsJson.join(',')}],${rest.slice(1)}`;
}
