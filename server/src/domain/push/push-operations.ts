import { isKnownOperationType, KeelError, type OpResult, type PushedOperation, type PushResponse } from '@keel/shared';
import type { Pool } from '../../db/pool';
import { catalogTransaction, type CatalogTx } from '../catalog-changes';
import { isTransientDbError } from '../../http/errors';
import { firstCorruptOp, planChain, type ChainHead } from './chain-plan';
import type { AnomalyDraft } from './effects';
import { prepareOp, type PreparedOp } from './prepare';
import { writeBatch, type Scope } from './write-batch';

export interface PushOutcome {
  response: PushResponse;
  counts: { applied: number; duplicate: number; rejected: number };
  anomalies: AnomalyDraft[];
}

/**
 * POST /v1/sync/push, the domain side (DESIGN.md "Sync protocol v1"). Validates the batch as a
 * whole (hashes, terminal, known types), then applies it under the terminal's row lock:
 * duplicates are acknowledged and not re-applied, conflicts answer 409 with nothing advanced,
 * and new ops are written with their effects in one transaction. If that transaction hits a
 * permanent database error, the ops are retried one per transaction so that the op that cannot
 * apply is stored as rejected and the rest still apply: one bad record never blocks the queue.
 * Transient failures propagate (503, nothing advanced).
 */
export async function pushOperations(pool: Pool, scope: Scope, ops: readonly PushedOperation[]): Promise<PushOutcome> {
  const foreign = ops.find((op) => op.terminalId !== scope.terminalId);
  if (foreign) throw new KeelError('TENANT_ACCESS_DENIED', `Operation ${foreign.seq} belongs to another terminal.`, { seq: foreign.seq });
  const corrupt = firstCorruptOp(ops);
  if (corrupt) {
    throw new KeelError('INVALID_INPUT', `Operation ${corrupt.seq} does not match its hash.`, { seq: corrupt.seq, issues: [{ path: 'hash', message: 'does not match the content' }] });
  }
  const unknown = ops.find((op) => !isKnownOperationType(op.type));
  if (unknown) {
    throw new KeelError('SCHEMA_TOO_NEW', `This server does not know operation type ${unknown.type} yet.`, { seq: unknown.seq, type: unknown.type });
  }
  const prepared = new Map(ops.map((op) => [op.seq, prepareOp(op)]));

  try {
    return await catalogTransaction(pool, (client) => applyUnderLock(client, scope, ops, (fresh) => fresh.map((op) => prepared.get(op.seq)!)));
  } catch (error) {
    if (error instanceof KeelError || isTransientDbError(error)) throw error;
    return applyOneByOne(pool, scope, ops, prepared);
  }
}

type Prepare = (fresh: PushedOperation[]) => PreparedOp[];

async function applyUnderLock(client: CatalogTx, scope: Scope, ops: readonly PushedOperation[], prepare: Prepare): Promise<PushOutcome> {
  const head = await lockHead(client, scope);
  const known = ops.filter((op) => op.seq <= head.lastSeq).map((op) => op.seq);
  const stored = new Map<number, string>();
  if (known.length > 0) {
    const { rows } = await client.query<{ seq: number; hash: string }>(
      'SELECT seq, hash FROM operations WHERE tenant_id = $1 AND terminal_id = $2 AND seq = ANY($3::bigint[])',
      [scope.tenantId, scope.terminalId, known],
    );
    for (const r of rows) stored.set(r.seq, r.hash);
  }
  const candidates = ops.filter((op) => op.seq > head.lastSeq).map((op) => op.opId);
  const knownOpIds = new Map<string, number>();
  if (candidates.length > 0) {
    const { rows } = await client.query<{ op_id: string; seq: number }>(
      'SELECT op_id::text, seq FROM operations WHERE tenant_id = $1 AND op_id = ANY($2::uuid[])',
      [scope.tenantId, candidates],
    );
    // An opId held by another terminal's op counts as taken too (seq -1 never matches).
    for (const r of rows) knownOpIds.set(r.op_id, r.seq);
  }
  const plan = planChain(head, ops, stored, knownOpIds);
  if (plan.kind === 'conflict') throw new KeelError(plan.code, plan.message, plan.details);
  const fresh = prepare(plan.fresh);
  const anomalies = await writeBatch(client, scope, fresh);
  return outcome(ops, fresh, plan.fresh.at(-1)?.seq ?? head.lastSeq, anomalies);
}

async function lockHead(client: CatalogTx, scope: Scope): Promise<ChainHead> {
  const { rows } = await client.query<{ last_seq: number; last_hash: string }>(
    'SELECT last_seq, last_hash FROM terminals WHERE tenant_id = $1 AND id = $2 FOR UPDATE',
    [scope.tenantId, scope.terminalId],
  );
  const row = rows[0];
  if (!row) throw new KeelError('AUTH_REQUIRED', 'Unknown terminal.');
  return { lastSeq: row.last_seq, lastHash: row.last_hash };
}

/** The slow path after a permanent database error: one op per transaction, the culprit rejected. */
async function applyOneByOne(pool: Pool, scope: Scope, ops: readonly PushedOperation[], prepared: ReadonlyMap<number, PreparedOp>): Promise<PushOutcome> {
  const results: OpResult[] = [];
  const anomalies: AnomalyDraft[] = [];
  let ackedSeq = 0;
  for (const op of ops) {
    const run = (p: PreparedOp) => catalogTransaction(pool, (client) => applyUnderLock(client, scope, [op], (fresh) => fresh.map(() => p)));
    let single: PushOutcome;
    try {
      single = await run(prepared.get(op.seq)!);
    } catch (error) {
      if (error instanceof KeelError || isTransientDbError(error)) throw error;
      const sqlState = (error as { code?: string }).code ?? 'unknown';
      single = await run({
        op,
        status: 'rejected',
        code: 'INTERNAL',
        reason: `The server could not apply this ${op.type} (database error ${sqlState}); it is kept for review.`,
      });
    }
    results.push(...single.response.results);
    anomalies.push(...single.anomalies);
    ackedSeq = single.response.ackedSeq;
  }
  const counts = { applied: 0, duplicate: 0, rejected: 0 };
  for (const r of results) counts[r.status]++;
  return { response: { ackedSeq, results, anomalies: anomalies.map(({ seq, code, message }) => ({ seq, code, message })) }, counts, anomalies };
}

function outcome(ops: readonly PushedOperation[], fresh: readonly PreparedOp[], ackedSeq: number, anomalies: AnomalyDraft[]): PushOutcome {
  const bySeq = new Map(fresh.map((p) => [p.op.seq, p]));
  const counts = { applied: 0, duplicate: 0, rejected: 0 };
  const results: OpResult[] = ops.map((op) => {
    const p = bySeq.get(op.seq);
    if (!p) {
      counts.duplicate++;
      return { seq: op.seq, opId: op.opId, status: 'duplicate' };
    }
    if (p.status === 'rejected') {
      counts.rejected++;
      return { seq: op.seq, opId: op.opId, status: 'rejected', reason: p.reason, code: p.code };
    }
    counts.applied++;
    return { seq: op.seq, opId: op.opId, status: 'applied' };
  });
  return {
    response: { ackedSeq, results, anomalies: anomalies.map(({ seq, code, message }) => ({ seq, code, message })) },
    counts,
    anomalies,
  };
}
