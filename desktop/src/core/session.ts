import { z } from 'zod';
import { RoleSchema } from '@keel/shared';
import type { Person } from './catalog/types';
import type { SessionReader } from './sale/context';
import type { Meta } from './store/meta';

const PersonSchema = z.object({ id: z.string(), name: z.string(), role: RoleSchema, maxDiscountBasisPoints: z.number().int().nullable() });

/**
 * Who is logged in at the till. Kept in the ledger so that a restart of the core process (a
 * crash, an update) does not throw the cashier out mid-shift; checked when read back.
 */
export class Session implements SessionReader {
  constructor(private readonly meta: Meta) {}

  current(): Person | null {
    const parsed = PersonSchema.safeParse(this.meta.get('session'));
    return parsed.success ? parsed.data : null;
  }

  set(person: Person | null): void {
    if (person) this.meta.set('session', person);
    else this.meta.delete('session');
  }
}
