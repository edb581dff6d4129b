import { KeelError } from '@keel/shared';
import type { AdminPrincipal } from './admin-auth';

/** Tenant-wide actions (stores, accounts, the catalog, health) are for role 'admin' only. */
export function requireAdminRole(principal: AdminPrincipal): void {
  if (principal.role !== 'admin') throw new KeelError('PERMISSION_DENIED', 'Only an admin may do this.');
}

/**
 * A manager acts only on its own store. Answered before looking the store up, so a manager
 * learns nothing about other stores (or tenants) from the difference between 403 and 404.
 */
export function assertStoreAccess(principal: AdminPrincipal, storeId: string): void {
  if (principal.role === 'admin') return;
  if (principal.storeId === null || principal.storeId !== storeId) {
    throw new KeelError('TENANT_ACCESS_DENIED', 'This account may only act on its own store.');
  }
}
