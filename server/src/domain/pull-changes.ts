import { CatalogChangeSchema, KeelError, parseCatalogChangeFast, type CatalogChange } from '@keel/shared';

/**
 * Every change a pull sends is parsed with the shared CatalogChangeSchema first, whether it
 * comes from change_log or from a snapshot of the tables.
 *
 * A change that does not parse FAILS THE PAGE (500), it is not skipped. The server wrote it
 * (recordChange parses on the way in), so a failure here is a server bug or schema drift.
 * Skipping would move the cursor past the change and leave every terminal of the tenant
 * silently different from the server forever (DESIGN.md invariant 7: no silent failure);
 * failing stalls the feed visibly (error log with the row, 500 metrics, the terminal's sync
 * status) until the row or the schema is fixed, and then nothing has been lost.
 */

/** One row to send: where it came from (for the error) and the change itself. */
export interface RawChange {
  source: string;
  change: { entity: string; op: string; id: string; data?: unknown };
}

export function validateChanges(raw: readonly RawChange[]): CatalogChange[] {
  return raw.map(({ source, change }) => {
    const fast = parseCatalogChangeFast(change);
    if (fast) return fast;
    const parsed = CatalogChangeSchema.safeParse(change);
    if (parsed.success) return parsed.data;
    // Paths and messages only: the data may hold PIN hashes, which never reach a log.
    const issues = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new KeelError('INTERNAL', undefined, undefined, {
      cause: new Error(`pull: ${source} (${change.entity} ${change.op} ${change.id}) fails CatalogChangeSchema: ${issues}`),
    });
  });
}

/** A change_log row as the feed sends it: upserts carry their data, deletes only the id. */
export function changeOfLogRow(row: { entity: string; entity_id: string; op: string; data: unknown }): RawChange['change'] {
  return row.op === 'delete'
    ? { entity: row.entity, op: 'delete', id: row.entity_id }
    : { entity: row.entity, op: row.op, id: row.entity_id, data: row.data };
}
