import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { KeelError } from '../../src/errors';
import {
  computeOpHash,
  GENESIS,
  GENESIS_PREV_HASH,
  isKnownOperationType,
  OPERATION_TYPES,
  OperationSchema,
  opHashPreimage,
  sealOperation,
  verifyChain,
  type ChainHead,
  type ChainLink,
  type Operation,
} from '../../src/operations';
import { AT, OTHER_TERMINAL_ID, TERMINAL_ID, uuid } from '../sale/fixtures';
import { at, chain, drafts, headOf, link, rehash, sealAll } from './chain-helpers';

/** SHA-256 of the literal preimage below, cross-checked with Python's hashlib. */
const PINNED_VECTOR = '12a4caef494ac9d9a2e2c80bc48d6481f15c08effbf6b9b1130298e5cb5726ea';

describe('hash rule', () => {
  it('When the first op is sealed, then seq is 1, prevHash is 64 zeros and hash is SHA-256 of the documented preimage', () => {
    const first = at(chain, 0);
    expect(first.seq).toBe(1);
    expect(first.prevHash).toBe(GENESIS_PREV_HASH);
    expect(GENESIS_PREV_HASH).toMatch(/^0{64}$/);
    const { opId, terminalId, seq, type, payload, createdAt } = first;
    const body = JSON.stringify({ createdAt, opId, payload: sortDeep(payload), seq, terminalId, type });
    const expected = createHash('sha256').update(`${GENESIS_PREV_HASH}\n${body}`, 'utf8').digest('hex');
    expect(opHashPreimage(first)).toBe(`${GENESIS_PREV_HASH}\n${body}`);
    expect(first.hash).toBe(expected);
  });

  it('When a fixed op is hashed, then the digest is the pinned protocol v1 vector', () => {
    const op = {
      opId: uuid(1),
      terminalId: TERMINAL_ID,
      seq: 1,
      type: 'drawer.opened',
      payload: { eventId: uuid(5), shiftId: uuid(100), cashierId: 'u-anna', reason: null, createdAt: AT },
      createdAt: AT,
      prevHash: GENESIS_PREV_HASH,
    };
    const literal =
      '{"createdAt":"2025-03-01T09:30:00.000Z","opId":"00000000-0000-4000-8000-000000000001",' +
      '"payload":{"cashierId":"u-anna","createdAt":"2025-03-01T09:30:00.000Z",' +
      '"eventId":"00000000-0000-4000-8000-000000000005","reason":null,' +
      '"shiftId":"00000000-0000-4000-8000-000000000064"},"seq":1,' +
      '"terminalId":"3f2b8c1e-7a4d-4e5f-9b6a-1c2d3e4f5a6b","type":"drawer.opened"}';
    expect(opHashPreimage(op)).toBe(`${GENESIS_PREV_HASH}\n${literal}`);
    expect(computeOpHash(op)).toBe(createHash('sha256').update(`${GENESIS_PREV_HASH}\n${literal}`).digest('hex'));
    expect(computeOpHash(op)).toBe(PINNED_VECTOR);
  });

  it('When ops are sealed in a row, then each prevHash is the previous hash and seq counts up', () => {
    chain.forEach((op, i) => {
      expect(op.seq).toBe(i + 1);
      expect(op.prevHash).toBe(i === 0 ? GENESIS_PREV_HASH : at(chain, i - 1).hash);
    });
  });

  it('When a draft is invalid, then sealOperation throws INVALID_INPUT naming the path', () => {
    const draft = drafts()[1];
    if (draft?.type !== 'sale.completed') throw new Error('fixture order');
    const bad = { ...draft, payload: { ...draft.payload, receiptNumber: 'T01-1' } };
    try {
      sealOperation(GENESIS, bad);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(KeelError);
      expect((error as KeelError).code).toBe('INVALID_INPUT');
      expect((error as KeelError).details).toEqual({ issues: [{ path: 'payload.receiptNumber', message: expect.any(String) as string }] });
    }
  });

  it('When the chain head belongs to another terminal, then sealOperation refuses the draft', () => {
    const foreign = drafts(OTHER_TERMINAL_ID)[0];
    if (!foreign) throw new Error('fixture');
    expect(() => sealOperation(at(chain, 0), foreign)).toThrow(KeelError);
  });
});

