export * from './views';
export * from './devices';
export * from './reports';
export * from './sale-lookup';
export {
  IPC_CHANNELS,
  IPC_CHANNEL_NAMES,
  IPC_EVENTS,
  IpcErrorSchema,
  type IpcChannel,
  type IpcInput,
  type IpcOutput,
  type IpcEvent,
  type IpcEventPayload,
  type IpcError,
  type IpcResult,
  type KeelApi,
} from './contract';
export { hourSeries, type QuarterRow } from './report-hours';
export { cashierRows, categoryRows, compareText, summaryOf, type CashMovePart, type DocTotals, type SummaryParts, type TaxPart, type TenderPart } from './report-summary';
