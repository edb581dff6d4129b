import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { containsPan, isMaskedPan, luhnValid, redactPans } from '../../src/sale';

describe('isMaskedPan', () => {
  it.each([
    '411111******1111',
    '4111 11** **** 1111',
    '************1111',
    '**** **** **** 1111',
    'XXXX-XXXX-XXXX-1234',
    'xxxxxxxxxxxx1234',
    '\u2022\u2022\u2022\u2022 1234',
    '****1234',
    '541333*********4444',
  ])('When the PAN is masked like %s, then it is accepted', (value) => {
    expect(isMaskedPan(value)).toBe(true);
  });

  it.each([
    ['a full PAN', '4111111111111111'],
    ['a full PAN with spaces', '4111 1111 1111 1111'],
    ['a full PAN with dashes', '4111-1111-1111-1111'],
    ['seven leading digits', '4111111*****1111'],
    ['five trailing digits', '411111*****11111'],
    ['digits on both sides of two masks', '4111**11**111111'],
    ['leading digits in a too short string', '4111**1234'],
    ['letters', 'VISA ****1111'],
    ['too long', '411111**************1111'],
    ['empty', ''],
  ])('When the value is %s, then it is refused', (_label, value) => {
    expect(isMaskedPan(value)).toBe(false);
  });

  it('When the value is not a string, then it is refused', () => {
    expect(isMaskedPan(4111111111111111)).toBe(false);
    expect(isMaskedPan(null)).toBe(false);
  });
});

describe('PAN detection and redaction', () => {
  it('When checking known card numbers, then Luhn accepts them and rejects a changed digit', () => {
    expect(luhnValid('4111111111111111')).toBe(true);
    expect(luhnValid('5413330089020011')).toBe(true);
    expect(luhnValid('4111111111111112')).toBe(false);
    expect(luhnValid('41111x')).toBe(false);
  });

  it('When receipt text holds a PAN, then it is detected, also with separators or an expiry after it', () => {
    expect(containsPan('PAN 4111111111111111')).toBe(true);
    expect(containsPan('4111 1111 1111 1111')).toBe(true);
    expect(containsPan('4111 1111 1111 1111 05/27')).toBe(true);
    expect(containsPan('CARD:5413-3300-8902-0011.')).toBe(true);
  });

  it('When receipt text holds only short numbers, then nothing is detected', () => {
    expect(containsPan('TID 52500001  TRACE 000042')).toBe(false);
    expect(containsPan('01.03.2025 09:30  BETRAG EUR 10,00')).toBe(false);
    expect(containsPan('************1111')).toBe(false);
  });

  it('When a PAN is redacted, then only its last four digits stay and the layout is kept', () => {
    expect(redactPans('PAN 4111 1111 1111 1111 OK')).toBe('PAN **** **** **** 1111 OK');
    expect(redactPans('no card here 1234')).toBe('no card here 1234');
  });

  it('When any text is redacted, then no PAN is left in it', () => {
    const text = fc.array(fc.constantFrom('0', '1', '4', '5', '9', ' ', '-', 'A', '/'), { maxLength: 80 }).map((cs) => cs.join(''));
    fc.assert(
      fc.property(text, (s) => {
        expect(containsPan(redactPans(s))).toBe(false);
      }),
      { numRuns: 500 },
    );
  });

  it('When text has no PAN, then redaction leaves it unchanged', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (s) => {
        fc.pre(!containsPan(s));
        expect(redactPans(s)).toBe(s);
      }),
    );
  });
});
