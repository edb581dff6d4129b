import type { PoolClient } from '../../db/pool';

/**
 * Column name → PostgreSQL type, for jsonb_to_recordset. `text::json` reads the value as text
 * and casts it: a document sent as a JSON string stays one cheap string inside the parameter
 * instead of being parsed into jsonb and out again.
 */
export type Columns = Record<string, string>;

/**
 * Inserts many rows in one statement: the rows travel as one jsonb parameter and
 * jsonb_to_recordset turns them back into typed columns. One round trip per table per batch
 * is what keeps push near the speed of a plain batched INSERT.
 */
export async function insertRows(
  client: PoolClient,
  table: string,
  fixed: readonly (readonly [name: string, type: string, value: unknown])[],
  columns: Columns,
  rows: readonly Record<string, unknown>[],
  suffix = '',
): Promise<{ rows: Record<string, unknown>[] }> {
  if (rows.length === 0) return { rows: [] };
  const fixedNames = fixed.map(([name]) => name);
  const names = Object.keys(columns);
  const recordType = names.map((n) => `${n} ${columns[n]!.split('::')[0]}`).join(', ');
  const selected = names.map((n) => {
    const cast = columns[n]!.split('::')[1];
    return cast ? `r.${n}::${cast}` : `r.${n}`;
  });
  const sql =
    `INSERT INTO ${table} (${[...fixedNames, ...names].join(', ')}) ` +
    `SELECT ${[...fixed.map(([, type], i) => `$${i + 1}::${type}`), ...selected].join(', ')} ` +
    `FROM jsonb_to_recordset($${fixedNames.length + 1}::jsonb) AS r(${recordType}) ${suffix}`;
  const result = await client.query(sql, [...fixed.map(([, , value]) => value), JSON.stringify(rows)]);
  return { rows: result.rows };
}
