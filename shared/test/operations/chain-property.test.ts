import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, GENESIS, GENESIS_PREV_HASH, OPERATION_TYPES, verifyChain, type ChainHead, type ChainLink } from '../../src/operations';
import { AT, OTHER_TERMINAL_ID, TERMINAL_ID, uuid } from '../sale/fixtures';
import { jsonValue } from './arbitraries';
import { at, headOf, link, rehash } from './chain-helpers';

describe('verifyChain property', () => {
  const types = fc.constantFrom(...OPERATION_TYPES);
  const randomChain = fc
    .array(fc.record({ type: types, payload: jsonValue }), { minLength: 1, maxLength: 8 })
    .map((bodies) => {
      const ops: ChainLink[] = [];
      let head: ChainHead = GENESIS;
      bodies.forEach((body, i) => {
        const op = link(head, { ...body, opId: uuid(i + 1), terminalId: TERMINAL_ID, createdAt: new Date(Date.UTC(2025, 2, 1, 9, i)).toISOString() });
        ops.push(op);
        head = op;
      });
      return ops;
    });

  type Mutation =
    | { kind: 'editPayload' | 'editPayloadRehash' | 'rewriteTail'; i: number; payload: unknown }
    | { kind: 'editField'; i: number; field: 'seq' | 'createdAt' | 'opId' | 'type' | 'terminalId' | 'prevHash' | 'hash' }
    | { kind: 'remove' | 'duplicate'; i: number }
    | { kind: 'insert'; i: number; payload: unknown }
    | { kind: 'swap'; i: number; j: number };

  const index = fc.nat({ max: 20 });
  const mutation: fc.Arbitrary<Mutation> = fc.oneof(
    fc.record({ kind: fc.constantFrom('editPayload' as const, 'editPayloadRehash' as const, 'rewriteTail' as const), i: index, payload: jsonValue }),
    fc.record({
      kind: fc.constant('editField' as const),
      i: index,
      field: fc.constantFrom('seq' as const, 'createdAt' as const, 'opId' as const, 'type' as const, 'terminalId' as const, 'prevHash' as const, 'hash' as const),
    }),
    fc.record({ kind: fc.constantFrom('remove' as const, 'duplicate' as const), i: index }),
    fc.record({ kind: fc.constant('insert' as const), i: index, payload: jsonValue }),
    fc.record({ kind: fc.constant('swap' as const), i: index, j: index }),
  );

  /** The chain with one mutation applied, or null when the mutation would change nothing. */
  function mutate(ops: readonly ChainLink[], m: Mutation): ChainLink[] | null {
    const n = ops.length;
    const i = m.i % n;
    const target = at(ops, i);
    const out = [...ops];
    switch (m.kind) {
      case 'editPayload':
      case 'editPayloadRehash':
      case 'rewriteTail': {
        if (canonicalJson(m.payload) === canonicalJson(target.payload)) return null;
        const edited = { ...target, payload: m.payload };
        if (m.kind === 'editPayload') {
          out[i] = edited;
          return out;
        }
        out[i] = rehash(edited);
        if (m.kind === 'rewriteTail') {
          // Re-seal everything after the edit so that every link is internally consistent.
          for (let k = i + 1; k < n; k += 1) out[k] = rehash({ ...at(out, k), prevHash: at(out, k - 1).hash });
        }
        return out;
      }
      case 'editField': {
        const changed: Record<typeof m.field, ChainLink[typeof m.field]> = {
          seq: target.seq + 1,
          createdAt: '2030-01-01T00:00:00.000Z',
          opId: uuid(777_777),
          type: target.type === 'sale.completed' ? 'sale.voided' : 'sale.completed',
          terminalId: OTHER_TERMINAL_ID,
          prevHash: target.prevHash === GENESIS_PREV_HASH ? 'f'.repeat(64) : GENESIS_PREV_HASH,
          hash: target.hash === GENESIS_PREV_HASH ? 'f'.repeat(64) : GENESIS_PREV_HASH,
        };
        out[i] = { ...target, [m.field]: changed[m.field] };
        return out;
      }
      case 'remove':
        out.splice(i, 1);
        return out;
      case 'duplicate':
        out.splice(i, 0, target);
        return out;
      case 'insert': {
        const position = m.i % (n + 1);
        const prev = position === 0 ? GENESIS : at(ops, position - 1);
        out.splice(position, 0, link(prev, { opId: uuid(888_888), terminalId: TERMINAL_ID, type: 'drawer.opened', payload: m.payload, createdAt: AT }));
        return out;
      }
      case 'swap': {
        const j = m.j % n;
        if (i === j) return null;
        out[i] = at(ops, j);
        out[j] = target;
        return out;
      }
    }
  }

  it('When any single random mutation is applied to a valid chain, then verification against its head fails', () => {
    fc.assert(
      fc.property(randomChain, mutation, (ops, m) => {
        expect(verifyChain(ops, { expectedHead: headOf(ops) }).ok).toBe(true);
        const mutated = mutate(ops, m);
        fc.pre(mutated !== null);
        expect(verifyChain(mutated, { expectedHead: headOf(ops) }).ok).toBe(false);
      }),
      { numRuns: 1000 },
    );
  });

  it('When a mutation is not at the tail, then verification fails even without an anchor', () => {
    fc.assert(
      fc.property(randomChain, mutation, (ops, m) => {
        fc.pre(ops.length >= 2 && m.kind !== 'rewriteTail');
        const i = m.i % ops.length;
        // Edits of the last op and removal/append at the end need an anchor; everything else does not.
        fc.pre(i < ops.length - 1 && !(m.kind === 'insert' && m.i % (ops.length + 1) === ops.length));
        const mutated = mutate(ops, m);
        fc.pre(mutated !== null);
        expect(verifyChain(mutated).ok).toBe(false);
      }),
      { numRuns: 1000 },
    );
  });
});
