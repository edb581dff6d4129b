import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { KeelError } from '../../src/errors';
import { GENESIS, GENESIS_PREV_HASH, sealOperation, type Operation } from '../../src/operations';
import {
  ChainConflictErrorSchema,
  CatalogChangeSchema,
  EnrollRequestSchema,
  EnrollResponseSchema,
  HeartbeatSchema,
  MAX_PUSH_BYTES,
  MAX_PUSH_OPS,
  PULL_LIMIT_MAX,
  PullQuerySchema,
  PullResponseSchema,
  pushBodyBytes,
  PushRequestSchema,
  PushResponseSchema,
  takePushBatch,
  type CatalogChange,
} from '../../src/sync';
import { AT, makeDrawerOpened, makeSale, TERMINAL_ID, uuid } from '../sale/fixtures';

function issuePaths(result: z.ZodSafeParseResult<unknown>): PropertyKey[][] {
  return result.success ? [] : result.error.issues.map((i) => i.path);
}

function drawerOps(count: number): Operation[] {
  const ops: Operation[] = [];
  let head = GENESIS;
  for (let i = 0; i < count; i += 1) {
    const op = sealOperation(head, {
      opId: uuid(5000 + i),
      terminalId: TERMINAL_ID,
      type: 'drawer.opened',
      payload: { ...makeDrawerOpened(), eventId: uuid(6000 + i) },
      createdAt: AT,
    });
    ops.push(op);
    head = op;
  }
  return ops;
}

const updatedAt = '2025-03-01T09:30:00.000Z';
const product = {
  id: 'p-coffee',
  sku: 'COF-500',
  name: 'Coffee beans 500 g',
  categoryId: null,
  taxRateId: 'vat-7',
  priceMinor: 1299,
  barcodes: ['4006381333931'],
  soldByWeight: false,
  active: true,
  updatedAt,
};

describe('enroll', () => {
  it('When the code has surrounding spaces, then they are ignored', () => {
    expect(EnrollRequestSchema.parse({ code: '  ABCD-1234 ', name: 'Till 2' })).toEqual({ code: 'ABCD-1234', name: 'Till 2' });
  });

  it('When the response lacks the tenant, then it is refused at tenantId', () => {
    const response = { terminalId: TERMINAL_ID, terminalCode: 'T01', storeId: uuid(9), tenantId: uuid(10), token: 'k'.repeat(43) };
    expect(EnrollResponseSchema.parse(response)).toEqual(response);
    const { tenantId: _tenantId, ...withoutTenant } = response;
    expect(issuePaths(EnrollResponseSchema.safeParse(withoutTenant))).toEqual([['tenantId']]);
  });
});

