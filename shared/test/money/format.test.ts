import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { knownCurrencies } from '../../src/money/currency';
import { MoneyError } from '../../src/money/errors';
import { formatMoney, parseMoney } from '../../src/money/format';

describe('formatMoney', () => {
  it.each([
    [1250, 'EUR', '12.50'],
    [-5, 'EUR', '-0.05'],
    [0, 'USD', '0.00'],
    [5, 'USD', '0.05'],
    [100_000_000, 'EUR', '1000000.00'],
    [1250, 'JPY', '1250'],
    [-1250, 'JPY', '-1250'],
    [1250, 'KWD', '1.250'],
    [1, 'KWD', '0.001'],
    [-1001, 'BHD', '-1.001'],
    [Number.MAX_SAFE_INTEGER, 'EUR', '90071992547409.91'],
  ])('When %i minor units of %s are formatted, then the text is %j', (minor, currency, text) => {
    expect(formatMoney(minor, currency)).toBe(text);
  });

  it('When the code is requested, then it follows the amount', () => {
    expect(formatMoney(1250, 'EUR', { withCode: true })).toBe('12.50 EUR');
  });

  it('When the amount is not an integer or the currency is unknown, then a MoneyError is thrown', () => {
    expect(() => formatMoney(12.5, 'EUR')).toThrow(expect.objectContaining({ code: 'OUT_OF_RANGE' }));
    expect(() => formatMoney(1, 'ZZZ')).toThrow(expect.objectContaining({ code: 'UNKNOWN_CURRENCY' }));
  });
});

describe('parseMoney', () => {
  it.each([
    ['12.50', 'EUR', 1250],
    ['12.5', 'EUR', 1250],
    ['12', 'EUR', 1200],
    ['12.500', 'EUR', 1250], // trailing zeros are exact, not extra precision
    ['-0.05', 'EUR', -5],
    ['+3.1', 'EUR', 310],
    ['0.10', 'CHF', 10],
    [' 7.00 EUR ', 'EUR', 700],
    ['1250', 'JPY', 1250],
    ['1.250', 'KWD', 1250],
    ['1.25', 'KWD', 1250],
    ['0.001', 'KWD', 1],
    ['90071992547409.91', 'EUR', Number.MAX_SAFE_INTEGER],
  ])('When %j is parsed as %s, then it is %i minor units', (text, currency, minor) => {
    expect(parseMoney(text, currency)).toBe(minor);
  });

  it.each([
    ['12.505', 'EUR', 'TOO_MANY_DECIMALS'],
    ['12.5', 'JPY', 'TOO_MANY_DECIMALS'],
    ['1.2505', 'KWD', 'TOO_MANY_DECIMALS'],
    ['12,50', 'EUR', 'INVALID_AMOUNT'],
    ['', 'EUR', 'INVALID_AMOUNT'],
    ['.5', 'EUR', 'INVALID_AMOUNT'],
    ['1e3', 'EUR', 'INVALID_AMOUNT'],
    ['1 000', 'EUR', 'INVALID_AMOUNT'],
    ['0x10', 'EUR', 'INVALID_AMOUNT'],
    ['12.50 USD', 'EUR', 'CURRENCY_MISMATCH'],
    ['90071992547409.92', 'EUR', 'OUT_OF_RANGE'],
    ['1', 'ABC', 'UNKNOWN_CURRENCY'],
  ])('When %j is parsed as %s, then %s is thrown', (text, currency, code) => {
    expect(() => parseMoney(text, currency)).toThrow(MoneyError);
    expect(() => parseMoney(text, currency)).toThrow(expect.objectContaining({ code }));
  });

  it('When any safe amount is formatted and parsed back in any known currency, then it is unchanged', () => {
    const currencies = knownCurrencies();
    fc.assert(
      fc.property(
        fc.integer({ min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }),
        fc.constantFrom(...currencies),
        fc.boolean(),
        (minor, currency, withCode) => parseMoney(formatMoney(minor, currency, { withCode }), currency) === minor,
      ),
    );
  });
});
