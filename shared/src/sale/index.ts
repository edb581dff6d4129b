export { isMaskedPan, luhnValid, containsPan, redactPans } from './card-data';
export {
  TerminalCodeSchema,
  ReceiptNumberSchema,
  ReceiptSeqSchema,
  formatReceiptNumber,
  parseReceiptNumber,
  receiptNumberMatchesSeq,
  type TerminalCode,
  type ReceiptNumber,
} from './receipt-number';
export {
  RecordedDiscountSchema,
  RecordedTaxSummarySchema,
  RecordedTotalsSchema,
  RecordedPricedLineSchema,
  PricingSnapshotSchema,
  type PricingSnapshot,
} from './recorded-pricing';
export {
  MaskedPanSchema,
  CashTenderSchema,
  CardTenderSchema,
  OtherTenderSchema,
  SaleTenderSchema,
  RefundTenderSchema,
  type SaleTender,
  type CashTender,
  type CardTender,
  type RefundTender,
} from './tender';
export {
  PriceOverrideSchema,
  SaleLineSchema,
  SaleSchema,
  RefundLineSchema,
  RefundSchema,
  SaleVoidSchema,
  type PriceOverride,
  type SaleLine,
  type Sale,
  type RefundLine,
  type Refund,
  type SaleVoid,
} from './sale';
export {
  ShiftOpenedSchema,
  DenominationCountSchema,
  sumDenominations,
  ShiftClosedSchema,
  CashMovementSchema,
  DrawerOpenedSchema,
  type ShiftOpened,
  type DenominationCount,
  type ShiftClosed,
  type CashMovement,
  type DrawerOpened,
} from './shift';
export { StockMovementSchema, type StockMovement } from './stock-movement';
export {
  TenderTotalSchema,
  ZSummarySchema,
  DayClosedSchema,
  type TenderTotal,
  type ZSummary,
  type DayClosed,
} from './day-close';
