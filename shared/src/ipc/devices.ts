import { z } from 'zod';
import { UtcTimestampSchema } from '../catalog/primitives';
import { MinorSchema } from '../money/schemas';
import { ERROR_CODE_PATTERN } from '../errors/codes';
import { DeviceStatusSchema } from '../sync/heartbeat';
import { CartViewSchema } from './views';

/**
 * Device settings, checks and card-terminal recovery as the renderer sees them (issue 6). The
 * terminal keeps a fuller configuration (timeouts, poll intervals, the ZVT password); this is
 * the part a shop's IT person sets on the settings screen. Core merges it into the stored
 * configuration and validates the whole again (desktop/src/core/devices/config.ts), so a wrong
 * speed or an unknown printer model is INVALID_INPUT with its path.
 */

/** A device path (/dev/ttyUSB0, /dev/serial/by-id/..., COM3). */
const PortSchema = z.string().trim().min(1, 'a port is required').max(200).regex(/^[^\0\r\n]+$/, 'a device path');
const BaudSchema = z.number().int().positive();

export const PrinterSettingsSchema = z
  .object({
    port: PortSchema,
    baudRate: BaudSchema,
    /** An ESC/POS model the encoder knows (DeviceSettingsView.printerModels), or null for generic. */
    model: z.string().trim().min(1).max(60).nullable(),
    /** Null: no drawer on the printer's DK port. */
    drawer: z
      .object({
        /** DK connector pin 2 (drawer 1) or pin 5 (drawer 2). */
        pin: z.union([z.literal(2), z.literal(5)]),
        /** Which level of DK pin 3 means "drawer open": depends on the drawer's switch (DEVICES.md §1.7). */
        openWhenPin3: z.enum(['low', 'high']),
      })
      .strict()
      .nullable(),
  })
  .strict();

export const CardTerminalSettingsSchema = z
  .object({
    port: PortSchema,
    baudRate: BaudSchema,
    model: z.string().trim().max(60).nullable(),
    /** The terminal's ZVT password; omitted on save keeps the stored one. Never read back. */
    password: z.string().regex(/^\d{6}$/, '6 digits').optional(),
  })
  .strict();

export const ScannerSettingsSchema = z.object({ port: PortSchema, baudRate: BaudSchema }).strict();

/** `devices.saveConfig` input: null removes a device. */
export const DeviceSettingsSchema = z
  .object({
    printer: PrinterSettingsSchema.nullable(),
    cardTerminal: CardTerminalSettingsSchema.nullable(),
    scanner: ScannerSettingsSchema.nullable(),
  })
  .strict();
export type DeviceSettings = z.infer<typeof DeviceSettingsSchema>;

const TypedErrorSchema = z.object({ code: z.string().regex(ERROR_CODE_PATTERN), message: z.string() });

/** `devices.config`: what is stored, and the choices the form offers. */
export const DeviceSettingsViewSchema = z.object({
  settings: DeviceSettingsSchema,
  /** The stored configuration no longer validates (another version wrote it): devices count as not configured. */
  problem: TypedErrorSchema.nullable(),
  printerModels: z.array(z.string()),
  printerBaudRates: z.array(z.number().int()),
  cardTerminalBaudRates: z.array(z.number().int()),
});
export type DeviceSettingsView = z.infer<typeof DeviceSettingsViewSchema>;

/**
 * The answer of a device action (test print, test connection, end-of-day): ok, or the ERROR_TABLE
 * code (DEVICE_NOT_CONFIGURED, PORT_OPEN_FAILED, DEVICE_NO_ANSWER, PRINTER_PAPER_OUT,
 * CARD_TERMINAL_ERROR, ...) with its meaning and the device's own detail (e.g. "ZVT 6C: abort
 * via timeout or abort key"). A failed check is an answer, not an exception.
 */
export const DeviceCheckSchema = z.object({
  ok: z.boolean(),
  code: z.string().regex(ERROR_CODE_PATTERN).nullable(),
  /** The code's meaning from the one error table; empty when ok. */
  meaning: z.string(),
  /** What the device or driver said: port, result code text. Never card data. */
  detail: z.string().max(300),
  status: DeviceStatusSchema.nullable(),
});
export type DeviceCheck = z.infer<typeof DeviceCheckSchema>;

