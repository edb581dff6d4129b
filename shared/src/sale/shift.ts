import { z } from 'zod';
import { MinorSchema } from '../money/schemas';
import { BusinessDateSchema, EntityIdSchema, textLine, UtcTimestampSchema, UuidSchema } from '../catalog/primitives';

/** Payloads for the shift and the cash drawer: strict and default-free, like every operation payload. */

const positive = MinorSchema.refine((v) => v > 0, 'must be positive');
const nonNegative = MinorSchema.refine((v) => v >= 0, 'must not be negative');

/** `shift.opened`: a cashier takes the drawer with a counted float. */
export const ShiftOpenedSchema = z.strictObject({
  shiftId: UuidSchema,
  cashierId: EntityIdSchema,
  openingFloatMinor: nonNegative,
  openedAt: UtcTimestampSchema,
  businessDate: BusinessDateSchema,
});
export type ShiftOpened = z.infer<typeof ShiftOpenedSchema>;

/** One line of a cash count: `count` notes or coins of `denominationMinor` each. */
export const DenominationCountSchema = z.strictObject({
  denominationMinor: positive,
  count: z.number().int().min(0).max(1_000_000),
});
export type DenominationCount = z.infer<typeof DenominationCountSchema>;

/** The cash a count adds up to. */
export function sumDenominations(counts: readonly DenominationCount[]): number {
  return counts.reduce((sum, c) => sum + c.denominationMinor * c.count, 0);
}

/**
 * `shift.closed`: the drawer counted by denomination. countedMinor should equal
 * sumDenominations(countedByDenomination) and overShortMinor = countedMinor − expectedMinor;
 * the terminal computes both, the server checks and flags (it does not refuse a close).
 */
export const ShiftClosedSchema = z.strictObject({
  shiftId: UuidSchema,
  /** Who counted and closed (not necessarily who opened). */
  cashierId: EntityIdSchema,
  closedAt: UtcTimestampSchema,
  countedByDenomination: z.array(DenominationCountSchema).max(50),
  countedMinor: nonNegative,
  /** Float + cash sales − cash refunds and voids + cash in − cash out, by the terminal's journal. */
  expectedMinor: MinorSchema,
  /** Positive: over; negative: short. */
  overShortMinor: MinorSchema,
  /** Required by the terminal when |overShortMinor| exceeds the store's limit; else null. */
  approvedBy: EntityIdSchema.nullable(),
});
export type ShiftClosed = z.infer<typeof ShiftClosedSchema>;

/** `cash.moved`: cash put into (float top-up) or taken out of (pickup, payout) the drawer. */
export const CashMovementSchema = z.strictObject({
  movementId: UuidSchema,
  shiftId: UuidSchema,
  cashierId: EntityIdSchema,
  direction: z.enum(['in', 'out']),
  amountMinor: positive,
  reason: textLine(200),
  approvedBy: EntityIdSchema.nullable(),
  createdAt: UtcTimestampSchema,
});
export type CashMovement = z.infer<typeof CashMovementSchema>;

/** `drawer.opened`: a no-sale drawer opening, recorded because it is an audit point. */
export const DrawerOpenedSchema = z.strictObject({
  eventId: UuidSchema,
  shiftId: UuidSchema,
  cashierId: EntityIdSchema,
  reason: textLine(200).nullable(),
  createdAt: UtcTimestampSchema,
});
export type DrawerOpened = z.infer<typeof DrawerOpenedSchema>;
