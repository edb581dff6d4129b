import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../src/operations';
import { jsonValue } from './arbitraries';

/** The same value with every object's keys inserted in another order. */
function reorderKeys(value: unknown, seed: number): unknown {
  if (Array.isArray(value)) return value.map((v, i) => reorderKeys(v, seed + i));
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value);
  let state = seed >>> 0;
  for (let i = entries.length - 1; i > 0; i -= 1) {
    state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
    const j = state % (i + 1);
    const a = entries[i];
    const b = entries[j];
    if (a && b) {
      entries[i] = b;
      entries[j] = a;
    }
  }
  return Object.fromEntries(entries.map(([k, v], i) => [k, reorderKeys(v, seed + i + 1)]));
}

describe('canonicalJson', () => {
  it('When keys are out of order at any depth, then they are written sorted with no whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: true, y: null }], c: 'x' } })).toBe(
      '{"a":{"c":"x","d":[3,{"y":null,"z":true}]},"b":1}',
    );
  });

  it('When keys differ beyond the BMP, then they sort by UTF-16 code units, not code points', () => {
    // U+1F600 is the surrogate pair D83D DE00, which sorts before U+FFFF by code unit.
    expect(canonicalJson({ '\uFFFF': 1, '\u{1F600}': 2, Z: 3, a: 4, '': 5 })).toBe('{"":5,"Z":3,"a":4,"\u{1F600}":2,"\uFFFF":1}');
  });

  it('When integer-like keys are present, then they sort as strings', () => {
    expect(canonicalJson({ 10: 'a', 9: 'b', 1: 'c' })).toBe('{"1":"c","10":"a","9":"b"}');
  });

  it('When a property is undefined, then it is dropped', () => {
    expect(canonicalJson({ a: undefined, b: 1 })).toBe('{"b":1}');
  });

  it('When strings need escaping, then they are written as JSON.stringify writes them', () => {
    const s = 'quote " backslash \\ newline \n tab \t ctrl \u0001 lone \uD800 é 😀';
    expect(canonicalJson({ s })).toBe(`{"s":${JSON.stringify(s)}}`);
  });

  it('When a number is negative zero, then it is written as 0', () => {
    expect(canonicalJson([-0, 0, -5])).toBe('[0,0,-5]');
  });

  it.each([
    ['NaN', NaN],
    ['Infinity', Infinity],
    ['a float', 1.5],
    ['an unsafe integer', 2 ** 53],
    ['a bigint', 1n],
    ['a function', () => 1],
    ['a symbol', Symbol('s')],
    ['a Date', new Date(0)],
    ['a Map', new Map()],
    ['undefined in an array', [1, undefined]],
  ])('When the value holds %s, then canonicalJson throws', (_label, value) => {
    expect(() => canonicalJson({ x: value })).toThrow(TypeError);
  });

  it('When the whole value is undefined, then canonicalJson throws', () => {
    expect(() => canonicalJson(undefined)).toThrow(TypeError);
  });

  it('When a value is cyclic, then canonicalJson throws instead of overflowing', () => {
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    expect(() => canonicalJson(cyclic)).toThrow(/cycle/);
  });

  it('When the same object appears twice without a cycle, then it is written twice', () => {
    const shared = { k: 1 };
    expect(canonicalJson({ a: shared, b: [shared] })).toBe('{"a":{"k":1},"b":[{"k":1}]}');
  });

  it('When the throw names a path, then it points at the bad value', () => {
    expect(() => canonicalJson({ payload: { lines: [{ qty: 0.5 }] } })).toThrow('$.payload.lines[0].qty');
  });

  it('When random values are rebuilt with shuffled keys, then the output is identical', () => {
    fc.assert(
      fc.property(jsonValue, fc.integer(), (value, seed) => {
        expect(canonicalJson(reorderKeys(value, seed))).toBe(canonicalJson(value));
      }),
      { numRuns: 300 },
    );
  });

  it('When the output is parsed back, then it equals the input and re-canonicalises to itself', () => {
    fc.assert(
      fc.property(jsonValue, (value) => {
        const text = canonicalJson(value);
        const back: unknown = JSON.parse(text);
        expect(back).toEqual(value);
        expect(canonicalJson(back)).toBe(text);
      }),
      { numRuns: 300 },
    );
  });

  it('When a value has no floats or undefined, then the output has the same length as JSON.stringify', () => {
    fc.assert(
      fc.property(jsonValue, (value) => {
        expect(canonicalJson(value).length).toBe(JSON.stringify(value).length);
      }),
      { numRuns: 200 },
    );
  });
});
