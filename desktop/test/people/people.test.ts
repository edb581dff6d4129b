import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { KeelError } from '@keel/shared';
import { People } from '../../src/core/people/people';
import { openDatabase } from '../../src/core/store/database';
import { STAFF, staffedLedger, thrownBy } from './fixtures';

const MINUTE = 60_000;
const pinOf = (id: string) => STAFF.find((s) => s.id === id)!.pin;

describe('People.listActive and login', () => {
  it('When the login screen asks, then it gets the active users by name, without hashes', () => {
    const { people } = staffedLedger();
    expect(people.listActive()).toEqual([
      { id: 'u-cash', name: 'Carla Cashier', role: 'cashier' },
      { id: 'u-man', name: 'Mia Manager', role: 'manager' },
      { id: 'u-sup', name: 'Sam Supervisor', role: 'supervisor' },
    ]);
  });

  it('When the right PIN is entered, then the person is logged in with their discount limit', () => {
    const { people } = staffedLedger();
    expect(people.login('u-cash', pinOf('u-cash'))).toEqual({ id: 'u-cash', name: 'Carla Cashier', role: 'cashier', maxDiscountBasisPoints: 500 });
    expect(people.login('u-sup', pinOf('u-sup')).maxDiscountBasisPoints).toBeNull();
  });

  it('When a wrong PIN is entered, then PIN_INVALID says how many attempts are left', () => {
    const { people } = staffedLedger();
    const error = thrownBy(() => people.login('u-cash', '0000'));
    expect(error).toBeInstanceOf(KeelError);
    expect(error.code).toBe('PIN_INVALID');
    expect(error.details).toEqual({ lockedUntil: null, attemptsLeft: 4 });
  });

  it('When the user is unknown or inactive, then the answer is the same PIN_INVALID as a wrong PIN', () => {
    const { people } = staffedLedger();
    expect(thrownBy(() => people.login('nobody', '1234')).code).toBe('PIN_INVALID');
    expect(thrownBy(() => people.login('u-old', pinOf('u-old'))).code).toBe('PIN_INVALID');
  });

  it('When 5 wrong PINs are entered, then the user is locked for 5 minutes, even against the right PIN, and across a restart', () => {
    const { db, file, clock, people } = staffedLedger();
    for (let i = 0; i < 4; i++) expect(thrownBy(() => people.login('u-cash', '0000')).details.lockedUntil).toBeNull();
    const fifth = thrownBy(() => people.login('u-cash', '0000'));
    expect(fifth.details).toEqual({ lockedUntil: '2026-03-01T10:05:00.000Z', attemptsLeft: 0 });
    expect(thrownBy(() => people.login('u-cash', pinOf('u-cash'))).details.lockedUntil).toBe('2026-03-01T10:05:00.000Z');
    // Other users are not affected.
    expect(people.login('u-sup', pinOf('u-sup')).id).toBe('u-sup');
    db.close();

    const reopened = openDatabase(file);
    const afterRestart = new People(reopened, clock);
    clock.advance(4 * MINUTE);
    expect(thrownBy(() => afterRestart.login('u-cash', pinOf('u-cash'))).details.lockedUntil).toBe('2026-03-01T10:05:00.000Z');
    clock.advance(1 * MINUTE);
    expect(afterRestart.login('u-cash', pinOf('u-cash')).id).toBe('u-cash');
    reopened.close();
  });

  it('When the lock has run out, then the user has the full number of attempts again', () => {
    const { clock, people } = staffedLedger();
    for (let i = 0; i < 5; i++) thrownBy(() => people.login('u-cash', '0000'));
    clock.advance(5 * MINUTE);
    expect(thrownBy(() => people.login('u-cash', '0000')).details).toEqual({ lockedUntil: null, attemptsLeft: 4 });
  });

  it('When the right PIN follows some wrong ones, then the count starts over', () => {
    const { people } = staffedLedger();
    for (let i = 0; i < 4; i++) thrownBy(() => people.login('u-cash', '0000'));
    people.login('u-cash', pinOf('u-cash'));
    for (let i = 0; i < 4; i++) thrownBy(() => people.login('u-cash', '0000'));
    expect(people.login('u-cash', pinOf('u-cash')).id).toBe('u-cash');
  });

  it('When the lockout is configured, then its limit and duration apply', () => {
    const { clock, people } = staffedLedger({ lockout: { maxFailures: 2, lockMs: 30_000 } });
    thrownBy(() => people.login('u-cash', '0000'));
    expect(thrownBy(() => people.login('u-cash', '0000')).details.lockedUntil).toBe('2026-03-01T10:00:30.000Z');
    clock.advance(30_000);
    expect(people.login('u-cash', pinOf('u-cash')).id).toBe('u-cash');
  });

  it('When PINs are entered, right or wrong, then no PIN appears in the database files or in any error', () => {
    const { db, file, people } = staffedLedger();
    const errors = [thrownBy(() => people.login('u-man', '97531864')), thrownBy(() => people.approve('97531864', 'manager'))];
    people.login('u-cash', '97531864');
    db.close();
    for (const name of [file, `${file}-wal`]) {
      if (fs.existsSync(name)) expect(fs.readFileSync(name).includes('97531864')).toBe(false);
    }
    expect(JSON.stringify(errors.map((e) => [e.message, e.details]))).not.toContain('97531864');
  });
});

