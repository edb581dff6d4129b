import { KeelError, type ErrorCode } from '@keel/shared';

/**
 * PostgreSQL constraint violations that a request can cause (a taken SKU, a category still in
 * use) as typed errors instead of 500s. The constraints remain the authority: checking first
 * and inserting second would race with a concurrent writer.
 */
const SQLSTATE = { unique: '23505', foreignKey: '23503', check: '23514' } as const;

type Violations = Partial<Record<keyof typeof SQLSTATE, { code: ErrorCode; message: string }>>;

export async function withConstraints<T>(violations: Violations, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const sqlstate = (error as { code?: unknown } | null)?.code;
    for (const [kind, mapped] of Object.entries(violations) as [keyof typeof SQLSTATE, { code: ErrorCode; message: string }][]) {
      if (sqlstate === SQLSTATE[kind]) throw new KeelError(mapped.code, mapped.message, undefined, { cause: error });
    }
    throw error;
  }
}
