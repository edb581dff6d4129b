import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { KeelError, textLine, UuidSchema } from '@keel/shared';
import type { AppContext } from '../context';
import type { Pool } from '../db/pool';
import { catalogTransaction, recordChange, type CatalogTx } from './catalog-changes';
import { withConstraints } from './catalog-errors';
import { pageOf, type Page, type PageQuery } from './listing';

const SortOrderSchema = z.number().int().min(-1_000_000).max(1_000_000);

export const CategoryCreateSchema = z.strictObject({
  name: textLine(100),
  parentId: UuidSchema.nullable().default(null),
  sortOrder: SortOrderSchema.default(0),
  active: z.boolean().default(true),
});
export const CategoryUpdateSchema = z.strictObject({
  name: textLine(100).optional(),
  parentId: UuidSchema.nullable().optional(),
  sortOrder: SortOrderSchema.optional(),
  active: z.boolean().optional(),
});

/** The admin API shows categories in the feed's own shape (CategorySchema). */
export interface CategoryView {
  id: string;
  name: string;
  parentId: string | null;
  sortOrder: number;
  active: boolean;
  updatedAt: string;
}
interface CategoryRow extends Record<string, unknown> {
  id: string;
  name: string;
  parent_id: string | null;
  sort_order: number;
  active: boolean;
  updated_at: Date;
}
const toView = (r: CategoryRow): CategoryView => ({
  id: r.id,
  name: r.name,
  parentId: r.parent_id,
  sortOrder: r.sort_order,
  active: r.active,
  updatedAt: r.updated_at.toISOString(),
});
const COLUMNS = 'id, name, parent_id, sort_order, active, updated_at';

async function record(tx: CatalogTx, tenantId: string, view: CategoryView): Promise<void> {
  await recordChange(tx, { tenantId, storeId: null, entity: 'category', entityId: view.id, op: 'upsert', data: view });
}

/** The parent must be a category of the same tenant and must not lie below `id` (no cycles). */
async function checkParent(tx: CatalogTx, tenantId: string, parentId: string | null, id: string): Promise<void> {
  if (parentId === null) return;
  const { rows } = await tx.query<{ id: string }>(
    `WITH RECURSIVE up AS (
       SELECT id, parent_id, 1 AS depth FROM categories WHERE tenant_id = $1 AND id = $2
       UNION ALL
       SELECT c.id, c.parent_id, up.depth + 1 FROM categories c JOIN up ON c.tenant_id = $1 AND c.id = up.parent_id
        WHERE up.depth < 100
     ) SELECT id FROM up`,
    [tenantId, parentId],
  );
  const problem = rows.length === 0 ? 'unknown category' : rows.some((r) => r.id === id) ? 'would make a cycle' : null;
  if (problem) throw new KeelError('INVALID_INPUT', 'Invalid parent category', { issues: [{ path: 'parentId', message: problem }] });
}

export function createCategory(ctx: AppContext, tenantId: string, input: z.infer<typeof CategoryCreateSchema>): Promise<CategoryView> {
  const id = randomUUID();
  return catalogTransaction(ctx.pool, async (tx) => {
    await checkParent(tx, tenantId, input.parentId, id);
    const { rows } = await tx.query<CategoryRow>(
      `INSERT INTO categories (tenant_id, id, name, parent_id, sort_order, active, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${COLUMNS}`,
      [tenantId, id, input.name, input.parentId, input.sortOrder, input.active, ctx.now()],
    );
    const view = toView(rows[0]!);
    await record(tx, tenantId, view);
    return view;
  });
}

export function updateCategory(
  ctx: AppContext,
  tenantId: string,
  id: string,
  input: z.infer<typeof CategoryUpdateSchema>,
): Promise<CategoryView> {
  return catalogTransaction(ctx.pool, async (tx) => {
    const current = await tx.query<CategoryRow>(`SELECT ${COLUMNS} FROM categories WHERE tenant_id = $1 AND id = $2 FOR UPDATE`, [tenantId, id]);
    if (!current.rows[0]) throw new KeelError('NOT_FOUND', 'No such category.');
    const parentId = input.parentId === undefined ? current.rows[0].parent_id : input.parentId;
    await checkParent(tx, tenantId, parentId, id);
    const { rows } = await tx.query<CategoryRow>(
      `UPDATE categories SET name = coalesce($3, name), parent_id = $4, sort_order = coalesce($5, sort_order),
         active = coalesce($6, active), updated_at = $7
        WHERE tenant_id = $1 AND id = $2 RETURNING ${COLUMNS}`,
      [tenantId, id, input.name ?? null, parentId, input.sortOrder ?? null, input.active ?? null, ctx.now()],
    );
    const view = toView(rows[0]!);
    await record(tx, tenantId, view);
    return view;
  });
}

/**
 * Deletes an unused category; one with products or subcategories is a 409 (deactivate it
 * instead: active false keeps it for history).
 */
export function deleteCategory(ctx: AppContext, tenantId: string, id: string): Promise<void> {
  return catalogTransaction(ctx.pool, async (tx) => {
    const children = await tx.query('SELECT 1 FROM categories WHERE tenant_id = $1 AND parent_id = $2 LIMIT 1', [tenantId, id]);
    if (children.rowCount) throw new KeelError('CONFLICT', 'The category has subcategories; move or delete them first.');
    const deleted = await withConstraints({ foreignKey: { code: 'CONFLICT', message: 'Products still use this category.' } }, () =>
      tx.query('DELETE FROM categories WHERE tenant_id = $1 AND id = $2', [tenantId, id]),
    );
    if (!deleted.rowCount) throw new KeelError('NOT_FOUND', 'No such category.');
    await recordChange(tx, { tenantId, storeId: null, entity: 'category', entityId: id, op: 'delete' });
  });
}

export function listCategories(pool: Pool, tenantId: string, page: PageQuery): Promise<Page<CategoryView>> {
  return pageOf<CategoryRow, CategoryView>(
    pool,
    {
      select: `SELECT ${COLUMNS}, id::text AS key_id FROM categories WHERE tenant_id = $1`,
      params: [tenantId],
      keys: ['name', 'key_id'],
      order: 'asc',
      page,
    },
    toView,
  );
}
