import { z } from 'zod';
import { EntityIdSchema, UuidSchema } from '../catalog/primitives';
import { MinorSchema } from '../money/schemas';
import { DiscountSchema, RefundSelectionSchema } from '../pricing/schemas';
import { DenominationCountSchema } from '../sale/shift';
import { ErrorEnvelopeSchema } from '../errors/keel-error';
import {
  ReportCsvFileSchema,
  ReportOutputInputSchema,
  ReportPdfFileSchema,
  ReportPrintedSchema,
  XReportInputSchema,
  XReportSchema,
  ZGetInputSchema,
  ZListEntrySchema,
  ZListInputSchema,
  ZReportInputSchema,
  ZReportSchema,
} from './reports';
import { SaleFindInputSchema, SaleListInputSchema, SaleListPageSchema, SaleRecordSchema } from './sale-lookup';
import {
  ApprovalSchema,
  CartViewSchema,
  CompletedSaleSchema,
  DeviceStatusEventSchema,
  ParkedCartSchema,
  PaymentStatusEventSchema,
  PendingPaymentSchema,
  ProductSummarySchema,
  QtySchema,
  SessionUserSchema,
  ShiftViewSchema,
  SyncStatusSchema,
  TenderRequestSchema,
  UpdateStatusSchema,
} from './views';
import {
  CartScannedEventSchema,
  DeviceCheckSchema,
  DeviceSettingsSchema,
  DeviceSettingsViewSchema,
  EndOfDaySchema,
  ManualResolutionInputSchema,
  PaymentResolutionSchema,
  UnknownPaymentSchema,
} from './devices';

/**
 * THE IPC contract (DESIGN.md "The IPC contract"): one table mapping each channel to its input
 * and output schema. Electron main registers every channel from it in one loop and validates
 * input before core sees it; preload builds `window.keel` from it; the browser host bridges it
 * over WebSocket. Adding a channel is one entry here plus its handler in core.
 * Channels are `area.verb` (STYLE.md).
 */
function channel<I extends z.ZodType, O extends z.ZodType>(input: I, output: O) {
  return { input, output };
}

const none = z.object({}).strict();
const ok = z.object({ ok: z.literal(true) });

