import { z } from 'zod';
import { UtcTimestampSchema } from '../catalog/primitives';
import { ERROR_CODE_PATTERN } from '../errors/codes';

/** One device as the terminal sees it, for the fleet view (DESIGN.md "Desktop shell and fleet"). */
export const DeviceStatusSchema = z.object({
  kind: z.enum(['printer', 'cardTerminal', 'cashDrawer', 'scanner', 'scale']),
  /** ok; degraded (works, needs attention: paper low); error (cannot work: paper out); offline. */
  state: z.enum(['ok', 'degraded', 'error', 'offline', 'notConfigured']),
  /** The ERROR_TABLE code behind a non-ok state, e.g. PRINTER_PAPER_OUT. */
  code: z.string().regex(ERROR_CODE_PATTERN).optional(),
  /** Model or port; never anything about customers or cards. */
  detail: z.string().max(200).optional(),
});
export type DeviceStatus = z.infer<typeof DeviceStatusSchema>;

/** `POST /v1/terminals/heartbeat`. */
export const HeartbeatSchema = z.object({
  /** The app version (semver). */
  version: z.string().regex(/^\d+\.\d+\.\d+(?:[-+][0-9A-Za-z.+-]+)?$/, 'semver like 1.4.2'),
  /** Operations in the journal past ackedSeq. */
  queueDepth: z.number().int().min(0),
  /** createdAt of the oldest unacknowledged operation; null when the queue is empty. */
  oldestPendingAt: UtcTimestampSchema.nullable(),
  /** Last successful push or pull; null before the first. */
  lastSyncAt: UtcTimestampSchema.nullable(),
  devices: z.array(DeviceStatusSchema).max(20),
  sentAt: UtcTimestampSchema,
});
export type Heartbeat = z.infer<typeof HeartbeatSchema>;
