import type { DayClosed, ZSummary } from '@keel/shared';
import type { AnomalyDraft } from './push/effects';
import type { Scope } from './push/write-batch';
import { readParts, receiptRange, type Db } from './reports-sql';
import { summaryDifferences, summaryOf } from './reports-summary';

/**
 * The server's side of a terminal's Z (DESIGN.md invariant 6: recompute, flag, never correct).
 * A Z covers the terminal's journal after its previous Z; the server holds the same documents
 * once they are synced, so it recomputes the figures from its own rows and compares them with
 * the figures the terminal recorded. Any difference (a tampered or buggy total, a document the
 * server rejected or never received) becomes a Z_MISMATCH anomaly listing the differing
 * figures. The Z itself is still accepted: it is a record of what the terminal printed.
 */

export interface ZDifference {
  field: string;
  terminal: number | string | null;
  server: number | string | null;
}

export interface ZRecomputation {
  /** Journal seq of the previous Z of this terminal (0: none): the Z covers (afterSeq, seq). */
  afterSeq: number;
  previous: { zNumber: number; grandTotalMinor: number } | null;
  summary: ZSummary;
  firstReceiptNumber: string | null;
  lastReceiptNumber: string | null;
  differences: ZDifference[];
}

/** The terminal's previous applied day.closed before `seq`, if any. */
async function previousZ(db: Db, scope: Scope, seq: number): Promise<{ seq: number; payload: DayClosed } | null> {
  const { rows } = await db.query<{ seq: number; payload: DayClosed }>(
    `SELECT seq, op->'payload' AS payload FROM operations
      WHERE tenant_id = $1 AND terminal_id = $2 AND type = 'day.closed' AND status = 'applied' AND seq < $3
      ORDER BY seq DESC LIMIT 1`,
    [scope.tenantId, scope.terminalId, seq],
  );
  return rows[0] ?? null;
}

/** Recomputes the Z recorded as operation `seq` from the server's copy of the documents it covers. */
export async function recomputeZ(db: Db, scope: Scope, z: DayClosed, seq: number): Promise<ZRecomputation> {
  const previous = await previousZ(db, scope, seq);
  const filter = { kind: 'journal' as const, tenantId: scope.tenantId, terminalId: scope.terminalId, afterSeq: previous?.seq ?? 0, beforeSeq: seq };
  const [parts, receipts] = await Promise.all([readParts(db, filter), receiptRange(db, filter)]);
  const baseMinor = previous?.payload.summary.grandTotalMinor ?? 0;
  const summary = summaryOf(parts, (gross) => baseMinor + gross);
  const differences: ZDifference[] = summaryDifferences(z.summary, summary).map((d) => ({ ...d, field: `summary.${d.field}` }));
  const expectedNumber = (previous?.payload.zNumber ?? 0) + 1;
  if (z.zNumber !== expectedNumber) differences.push({ field: 'zNumber', terminal: z.zNumber, server: expectedNumber });
  if (z.firstReceiptNumber !== receipts.first) differences.push({ field: 'firstReceiptNumber', terminal: z.firstReceiptNumber, server: receipts.first });
  if (z.lastReceiptNumber !== receipts.last) differences.push({ field: 'lastReceiptNumber', terminal: z.lastReceiptNumber, server: receipts.last });
  return {
    afterSeq: filter.afterSeq,
    previous: previous ? { zNumber: previous.payload.zNumber, grandTotalMinor: baseMinor } : null,
    summary,
    firstReceiptNumber: receipts.first,
    lastReceiptNumber: receipts.last,
    differences,
  };
}

/**
 * For push (domain/push/write-batch.ts): called in the batch's transaction after the batch's
 * rows are written, once per applied `day.closed`, so documents pushed in the same batch as
 * their Z count. Returns the anomalies to record (none when the Z matches).
 */
export async function checkZ(client: Db, scope: Scope, zPayload: DayClosed, seq: number): Promise<AnomalyDraft[]> {
  const { differences } = await recomputeZ(client, scope, zPayload, seq);
  if (differences.length === 0) return [];
  const shown = differences.slice(0, 3).map((d) => `${d.field} ${String(d.terminal)} (server ${String(d.server)})`);
  return [
    {
      seq,
      code: 'Z_MISMATCH',
      message: `Z ${zPayload.zNumber} of ${zPayload.businessDate} differs from the synced documents: ${shown.join('; ')}${differences.length > 3 ? '; …' : ''}.`,
      details: { zNumber: zPayload.zNumber, businessDate: zPayload.businessDate, differences },
    },
  ];
}
