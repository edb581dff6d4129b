import {
  KeelError,
  settleTenders,
  toKeelError,
  type CardTender,
  type SaleTender,
  type Settlement,
  type StoreSettings,
  type TenderKind,
} from '@keel/shared';

/** A tender as the cashier enters it (IPC TenderRequestSchema): cash given, a card amount, other. */
export interface TenderRequest {
  kind: TenderKind;
  amountMinor: number;
}

/**
 * Checks that the tenders settle the sale before any card is charged: card payments already
 * approved for the cart come first, then the new tenders in the order given. Cash rounding and
 * change come from the shared settleTenders. A card or other tender larger than what is due is
 * TENDER_EXCEEDS_DUE (no cash back from a card); too little is TENDER_INSUFFICIENT; cash offered
 * when nothing is left to pay in cash is INVALID_INPUT (it would record a cash tender of 0) —
 * except once when cash rounding took the whole cash part (0.02 with 0.05 coins): that cash
 * tender of 0 is how the sale records that it was settled in cash, rounded to nothing.
 */
export function checkTenders(totalMinor: number, approved: readonly CardTender[], requested: readonly TenderRequest[], settings: StoreSettings): Settlement {
  const inputs = [...approved.map((p) => ({ kind: p.kind, amountMinor: p.amountMinor })), ...requested];
  let settlement: Settlement;
  try {
    settlement = settleTenders(totalMinor, inputs, settings);
  } catch (error) {
    throw toKeelError(error);
  }
  if (settlement.remainingMinor > 0) {
    throw new KeelError('TENDER_INSUFFICIENT', undefined, {
      dueMinor: settlement.dueMinor,
      remainingMinor: settlement.remainingMinor,
      paidByCardMinor: approved.reduce((sum, p) => sum + p.amountMinor, 0),
    });
  }
  const cash = settlement.applied.flatMap((a, index) => (a.kind === 'cash' ? [{ ...a, index }] : []));
  const roundedAway = settlement.roundingMinor < 0 && cash.every((a) => a.amountMinor === 0);
  const idle = cash.find((a, n) => a.amountMinor === 0 && !(roundedAway && n === 0))?.index ?? -1;
  if (idle >= 0) {
    throw new KeelError('INVALID_INPUT', 'Nothing is left to pay in cash.', {
      issues: [{ path: `tenders.${idle - approved.length}`, message: 'no cash is due' }],
    });
  }
  return settlement;
}

/**
 * The tenders as the sale records them, in settlement order: the approved card payments as the
 * terminal reported them, cash with what was handed over and the change, other tenders as
 * entered (the contract gives them no label yet, so they are recorded as "Other").
 */
export function recordedTenders(settlement: Settlement, cards: readonly CardTender[], rest: readonly TenderRequest[]): SaleTender[] {
  const tenders: SaleTender[] = [...cards];
  rest.forEach((request, index) => {
    const applied = settlement.applied[cards.length + index];
    if (!applied) throw new RangeError('settlement does not match the tenders');
    if (request.kind === 'cash') {
      tenders.push({
        kind: 'cash',
        tenderedMinor: applied.tenderedMinor,
        amountMinor: applied.amountMinor,
        changeMinor: applied.tenderedMinor - applied.amountMinor,
      });
    } else if (request.kind === 'other') {
      tenders.push({ kind: 'other', amountMinor: applied.amountMinor, label: 'Other', reference: null });
    } else {
      throw new RangeError('card tenders are recorded from the terminal approval');
    }
  });
  return tenders;
}