describe('operation schema', () => {
  it('When any sealed op is parsed, then it deep-equals the op and its hash still verifies', () => {
    expect(new Set(chain.map((op) => op.type))).toEqual(new Set(OPERATION_TYPES));
    for (const op of chain) {
      const parsed = OperationSchema.parse(JSON.parse(JSON.stringify(op)));
      expect(parsed).toEqual(op);
      expect(computeOpHash(parsed)).toBe(op.hash);
    }
  });

  it('When the type is unknown, then parsing fails and isKnownOperationType says no', () => {
    const op = at(chain, 0);
    expect(OperationSchema.safeParse({ ...op, type: 'sale.teleported' }).success).toBe(false);
    expect(isKnownOperationType('sale.teleported')).toBe(false);
    expect(isKnownOperationType('sale.completed')).toBe(true);
  });

  it('When a sale names another terminal than its op, then parsing fails at payload.terminalId', () => {
    const sale = at(chain, 1);
    const result = OperationSchema.safeParse({ ...sale, terminalId: OTHER_TERMINAL_ID });
    expect(result.error?.issues.map((i) => i.path)).toEqual([['payload', 'terminalId']]);
  });

  it('When the envelope has an extra key or the payload is not an object, then parsing fails without throwing', () => {
    const op = at(chain, 0);
    expect(OperationSchema.safeParse({ ...op, signature: 'x' }).success).toBe(false);
    expect(OperationSchema.safeParse({ ...op, payload: 'text' }).success).toBe(false);
    expect(OperationSchema.safeParse({ ...op, payload: null }).success).toBe(false);
    expect(OperationSchema.safeParse({ ...at(chain, 1), payload: 'text' }).success).toBe(false);
  });
});

