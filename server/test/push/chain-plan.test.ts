import { describe, expect, it } from 'vitest';
import { GENESIS_PREV_HASH, type PushedOperation } from '@keel/shared';
import { planChain } from '../../src/domain/push/chain-plan';

// planChain is pure: these cases pin each rule without a database.
const op = (seq: number, prevHash: string, hash: string, opId = `00000000-0000-4000-8000-${String(seq).padStart(12, '0')}`): PushedOperation => ({
  opId,
  terminalId: '00000000-0000-4000-8000-000000000999',
  seq,
  type: 'sale.completed',
  payload: {},
  createdAt: '2026-01-01T00:00:00.000Z',
  prevHash,
  hash,
});
const h = (c: string) => c.repeat(64);
const chain = [op(1, GENESIS_PREV_HASH, h('a')), op(2, h('a'), h('b')), op(3, h('b'), h('c'))];

describe('planChain', () => {
  it('When the batch continues the head, then every op is fresh', () => {
    const plan = planChain({ lastSeq: 0, lastHash: GENESIS_PREV_HASH }, chain, new Map(), new Map());
    expect(plan).toEqual({ kind: 'ok', duplicates: [], fresh: chain });
  });

  it('When the batch overlaps the head with the same hashes, then the overlap is duplicate', () => {
    const plan = planChain({ lastSeq: 2, lastHash: h('b') }, chain, new Map([[1, h('a')], [2, h('b')]]), new Map());
    expect(plan).toEqual({ kind: 'ok', duplicates: chain.slice(0, 2), fresh: chain.slice(2) });
  });

  it('When an acknowledged seq arrives with another hash, then CHAIN_FORK at that seq', () => {
    const plan = planChain({ lastSeq: 2, lastHash: h('b') }, chain, new Map([[1, h('a')], [2, h('f')]]), new Map());
    expect(plan).toMatchObject({ kind: 'conflict', code: 'CHAIN_FORK', details: { expectedSeq: 3, atSeq: 2 } });
  });

  it('When the first new seq is past the head, then SEQ_GAP with the expected seq', () => {
    const plan = planChain({ lastSeq: 0, lastHash: GENESIS_PREV_HASH }, chain.slice(1), new Map(), new Map());
    expect(plan).toMatchObject({ kind: 'conflict', code: 'SEQ_GAP', details: { expectedSeq: 1, atSeq: 2 } });
  });

  it('When the first new op does not chain onto the head hash, then SEQ_GAP', () => {
    const plan = planChain({ lastSeq: 1, lastHash: h('z') }, chain.slice(1), new Map(), new Map());
    expect(plan).toMatchObject({ kind: 'conflict', code: 'SEQ_GAP', details: { expectedSeq: 2 } });
  });

  it('When ops inside the batch are out of order or unchained, then SEQ_GAP', () => {
    expect(planChain({ lastSeq: 0, lastHash: GENESIS_PREV_HASH }, [chain[0]!, chain[2]!], new Map(), new Map())).toMatchObject({ code: 'SEQ_GAP', details: { atSeq: 3 } });
    const unchained = [chain[0]!, op(2, h('x'), h('b'))];
    expect(planChain({ lastSeq: 0, lastHash: GENESIS_PREV_HASH }, unchained, new Map(), new Map())).toMatchObject({ code: 'SEQ_GAP', details: { atSeq: 2 } });
  });

  it('When a new op reuses an opId held by another seq, or twice in the batch, then IDEMPOTENCY_MISMATCH', () => {
    const reused = new Map([[chain[2]!.opId, 7]]);
    expect(planChain({ lastSeq: 2, lastHash: h('b') }, chain.slice(2), new Map(), reused)).toMatchObject({ code: 'IDEMPOTENCY_MISMATCH', details: { atSeq: 3 } });
    const twice = [chain[0]!, op(2, h('a'), h('b'), chain[0]!.opId)];
    expect(planChain({ lastSeq: 0, lastHash: GENESIS_PREV_HASH }, twice, new Map(), new Map())).toMatchObject({ code: 'IDEMPOTENCY_MISMATCH' });
  });
});
