import { OperationSchema, type Operation, type PushedOperation } from '@keel/shared';
import { effectsOf, type Effects } from './effects';

/** A new op ready to write: applied with its effects, or rejected with the reason. */
export type PreparedOp =
  | { op: PushedOperation; status: 'applied'; parsed: Operation; effects: Effects }
  | { op: PushedOperation; status: 'rejected'; code: string; reason: string };

/**
 * Parses each op's payload with its type's schema. A payload that can never be valid is a
 * rejection (stored, acknowledged, shown to a manager) rather than a 400 for the whole batch,
 * so one bad record never blocks the queue (DESIGN.md "Sync protocol v1").
 */
export function prepareOp(op: PushedOperation): PreparedOp {
  const parsed = OperationSchema.safeParse(op);
  if (!parsed.success) {
    // Paths and messages only: the values may hold anything, a card number included.
    const issues = parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.') || '(op)'}: ${i.message}`);
    return { op, status: 'rejected', code: 'INVALID_INPUT', reason: `Invalid ${op.type}: ${issues.join('; ')}`.slice(0, 1000) };
  }
  try {
    return { op, status: 'applied', parsed: parsed.data, effects: effectsOf(parsed.data) };
  } catch (error) {
    return { op, status: 'rejected', code: 'INVALID_INPUT', reason: `Cannot apply ${op.type}: ${(error as Error).message}`.slice(0, 1000) };
  }
}
