import { z } from 'zod';
import { MinorSchema } from '../money/schemas';
import { wallClockOf } from './wall-clock';
import { PricingSettingsSchema } from '../pricing/schemas';
import { BasisPointsSchema, type Role } from './user';
import {
  printLine,
  textLine,
  TimeOfDaySchema,
  TimeZoneSchema,
  UtcTimestampSchema,
  UuidSchema,
  type BusinessDate,
  type TimeOfDay,
} from './primitives';

/** The most discount each role may give without approval, in basis points (10 % = 1000). */
export const DiscountLimitsSchema = z.object({
  cashier: BasisPointsSchema,
  supervisor: BasisPointsSchema,
  manager: BasisPointsSchema,
});
export type DiscountLimits = z.infer<typeof DiscountLimitsSchema>;

/**
 * A store's settings: what the pricing engine needs (currency, tax mode, rounding, cash
 * rounding) plus what receipts, shifts and business days need. One per store; its sync id is the
 * storeId.
 */
export const StoreSettingsSchema = PricingSettingsSchema.extend({
  storeId: UuidSchema,
  name: textLine(100),
  addressLines: z.array(textLine(100)).max(6),
  /** VAT or sales tax registration printed on receipts; null where none is required. */
  taxNumber: textLine(40).nullable(),
  /** IANA zone: for display and business-day rules only; the wire is always UTC. */
  timeZone: TimeZoneSchema,
  /**
   * Wall-clock time at which a business day begins. With 04:00, a sale at 00:30 on the 2nd
   * belongs to the business day of the 1st (see businessDateOf).
   */
  businessDayStartsAt: TimeOfDaySchema,
  receiptHeaderLines: z.array(printLine(48)).max(10),
  receiptFooterLines: z.array(printLine(48)).max(10),
  /** A shift whose counted cash differs from expected by more than this needs approval. */
  shiftOverShortLimitMinor: MinorSchema.refine((v) => v >= 0, 'must not be negative'),
  maxDiscountBasisPointsByRole: DiscountLimitsSchema,
  updatedAt: UtcTimestampSchema,
});
export type StoreSettings = z.infer<typeof StoreSettingsSchema>;

/**
 * The discount limit for a user: their own limit if set, else the store's limit for the role.
 */
export function discountLimitFor(
  user: { role: Role; maxDiscountBasisPoints: number | null },
  settings: Pick<StoreSettings, 'maxDiscountBasisPointsByRole'>,
): number {
  return user.maxDiscountBasisPoints ?? settings.maxDiscountBasisPointsByRole[user.role];
}

/**
 * The business date an instant belongs to in a store: its calendar date on the store's wall
 * clock, or the day before when the wall-clock time is earlier than `dayStartsAt`. Uses the
 * wall clock, so days stay anchored to opening hours across DST changes.
 */
export function businessDateOf(at: string | Date, timeZone: string, dayStartsAt: TimeOfDay): BusinessDate {
  const instant = typeof at === 'string' ? new Date(at) : at;
  if (Number.isNaN(instant.getTime())) throw new RangeError(`businessDateOf: invalid instant ${String(at)}`);
  const wall = wallClockOf(instant, timeZone);
  const year = Number(wall.year);
  const month = Number(wall.month);
  const day = Number(wall.day);
  const wallTime = `${wall.hour}:${wall.minute}`;
  const shift = wallTime < dayStartsAt ? -1 : 0;
  // setUTCFullYear normalises day 0 to the last day of the previous month (and year).
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day + shift);
  return date.toISOString().slice(0, 10);
}
