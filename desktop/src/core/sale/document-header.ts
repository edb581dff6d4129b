import { businessDateOf, formatReceiptNumber, type PricingSnapshot, type StoreSettings } from '@keel/shared';
import type { Person } from '../catalog/types';
import type { TerminalRef } from './context';
import type { ShiftRow } from './ledger';

/** The fields every receipt-numbered document (sale, refund) starts with. */
export interface DocumentHeader {
  terminalId: string;
  storeId: string;
  receiptNumber: string;
  receiptSeq: number;
  shiftId: string;
  cashierId: string;
  createdAt: string;
  businessDate: string;
  pricing: PricingSnapshot;
}

/**
 * One place for the header of a numbered document: its receipt number from the terminal code
 * and the sequence taken inside the commit, its business date by the store's day rule, and the
 * pricing settings in force (the server re-prices with these, not with today's settings).
 */
export function documentHeader(terminal: TerminalRef, shift: ShiftRow, person: Person, settings: StoreSettings, createdAt: string, receiptSeq: number): DocumentHeader {
  return {
    terminalId: terminal.terminalId,
    storeId: terminal.storeId,
    receiptNumber: formatReceiptNumber(terminal.terminalCode, receiptSeq),
    receiptSeq,
    shiftId: shift.shiftId,
    cashierId: person.id,
    createdAt,
    businessDate: businessDateOf(createdAt, settings.timeZone, settings.businessDayStartsAt),
    pricing: {
      currency: settings.currency,
      taxMode: settings.taxMode,
      roundingMode: settings.roundingMode,
      cashRoundingMinor: settings.cashRoundingMinor,
    },
  };
}
