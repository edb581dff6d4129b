import { describe, expect, it } from 'vitest';
import { requireRole } from '../../src/core/people/roles';
import type { Person } from '../../src/core/catalog/types';
import { thrownBy } from './fixtures';

const cashier: Person = { id: 'u1', name: 'Carla', role: 'cashier', maxDiscountBasisPoints: null };
const manager: Person = { ...cashier, id: 'u2', role: 'manager' };

describe('requireRole', () => {
  it('When the role is at least the one required, then the person is returned', () => {
    expect(requireRole(manager, 'supervisor')).toBe(manager);
    expect(requireRole(cashier, 'cashier')).toBe(cashier);
  });

  it('When the role is too low for an approvable action, then APPROVAL_REQUIRED names the role needed', () => {
    const error = thrownBy(() => requireRole(cashier, 'supervisor'));
    expect(error.code).toBe('APPROVAL_REQUIRED');
    expect(error.details).toEqual({ requiredRole: 'supervisor', role: 'cashier' });
  });

  it('When the role is too low for an action nobody may approve, then PERMISSION_DENIED', () => {
    expect(thrownBy(() => requireRole(cashier, 'manager', { approvable: false })).code).toBe('PERMISSION_DENIED');
  });

  it('When nobody is logged in, then SESSION_REQUIRED', () => {
    expect(thrownBy(() => requireRole(null, 'cashier')).code).toBe('SESSION_REQUIRED');
  });
});
