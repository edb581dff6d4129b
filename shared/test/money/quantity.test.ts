import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatQty, parseQty } from '../../src/money/quantity';

describe('parseQty and formatQty', () => {
  it.each([
    ['0.385', 385],
    ['1', 1000],
    ['2.5', 2500],
    ['0.001', 1],
    ['1.0000', 1000],
    ['-1', -1000],
    [' 12.250 ', 12250],
  ])('When %j is parsed, then it is %i thousandths', (text, qtyMilli) => {
    expect(parseQty(text)).toBe(qtyMilli);
  });

  it.each([
    ['0.0005', 'TOO_MANY_DECIMALS'],
    ['abc', 'INVALID_QUANTITY'],
    ['1,5', 'INVALID_QUANTITY'],
    ['', 'INVALID_QUANTITY'],
  ])('When %j is parsed, then %s is thrown', (text, code) => {
    expect(() => parseQty(text)).toThrow(expect.objectContaining({ code }));
  });

  it.each([
    [385, false, '0.385'],
    [1000, false, '1'],
    [1500, false, '1.5'],
    [1500, true, '1.500'],
    [0, false, '0'],
    [-250, false, '-0.25'],
    [2, true, '0.002'],
  ])('When %i thousandths are formatted (fixed %s), then the text is %j', (qtyMilli, fixed, text) => {
    expect(formatQty(qtyMilli, { fixed })).toBe(text);
  });

  it('When any quantity is formatted and parsed back, then it is unchanged', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 1e12 }), fc.boolean(), (qtyMilli, fixed) => {
        return parseQty(formatQty(qtyMilli, { fixed })) === qtyMilli;
      }),
    );
  });
});
