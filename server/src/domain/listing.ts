import { z } from 'zod';
import { KeelError } from '@keel/shared';
import type { Pool, PoolClient } from '../db/pool';

/**
 * Keyset pagination for every admin list: `?limit=1..200&cursor=<opaque>` answered with
 * `{items, nextCursor}`. The cursor is the sort key of the last row returned, so a page never
 * repeats or skips rows because of inserts before it (OFFSET would). Sort keys must be unique
 * and exact: timestamps are compared as integer microseconds (see epochMicros), since a JS Date
 * would cut PostgreSQL's microseconds to milliseconds and repeat or drop rows at the boundary.
 */
export const PageQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().min(1).max(1000).optional(),
});
export type PageQuery = z.infer<typeof PageQuerySchema>;

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

type KeyValue = string | number;

export function encodeCursor(values: readonly KeyValue[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

const CursorValuesSchema = z.array(z.union([z.string().max(200), z.number().refine(Number.isSafeInteger)])).min(1).max(4);

export function decodeCursor(cursor: string, arity: number): KeyValue[] {
  let values: unknown;
  try {
    values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    values = null;
  }
  const parsed = CursorValuesSchema.safeParse(values);
  if (!parsed.success || parsed.data.length !== arity) throw invalidCursor();
  return parsed.data;
}

const invalidCursor = () =>
  new KeelError('INVALID_INPUT', 'Invalid request', { issues: [{ path: 'cursor', message: 'not a cursor from this list' }] });

/** SQL for a timestamptz as exact integer microseconds since the epoch: a sort key that round-trips. */
export const epochMicros = (column: string) => `(extract(epoch FROM ${column}) * 1000000)::bigint`;

export interface KeysetQuery {
  /**
   * A complete SELECT whose result has the key columns by name; its own parameters are $1..$n
   * with `params`. It is wrapped as a subquery, so it must not end in ORDER BY or LIMIT.
   */
  select: string;
  params: unknown[];
  /** Result columns forming a unique sort key, most significant first. */
  keys: readonly string[];
  order: 'asc' | 'desc';
  page: PageQuery;
}

/** Runs one page of a keyset query; `toItem` shapes each row for the wire. */
export async function pageOf<Row extends Record<string, unknown>, Item>(
  db: Pool | PoolClient,
  query: KeysetQuery,
  toItem: (row: Row) => Item,
): Promise<Page<Item>> {
  const { keys, order, page } = query;
  const params = [...query.params];
  let where = '';
  if (page.cursor !== undefined) {
    const after = decodeCursor(page.cursor, keys.length);
    const placeholders = after.map((value) => {
      params.push(value);
      return `$${params.length}`;
    });
    // A row comparison is the keyset condition itself: (a, b) > (x, y) in lexicographic order.
    where = `WHERE (${keys.map((k) => `q.${k}`).join(', ')}) ${order === 'asc' ? '>' : '<'} (${placeholders.join(', ')})`;
  }
  params.push(page.limit + 1);
  const sql = `SELECT * FROM (${query.select}) AS q ${where}
    ORDER BY ${keys.map((k) => `q.${k} ${order}`).join(', ')} LIMIT $${params.length}`;
  let rows: Row[];
  try {
    rows = (await db.query<Row>(sql, params)).rows;
  } catch (error) {
    // Class 22 (data exception): a tampered cursor value that does not fit the key's type.
    if (page.cursor !== undefined && /^22/.test(String((error as { code?: unknown }).code))) throw invalidCursor();
    throw error;
  }
  const more = rows.length > page.limit;
  const shown = more ? rows.slice(0, page.limit) : rows;
  const last = shown.at(-1);
  const nextCursor = more && last ? encodeCursor(keys.map((k) => keyValue(last[k], k))) : null;
  return { items: shown.map(toItem), nextCursor };
}

function keyValue(value: unknown, key: string): KeyValue {
  if (typeof value === 'string' || (typeof value === 'number' && Number.isSafeInteger(value))) return value;
  throw new Error(`sort key ${key} must be selected as text or an integer, got ${typeof value}`);
}
