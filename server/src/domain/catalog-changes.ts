import type { z } from 'zod';
import { CATALOG_ENTITIES, KeelError, type CatalogEntity } from '@keel/shared';
import { inTransaction, type Pool, type PoolClient } from '../db/pool';

/**
 * THE catalog write funnel (DESIGN.md invariant 5, STYLE.md habit 3). Every write to a catalog
 * table records its change_log row(s) through recordChange(s), with the same client, in the
 * same transaction, so the pull feed (ordered by the writing transaction's xid) can never see a
 * write without its change or a change without its write.
 *
 * Conventions of the feed (what the pull side and the terminal rely on):
 * - `entity` is a key of shared's CATALOG_ENTITIES and `data` parses with its schema; entity_id
 *   is the entity's sync id (its CATALOG_ENTITIES key field: product → id, barcode → the code,
 *   storeSettings → the storeId, stockLevel → the productId, ...). A pulled change is
 *   `{entity, op, id: entity_id, data}`, as shared's CatalogChangeSchema reads it.
 * - `store_id` NULL: every store of the tenant receives the change (products, barcodes,
 *   categories, tax rates). Set: only that store's terminals receive it (users = cashiers,
 *   storeSettings, stockLevel, and store prices, below).
 * - `op: 'delete'` carries `data: null`; the terminal drops the entity with that id.
 * - Store prices are not an entity of their own: a store's price is folded into a 'product'
 *   change with store_id set whose data is the whole product with priceMinor = that store's
 *   price. Whenever a product changes, its tenant-wide row is written first and then one
 *   store-scoped row per store that has its own price, in the same transaction; since the feed
 *   is ordered by (xid, id), the last 'product' row a store's terminal applies is always the one
 *   with its own price. Removing a store price writes a store-scoped row with the base price.
 *   A snapshot must do the same: products with store_prices.price_minor where one exists.
 * - Writers of one entity are ordered by a row lock taken by their first statement (UPDATE or
 *   SELECT ... FOR UPDATE): a waiting transaction is given its xid after the holder's, so for
 *   any one entity the feed's (xid, id) order is the order of the writes and the last row wins.
 */
export type ChangeEntity = CatalogEntity;

declare const inCatalogTransaction: unique symbol;
/**
 * A client inside a catalog transaction. Only catalogTransaction makes one, so recordChange
 * cannot be handed the pool or a client outside a transaction: the funnel is checked by tsc.
 */
export type CatalogTx = PoolClient & { readonly [inCatalogTransaction]: true };

export function catalogTransaction<T>(pool: Pool, work: (tx: CatalogTx) => Promise<T>): Promise<T> {
  return inTransaction(pool, (client) => work(client as CatalogTx));
}

interface ChangeTarget<E extends ChangeEntity> {
  tenantId: string;
  /** null: every store of the tenant; set: only that store's terminals. */
  storeId: string | null;
  entity: E;
  entityId: string;
}
export type Change = {
  [E in ChangeEntity]:
    | (ChangeTarget<E> & { op: 'upsert'; data: z.input<(typeof CATALOG_ENTITIES)[E]['schema']> })
    | (ChangeTarget<E> & { op: 'delete'; data?: null });
}[ChangeEntity];

/**
 * The data an upsert puts on the feed: parsed with the entity's shared schema, its key equal to
 * entity_id. Data a terminal could not parse would stall its pull, so a mismatch is a server bug
 * that fails the whole write (500) rather than reaching the feed.
 */
function feedData(change: Change): string | null {
  if (change.op === 'delete') return null;
  const { schema, key } = CATALOG_ENTITIES[change.entity];
  const parsed = schema.safeParse(change.data);
  const problem = !parsed.success
    ? parsed.error.message
    : (parsed.data as Record<string, unknown>)[key] !== change.entityId
      ? `data.${key} is not the entity id`
      : null;
  if (problem !== null) {
    throw new KeelError('INTERNAL', undefined, undefined, {
      cause: new Error(`change_log ${change.entity} ${change.entityId} does not match its schema: ${problem}`),
    });
  }
  return JSON.stringify(parsed.data);
}

/** Appends one change to change_log in the caller's transaction. */
export function recordChange(tx: CatalogTx, change: Change): Promise<void> {
  return recordChanges(tx, [change]);
}

/**
 * Appends changes in one statement (for batches such as a push's stock levels), in the given
 * order: ids are drawn in ORDINALITY order, so the feed's (xid, id) order is the array's.
 */
export async function recordChanges(tx: CatalogTx, changes: readonly Change[]): Promise<void> {
  if (changes.length === 0) return;
  const data = changes.map(feedData);
  await tx.query(
    `INSERT INTO change_log (tenant_id, store_id, entity, entity_id, op, data)
     SELECT c.tenant_id, c.store_id, c.entity, c.entity_id, c.op, c.data
       FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::jsonb[])
            WITH ORDINALITY AS c(tenant_id, store_id, entity, entity_id, op, data, n)
      ORDER BY c.n`,
    [
      changes.map((c) => c.tenantId),
      changes.map((c) => c.storeId),
      changes.map((c) => c.entity),
      changes.map((c) => c.entityId),
      changes.map((c) => c.op),
      data,
    ],
  );
}
