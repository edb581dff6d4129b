import { z } from 'zod';
import { TerminalCodeSchema, UuidSchema } from '@keel/shared';

/** What enrollment gives a terminal; stored in meta 'identity'. The token never leaves core. */
export const TerminalIdentitySchema = z.object({
  serverUrl: z.url(),
  tenantId: UuidSchema,
  storeId: UuidSchema,
  terminalId: UuidSchema,
  terminalCode: TerminalCodeSchema,
  token: z.string().min(16),
});
export type TerminalIdentity = z.infer<typeof TerminalIdentitySchema>;
