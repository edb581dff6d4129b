import type { CardApproval, CardCallOptions, CardOutcome, CardTerminal } from '../../src/core/payments/card-terminal';

export type CardCall =
  | { op: 'authorize'; amountMinor: number }
  | { op: 'refund'; amountMinor: number; originalRef: string | null }
  | { op: 'reverse'; amountMinor: number; ref: string };

/** What the double answers next: an outcome, a thrown error, or the default approval. */
export type Scripted = CardOutcome | Error;

/**
 * An in-memory card terminal for unit tests only: approves by default, or answers what a test
 * queued, and records every call so a test can prove a card was (not) charged.
 */
export class FakeCardTerminal implements CardTerminal {
  readonly calls: CardCall[] = [];
  private readonly queue: Scripted[] = [];
  private refs = 0;

  /** Queues answers for the next calls, in order. */
  next(...outcomes: Scripted[]): this {
    this.queue.push(...outcomes);
    return this;
  }

  authorize(amountMinor: number, options: CardCallOptions = {}): Promise<CardOutcome> {
    this.calls.push({ op: 'authorize', amountMinor });
    return this.answer(options);
  }

  refund(amountMinor: number, options: CardCallOptions & { originalRef?: string | null } = {}): Promise<CardOutcome> {
    this.calls.push({ op: 'refund', amountMinor, originalRef: options.originalRef ?? null });
    return this.answer(options);
  }

  reverse(ref: string, amountMinor: number, options: CardCallOptions = {}): Promise<CardOutcome> {
    this.calls.push({ op: 'reverse', amountMinor, ref });
    return this.answer(options);
  }

  charged(): number {
    return this.calls.filter((c) => c.op === 'authorize').length;
  }

  private async answer(options: CardCallOptions): Promise<CardOutcome> {
    options.onStatus?.('Please insert card');
    await Promise.resolve();
    const scripted = this.queue.shift();
    if (scripted instanceof Error) throw scripted;
    return scripted ?? approval({ terminalTransactionRef: `TX${++this.refs}` });
  }
}

export function approval(overrides: Partial<CardApproval> = {}): CardApproval {
  return {
    approved: true,
    brand: 'VISA',
    maskedPan: '************1111',
    authCode: 'A12345',
    terminalTransactionRef: 'TX0',
    receiptLines: ['KARTENZAHLUNG', 'VISA ************1111', 'Genehmigt'],
    ...overrides,
  };
}

export const declined = (): CardOutcome => ({ approved: false, code: 'CARD_DECLINED', message: 'Declined by issuer' });
export const unknownStatus = (): CardOutcome => ({
  approved: false,
  code: 'PAYMENT_STATUS_UNKNOWN',
  message: 'Link lost',
  terminalTransactionRef: 'TX-LOST',
});
