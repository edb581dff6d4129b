import { z } from 'zod';
import { roundToMultiple } from '../money/rounding';
import { MinorSchema } from '../money/schemas';
import { sumBig } from './bigint';
import { PricingError, parseOrThrow, safeMinor } from './errors';
import { parsePricingSettings, type PricingSettingsInput } from './settings';
import { TenderInputSchema, type PricingSettings, type Settlement, type TenderInput } from './schemas';

/**
 * CASH ROUNDING. Where the smallest coin is larger than the minor unit (CHF 0.05, NL/BE/FI/IE
 * 0.05 EUR), only the part paid in cash is rounded, to the nearest multiple of the store's
 * `cashRoundingMinor`; card payments are always exact. Round-to-nearest is the Swiss and Dutch
 * rule (NL: .01/.02 down, .03/.04 up to .05, .06/.07 down, .08/.09 up). With an odd unit such as
 * 5 no exact midpoint exists in whole minor units; with an even unit (e.g. 10) a midpoint is
 * resolved by the store's mode: half-up = away from zero (the Swiss "kaufmännisch" rule,
 * 0.025 -> 0.05), half-even = to the even multiple. Works for negative amounts (cash paid out).
 */
export function roundCash(amountMinor: number, settings: PricingSettingsInput): number {
  return roundCashPart(amountMinor, parsePricingSettings(settings));
}

/** roundCash for callers that hold only the rounding rule (the till's tender screen). */
export function roundCashPart(amountMinor: number, rule: Pick<PricingSettings, 'cashRoundingMinor' | 'roundingMode'>): number {
  const amount = BigInt(parseOrThrow(MinorSchema, amountMinor, 'amountMinor'));
  return safeMinor(roundToMultiple(amount, BigInt(rule.cashRoundingMinor), rule.roundingMode), 'amountMinor');
}

const SettleInputSchema = z.object({
  totalMinor: MinorSchema.refine((v) => v >= 0, 'a sale total must not be negative'),
  tenders: z.array(TenderInputSchema),
});

/**
 * Applies tenders to a sale total.
 *  - Non-cash tenders (card, other) pay exact amounts first, in the order given; one that is
 *    larger than what is still owed is an error (TENDER_EXCEEDS_DUE): a card cannot be
 *    over-charged to produce cash change.
 *  - If any cash is offered, the remainder R is rounded to the cash unit (see roundCash);
 *    dueMinor = totalMinor + (rounded R − R). Cash tenders are applied in order up to the
 *    rounded R; anything above is change.
 *  - With no cash tender there is no rounding; an underpaid sale has remainingMinor > 0.
 *    When cash is involved, remainingMinor is what is still owed in cash (already rounded).
 * Invariant: Σ applied + remainingMinor = dueMinor, and change = Σ cash given − Σ cash applied.
 */
export function settleTenders(
  totalMinor: number,
  tenders: readonly TenderInput[],
  settings: PricingSettingsInput,
): Settlement {
  const store = parsePricingSettings(settings);
  const input = parseOrThrow(SettleInputSchema, { totalMinor, tenders }, 'settlement');
  const total = BigInt(input.totalMinor);

  let owed = total;
  input.tenders.forEach((tender, index) => {
    if (tender.kind === 'cash') return;
    const amount = BigInt(tender.amountMinor);
    if (amount > owed) {
      throw new PricingError('TENDER_EXCEEDS_DUE', `${tender.kind} tender of ${tender.amountMinor} exceeds the ${owed} still due`, {
        index,
        kind: tender.kind,
        amountMinor: tender.amountMinor,
        remainingMinor: safeMinor(owed, 'remainingMinor'),
      });
    }
    owed -= amount;
  });

  const cashGiven = sumBig(input.tenders.filter((t) => t.kind === 'cash').map((t) => BigInt(t.amountMinor)));
  const hasCash = input.tenders.some((t) => t.kind === 'cash');
  const cashDue = hasCash ? cashDueFor(owed, store) : owed;
  const rounding = cashDue - owed;

  let cashLeft = cashDue;
  const applied = input.tenders.map((tender) => {
    if (tender.kind !== 'cash') {
      return { kind: tender.kind, amountMinor: tender.amountMinor, tenderedMinor: tender.amountMinor };
    }
    const given = BigInt(tender.amountMinor);
    const used = given < cashLeft ? given : cashLeft;
    cashLeft -= used;
    return { kind: tender.kind, amountMinor: safeMinor(used, 'amountMinor'), tenderedMinor: tender.amountMinor };
  });
  const cashApplied = cashDue - cashLeft;

  return {
    dueMinor: safeMinor(total + rounding, 'dueMinor'),
    roundingMinor: safeMinor(rounding, 'roundingMinor'),
    applied,
    changeMinor: safeMinor(hasCash ? cashGiven - cashApplied : 0n, 'changeMinor'),
    remainingMinor: safeMinor(cashLeft, 'remainingMinor'),
  };
}

function cashDueFor(owed: bigint, store: PricingSettings): bigint {
  return roundToMultiple(owed, BigInt(store.cashRoundingMinor), store.roundingMode);
}
