import { z } from 'zod';
import { textLine, UuidSchema } from '../catalog/primitives';
import { TerminalCodeSchema } from '../sale/receipt-number';

/**
 * `POST /v1/terminals/enroll`: a one-time, expiring code made by a manager on the server
 * buys the terminal its identity and bearer token. The server keeps only a hash of the token.
 */
export const EnrollRequestSchema = z.object({
  /** As typed by IT; surrounding spaces are ignored. */
  code: z.string().trim().min(6).max(64),
  /** A human name for the fleet view ("Till 2, front"). */
  name: textLine(64),
});
export type EnrollRequest = z.infer<typeof EnrollRequestSchema>;

export const BearerTokenSchema = z.string().min(32).max(512).regex(/^[\x21-\x7E]+$/, 'token characters');

export const EnrollResponseSchema = z.object({
  terminalId: UuidSchema,
  /** Short code printed in receipt numbers (`T01-000123`); unique within the store. */
  terminalCode: TerminalCodeSchema,
  storeId: UuidSchema,
  tenantId: UuidSchema,
  /** Shown once; sent afterwards as `Authorization: Bearer <token>`. Never log it. */
  token: BearerTokenSchema,
});
export type EnrollResponse = z.infer<typeof EnrollResponseSchema>;
