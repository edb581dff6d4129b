import { describe, expect, it } from 'vitest';
import { countedMinor, countsFrom, denominationsOf, parseCount } from '../../src/renderer/format/denominations';
import { age, clockTime, money, percentText, signedMoney } from '../../src/renderer/format/display';
import { entryMinor, quickCashAmounts, typeAmountKey } from '../../src/renderer/format/money-entry';

const typeAll = (keys: string[], currency = 'EUR') => keys.reduce((text, key) => typeAmountKey(text, key, currency), '');

describe('amount keypad', () => {
  it('When digits and a point are typed, then the text follows and the amount is exact minor units', () => {
    expect(typeAll(['1', '2', '.', '5'])).toBe('12.5');
    expect(entryMinor('12.5', 'EUR')).toBe(1250);
    expect(entryMinor('20', 'EUR')).toBe(2000);
    expect(entryMinor('0.1', 'EUR')).toBe(10);
    expect(entryMinor('', 'EUR')).toBeNull();
    expect(entryMinor('12.', 'EUR')).toBe(1200);
  });

  it('When more decimals than the currency has are typed, then the key is not taken', () => {
    expect(typeAll(['1', '.', '2', '3', '4'])).toBe('1.23');
    expect(typeAll(['1', '.', '5'], 'JPY')).toBe('15');
    expect(typeAll(['1', '.', '2', '3', '4'], 'KWD')).toBe('1.234');
    expect(entryMinor('1.234', 'KWD')).toBe(1234);
  });

  it('When zeros lead, a point starts, or Backspace and Clear are pressed, then the text stays a valid amount', () => {
    expect(typeAll(['0', '0', '7'])).toBe('7');
    expect(typeAll(['.', '5'])).toBe('0.5');
    expect(typeAll(['1', '.', '.', '2'])).toBe('1.2');
    expect(typeAll(['1', '2', 'Backspace'])).toBe('1');
    expect(typeAll(['1', '2', 'Clear'])).toBe('');
    expect(typeAll(['1', ',', '5'])).toBe('1.5');
    expect(typeAll(['x', '1'])).toBe('1');
    expect(typeAll(Array.from({ length: 12 }, () => '9'))).toBe('9999999');
  });
});

describe('quick cash amounts', () => {
  it('When 13.67 € is due, then the next amounts offered are 14, 15 and 20 €', () => {
    expect(quickCashAmounts(1367, 'EUR')).toEqual([1400, 1500, 2000]);
  });

  it('When a round amount is due, then only larger notes are offered, never the amount itself', () => {
    expect(quickCashAmounts(2000, 'EUR')).toEqual([5000, 10_000, 20_000]);
    expect(quickCashAmounts(5, 'EUR')).toEqual([100, 500, 1000]);
    expect(quickCashAmounts(0, 'EUR')).toEqual([]);
  });

  it('When the currency has no note table, then round multiples of its unit are offered', () => {
    expect(quickCashAmounts(1234, 'JPY')).toEqual([1235, 1240, 1250]);
  });
});

describe('denominations', () => {
  it('When a EUR drawer is counted, then the total is the integer sum and only counted rows are sent', () => {
    const table = denominationsOf('EUR');
    expect(table?.map((d) => d.minor)).toEqual([20_000, 10_000, 5_000, 2_000, 1_000, 500, 200, 100, 50, 20, 10, 5, 2, 1]);
    const counts = new Map([
      [5_000, 2],
      [200, 3],
      [50, 1],
      [1, 0],
    ]);
    expect(countedMinor(counts)).toBe(10_650);
    expect(countsFrom(counts)).toEqual([
      { denominationMinor: 5_000, count: 2 },
      { denominationMinor: 200, count: 3 },
      { denominationMinor: 50, count: 1 },
    ]);
    expect(denominationsOf('XYZ')).toBeNull();
  });

  it('When a count field holds text, then blanks are zero and anything but whole numbers is refused', () => {
    expect(parseCount('')).toBe(0);
    expect(parseCount(' 12 ')).toBe(12);
    expect(parseCount('1.5')).toBeNull();
    expect(parseCount('-1')).toBeNull();
    expect(parseCount('abc')).toBeNull();
  });
});

describe('display', () => {
  it('When amounts are shown, then they come from formatMoney with grouping and the symbol', () => {
    expect(money(1250, 'EUR')).toBe('12.50\u00a0€');
    expect(money(123_456_789, 'EUR')).toBe('1\u202f234\u202f567.89\u00a0€');
    expect(money(-5, 'EUR')).toBe('−0.05\u00a0€');
    expect(money(1250, 'JPY')).toBe('1\u202f250\u00a0¥');
    expect(signedMoney(200, 'EUR')).toBe('+2.00\u00a0€');
    expect(signedMoney(-164, 'EUR')).toBe('−1.64\u00a0€');
  });

  it('When times and percentages are shown, then they read as a cashier expects', () => {
    const now = new Date(2025, 2, 3, 14, 30);
    expect(clockTime(new Date(2025, 2, 3, 14, 2).toISOString(), now)).toBe('14:02');
    expect(clockTime(new Date(2025, 2, 1, 9, 5).toISOString(), now)).toBe('1 Mar 09:05');
    expect(age(new Date(2025, 2, 3, 14, 2).toISOString(), now)).toBe('28 min');
    expect(age(new Date(2025, 2, 3, 12, 30).toISOString(), now)).toBe('2 h');
    expect(age(now.toISOString(), now)).toBe('just now');
    expect(percentText(1000)).toBe('10 %');
    expect(percentText(1250)).toBe('12.5 %');
  });
});