describe('People.approve', () => {
  it("When a supervisor's PIN is given for a supervisor action, then the supervisor approves", () => {
    const { people } = staffedLedger();
    expect(people.approve(pinOf('u-sup'), 'supervisor').id).toBe('u-sup');
    expect(people.approve(pinOf('u-man'), 'supervisor').id).toBe('u-man');
  });

  it("When a cashier's PIN or a too-low role's PIN is given, then it does not approve", () => {
    const { people } = staffedLedger();
    expect(thrownBy(() => people.approve(pinOf('u-cash'), 'supervisor')).code).toBe('PIN_INVALID');
    expect(thrownBy(() => people.approve(pinOf('u-sup'), 'manager')).code).toBe('PIN_INVALID');
    expect(thrownBy(() => people.approve(pinOf('u-old'), 'manager')).code).toBe('PIN_INVALID');
  });

  it('When no PIN is given, then APPROVAL_REQUIRED names the role needed', () => {
    const { people } = staffedLedger();
    const error = thrownBy(() => people.approve(undefined, 'manager'));
    expect(error.code).toBe('APPROVAL_REQUIRED');
    expect(error.details).toEqual({ requiredRole: 'manager' });
  });

  it('When 5 wrong approval PINs are given, then the approval prompt locks, and a locked-out supervisor cannot approve', () => {
    const { clock, people } = staffedLedger();
    for (let i = 0; i < 5; i++) thrownBy(() => people.approve('0000', 'supervisor'));
    expect(thrownBy(() => people.approve(pinOf('u-sup'), 'supervisor')).details.lockedUntil).toBe('2026-03-01T10:05:00.000Z');
    clock.advance(5 * MINUTE);
    for (let i = 0; i < 5; i++) thrownBy(() => people.login('u-sup', '0000'));
    expect(thrownBy(() => people.approve(pinOf('u-sup'), 'supervisor')).code).toBe('PIN_INVALID');
    expect(people.approve(pinOf('u-man'), 'supervisor').id).toBe('u-man');
  });

  it("When a cashier needs a supervisor action, then authorize returns the approver; a supervisor needs none", () => {
    const { people } = staffedLedger();
    const cashier = people.login('u-cash', pinOf('u-cash'));
    expect(thrownBy(() => people.authorize(cashier, 'supervisor')).code).toBe('APPROVAL_REQUIRED');
    expect(people.authorize(cashier, 'supervisor', pinOf('u-sup')).approvedBy?.id).toBe('u-sup');
    const supervisor = people.login('u-sup', pinOf('u-sup'));
    expect(people.authorize(supervisor, 'supervisor')).toEqual({ actor: supervisor, approvedBy: null });
    expect(thrownBy(() => people.authorize(null, 'cashier')).code).toBe('SESSION_REQUIRED');
  });
});