describe('verifyChain', () => {
  it('When the chain is untouched, then it verifies and reports its head', () => {
    expect(verifyChain(chain)).toEqual({ ok: true, head: headOf(chain) });
    expect(verifyChain(chain, { expectedHead: headOf(chain) }).ok).toBe(true);
    expect(verifyChain([])).toEqual({ ok: true, head: { seq: 0, hash: GENESIS_PREV_HASH } });
  });

  it('When a payload is edited without rehashing, then HASH_MISMATCH at that seq', () => {
    const ops = [...chain];
    const target = at(ops, 3);
    ops[3] = { ...target, payload: { ...(target.payload as object), reason: 'edited' } } as Operation;
    expect(verifyChain(ops)).toMatchObject({ ok: false, reason: 'HASH_MISMATCH', atSeq: 4, index: 3 });
  });

  it('When a payload is edited and the op rehashed, then the next op reports PREV_HASH_MISMATCH', () => {
    const ops: ChainLink[] = [...chain];
    ops[3] = rehash({ ...at(ops, 3), payload: { edited: true } });
    expect(verifyChain(ops)).toMatchObject({ ok: false, reason: 'PREV_HASH_MISMATCH', atSeq: 5, verifiedHead: { seq: 4 } });
  });

  it('When the last op is edited and rehashed, then only the expected head reveals it', () => {
    const ops: ChainLink[] = [...chain];
    ops[ops.length - 1] = rehash({ ...at(ops, ops.length - 1), payload: { edited: true } });
    expect(verifyChain(ops).ok).toBe(true);
    expect(verifyChain(ops, { expectedHead: headOf(chain) })).toMatchObject({ ok: false, reason: 'HEAD_MISMATCH', atSeq: chain.length });
  });

  it('When an op is removed from the middle, then SEQ_GAP with the expected seq', () => {
    const ops = chain.filter((_, i) => i !== 4);
    expect(verifyChain(ops)).toMatchObject({ ok: false, reason: 'SEQ_GAP', atSeq: 6, expectedSeq: 5, index: 4 });
  });

  it('When the first op is removed, then SEQ_GAP expecting seq 1', () => {
    expect(verifyChain(chain.slice(1))).toMatchObject({ ok: false, reason: 'SEQ_GAP', atSeq: 2, expectedSeq: 1 });
  });

  it('When the last op is removed, then the expected head reveals the truncation', () => {
    const ops = chain.slice(0, -1);
    expect(verifyChain(ops).ok).toBe(true);
    expect(verifyChain(ops, { expectedHead: headOf(chain) })).toMatchObject({ ok: false, reason: 'HEAD_MISMATCH' });
  });

  it('When a removed op is hidden by renumbering and rehashing the rest, then the expected head reveals it', () => {
    const kept = chain.filter((_, i) => i !== 4);
    const forged: ChainLink[] = [];
    let head: ChainHead = GENESIS;
    for (const op of kept) {
      const next = link(head, { opId: op.opId, terminalId: op.terminalId, type: op.type, payload: op.payload, createdAt: op.createdAt });
      forged.push(next);
      head = next;
    }
    expect(verifyChain(forged).ok).toBe(true);
    expect(verifyChain(forged, { expectedHead: headOf(chain) })).toMatchObject({ ok: false, reason: 'HEAD_MISMATCH' });
  });

  it('When an op is inserted in the middle, then the op after it reports SEQ_NOT_INCREASING', () => {
    const prev = at(chain, 2);
    const inserted = link(prev, { opId: uuid(9999), terminalId: TERMINAL_ID, type: 'drawer.opened', payload: {}, createdAt: AT });
    const ops: ChainLink[] = [...chain.slice(0, 3), inserted, ...chain.slice(3)];
    expect(verifyChain(ops)).toMatchObject({ ok: false, reason: 'SEQ_NOT_INCREASING', atSeq: 4, index: 4 });
  });

  it('When an inserted op has a fresh seq, then its successor reports PREV_HASH_MISMATCH', () => {
    const inserted = link(at(chain, 2), { opId: uuid(9999), terminalId: TERMINAL_ID, type: 'drawer.opened', payload: {}, createdAt: AT });
    const renumbered = chain.slice(3).map((op) => ({ ...op, seq: op.seq + 1 }));
    const ops: ChainLink[] = [...chain.slice(0, 3), inserted, ...renumbered];
    expect(verifyChain(ops)).toMatchObject({ ok: false, reason: 'PREV_HASH_MISMATCH', atSeq: 5 });
  });

  it('When two ops are swapped, then the chain fails where the order breaks', () => {
    const ops: ChainLink[] = [...chain];
    ops[2] = at(chain, 3);
    ops[3] = at(chain, 2);
    expect(verifyChain(ops)).toMatchObject({ ok: false, reason: 'SEQ_GAP', atSeq: 4, expectedSeq: 3 });
  });

  it('When an op is delivered twice, then the copy reports SEQ_NOT_INCREASING', () => {
    const ops = [...chain.slice(0, 3), at(chain, 2), ...chain.slice(3)];
    expect(verifyChain(ops)).toMatchObject({ ok: false, reason: 'SEQ_NOT_INCREASING', atSeq: 3, index: 3 });
  });

  it('When another terminal’s op is spliced in, then TERMINAL_MISMATCH', () => {
    const foreign = sealAll(drafts(OTHER_TERMINAL_ID));
    const ops = [...chain.slice(0, 2), at(foreign, 2)];
    expect(verifyChain(ops)).toMatchObject({ ok: false, reason: 'TERMINAL_MISMATCH', atSeq: 3 });
    expect(verifyChain(chain, { terminalId: OTHER_TERMINAL_ID })).toMatchObject({ ok: false, reason: 'TERMINAL_MISMATCH', atSeq: 1 });
  });

  it('When a hash is not lower-case hex, then MALFORMED', () => {
    const ops: ChainLink[] = [...chain];
    ops[1] = { ...at(chain, 1), hash: at(chain, 1).hash.toUpperCase() };
    expect(verifyChain(ops)).toMatchObject({ ok: false, reason: 'MALFORMED', atSeq: 2 });
  });

  it('When a payload holds a float, then MALFORMED rather than a throw', () => {
    const ops: ChainLink[] = [...chain];
    ops[0] = { ...at(chain, 0), payload: { qty: 0.5 } };
    expect(verifyChain(ops)).toMatchObject({ ok: false, reason: 'MALFORMED', atSeq: 1 });
  });

  it('When continuing from a known head, then a suffix verifies and a wrong anchor is caught', () => {
    const anchor = at(chain, 4);
    const suffix = chain.slice(5);
    expect(verifyChain(suffix, { startSeq: 6, startPrevHash: anchor.hash })).toEqual({ ok: true, head: headOf(chain) });
    expect(verifyChain(suffix, { startSeq: 6, startPrevHash: GENESIS_PREV_HASH })).toMatchObject({
      ok: false,
      reason: 'PREV_HASH_MISMATCH',
      atSeq: 6,
    });
    expect(verifyChain(suffix, { startSeq: 5, startPrevHash: anchor.hash })).toMatchObject({ ok: false, reason: 'SEQ_GAP', expectedSeq: 5 });
  });

  it('When a chain is continued with sealOperation from a stored head, then it verifies end to end', () => {
    const first = sealAll(drafts().slice(0, 4));
    const rest = sealAll(drafts().slice(4), { ...headOf(first), terminalId: TERMINAL_ID });
    expect(verifyChain([...first, ...rest])).toEqual({ ok: true, head: headOf(rest) });
  });
});

/** Sorted copy of a JSON value, so JSON.stringify writes it canonically (test oracle). */
function sortDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortDeep);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((k) => [k, sortDeep((value as Record<string, unknown>)[k])]),
  );
}
