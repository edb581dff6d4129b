import { describe, expect, it } from 'vitest';
import { PullQuerySchema } from '@keel/shared';
import { comparePositions, decodeCursor, encodeCursor, type PullCursor } from '../../src/domain/pull-cursor';

const STORE = '6f1c1d2e-3a4b-4c5d-8e6f-7a8b9c0d1e2f';

describe('the pull cursor', () => {
  it('When a cursor is encoded and decoded, then it comes back unchanged', () => {
    const cursors: PullCursor[] = [
      { phase: 'log', storeId: STORE, at: { xid: '18446744073709551615', id: 9007199254740991 } },
      { phase: 'snapshot', storeId: STORE, fence: '1234', resume: { xid: '1200', id: 0 }, entity: 'barcode', after: '4006381333931', done: 17, total: 20 },
      { phase: 'snapshot', storeId: STORE, fence: '1234', resume: { xid: '1200', id: 7 }, entity: 'taxRate', after: null, done: 0, total: 0 },
    ];
    for (const c of cursors) expect(decodeCursor(encodeCursor(c))).toEqual(c);
  });

  it('When the largest possible snapshot cursor is encoded, then it still fits the 512 characters the query allows', () => {
    const worst = encodeCursor({
      phase: 'snapshot',
      storeId: STORE,
      fence: '18446744073709551615',
      resume: { xid: '18446744073709551615', id: Number.MAX_SAFE_INTEGER },
      entity: 'storeSettings',
      // A 64-character key of characters JSON must escape.
      after: '"\\'.repeat(32),
      done: Number.MAX_SAFE_INTEGER,
      total: Number.MAX_SAFE_INTEGER,
    });
    expect(worst.length).toBeLessThanOrEqual(512);
    expect(PullQuerySchema.safeParse({ cursor: worst }).success).toBe(true);
  });

  it('When a cursor is not one this server wrote, then it decodes to null', () => {
    const wire = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
    for (const text of ['', '***', 'bnVsbA', wire({ v: 2, p: 'l', s: STORE, at: ['1', 1] }), wire({ v: 1, p: 'l', s: STORE, at: ['-1', 1] }), wire({ v: 1, p: 'l', s: STORE, at: ['1', 1], extra: 1 }), wire({ v: 1, p: 's', s: STORE, f: '1', r: ['1', 0], e: 'sale', k: null, d: 0, t: 0 })]) {
      expect(decodeCursor(text), text).toBeNull();
    }
  });

  it('When positions are compared, then xids compare as 64-bit numbers and ids break ties', () => {
    expect(comparePositions({ xid: '999', id: 5 }, { xid: '1000', id: 1 })).toBeLessThan(0);
    expect(comparePositions({ xid: '18446744073709551615', id: 1 }, { xid: '18446744073709551614', id: 9 })).toBeGreaterThan(0);
    expect(comparePositions({ xid: '7', id: 2 }, { xid: '7', id: 3 })).toBeLessThan(0);
    expect(comparePositions({ xid: '7', id: 3 }, { xid: '7', id: 3 })).toBe(0);
  });
});
