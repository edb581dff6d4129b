import { describe, expect, it } from 'vitest';
import { currencyExponent, isKnownCurrency, knownCurrencies } from '../../src/money/currency';

describe('currencyExponent', () => {
  it.each([
    ['JPY', 0],
    ['KRW', 0],
    ['ISK', 0],
    ['EUR', 2],
    ['USD', 2],
    ['CHF', 2],
    ['GBP', 2],
    ['SEK', 2],
    ['KWD', 3],
    ['BHD', 3],
    ['OMR', 3],
    ['TND', 3],
    ['CLF', 4],
  ])('When the currency is %s, then its exponent is %i', (code, exponent) => {
    expect(currencyExponent(code)).toBe(exponent);
  });

  it.each(['XXX', 'EUO', 'eur', ''])('When the code is %j, then UNKNOWN_CURRENCY is thrown', (code) => {
    expect(isKnownCurrency(code)).toBe(false);
    expect(() => currencyExponent(code)).toThrow(expect.objectContaining({ code: 'UNKNOWN_CURRENCY' }));
  });

  it('When the table is listed, then it covers the common ISO 4217 currencies with exponents 0 to 4', () => {
    const codes = knownCurrencies();
    expect(codes.length).toBeGreaterThan(150);
    for (const code of codes) expect([0, 2, 3, 4]).toContain(currencyExponent(code));
  });
});
