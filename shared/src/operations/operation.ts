import { z } from 'zod';
import { UtcTimestampSchema, UuidSchema } from '../catalog/primitives';
import { DayClosedSchema } from '../sale/day-close';
import { RefundSchema, SaleSchema, SaleVoidSchema } from '../sale/sale';
import { CashMovementSchema, DrawerOpenedSchema, ShiftClosedSchema, ShiftOpenedSchema } from '../sale/shift';
import { StockMovementSchema } from '../sale/stock-movement';

/**
 * The journal's unit: one operation per business event, numbered 1, 2, 3... per terminal and
 * chained by hash (DESIGN.md invariant 3). Types are `noun.pastTense` (STYLE.md).
 *
 * Envelope and payloads are strict and free of defaults and transforms, so that for every
 * valid operation `OperationSchema.parse(op)` deep-equals `op`: the value a receiver parses is
 * the value the sender hashed. (The hash rule itself is in chain.ts.)
 */
export const OPERATION_PAYLOADS = {
  'sale.completed': SaleSchema,
  'sale.refunded': RefundSchema,
  'sale.voided': SaleVoidSchema,
  'shift.opened': ShiftOpenedSchema,
  'shift.closed': ShiftClosedSchema,
  'cash.moved': CashMovementSchema,
  /** A no-sale drawer opening. */
  'drawer.opened': DrawerOpenedSchema,
  'stock.moved': StockMovementSchema,
  'day.closed': DayClosedSchema,
} as const;

export type OperationType = keyof typeof OPERATION_PAYLOADS;
export const OPERATION_TYPES = Object.keys(OPERATION_PAYLOADS) as OperationType[];
export const OperationTypeSchema = z.enum(OPERATION_TYPES as [OperationType, ...OperationType[]]);
export type OperationPayload<T extends OperationType> = z.infer<(typeof OPERATION_PAYLOADS)[T]>;

/**
 * True for a type this version knows. A server meeting a well-formed op of an unknown type
 * answers SCHEMA_TOO_NEW (the terminal is newer), not INVALID_INPUT, and stores nothing.
 */
export function isKnownOperationType(value: unknown): value is OperationType {
  return typeof value === 'string' && Object.hasOwn(OPERATION_PAYLOADS, value);
}

/** A SHA-256 digest as 64 lower-case hex digits. */
export const Hex64Schema = z.string().regex(/^[0-9a-f]{64}$/, '64 lower-case hex digits');

/** The prevHash of a terminal's first operation (seq 1). */
export const GENESIS_PREV_HASH = '0'.repeat(64);

export const SeqSchema = z.number().int().min(1).refine(Number.isSafeInteger, 'seq out of range');

const envelope = {
  /** Idempotency key: the same opId with a different hash is IDEMPOTENCY_MISMATCH. */
  opId: UuidSchema,
  terminalId: UuidSchema,
  seq: SeqSchema,
  /** When the terminal recorded it (UTC); business dates come from the payload. */
  createdAt: UtcTimestampSchema,
  prevHash: Hex64Schema,
  hash: Hex64Schema,
};

function variant<T extends OperationType>(type: T) {
  return z.strictObject({ ...envelope, type: z.literal(type), payload: OPERATION_PAYLOADS[type] });
}

export const OperationSchema = z
  .discriminatedUnion('type', [
    variant('sale.completed'),
    variant('sale.refunded'),
    variant('sale.voided'),
    variant('shift.opened'),
    variant('shift.closed'),
    variant('cash.moved'),
    variant('drawer.opened'),
    variant('stock.moved'),
    variant('day.closed'),
  ])
  .superRefine((op, ctx) => {
    // Documents that name their terminal must be on that terminal's chain. (Checks run even
    // after a field failed, so the payload may not be an object here.)
    const payload: unknown = op.payload;
    if (typeof payload !== 'object' || payload === null || !('terminalId' in payload)) return;
    if (payload.terminalId !== op.terminalId) {
      ctx.addIssue({ code: 'custom', path: ['payload', 'terminalId'], message: 'must equal the operation terminalId' });
    }
  });
export type Operation = z.infer<typeof OperationSchema>;
export type OperationOf<T extends OperationType> = Extract<Operation, { type: T }>;

/** What the journal writer supplies; seq, prevHash and hash are added by sealOperation. */
export type OperationDraft<T extends OperationType = OperationType> = {
  [K in T]: Omit<OperationOf<K>, 'seq' | 'prevHash' | 'hash'>;
}[T];
