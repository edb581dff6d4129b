import { z } from 'zod';

/**
 * Wire primitives used by every schema in shared/: ids, instants, business dates.
 * (They live in catalog/ because catalog is the lowest layer the other folders import.)
 */

/**
 * A generated id: a UUID in lower case, as `crypto.randomUUID()` and PostgreSQL print it.
 * Upper case is refused on purpose: ids are inside hashed operations, and a database that
 * normalises 'ABC…' to 'abc…' would otherwise make a stored operation fail its own hash.
 */
export const UuidSchema = z
  .string()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/, 'lower-case UUID');
export type Uuid = z.infer<typeof UuidSchema>;

/**
 * A catalog id (product, category, user, tax rate): server-assigned, possibly imported from
 * another system, so any short printable token rather than only UUIDs.
 */
export const EntityIdSchema = z.string().min(1).max(64).regex(/^[\x21-\x7E]+$/, 'printable ASCII without spaces');
export type EntityId = z.infer<typeof EntityIdSchema>;

/**
 * An instant on the wire: ISO-8601 UTC with milliseconds, exactly as `Date.toISOString()`
 * writes it (`2025-03-01T09:30:00.000Z`). One form only, so the same instant is always the same
 * string inside a hash and survives a round trip through a timestamptz column.
 */
export const UtcTimestampSchema = z.iso.datetime({ precision: 3, message: 'UTC instant like 2025-03-01T09:30:00.000Z' });
export type UtcTimestamp = z.infer<typeof UtcTimestampSchema>;

/** A calendar date `YYYY-MM-DD` (business dates, Z reports). */
export const BusinessDateSchema = z.iso.date();
export type BusinessDate = z.infer<typeof BusinessDateSchema>;

/** A wall-clock time of day `HH:MM`, 24-hour. */
export const TimeOfDaySchema = z.string().regex(/^(?:[01]\d|2[0-3]):[0-5]\d$/, 'time of day HH:MM');
export type TimeOfDay = z.infer<typeof TimeOfDaySchema>;

// Zones already found valid. Building an Intl.DateTimeFormat costs ~0.5 ms, and settings
// (which hold a zone) are validated on every sale; a platform's zone list does not change.
const knownTimeZones = new Set<string>();

/** True for a time zone name the platform's Intl knows (IANA names such as Europe/Berlin). */
export function isValidTimeZone(value: unknown): value is string {
  if (typeof value !== 'string' || value.length === 0) return false;
  if (knownTimeZones.has(value)) return true;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
  } catch {
    return false;
  }
  if (knownTimeZones.size < 1000) knownTimeZones.add(value);
  return true;
}

export const TimeZoneSchema = z.string().refine(isValidTimeZone, 'IANA time zone such as Europe/Berlin');

/**
 * A single line of human text (names, reasons, receipt lines) with a bound: not blank, no line
 * breaks. A check, not a transform (no trimming): parsing an operation must return it unchanged,
 * or its hash would no longer match (see operations/operation.ts).
 */
export function textLine(max: number) {
  return z
    .string()
    .max(max)
    .refine((s) => s.trim().length > 0, 'must not be blank')
    .refine((s) => !/[\r\n]/.test(s), 'must be a single line');
}

/** Like textLine, but empty lines are allowed (receipt header/footer spacing). */
export function printLine(max: number) {
  return z
    .string()
    .max(max)
    .refine((s) => !/[\r\n]/.test(s), 'must be a single line');
}
