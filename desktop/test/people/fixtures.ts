import { randomBytes, scryptSync } from 'node:crypto';
import type { Role } from '@keel/shared';
import type { CoreClock } from '../../src/core/deps';
import { CatalogReplica } from '../../src/core/catalog/replica';
import { People, type PeopleOptions } from '../../src/core/people/people';
import type { Db } from '../../src/core/store/database';
import { freshLedger, upsert, user } from '../catalog/fixtures';

/**
 * A PIN hash in the server's format (`scrypt$N$r$p$salt$hash`, base64url), with a small N so
 * that tests verifying many PINs stay fast. pin-hash.test.ts checks the real server hashPassword.
 */
export function testPinHash(pin: string, N = 1024): string {
  const salt = randomBytes(16);
  const key = scryptSync(pin, salt, 32, { N, r: 8, p: 1 });
  return ['scrypt', N, 8, 1, salt.toString('base64url'), key.toString('base64url')].join('$');
}

/** A clock the test moves by hand. */
export class TestClock implements CoreClock {
  constructor(private current = new Date('2026-03-01T10:00:00.000Z')) {}
  now(): Date {
    return new Date(this.current);
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

export const STAFF: { id: string; name: string; role: Role; pin: string; active?: boolean; maxDiscountBasisPoints?: number }[] = [
  { id: 'u-cash', name: 'Carla Cashier', role: 'cashier', pin: '97531864', maxDiscountBasisPoints: 500 },
  { id: 'u-sup', name: 'Sam Supervisor', role: 'supervisor', pin: '5678' },
  { id: 'u-man', name: 'Mia Manager', role: 'manager', pin: '2468' },
  { id: 'u-old', name: 'Otto Former', role: 'manager', pin: '1111', active: false },
];

/** A ledger whose users came through the replica, as they do from a pull. */
export function staffedLedger(options: PeopleOptions = {}): { db: Db; file: string; clock: TestClock; people: People } {
  const { db, file } = freshLedger();
  new CatalogReplica(db).applyPage(
    STAFF.map((s) =>
      upsert.user(
        user(s.id, testPinHash(s.pin), {
          name: s.name,
          role: s.role,
          active: s.active ?? true,
          maxDiscountBasisPoints: s.maxDiscountBasisPoints ?? null,
        }),
      ),
    ),
    'c1',
  );
  const clock = new TestClock();
  return { db, file, clock, people: new People(db, clock, options) };
}

/** The KeelError `fn` throws (fails the test when it does not throw). */
export function thrownBy(fn: () => unknown): { code: string; message: string; details: Record<string, unknown> } {
  try {
    fn();
  } catch (error) {
    return error as { code: string; message: string; details: Record<string, unknown> };
  }
  throw new Error('expected a throw');
}