describe('push', () => {
  it('When sealed operations are pushed, then the request parses', () => {
    const ops = drawerOps(3);
    expect(PushRequestSchema.parse(JSON.parse(JSON.stringify({ ops }))).ops).toEqual(ops);
  });

  it('When an op has a payload its type would refuse, then the request still parses so the server can reject just that op', () => {
    const [op] = drawerOps(1);
    const request = { ops: [{ ...op, payload: { nonsense: true } }] };
    expect(PushRequestSchema.safeParse(request).success).toBe(true);
  });

  it('When the envelope is malformed or the batch is empty or too big, then the request is refused', () => {
    const [op] = drawerOps(1);
    expect(issuePaths(PushRequestSchema.safeParse({ ops: [{ ...op, hash: 'abc' }] }))).toEqual([['ops', 0, 'hash']]);
    expect(issuePaths(PushRequestSchema.safeParse({ ops: [] }))).toEqual([['ops']]);
    const many = Array.from({ length: MAX_PUSH_OPS + 1 }, () => op);
    expect(issuePaths(PushRequestSchema.safeParse({ ops: many }))).toEqual([['ops']]);
  });

  it('When a result is rejected without a reason, then the response is refused', () => {
    const ok = { ackedSeq: 3, results: [{ seq: 3, opId: uuid(1), status: 'rejected', reason: 'PAN in receipt text', code: 'INVALID_INPUT' }], anomalies: [] };
    expect(PushResponseSchema.parse(ok)).toEqual(ok);
    const bad = { ...ok, results: [{ seq: 3, opId: uuid(1), status: 'rejected' }] };
    expect(issuePaths(PushResponseSchema.safeParse(bad))).toEqual([['results', 0, 'reason']]);
  });

  it('When a newer server reports an anomaly code this version does not know, then the response still parses', () => {
    const response = { ackedSeq: 1, results: [{ seq: 1, opId: uuid(1), status: 'applied' }], anomalies: [{ seq: 1, code: 'SOMETHING_NEW', message: 'x' }] };
    expect(PushResponseSchema.safeParse(response).success).toBe(true);
  });

  it('When a KeelError SEQ_GAP carries chain details, then its envelope parses as a chain conflict', () => {
    const envelope = new KeelError('SEQ_GAP', 'Expected seq 8', { expectedSeq: 8, lastHash: GENESIS_PREV_HASH, atSeq: 10 }).toEnvelope();
    expect(ChainConflictErrorSchema.parse(envelope).details.expectedSeq).toBe(8);
    const wrong = new KeelError('NOT_FOUND', 'x', { expectedSeq: 8, lastHash: GENESIS_PREV_HASH }).toEnvelope();
    expect(issuePaths(ChainConflictErrorSchema.safeParse(wrong))).toEqual([['code']]);
  });
});

