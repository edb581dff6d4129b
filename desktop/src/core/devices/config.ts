import ReceiptPrinterEncoder from '@point-of-sale/receipt-printer-encoder';
import { z } from 'zod';
import { KeelError } from '@keel/shared';
import type { Meta } from '../store/meta';

/**
 * Device configuration, kept on this terminal under meta key 'devices' and validated with zod
 * both when saved and when read back (STYLE.md habit 7). Defaults come from DEVICES.md; the
 * timing fields exist so that a slow device (or a test) can be given other values than the
 * sheet's, never to turn a rule off.
 */

/** A device path (/dev/ttyUSB0, /dev/serial/by-id/..., COM3). SerialPort.list() is not used to check it: it cannot see PTYs (§4.2). */
const PortSchema = z.string().trim().min(1).max(200).regex(/^[^\0\r\n]+$/, 'a device path');

/** Speeds a printer or scanner may be set to (TM-T88 DIP switches go 2400–38400, §1.1; USB adapters more). */
export const SERIAL_BAUD_RATES: readonly number[] = [2400, 4800, 9600, 19200, 38400, 57600, 115200];
/** ZVT on RS-232: 9600, optionally 115200 (§3.1). */
export const ZVT_BAUD_RATES: readonly number[] = [9600, 115200];

const BaudRateSchema = z.union(SERIAL_BAUD_RATES.map((b) => z.literal(b)) as [z.ZodLiteral<number>, ...z.ZodLiteral<number>[]]);

/** Printer models the encoder knows that speak ESC/POS (Star models use another language). */
export const ESC_POS_MODELS: readonly string[] = ReceiptPrinterEncoder.printerModels
  .map((m) => m.id)
  .filter((id) => new ReceiptPrinterEncoder({ printerModel: id as never }).language === 'esc-pos');

export const DrawerConfigSchema = z.strictObject({
  /** DK connector pin 2 (drawer 1) or pin 5 (drawer 2) (§1.7). */
  pin: z.union([z.literal(2), z.literal(5)]).default(2),
  /** Pulse ON time; ESC p counts in 2 ms units up to 510 ms (§1.2). */
  onMs: z.number().int().min(2).max(510).default(100),
  offMs: z.number().int().min(2).max(510).default(500),
  /** Which level of DK pin 3 means "open" depends on the drawer's switch (§1.7, UNCERTAIN); LOW is the libraries' default. */
  openWhenPin3: z.enum(['low', 'high']).default('low'),
});
export type DrawerConfig = z.infer<typeof DrawerConfigSchema>;

export const PrinterConfigSchema = z.strictObject({
  port: PortSchema,
  /** TM-T88 default 9600 8N1 (§1.1). */
  baudRate: BaudRateSchema.default(9600),
  /** Software flow control eats 0x11/0x13 in the stream (§4.2): only when the printer's DIP switches say XON/XOFF. */
  flowControl: z.enum(['none', 'xonxoff', 'rtscts']).default('none'),
  model: z
    .string()
    .refine((m) => ESC_POS_MODELS.includes(m), 'an ESC/POS printer model the encoder knows')
    .nullable()
    .default(null),
  /** Characters per line (Font A: 42 or 48 on 80 mm paper, 32 on 58 mm); null: the model's own (42 without a model). */
  columns: z.number().int().min(24).max(64).nullable().default(null),
  symbology: z.enum(['qr', 'code128']).default('qr'),
  drawer: DrawerConfigSchema.nullable().default(() => DrawerConfigSchema.parse({})),
  statusPollMs: z.number().int().min(100).max(60_000).default(2000),
  /** How long to wait for the DLE EOT replies before calling the printer offline. */
  statusTimeoutMs: z.number().int().min(20).max(10_000).default(1000),
  /**
   * DLE EOT is answered in real time, ahead of data still in the print buffer (§1.3), so the
   * status after a job is read once the printer had time to print it: this long per 10 rows.
   */
  settleMsPer10Rows: z.number().int().min(0).max(5000).default(250),
});
export type PrinterConfig = z.infer<typeof PrinterConfigSchema>;

