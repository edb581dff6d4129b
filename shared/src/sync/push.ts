import { utf8ToBytes } from '@noble/hashes/utils.js';
import { z } from 'zod';
import { UtcTimestampSchema, UuidSchema } from '../catalog/primitives';
import { ERROR_CODE_PATTERN } from '../errors/codes';
import { ErrorEnvelopeSchema, KeelError } from '../errors/keel-error';
import { Hex64Schema, SeqSchema } from '../operations/operation';
import { MAX_PUSH_BYTES, MAX_PUSH_OPS } from './protocol';

/**
 * `POST /v1/sync/push {ops}`: the terminal's journal past the server's acknowledgement, in
 * seq order.
 *
 * The request validates each op's ENVELOPE only; the payload is any JSON here. The server
 * then (1) verifies the chain over the ops as received (verifyChain, hashing the raw payload),
 * and (2) parses each op with OperationSchema one at a time: a payload that fails is stored as
 * `rejected` with its reason and acknowledged, so one bad record never blocks the queue
 * (DESIGN.md "Sync protocol v1"). Validating payloads at the request level would turn one bad
 * op into a 400 for the whole batch, retried forever. An op whose `type` the server does not
 * know (isKnownOperationType) comes from a newer terminal: answer SCHEMA_TOO_NEW, not rejected.
 */
export const PushedOperationSchema = z.strictObject({
  opId: UuidSchema,
  terminalId: UuidSchema,
  seq: SeqSchema,
  type: z.string().regex(/^[a-z][a-zA-Z]*\.[a-z][a-zA-Z]*$/, 'operation type noun.pastTense'),
  payload: z.json(),
  createdAt: UtcTimestampSchema,
  prevHash: Hex64Schema,
  hash: Hex64Schema,
});
export type PushedOperation = z.infer<typeof PushedOperationSchema>;

export const PushRequestSchema = z.object({
  ops: z.array(PushedOperationSchema).min(1).max(MAX_PUSH_OPS),
});
export type PushRequest = z.infer<typeof PushRequestSchema>;

export const OpStatusSchema = z.enum(['applied', 'duplicate', 'rejected']);
export type OpStatus = z.infer<typeof OpStatusSchema>;

export const OpResultSchema = z
  .object({
    seq: SeqSchema,
    opId: UuidSchema,
    /** applied now; duplicate: applied before, acknowledged again; rejected: stored, never applied. */
    status: OpStatusSchema,
    /** Why it was rejected, for the manager's review screen. */
    reason: z.string().min(1).max(1000).optional(),
    /** Machine-readable cause of a rejection (an ERROR_TABLE code such as INVALID_INPUT). */
    code: z.string().regex(ERROR_CODE_PATTERN).optional(),
  })
  .refine((r) => r.status !== 'rejected' || r.reason !== undefined, { path: ['reason'], message: 'a rejected op needs a reason' });
export type OpResult = z.infer<typeof OpResultSchema>;

/**
 * Things the server accepted but a manager should look at (DESIGN.md invariant 4: sales are
 * never refused for business reasons). Not errors, so not in ERROR_TABLE. The list is what this
 * version knows; the schema takes any UPPER_SNAKE code so that new anomaly kinds on a newer
 * server do not break an older terminal's push.
 */
export const ANOMALY_CODES = [
  'UNKNOWN_PRODUCT',
  'INACTIVE_PRODUCT',
  'STALE_PRICE',
  'TOTALS_MISMATCH',
  'TENDER_MISMATCH',
  'NEGATIVE_STOCK',
  'DISCOUNT_OVER_LIMIT',
  'UNKNOWN_SHIFT',
  'UNKNOWN_SALE',
  'REFUND_EXCEEDS_SALE',
  'CASH_COUNT_MISMATCH',
  'OVER_SHORT_LIMIT',
  'RECEIPT_SEQ_GAP',
  'CLOCK_SKEW',
] as const;
export type AnomalyCode = (typeof ANOMALY_CODES)[number];

export const AnomalySchema = z.object({
  seq: SeqSchema,
  code: z.string().regex(ERROR_CODE_PATTERN),
  message: z.string().min(1).max(1000),
});
export type Anomaly = z.infer<typeof AnomalySchema>;

export const PushResponseSchema = z.object({
  /** Highest seq the server holds (applied, duplicate or rejected); the outbox is everything after it. */
  ackedSeq: z.number().int().min(0),
  results: z.array(OpResultSchema),
  anomalies: z.array(AnomalySchema),
});
export type PushResponse = z.infer<typeof PushResponseSchema>;

/**
 * `details` of a 409 CHAIN_FORK, IDEMPOTENCY_MISMATCH or SEQ_GAP. `expectedSeq` is the server's
 * lastSeq + 1 (so lastSeq = expectedSeq − 1 is acknowledged), `lastHash` its lastHash
 * (GENESIS_PREV_HASH before the first op). The terminal resends from expectedSeq; it never
 * drops or renumbers an operation, and shows a fork to a person.
 */
export const ChainConflictDetailsSchema = z.object({
  expectedSeq: SeqSchema,
  lastHash: Hex64Schema,
  /** The seq of the op that conflicted, when one did. */
  atSeq: SeqSchema.optional(),
  opId: UuidSchema.optional(),
});
export type ChainConflictDetails = z.infer<typeof ChainConflictDetailsSchema>;

export const ChainConflictErrorSchema = ErrorEnvelopeSchema.extend({
  code: z.enum(['CHAIN_FORK', 'IDEMPOTENCY_MISMATCH', 'SEQ_GAP']),
  details: ChainConflictDetailsSchema,
});
export type ChainConflictError = z.infer<typeof ChainConflictErrorSchema>;

const pushEnvelopeBytes = '{"ops":[]}'.length;

/** UTF-8 size of `JSON.stringify({ops})` for these ops, as the server's body limit counts it. */
export function pushBodyBytes(ops: readonly unknown[]): number {
  const encoded = ops.map((op) => utf8ToBytes(JSON.stringify(op)).length);
  return pushEnvelopeBytes + encoded.reduce((a, b) => a + b, 0) + Math.max(0, ops.length - 1);
}

/**
 * The longest prefix of `ops` (the outbox, in seq order) that fits one push: at most maxOps
 * operations and maxBytes of body. A single operation larger than maxBytes can never be sent;
 * that is PAYLOAD_TOO_LARGE with its seq, to be shown rather than retried.
 */
export function takePushBatch<T extends { seq: number }>(
  ops: readonly T[],
  limits: { maxOps?: number; maxBytes?: number } = {},
): T[] {
  const maxOps = limits.maxOps ?? MAX_PUSH_OPS;
  const maxBytes = limits.maxBytes ?? MAX_PUSH_BYTES;
  const batch: T[] = [];
  let bytes = pushEnvelopeBytes;
  for (const op of ops) {
    if (batch.length >= maxOps) break;
    const size = utf8ToBytes(JSON.stringify(op)).length + (batch.length > 0 ? 1 : 0);
    if (bytes + size > maxBytes) {
      if (batch.length === 0) {
        throw new KeelError('PAYLOAD_TOO_LARGE', `Operation ${op.seq} alone exceeds the push limit`, {
          seq: op.seq,
          bytes: bytes + size,
          maxBytes,
        });
      }
      break;
    }
    batch.push(op);
    bytes += size;
  }
  return batch;
}
