import { describe, expect, it } from 'vitest';
import { CardTenderSchema, containsPan, KeelError, RefundTenderSchema } from '@keel/shared';
import { callCardTerminal } from '../../src/core/payments/card-call';
import { cardError, cardRefundTenderOf, cardTenderOf, safeMaskedPan } from '../../src/core/payments/card-tender';
import { approval } from './fake-card-terminal';

describe('card tenders from terminal output', () => {
  it.each([
    ['a properly masked PAN', '************1111', '************1111'],
    ['a masked PAN with groups', '**** **** **** 4242', '**** **** **** 4242'],
    ['first six and last four', '411111******1111', '411111******1111'],
    ['a full PAN', '4111111111111111', '************1111'],
    ['a PAN with spaces', '4111 1111 1111 1111', '************1111'],
    ['garbage', 'n/a', '****************'],
  ])('When the terminal reports %s, then %s is kept', (_what, reported, kept) => {
    expect(safeMaskedPan(reported)).toBe(kept);
  });

  it('When receipt text carries a PAN or is too long, then the tender still fits the schema and holds no PAN', () => {
    const tender = cardTenderOf(
      approval({
        brand: '  MASTERCARD 5555555555554444 ',
        authCode: '',
        terminalTransactionRef: 'X'.repeat(80),
        receiptLines: ['Karte 5555 5555 5555 4444\nGenehmigt', 'Y'.repeat(70), ...Array.from({ length: 120 }, () => '')],
      }),
      1299,
    );
    expect(CardTenderSchema.parse(tender)).toEqual(tender);
    expect(tender.brand).toBe('MASTERCARD ************4444');
    expect(tender.authCode).toBeNull();
    expect(tender.terminalTransactionRef).toHaveLength(64);
    expect(tender.terminalReceiptLines.slice(0, 3)).toEqual(['Karte **** **** **** 4444', 'Genehmigt', 'Y'.repeat(64)]);
    expect(tender.terminalReceiptLines).toHaveLength(100);
    expect(containsPan(JSON.stringify(tender))).toBe(false);
  });

  it('When money goes back to a card, then the tender is negative and valid as a refund tender', () => {
    const tender = cardRefundTenderOf(approval(), -500);
    expect(RefundTenderSchema.parse(tender)).toEqual(tender);
    expect(() => cardRefundTenderOf(approval(), 500)).toThrow(RangeError);
    expect(() => cardTenderOf(approval(), 0)).toThrow(RangeError);
  });

  it('When the terminal says no, then the error has its code and a redacted message', () => {
    const error = cardError({ approved: false, code: 'CARD_DECLINED', message: 'card 4111111111111111 declined' }, { paid: 1 });
    expect(error).toBeInstanceOf(KeelError);
    expect(error.code).toBe('CARD_DECLINED');
    expect(error.message).toBe('card ************1111 declined');
    expect(error.details).toEqual({ paid: 1 });
    const unknown = cardError({ approved: false, code: 'PAYMENT_STATUS_UNKNOWN', message: 'lost', terminalTransactionRef: 'T9' });
    expect(unknown.details).toEqual({ terminalTransactionRef: 'T9' });
  });
});

describe('calling the card terminal', () => {
  it.each([
    ['an answer', async () => approval(), { approved: true }],
    ['a thrown non-Keel error', async () => Promise.reject(new Error('EIO')), { approved: false, code: 'PAYMENT_STATUS_UNKNOWN' }],
  ])('When the driver gives %s, then the outcome is %j', async (_what, call, expected) => {
    expect(await callCardTerminal(call as never)).toMatchObject(expected);
  });

  it('When the driver throws a KeelError, then it keeps its code', async () => {
    const call = () => Promise.reject(new KeelError('CARD_TERMINAL_UNAVAILABLE'));
    await expect(callCardTerminal(call)).rejects.toMatchObject({ code: 'CARD_TERMINAL_UNAVAILABLE' });
  });
});
