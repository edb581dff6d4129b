import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { z } from 'zod';
import { KeelError } from '../errors/keel-error';
import { canonicalJson } from './canonical-json';
import { GENESIS_PREV_HASH, OperationSchema, type OperationDraft, type OperationOf, type OperationType } from './operation';

/**
 * THE HASH RULE (protocol v1; terminal and server must agree byte for byte):
 *
 *   hash = lowercase_hex( SHA-256( UTF-8( prevHash + "\n" + canonicalJson(body) ) ) )
 *   body = { opId, terminalId, seq, type, payload, createdAt }
 *
 * - The hash covers every field of the operation except itself: the six body fields through
 *   canonical JSON (canonical-json.ts), and prevHash as the preimage's first line.
 * - prevHash is the hash of the same terminal's operation seq − 1; for seq 1 it is
 *   GENESIS_PREV_HASH (64 zeros).
 * - terminalId is inside the body, so an operation cannot be spliced into another terminal's
 *   chain; seq is inside, so it cannot be renumbered without breaking every later link.
 * - The hash is computed over the operation as parsed by OperationSchema (identical to what
 *   was sent, since the schemas neither default nor strip). A server stores the parsed op's
 *   fields and must be able to recompute this hash from its stored copy.
 *
 * The chain proves order and integrity relative to an anchor. A rewritten or removed tail is
 * only visible against a known head (the server's lastSeq/lastHash, or a head the terminal
 * recorded elsewhere): pass `expectedHead` to verifyChain for that.
 */

/** The fields the hash covers; `type` and `payload` loosely typed so any stored row can be checked. */
export interface HashableOperation {
  opId: string;
  terminalId: string;
  seq: number;
  type: string;
  payload: unknown;
  createdAt: string;
  prevHash: string;
}

export interface ChainLink extends HashableOperation {
  hash: string;
}

/** The end of a chain: the last seq and its hash (seq 0 and GENESIS_PREV_HASH before the first op). */
export interface ChainHead {
  seq: number;
  hash: string;
  /** When known, sealOperation refuses a draft for another terminal. */
  terminalId?: string;
}

/** The head of an empty chain. */
export const GENESIS: Readonly<ChainHead> = Object.freeze({ seq: 0, hash: GENESIS_PREV_HASH });

/** The exact string that is hashed (exported for tests and for debugging a mismatch). */
export function opHashPreimage(op: HashableOperation): string {
  const { opId, terminalId, seq, type, payload, createdAt } = op;
  return `${op.prevHash}\n${canonicalJson({ opId, terminalId, seq, type, payload, createdAt })}`;
}

/**
 * SHA-256 of a string's UTF-8 bytes as lowercase hex. The default is portable (browser and
 * Node); Node callers pass `node:crypto`'s, several times faster, and it yields the same bytes.
 */
export type Sha256Hex = (text: string) => string;

export const portableSha256Hex: Sha256Hex = (text) => bytesToHex(sha256(utf8ToBytes(text)));

export function computeOpHash(op: HashableOperation, sha256Hex: Sha256Hex = portableSha256Hex): string {
  return sha256Hex(opHashPreimage(op));
}

/**
 * The next operation of a chain: seq = prev.seq + 1, prevHash = prev.hash, hash by the rule
 * above. `prev` is the previous operation itself or GENESIS. The draft is validated with
 * OperationSchema first (KeelError INVALID_INPUT with issue paths when it is not valid), so
 * the journal can only ever hold operations the server will parse.
 */
export function sealOperation<T extends OperationType>(prev: ChainHead, draft: OperationDraft<T>, sha256Hex: Sha256Hex = portableSha256Hex): OperationOf<T> {
  if (prev.terminalId !== undefined && prev.terminalId !== draft.terminalId) {
    throw new KeelError('INVALID_INPUT', 'The draft belongs to another terminal than the chain head', {
      headTerminalId: prev.terminalId,
      draftTerminalId: draft.terminalId,
    });
  }
  const unsigned = { ...draft, seq: prev.seq + 1, prevHash: prev.hash };
  // Validate with a placeholder hash, then hash exactly what the schema returned.
  const parsed = OperationSchema.safeParse({ ...unsigned, hash: GENESIS_PREV_HASH });
  if (!parsed.success) throw KeelError.fromZodError(parsed.error, `Invalid ${String(draft.type)} operation`);
  const op = parsed.data;
  return { ...op, hash: computeOpHash(op, sha256Hex) } as OperationOf<T>;
}

