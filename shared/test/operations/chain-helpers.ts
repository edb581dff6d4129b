import {
  computeOpHash,
  GENESIS,
  sealOperation,
  type ChainHead,
  type ChainLink,
  type Operation,
  type OperationDraft,
} from '../../src/operations';
import {
  makeCashMovement,
  makeDayClosed,
  makeDrawerOpened,
  makeRefund,
  makeSale,
  makeShiftClosed,
  makeShiftOpened,
  makeStockMovement,
  makeVoid,
  TERMINAL_ID,
  uuid,
} from '../sale/fixtures';

/** One draft of every operation type, in a plausible order for a day. */
export function drafts(terminalId = TERMINAL_ID): OperationDraft[] {
  const base = (n: number) => ({ opId: uuid(1000 + n), terminalId, createdAt: `2025-03-01T1${n}:00:00.000Z` });
  return [
    { ...base(0), type: 'shift.opened', payload: makeShiftOpened() },
    { ...base(1), type: 'sale.completed', payload: makeSale({ terminalId }) },
    { ...base(2), type: 'cash.moved', payload: makeCashMovement() },
    { ...base(3), type: 'drawer.opened', payload: makeDrawerOpened() },
    { ...base(4), type: 'stock.moved', payload: makeStockMovement() },
    { ...base(5), type: 'sale.refunded', payload: makeRefund({ terminalId }) },
    { ...base(6), type: 'sale.voided', payload: makeVoid() },
    { ...base(7), type: 'shift.closed', payload: makeShiftClosed() },
    { ...base(8), type: 'day.closed', payload: makeDayClosed() },
  ];
}

export function sealAll(list: readonly OperationDraft[], from: ChainHead = GENESIS): Operation[] {
  const ops: Operation[] = [];
  let head = from;
  for (const draft of list) {
    const op = sealOperation(head, draft);
    ops.push(op);
    head = op;
  }
  return ops;
}

export function headOf(ops: readonly ChainLink[]): ChainHead {
  const last = ops.at(-1);
  return last ? { seq: last.seq, hash: last.hash } : GENESIS;
}

/** A raw link on top of `prev` (verifyChain does not look at payload schemas). */
export function link(prev: ChainHead, body: Omit<ChainLink, 'seq' | 'prevHash' | 'hash'>): ChainLink {
  const unsigned = { ...body, seq: prev.seq + 1, prevHash: prev.hash };
  return { ...unsigned, hash: computeOpHash(unsigned) };
}

export function rehash(op: ChainLink): ChainLink {
  return { ...op, hash: computeOpHash(op) };
}

/** A valid chain of nine operations, one of each type. */
export const chain = sealAll(drafts());

export function at(ops: readonly ChainLink[], index: number): ChainLink {
  const op = ops[index];
  if (!op) throw new Error(`no op at ${index}`);
  return op;
}
