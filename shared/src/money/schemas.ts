import { z } from 'zod';

/**
 * An amount of money in the currency's minor units (cents for EUR/USD, yen for JPY, fils for
 * KWD). Always a safe integer: no amount in Keel ever passes through a float.
 */
export const MinorSchema = z.number().int().refine(Number.isSafeInteger, 'amount out of safe integer range');
export type Minor = z.infer<typeof MinorSchema>;

/** ISO 4217 alphabetic code, upper case. */
export const CurrencyCodeSchema = z.string().regex(/^[A-Z]{3}$/, 'ISO 4217 code such as EUR');
export type CurrencyCode = z.infer<typeof CurrencyCodeSchema>;

/**
 * A quantity in thousandths (milli-units): 1 piece = 1000, 0.385 kg = 385. Weighed items keep
 * three decimals exactly; counted items are multiples of 1000.
 */
export const QtyMilliSchema = z.number().int().refine(Number.isSafeInteger, 'quantity out of range');
export type QtyMilli = z.infer<typeof QtyMilliSchema>;

/** How a half minor unit is resolved when an exact result falls between two minor units. */
export const RoundingModeSchema = z.enum(['half-up', 'half-even']);
export type RoundingMode = z.infer<typeof RoundingModeSchema>;