export const ChainFailureReasonSchema = z.enum([
  /** seq, prevHash or hash is not of the right form, or the body has no canonical JSON form. */
  'MALFORMED',
  /** An operation of another terminal inside this chain. */
  'TERMINAL_MISMATCH',
  /** seq is not above the previous one (duplicate, reordering, insertion) or below the start. */
  'SEQ_NOT_INCREASING',
  /** seq skips ahead: operations are missing before it. */
  'SEQ_GAP',
  /** prevHash is not the previous operation's hash (a changed, inserted or removed predecessor). */
  'PREV_HASH_MISMATCH',
  /** The stored hash is not the hash of the operation's content (edited after sealing). */
  'HASH_MISMATCH',
  /** The chain is consistent but does not end at the expected head (truncated or rewritten tail). */
  'HEAD_MISMATCH',
]);
export type ChainFailureReason = z.infer<typeof ChainFailureReasonSchema>;

export type ChainVerdict =
  | { ok: true; head: ChainHead }
  | {
      ok: false;
      reason: ChainFailureReason;
      /** seq of the first operation that fails (for HEAD_MISMATCH: the expected head's seq). */
      atSeq: number;
      /** Its index in the input (ops.length for HEAD_MISMATCH). */
      index: number;
      /** The seq the verifier expected at that point: the `expectedSeq` of a SEQ_GAP answer. */
      expectedSeq: number;
      /** The last head that verified: everything up to it is sound. */
      verifiedHead: ChainHead;
    };

export interface VerifyChainOptions {
  /** seq expected of the first operation (default 1): lastSeq + 1 when continuing a chain. */
  startSeq?: number;
  /** prevHash expected of the first operation (default GENESIS_PREV_HASH): the known lastHash. */
  startPrevHash?: string;
  /** When given, the chain must end exactly here (detects a removed or rewritten tail). */
  expectedHead?: { seq: number; hash: string };
  /** Every operation must be this terminal's (the authenticated one); default: the first op's. */
  terminalId?: string;
  /** The SHA-256 to use (default: the portable one). */
  sha256Hex?: Sha256Hex;
}

const HEX64 = /^[0-9a-f]{64}$/;

/**
 * Checks that `ops` are one terminal's consecutive, untampered operations continuing from
 * (startSeq, startPrevHash). Reports the first failure; checks run in the order seq,
 * prevHash, hash, so a reordered or missing operation is named as such rather than as a
 * hash mismatch.
 */
export function verifyChain(ops: readonly ChainLink[], options: VerifyChainOptions = {}): ChainVerdict {
  const startSeq = options.startSeq ?? 1;
  let head: ChainHead = { seq: startSeq - 1, hash: options.startPrevHash ?? GENESIS_PREV_HASH };
  const terminalId = options.terminalId ?? ops[0]?.terminalId;

  for (const [index, op] of ops.entries()) {
    const expectedSeq = head.seq + 1;
    const fail = (reason: ChainFailureReason): ChainVerdict => ({
      ok: false,
      reason,
      atSeq: op.seq,
      index,
      expectedSeq,
      verifiedHead: head,
    });
    if (!Number.isSafeInteger(op.seq) || !HEX64.test(op.prevHash) || !HEX64.test(op.hash)) return fail('MALFORMED');
    if (op.terminalId !== terminalId) return fail('TERMINAL_MISMATCH');
    if (op.seq < expectedSeq) return fail('SEQ_NOT_INCREASING');
    if (op.seq > expectedSeq) return fail('SEQ_GAP');
    if (op.prevHash !== head.hash) return fail('PREV_HASH_MISMATCH');
    let actual: string;
    try {
      actual = computeOpHash(op, options.sha256Hex);
    } catch {
      return fail('MALFORMED');
    }
    if (actual !== op.hash) return fail('HASH_MISMATCH');
    head = { seq: op.seq, hash: op.hash };
  }

  const expected = options.expectedHead;
  if (expected && (expected.seq !== head.seq || expected.hash !== head.hash)) {
    return {
      ok: false,
      reason: 'HEAD_MISMATCH',
      atSeq: expected.seq,
      index: ops.length,
      expectedSeq: head.seq + 1,
      verifiedHead: head,
    };
  }
  return { ok: true, head };
}
