import type { z } from 'zod';
import { KeelError } from '@keel/shared';

/** Parses untrusted input with a zod schema; a failure is a 400 INVALID_INPUT listing the paths. */
export function parse<S extends z.ZodType>(schema: S, value: unknown, what = 'request'): z.infer<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw KeelError.fromZodError(result.error, `Invalid ${what}`);
  return result.data;
}
