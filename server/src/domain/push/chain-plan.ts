import { createHash } from 'node:crypto';
import { opHashPreimage, type ChainConflictDetails, type PushedOperation } from '@keel/shared';

/**
 * Where a pushed batch stands against the terminal's acknowledged head (DESIGN.md "Sync
 * protocol v1", invariant 3). Pure: the caller supplies the head and the stored hashes it read
 * under the terminal's row lock.
 */
export type ChainPlan =
  | { kind: 'ok'; duplicates: PushedOperation[]; fresh: PushedOperation[] }
  | {
      kind: 'conflict';
      code: 'CHAIN_FORK' | 'IDEMPOTENCY_MISMATCH' | 'SEQ_GAP';
      message: string;
      details: ChainConflictDetails;
    };

export interface ChainHead {
  lastSeq: number;
  lastHash: string;
}

/** The first op whose hash does not match its content, or null. Checked before any database work. */
export function firstCorruptOp(ops: readonly PushedOperation[]): PushedOperation | null {
  for (const op of ops) {
    // The hash covers the payload exactly as received (raw JSON), never a parsed copy.
    // canonicalJson throws on values it cannot hash (floats): such an op is corrupt too.
    try {
      // The shared rule's preimage, hashed with Node's native SHA-256 (same bytes, ~5x faster
      // than the portable implementation the browser-safe shared package uses).
      if (createHash('sha256').update(opHashPreimage(op)).digest('hex') !== op.hash) return op;
    } catch {
      return op;
    }
  }
  return null;
}

/**
 * Classifies each op as already applied (duplicate) or new, or finds the conflict.
 * - seq ≤ lastSeq with the stored hash: duplicate, acknowledged and not re-applied;
 * - seq ≤ lastSeq with another hash: CHAIN_FORK;
 * - the first new op must be lastSeq + 1 with prevHash = lastHash, and each later op must
 *   chain onto the one before: otherwise SEQ_GAP with the expected seq;
 * - a new op whose opId the server already holds under another seq: IDEMPOTENCY_MISMATCH.
 */
export function planChain(
  head: ChainHead,
  ops: readonly PushedOperation[],
  storedHashes: ReadonlyMap<number, string>,
  knownOpIds: ReadonlyMap<string, number>,
): ChainPlan {
  const conflict = (code: 'CHAIN_FORK' | 'IDEMPOTENCY_MISMATCH' | 'SEQ_GAP', message: string, op: PushedOperation) => ({
    kind: 'conflict' as const,
    code,
    message,
    details: { expectedSeq: head.lastSeq + 1, lastHash: head.lastHash, atSeq: op.seq, opId: op.opId },
  });
  const duplicates: PushedOperation[] = [];
  const fresh: PushedOperation[] = [];
  const seenOpIds = new Set<string>();
  let previous: PushedOperation | null = null;
  for (const op of ops) {
    if (seenOpIds.has(op.opId)) return conflict('IDEMPOTENCY_MISMATCH', `opId ${op.opId} appears twice in the batch.`, op);
    seenOpIds.add(op.opId);
    if (previous && (op.seq !== previous.seq + 1 || op.prevHash !== previous.hash)) {
      return conflict('SEQ_GAP', `Operation ${op.seq} does not follow operation ${previous.seq} in the batch.`, op);
    }
    previous = op;
    if (op.seq <= head.lastSeq) {
      const stored = storedHashes.get(op.seq);
      if (stored !== op.hash) {
        return conflict('CHAIN_FORK', `Operation ${op.seq} was already received with different content.`, op);
      }
      duplicates.push(op);
      continue;
    }
    if (fresh.length === 0 && (op.seq !== head.lastSeq + 1 || op.prevHash !== head.lastHash)) {
      return conflict(
        'SEQ_GAP',
        op.seq !== head.lastSeq + 1
          ? `Expected operation ${head.lastSeq + 1}, got ${op.seq}.`
          : `Operation ${op.seq} does not chain onto the acknowledged operation ${head.lastSeq}.`,
        op,
      );
    }
    const heldAt = knownOpIds.get(op.opId);
    if (heldAt !== undefined && heldAt !== op.seq) {
      return conflict('IDEMPOTENCY_MISMATCH', `opId ${op.opId} was already used by operation ${heldAt}.`, op);
    }
    fresh.push(op);
  }
  return { kind: 'ok', duplicates, fresh };
}
