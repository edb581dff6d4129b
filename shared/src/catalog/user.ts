import { z } from 'zod';
import { EntityIdSchema, textLine, UtcTimestampSchema } from './primitives';

/** Roles in ascending authority: a manager may do whatever a supervisor may, and so on. */
export const RoleSchema = z.enum(['cashier', 'supervisor', 'manager']);
export type Role = z.infer<typeof RoleSchema>;

const ROLE_RANK: Record<Role, number> = { cashier: 0, supervisor: 1, manager: 2 };

/** True when `role` carries at least the authority of `required` (approvals, reports). */
export function roleAtLeast(role: Role, required: Role): boolean {
  return ROLE_RANK[role] >= ROLE_RANK[required];
}

/** A discount limit in basis points of the amount (10 % = 1000), as DiscountSchema counts. */
export const BasisPointsSchema = z.number().int().min(0).max(10_000);

/**
 * An encoded PIN hash such as `scrypt$N$r$p$salt$hash`. Its format belongs to whoever hashes
 * PINs; here it is an opaque string, except that something that looks like a bare PIN (only
 * digits) is refused: a plain PIN must never travel to or rest on a terminal.
 */
export const PinHashSchema = z
  .string()
  .min(16)
  .max(512)
  .refine((s) => !/^\d+$/.test(s), 'must be an encoded hash, never a plain PIN');

/**
 * A person who logs in at the till. Pulled with the PIN hash so that login works offline
 * (DESIGN.md "Sync protocol v1").
 */
export const UserSchema = z.object({
  id: EntityIdSchema,
  name: textLine(100),
  role: RoleSchema,
  pinHash: PinHashSchema,
  active: z.boolean(),
  /** This user's own discount limit; null means the store's limit for the role applies. */
  maxDiscountBasisPoints: BasisPointsSchema.nullable(),
  updatedAt: UtcTimestampSchema,
});
export type User = z.infer<typeof UserSchema>;
