import { z } from 'zod';
import { QtyMilliSchema } from '../money/schemas';
import { EntityIdSchema, textLine, UtcTimestampSchema, UuidSchema } from '../catalog/primitives';

/**
 * `stock.moved`: a manual stock change at the store (goods received, damage, a count's
 * difference). Sales and refunds move stock through their lines, not through this. Stock is a
 * sum of deltas (DESIGN.md "Sync protocol v1"); negative results are allowed and flagged.
 */
export const StockMovementSchema = z.strictObject({
  movementId: UuidSchema,
  productId: EntityIdSchema,
  deltaQtyMilli: QtyMilliSchema.refine((v) => v !== 0, 'delta must not be zero'),
  reason: z.enum(['received', 'damaged', 'counted', 'transferred', 'adjusted']),
  note: textLine(200).nullable(),
  cashierId: EntityIdSchema,
  createdAt: UtcTimestampSchema,
});
export type StockMovement = z.infer<typeof StockMovementSchema>;