describe('push batching', () => {
  it('When sizing a body, then pushBodyBytes equals the UTF-8 length of JSON.stringify({ops})', () => {
    const ops = drawerOps(3).map((op, i) => (i === 1 ? { ...op, payload: { ...op.payload, reason: 'Wechselgeld für Kundin' } } : op));
    expect(pushBodyBytes(ops)).toBe(new TextEncoder().encode(JSON.stringify({ ops })).length);
    expect(pushBodyBytes([])).toBe(JSON.stringify({ ops: [] }).length);
  });

  it('When the outbox is longer than maxOps, then the batch stops at maxOps', () => {
    const ops = drawerOps(7);
    expect(takePushBatch(ops, { maxOps: 5 }).map((op) => op.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(takePushBatch(ops)).toHaveLength(7);
  });

  it('When the bytes would exceed maxBytes, then the batch is the longest prefix that fits', () => {
    const ops = drawerOps(6);
    const limit = pushBodyBytes(ops.slice(0, 4));
    expect(takePushBatch(ops, { maxBytes: limit })).toHaveLength(4);
    expect(takePushBatch(ops, { maxBytes: limit - 1 })).toHaveLength(3);
  });

  it('When a single op is larger than the limit, then PAYLOAD_TOO_LARGE names its seq', () => {
    const ops = drawerOps(2);
    try {
      takePushBatch(ops, { maxBytes: 100 });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(KeelError);
      expect((error as KeelError).code).toBe('PAYLOAD_TOO_LARGE');
      expect((error as KeelError).details).toMatchObject({ seq: 1, maxBytes: 100 });
    }
  });

  it('When a sale has the most lines a sale may have, then it still fits in one push', () => {
    const sale = makeSale();
    const line = sale.lines[0];
    if (!line) throw new Error('fixture has a line');
    const lines = Array.from({ length: 1000 }, (_, i) => ({ ...line, lineId: `l${i}`, name: `Product with a long descriptive name ${i}` }));
    const op = sealOperation(GENESIS, { opId: uuid(1), terminalId: TERMINAL_ID, type: 'sale.completed', payload: { ...sale, lines }, createdAt: AT });
    expect(pushBodyBytes([op])).toBeLessThan(MAX_PUSH_BYTES);
  });

  it('When using the defaults, then the limits are 500 ops and 1 MiB', () => {
    expect(MAX_PUSH_OPS).toBe(500);
    expect(MAX_PUSH_BYTES).toBe(1_048_576);
  });
});

describe('pull', () => {
  it('When query values are strings, then limit is coerced and defaults to 500', () => {
    expect(PullQuerySchema.parse({})).toEqual({ limit: 500 });
    expect(PullQuerySchema.parse({ cursor: 'abc', limit: '20' })).toEqual({ cursor: 'abc', limit: 20 });
    expect(PullQuerySchema.parse({ cursor: '', limit: '' })).toEqual({ limit: 500 });
  });

  it.each([['0'], [String(PULL_LIMIT_MAX + 1)], ['abc'], ['2.5'], [['10', '20']]])('When limit is %j, then the query is refused at limit', (limit) => {
    expect(issuePaths(PullQuerySchema.safeParse({ limit }))).toEqual([['limit']]);
  });

  it('When every entity kind is upserted or deleted, then the page parses with typed data', () => {
    const changes = [
      { entity: 'product', op: 'upsert', id: 'p-coffee', data: product },
      { entity: 'barcode', op: 'upsert', id: '4006381333931', data: { code: '4006381333931', productId: 'p-coffee', updatedAt } },
      { entity: 'category', op: 'delete', id: 'c-old' },
      { entity: 'taxRate', op: 'upsert', id: 'vat-7', data: { id: 'vat-7', name: 'VAT 7 %', ratePpm: 70_000 } },
      { entity: 'stockLevel', op: 'upsert', id: 'p-coffee', data: { productId: 'p-coffee', qtyMilli: -2000, updatedAt } },
      { entity: 'user', op: 'delete', id: 'u-gone' },
      { entity: 'storeSettings', op: 'delete', id: uuid(9) },
    ];
    const page = PullResponseSchema.parse({ changes, cursor: 'opaque-1', hasMore: true, ackedSeq: 12, snapshot: { phase: 'snapshot', progress: { done: 7, total: 100 } } });
    expect(page.changes).toHaveLength(7);
    const first: CatalogChange | undefined = page.changes[0];
    if (first?.entity === 'product' && first.op === 'upsert') expect(first.data.sku).toBe('COF-500');
    else expect.unreachable();
  });

  it('When an upsert id differs from its row key, then it is refused at id', () => {
    const change = { entity: 'barcode', op: 'upsert', id: 'p-coffee', data: { code: '4006381333931', productId: 'p-coffee', updatedAt } };
    expect(issuePaths(CatalogChangeSchema.safeParse(change))).toEqual([['id']]);
  });

  it('When a product row is invalid, then the path points into data', () => {
    const change = { entity: 'product', op: 'upsert', id: 'p-coffee', data: { ...product, priceMinor: -5 } };
    expect(issuePaths(CatalogChangeSchema.safeParse(change))).toEqual([['data', 'priceMinor']]);
    expect(CatalogChangeSchema.safeParse({ entity: 'product', op: 'upsert', id: 'p', data: null }).success).toBe(false);
  });

  it('When the entity is unknown, then the change is refused', () => {
    expect(CatalogChangeSchema.safeParse({ entity: 'coupon', op: 'delete', id: 'x' }).success).toBe(false);
  });

  it('When a page has no snapshot block, then it parses (log phase)', () => {
    expect(PullResponseSchema.parse({ changes: [], cursor: 'c', hasMore: false, ackedSeq: 0 }).snapshot).toBeUndefined();
  });
});

describe('heartbeat', () => {
  it('When a terminal reports its state, then the heartbeat parses', () => {
    const heartbeat = {
      version: '1.4.2',
      queueDepth: 3,
      oldestPendingAt: '2025-03-01T09:00:00.000Z',
      lastSyncAt: null,
      devices: [
        { kind: 'printer', state: 'error', code: 'PRINTER_PAPER_OUT' },
        { kind: 'cardTerminal', state: 'ok', detail: 'ZVT on /dev/ttyUSB0' },
      ],
      sentAt: '2025-03-01T09:30:00.000Z',
    };
    expect(HeartbeatSchema.parse(heartbeat)).toEqual(heartbeat);
    expect(issuePaths(HeartbeatSchema.safeParse({ ...heartbeat, version: 'latest' }))).toEqual([['version']]);
  });
});
