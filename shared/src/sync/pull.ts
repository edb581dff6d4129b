import { z } from 'zod';
import { TaxRateSchema } from '../pricing/schemas';
import { BarcodeSchema, CategorySchema, ProductSchema, StockLevelSchema } from '../catalog/product';
import { StoreSettingsSchema } from '../catalog/store-settings';
import { UserSchema } from '../catalog/user';
import { PULL_LIMIT_DEFAULT, PULL_LIMIT_MAX } from './protocol';

/**
 * `GET /v1/sync/pull?cursor=&limit=`: catalog changes after the cursor (DESIGN.md "Sync
 * protocol v1": pages fenced below `pg_snapshot_xmin`, ordered by (xid, id); the cursor is the
 * last (xid, id), opaque to the terminal).
 */

const absentIfEmpty = (v: unknown) => (v === '' ? undefined : v);

/**
 * Query strings arrive as strings: `limit` is coerced; an empty `cursor=` or `limit=` counts
 * as absent; a repeated parameter (an array) is refused. No cursor → a snapshot from the start.
 */
export const PullQuerySchema = z.object({
  cursor: z.preprocess(absentIfEmpty, z.string().min(1).max(512).optional()),
  limit: z.preprocess(absentIfEmpty, z.coerce.number().int().min(1).max(PULL_LIMIT_MAX).default(PULL_LIMIT_DEFAULT)),
});
export type PullQuery = z.infer<typeof PullQuerySchema>;

/** Every catalog entity a terminal replicates, its schema, and which field is its sync id. */
export const CATALOG_ENTITIES = {
  product: { schema: ProductSchema, key: 'id' },
  barcode: { schema: BarcodeSchema, key: 'code' },
  category: { schema: CategorySchema, key: 'id' },
  taxRate: { schema: TaxRateSchema, key: 'id' },
  user: { schema: UserSchema, key: 'id' },
  storeSettings: { schema: StoreSettingsSchema, key: 'storeId' },
  stockLevel: { schema: StockLevelSchema, key: 'productId' },
} as const;
export type CatalogEntity = keyof typeof CATALOG_ENTITIES;
export const CatalogEntitySchema = z.enum(Object.keys(CATALOG_ENTITIES) as [CatalogEntity, ...CatalogEntity[]]);

const ChangeIdSchema = z.string().min(1).max(128);

/** Runs even when data already failed; a non-object data has its own issue then. */
function upsertKeyMatches(change: { id: string; data: unknown }, key: string): boolean {
  const { data } = change;
  return typeof data !== 'object' || data === null || (data as Record<string, unknown>)[key] === change.id;
}

/** For one entity: an upsert carries the full row (its key equal to `id`); a delete only the id. */
function changesOf<E extends CatalogEntity, S extends z.ZodType>(entity: E, schema: S) {
  const key = CATALOG_ENTITIES[entity].key;
  return z.discriminatedUnion('op', [
    z
      .object({ entity: z.literal(entity), op: z.literal('upsert'), id: ChangeIdSchema, data: schema })
      .refine((c) => upsertKeyMatches(c as unknown as { id: string; data: unknown }, key), {
        path: ['id'],
        message: `must equal data.${key}`,
      }),
    z.object({ entity: z.literal(entity), op: z.literal('delete'), id: ChangeIdSchema }),
  ]);
}

export const CatalogChangeSchema = z.discriminatedUnion('entity', [
  changesOf('product', CATALOG_ENTITIES.product.schema),
  changesOf('barcode', CATALOG_ENTITIES.barcode.schema),
  changesOf('category', CATALOG_ENTITIES.category.schema),
  changesOf('taxRate', CATALOG_ENTITIES.taxRate.schema),
  changesOf('user', CATALOG_ENTITIES.user.schema),
  changesOf('storeSettings', CATALOG_ENTITIES.storeSettings.schema),
  changesOf('stockLevel', CATALOG_ENTITIES.stockLevel.schema),
]);
export type CatalogChange = z.infer<typeof CatalogChangeSchema>;

/**
 * CatalogChangeSchema's result for one change, or null where it would fail: the entity's own
 * schema and the key rule, without the two discriminated unions, at less than half their cost
 * on a snapshot page of thousands of changes. A null only says "invalid": run
 * CatalogChangeSchema on it for the issues. The tests hold the two to the same verdict.
 */
export function parseCatalogChangeFast(change: unknown): CatalogChange | null {
  if (typeof change !== 'object' || change === null) return null;
  const { entity, op, id, data } = change as Record<string, unknown>;
  if (typeof entity !== 'string' || !Object.hasOwn(CATALOG_ENTITIES, entity)) return null;
  if (typeof id !== 'string' || id.length < 1 || id.length > 128) return null;
  if (op === 'delete') return { entity, op, id } as CatalogChange;
  if (op !== 'upsert') return null;
  const spec = CATALOG_ENTITIES[entity as CatalogEntity];
  const parsed = spec.schema.safeParse(data);
  if (!parsed.success || (parsed.data as Record<string, unknown>)[spec.key] !== id) return null;
  return { entity, op, id, data: parsed.data } as CatalogChange;
}

export const SnapshotProgressSchema = z.object({
  /** `snapshot` while paging a full copy (no, bad or too old cursor), then `log`. */
  phase: z.enum(['snapshot', 'log']),
  progress: z.object({ done: z.number().int().min(0), total: z.number().int().min(0) }).optional(),
});
export type SnapshotProgress = z.infer<typeof SnapshotProgressSchema>;

export const PullResponseSchema = z.object({
  changes: z.array(CatalogChangeSchema).max(PULL_LIMIT_MAX),
  /** Opaque; send it back as `cursor` for the next page. */
  cursor: z.string().min(1).max(512),
  hasMore: z.boolean(),
  /** The terminal's acknowledged seq, computed below the same fence as the changes. */
  ackedSeq: z.number().int().min(0),
  snapshot: SnapshotProgressSchema.optional(),
});
export type PullResponse = z.infer<typeof PullResponseSchema>;
