import { KeelError, roleAtLeast, type Role } from '@keel/shared';
import type { Person } from '../catalog/types';

export interface RequireRoleOptions {
  /**
   * Whether someone of `minRole` may approve the action for this person by PIN (voids, refunds,
   * discounts over the limit): then a shortfall is APPROVAL_REQUIRED and the UI asks for a PIN.
   * False for what must be done by the role itself (e.g. managing the terminal): PERMISSION_DENIED.
   * Default true: at a till, "ask a supervisor" is the usual answer.
   */
  approvable?: boolean;
}

/**
 * Role gate for core actions. Returns the person when their role is at least `minRole`
 * (roles are ordered: cashier < supervisor < manager); SESSION_REQUIRED when nobody is logged in.
 */
export function requireRole(person: Person | null | undefined, minRole: Role, options: RequireRoleOptions = {}): Person {
  if (!person) throw new KeelError('SESSION_REQUIRED', 'Log in first.');
  if (roleAtLeast(person.role, minRole)) return person;
  const details = { requiredRole: minRole, role: person.role };
  if (options.approvable ?? true) throw new KeelError('APPROVAL_REQUIRED', `A ${minRole} or higher must approve this action.`, details);
  throw new KeelError('PERMISSION_DENIED', `Only a ${minRole} or higher may do this.`, details);
}