export const IPC_CHANNELS = {
  'app.info': channel(none, z.object({ version: z.string(), enrolled: z.boolean(), terminalCode: z.string().nullable(), storeName: z.string().nullable() })),

  'enrollment.enroll': channel(
    z.object({ serverUrl: z.url({ protocol: /^https?$/ }), code: z.string().trim().min(4).max(32), name: z.string().trim().min(1).max(60) }).strict(),
    z.object({ terminalId: UuidSchema, storeId: UuidSchema, terminalCode: z.string() }),
  ),

  // The login screen lists the people of this store; the cashier picks a name, then types a PIN.
  'session.users': channel(none, z.array(SessionUserSchema)),
  'session.login': channel(z.object({ userId: EntityIdSchema, pin: z.string().regex(/^\d{4,8}$/, '4 to 8 digits') }).strict(), SessionUserSchema),
  'session.logout': channel(none, ok),
  'session.current': channel(none, SessionUserSchema.nullable()),

  'catalog.search': channel(z.object({ query: z.string().trim().min(1).max(100), limit: z.number().int().min(1).max(100).default(20) }).strict(), z.array(ProductSummarySchema)),

  'cart.get': channel(none, CartViewSchema),
  'cart.addByBarcode': channel(z.object({ barcode: z.string().trim().min(1).max(64) }).strict(), CartViewSchema),
  'cart.addProduct': channel(z.object({ productId: EntityIdSchema, qtyMilli: QtySchema.optional() }).strict(), CartViewSchema),
  'cart.setQuantity': channel(z.object({ lineId: z.string().min(1), qtyMilli: QtySchema }).strict(), CartViewSchema),
  'cart.removeLine': channel(z.object({ lineId: z.string().min(1) }).strict(), CartViewSchema),
  'cart.setLineDiscount': channel(z.object({ lineId: z.string().min(1), discount: DiscountSchema.nullable(), ...ApprovalSchema.shape }).strict(), CartViewSchema),
  'cart.setCartDiscount': channel(z.object({ discount: DiscountSchema.nullable(), ...ApprovalSchema.shape }).strict(), CartViewSchema),
  'cart.overridePrice': channel(
    z.object({ lineId: z.string().min(1), unitPriceMinor: MinorSchema.refine((v) => v >= 0), reason: z.string().trim().min(1).max(200), ...ApprovalSchema.shape }).strict(),
    CartViewSchema,
  ),
  'cart.clear': channel(none, CartViewSchema),
  'cart.park': channel(z.object({ label: z.string().trim().max(60).nullable().default(null) }).strict(), z.array(ParkedCartSchema)),
  'cart.listParked': channel(none, z.array(ParkedCartSchema)),
  'cart.resume': channel(z.object({ cartId: UuidSchema }).strict(), CartViewSchema),

  // An empty tender list completes a sale with nothing due (fully discounted).
  'checkout.complete': channel(z.object({ tenders: z.array(TenderRequestSchema).max(10) }).strict(), CompletedSaleSchema),
  'checkout.pendingPayments': channel(none, z.array(PendingPaymentSchema)),
  'checkout.cancelPayments': channel(none, ok),
  'receipt.reprint': channel(z.object({ saleId: UuidSchema }).strict(), z.object({ printed: z.boolean() })),

  'sale.refund': channel(
    z
      .object({
        saleId: UuidSchema,
        /** Omitted: everything not yet refunded. */
        lines: z.array(RefundSelectionSchema).min(1).optional(),
        reason: z.string().trim().min(1).max(200),
        restock: z.boolean().default(true),
        /** Default: back to the card the sale was paid with, else cash. */
        refundTo: z.enum(['original', 'cash']).default('original'),
        ...ApprovalSchema.shape,
      })
      .strict(),
    z.object({ refundId: UuidSchema, receiptNumber: z.string(), totalMinor: MinorSchema, receiptPrinted: z.boolean() }),
  ),
  'sale.void': channel(z.object({ saleId: UuidSchema, reason: z.string().trim().min(1).max(200), ...ApprovalSchema.shape }).strict(), ok),
  // Any earlier sale of this terminal's ledger, so a refund or void never depends on the screen having seen it.
  'sale.find': channel(SaleFindInputSchema, SaleRecordSchema),
  'sale.list': channel(SaleListInputSchema, SaleListPageSchema),
  // drawerOpened: whether the drawer reported that it opened (false with no drawer set up); the no-sale is recorded either way.
  'drawer.noSale': channel(z.object({ reason: z.string().trim().max(200).nullable().default(null) }).strict(), ok.extend({ drawerOpened: z.boolean() })),

  'shift.current': channel(none, ShiftViewSchema.nullable()),
  'shift.open': channel(z.object({ openingFloatMinor: MinorSchema.refine((v) => v >= 0) }).strict(), ShiftViewSchema),
  'shift.moveCash': channel(
    z.object({ direction: z.enum(['in', 'out']), amountMinor: MinorSchema.refine((v) => v > 0), reason: z.string().trim().min(1).max(200) }).strict(),
    ShiftViewSchema,
  ),
  'shift.close': channel(
    z.object({ countedByDenomination: z.array(DenominationCountSchema).max(50), ...ApprovalSchema.shape }).strict(),
    z.object({ expectedMinor: MinorSchema, countedMinor: MinorSchema, overShortMinor: MinorSchema }),
  ),

  'reports.x': channel(XReportInputSchema, XReportSchema),
  'reports.z': channel(ZReportInputSchema, ZReportSchema),
  'reports.zGet': channel(ZGetInputSchema, ZReportSchema),
  'reports.zList': channel(ZListInputSchema, z.array(ZListEntrySchema)),
  'reports.print': channel(ReportOutputInputSchema, ReportPrintedSchema),
  'reports.exportPdf': channel(ReportOutputInputSchema, ReportPdfFileSchema),
  'reports.exportCsv': channel(ReportOutputInputSchema, ReportCsvFileSchema),

  'sync.status': channel(none, SyncStatusSchema),
  'sync.now': channel(none, SyncStatusSchema),

  // Card terminal around a sale (issue 5/6). abort goes past the payment lock straight to the
  // driver (ZVT 06 B0) while checkout.complete waits for the terminal; resolve settles an
  // unknown outcome only with the terminal's own answer (status enquiry or reversal).
  'payment.abort': channel(none, z.object({ sent: z.boolean() })),
  'payment.pending': channel(none, UnknownPaymentSchema.nullable()),
  'payment.resolve': channel(none, PaymentResolutionSchema),
  // The way out when the terminal cannot answer: a manager settles the payment (or card refund)
  // in doubt from the terminal's own receipt or journal, with a reason; kept in an audit table.
  'payment.resolveManually': channel(ManualResolutionInputSchema, PaymentResolutionSchema),
  'payment.endOfDay': channel(z.object({ ...ApprovalSchema.shape }).strict(), EndOfDaySchema),

  // Device settings for a supervisor or manager (a cashier with an approver's PIN).
  'devices.config': channel(none, DeviceSettingsViewSchema),
  'devices.saveConfig': channel(z.object({ settings: DeviceSettingsSchema, ...ApprovalSchema.shape }).strict(), DeviceSettingsViewSchema),
  'devices.status': channel(none, DeviceStatusEventSchema),
  'devices.testPrint': channel(z.object({ ...ApprovalSchema.shape }).strict(), DeviceCheckSchema),
  'devices.testConnection': channel(z.object({ kind: z.enum(['printer', 'cardTerminal', 'scanner']), ...ApprovalSchema.shape }).strict(), DeviceCheckSchema),
} as const;

