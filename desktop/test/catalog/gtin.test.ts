import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { equivalentGtins, gtinCheckDigit, isValidGtin, withCheckDigit } from '../../src/core/catalog/gtin';
import { compileRules, decodeInStore, DEFAULT_IN_STORE_RULES } from '../../src/core/catalog/in-store-codes';

const digits = (length: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: length, maxLength: length }).map((d) => d.join(''));
const gtinBody = fc.constantFrom(7, 11, 12, 13).chain(digits);

describe('GTIN check digits', () => {
  it('When a check digit is appended, then the code is valid, and changing any one digit makes it invalid', () => {
    fc.assert(
      fc.property(gtinBody, fc.nat(), fc.integer({ min: 1, max: 9 }), (body, at, delta) => {
        const code = withCheckDigit(body);
        expect(isValidGtin(code)).toBe(true);
        const i = at % code.length;
        const changed = code.slice(0, i) + String((Number(code[i]) + delta) % 10) + code.slice(i + 1);
        // The mod-10 scheme with weights 1 and 3 detects every single-digit error.
        expect(isValidGtin(changed)).toBe(false);
      }),
    );
  });

  it('When leading zeros are added or removed, then the check digit stays the same (one number space)', () => {
    fc.assert(fc.property(digits(11), (body) => gtinCheckDigit(`0${body}`) === gtinCheckDigit(body)));
  });

  it('When a UPC-A is given, then its EAN-13 and GTIN-14 forms are its equivalents, and back', () => {
    expect(equivalentGtins('036000291452')).toEqual(['0036000291452', '00036000291452']);
    expect(equivalentGtins('0036000291452')).toEqual(['036000291452', '00036000291452']);
    expect(equivalentGtins('4006381333931')).toEqual(['04006381333931']);
    expect(equivalentGtins('96385074')).toEqual(['0000096385074', '000096385074', '00000096385074']);
  });

  it('When input is not digits of a GTIN length, then it is not a valid GTIN', () => {
    for (const code of ['', '123', '400638133393a', '4006381333931 ', '123456789012345']) expect(isValidGtin(code)).toBe(false);
  });
});

describe('in-store label decoding', () => {
  const rules = compileRules(DEFAULT_IN_STORE_RULES);

  it('When a 21 label is decoded, then it carries the weight in grams and the item keys to look up', () => {
    expect(decodeInStore('2100123003853', rules)).toEqual({ kind: 'weight', itemKeys: ['2100123', '2100123000005'], value: 385 });
  });

  it('When a 22 label is decoded, then it carries the price in minor units', () => {
    expect(decodeInStore('2200456012994', rules)).toMatchObject({ kind: 'price', itemKeys: ['2200456', expect.any(String)], value: 1299 });
  });

  it('When no rule claims the prefix, then nothing is decoded', () => {
    expect(decodeInStore('2300456012994', rules)).toBeNull();
    expect(decodeInStore('4006381333931', rules)).toBeNull();
  });

  it('When rules overlap, then the longest prefix wins', () => {
    const refined = compileRules([{ prefix: '2', kind: 'price', itemDigits: 6 }, { prefix: '21', kind: 'weight' }]);
    expect(decodeInStore('2100123003853', refined)?.kind).toBe('weight');
    expect(decodeInStore('2512345012994', refined)).toMatchObject({ kind: 'price', itemKeys: ['2512345', expect.any(String)], value: 1299 });
  });
});
