import type { z } from 'zod';
import { isKnownCurrency } from '../money/currency';
import { PricingError, parseOrThrow } from './errors';
import { PricingSettingsSchema, type PricingSettings } from './schemas';

/** What callers may pass: the schema's defaults (half-up, no cash rounding) fill the rest. */
export type PricingSettingsInput = z.input<typeof PricingSettingsSchema>;

export function parsePricingSettings(settings: PricingSettingsInput): PricingSettings {
  const parsed = parseOrThrow(PricingSettingsSchema, settings, 'settings');
  // Amounts are minor units of this currency; an unknown code means we cannot know what they mean.
  if (!isKnownCurrency(parsed.currency)) {
    throw new PricingError('UNKNOWN_CURRENCY', `unknown ISO 4217 currency code: ${parsed.currency}`, {
      currency: parsed.currency,
    });
  }
  return parsed;
}