export type IpcChannel = keyof typeof IPC_CHANNELS;
export type IpcInput<C extends IpcChannel> = z.input<(typeof IPC_CHANNELS)[C]['input']>;
export type IpcOutput<C extends IpcChannel> = z.infer<(typeof IPC_CHANNELS)[C]['output']>;
export const IPC_CHANNEL_NAMES = Object.keys(IPC_CHANNELS) as IpcChannel[];

/** Events core pushes to the renderer. */
export const IPC_EVENTS = {
  'sync.status': SyncStatusSchema,
  'device.status': DeviceStatusEventSchema,
  'update.status': UpdateStatusSchema,
  /** Core restarted after a crash (Electron utilityProcess); the UI says so, then reloads state. */
  'core.restarted': z.object({ reason: z.string() }),
  'payment.status': PaymentStatusEventSchema,
  /** A serial scanner's code went through cart.addByBarcode in core: the cart changed, or why not. */
  'cart.scanned': CartScannedEventSchema,
} as const;
export type IpcEvent = keyof typeof IPC_EVENTS;
export type IpcEventPayload<E extends IpcEvent> = z.infer<(typeof IPC_EVENTS)[E]>;

/** Every call answers a value or a typed error; nothing throws raw stack traces into the UI. */
export const IpcErrorSchema = ErrorEnvelopeSchema.pick({ code: true, details: true }).extend({ message: z.string() });
export type IpcError = z.infer<typeof IpcErrorSchema>;
export type IpcResult<C extends IpcChannel> = { ok: true; value: IpcOutput<C> } | { ok: false; error: IpcError };

/** The renderer's view of core: one typed method per channel (what preload exposes as window.keel). */
export type KeelApi = {
  [C in IpcChannel]: (input: IpcInput<C>) => Promise<IpcResult<C>>;
} & {
  on<E extends IpcEvent>(event: E, listener: (payload: IpcEventPayload<E>) => void): () => void;
};