export const ZvtTimingSchema = z.strictObject({
  /** Max gap between bytes of one message (§3.3 T1 < 200 ms). */
  t1Ms: z.number().int().min(10).max(2000).default(200),
  /** Message → ACK/NAK (§3.3 T2 5 s). */
  t2Ms: z.number().int().min(10).max(30_000).default(5000),
  /** Command → 80 00 / 84 xx (§3.3 T3 5 s). */
  t3Ms: z.number().int().min(10).max(60_000).default(5000),
  /** 80 00 → Completion/Abort, reset by 04 FF / 04 0F (§3.3 T4 180 s). */
  t4Ms: z.number().int().min(10).max(600_000).default(180_000),
});
export type ZvtTiming = z.infer<typeof ZvtTimingSchema>;

export const CardTerminalConfigSchema = z.strictObject({
  port: PortSchema,
  protocol: z.literal('zvt').default('zvt'),
  /** 9600 (optional 115200), 8 data bits, no parity, 2 stop bits, no handshake (§3.1). */
  baudRate: z.union([z.literal(9600), z.literal(115200)]).default(9600),
  stopBits: z.union([z.literal(1), z.literal(2)]).default(2),
  /** The terminal's ZVT password, 6 digits, sent as 3 bytes BCD (§3.4). */
  password: z.string().regex(/^\d{6}$/, '6 digits').default('000000'),
  /** ISO 4217 numeric currency (978 = EUR), sent as 2 bytes BCD (§3.4). */
  currencyNumeric: z.number().int().min(1).max(999).default(978),
  model: z.string().trim().max(60).nullable().default(null),
  timing: ZvtTimingSchema.default(() => ZvtTimingSchema.parse({})),
});
export type CardTerminalConfig = z.infer<typeof CardTerminalConfigSchema>;

export const ScannerConfigSchema = z.strictObject({
  port: PortSchema,
  baudRate: BaudRateSchema.default(9600),
  /** Longer "codes" are line noise, not barcodes. */
  maxLength: z.number().int().min(1).max(256).default(64),
});
export type ScannerConfig = z.infer<typeof ScannerConfigSchema>;

export const DevicesConfigSchema = z.strictObject({
  printer: PrinterConfigSchema.nullable().default(null),
  cardTerminal: CardTerminalConfigSchema.nullable().default(null),
  scanner: ScannerConfigSchema.nullable().default(null),
});
export type DevicesConfig = z.infer<typeof DevicesConfigSchema>;
export type DevicesConfigInput = z.input<typeof DevicesConfigSchema>;

export const NO_DEVICES: DevicesConfig = DevicesConfigSchema.parse({});

/** The configuration to save: INVALID_INPUT with every issue's path when it is not valid. */
export function parseDevicesConfig(input: unknown): DevicesConfig {
  const parsed = DevicesConfigSchema.safeParse(input);
  if (!parsed.success) throw KeelError.fromZodError(parsed.error, 'The device configuration is not valid.');
  return parsed.data;
}

/** Reads and writes the configuration under meta 'devices'. */
export class DeviceConfigStore {
  constructor(private readonly meta: Meta) {}

  /**
   * The stored configuration. A stored value that no longer validates (written by another
   * version, edited by hand) is not guessed at: the devices count as not configured and the
   * problem is returned for the settings screen.
   */
  load(): { config: DevicesConfig; problem: KeelError | null } {
    const raw = this.meta.get<unknown>('devices');
    if (raw === null) return { config: NO_DEVICES, problem: null };
    try {
      return { config: parseDevicesConfig(raw), problem: null };
    } catch (error) {
      return { config: NO_DEVICES, problem: error as KeelError };
    }
  }

  save(input: unknown): DevicesConfig {
    const config = parseDevicesConfig(input);
    this.meta.set('devices', config);
    return config;
  }
}