export const EndOfDaySchema = DeviceCheckSchema.extend({
  totalMinor: MinorSchema.nullable(),
  receiptLines: z.array(z.string().max(64)).max(200),
  /**
   * The terminal's lines printed on the receipt printer (the ECR prints for a PT without a
   * printer of its own). False: no lines, no receipt printer configured, or it did not print —
   * then the job waits in the print queue like any receipt.
   */
  receiptPrinted: z.boolean(),
  /** Why they did not print (ERROR_TABLE code), null when printed or there was nothing to print. */
  printCode: z.string().nullable(),
});
export type EndOfDay = z.infer<typeof EndOfDaySchema>;

/**
 * A card payment whose outcome is unknown: the link died after the amount reached the terminal.
 * It blocks the cart (complete, clear, park, changes, another card payment) until
 * `payment.resolve` settles it with the terminal's own answer. Masked data only.
 */
export const UnknownPaymentSchema = z.object({
  /** A sale's card payment on the cart, or money back to a card for a refund (held in the ledger, not on the cart). */
  kind: z.enum(['payment', 'refund']),
  amountMinor: MinorSchema,
  startedAt: UtcTimestampSchema,
  message: z.string().max(300),
  terminalTransactionRef: z.string().max(64).nullable(),
  /** For a refund: the receipt number of the sale being refunded. */
  originalReceiptNumber: z.string().max(40).nullable().optional(),
});
export type UnknownPayment = z.infer<typeof UnknownPaymentSchema>;

/** `payment.resolve`: approved (now a card payment on the cart), notCharged (removed), still unknown, or nothing pending. */
export const PaymentResolutionSchema = z.object({
  result: z.enum(['approved', 'notCharged', 'unknown', 'nothingPending']),
  message: z.string().max(300),
  pending: UnknownPaymentSchema.nullable(),
  /** A refund in doubt that the terminal (or a manager) confirmed as paid: its document, now recorded. */
  refund: z.object({ refundId: z.string(), receiptNumber: z.string() }).nullable().optional(),
});
export type PaymentResolution = z.infer<typeof PaymentResolutionSchema>;

/**
 * `payment.resolveManually`: the way out when the terminal that took the payment is gone or
 * cannot answer. A manager reads the outcome off the terminal's own receipt or journal:
 * approved (with its auth code and amount, which must be the amount in doubt) or not charged.
 * Needs a manager (a cashier passes a manager's PIN) and a reason; every use is kept in a local
 * audit table.
 */
export const ManualResolutionInputSchema = z
  .object({
    outcome: z.enum(['approved', 'notCharged']),
    /** As printed by the terminal; required for approved. */
    authCode: z.string().trim().min(1).max(32).regex(/^[A-Za-z0-9 -]+$/, 'letters, digits, spaces').optional(),
    /** The amount on the terminal's receipt; required for approved, must equal the amount in doubt. */
    amountMinor: MinorSchema.refine((v) => v > 0, 'must be positive').optional(),
    reason: z.string().trim().min(1).max(200),
    approverPin: z.string().regex(/^\d{4,8}$/, '4 to 8 digits').optional(),
  })
  .strict()
  .superRefine((input, ctx) => {
    if (input.outcome !== 'approved') return;
    if (input.authCode === undefined) ctx.addIssue({ code: 'custom', path: ['authCode'], message: 'the auth code from the terminal receipt is required' });
    if (input.amountMinor === undefined) ctx.addIssue({ code: 'custom', path: ['amountMinor'], message: 'the amount from the terminal receipt is required' });
  });
export type ManualResolutionInput = z.infer<typeof ManualResolutionInputSchema>;

/**
 * `cart.scanned`: a serial scanner's code went down the cart.addByBarcode path in core; the
 * renderer shows the new cart or says why the code was not added (a scan is never dropped
 * silently).
 */
export const CartScannedEventSchema = z.object({
  barcode: z.string().max(256),
  ok: z.boolean(),
  /** The cart after the scan (ok), for listeners that do not ask again. */
  cart: CartViewSchema.nullable(),
  error: TypedErrorSchema.extend({ details: z.unknown().optional() }).nullable(),
});
