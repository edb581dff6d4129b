import { z } from 'zod';

/**
 * Receipt numbers are per terminal and gapless: `<terminal code>-<seq, at least 6 digits>`,
 * e.g. `T01-000123` for receiptSeq 123. Sales and refunds draw from the same sequence (both
 * are printed documents); the terminal code comes with the enrollment.
 */
export const TerminalCodeSchema = z.string().regex(/^[A-Z][A-Z0-9]{0,7}$/, 'terminal code like T01');
export type TerminalCode = z.infer<typeof TerminalCodeSchema>;

const RECEIPT_NUMBER = /^([A-Z][A-Z0-9]{0,7})-(\d{6,})$/;

export const ReceiptNumberSchema = z.string().regex(RECEIPT_NUMBER, 'receipt number like T01-000123');
export type ReceiptNumber = z.infer<typeof ReceiptNumberSchema>;

export const ReceiptSeqSchema = z.number().int().min(1).refine(Number.isSafeInteger, 'receipt seq out of range');

export function formatReceiptNumber(terminalCode: string, receiptSeq: number): ReceiptNumber {
  if (!Number.isSafeInteger(receiptSeq) || receiptSeq < 1) throw new RangeError(`invalid receipt seq ${receiptSeq}`);
  return `${terminalCode}-${String(receiptSeq).padStart(6, '0')}`;
}

/** The parts of a well-formed receipt number, or null. */
export function parseReceiptNumber(value: string): { terminalCode: string; receiptSeq: number } | null {
  const match = RECEIPT_NUMBER.exec(value);
  if (!match?.[1] || !match[2]) return null;
  const receiptSeq = Number(match[2]);
  return Number.isSafeInteger(receiptSeq) ? { terminalCode: match[1], receiptSeq } : null;
}

/**
 * For documents carrying both: the number must be exactly the canonical form of the seq (no
 * extra leading zeros, same value), so that one receipt has one spelling.
 */
export function receiptNumberMatchesSeq(receiptNumber: string, receiptSeq: number): boolean {
  const parsed = parseReceiptNumber(receiptNumber);
  return parsed !== null && formatReceiptNumber(parsed.terminalCode, receiptSeq) === receiptNumber;
}
