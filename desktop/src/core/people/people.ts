import { KeelError, roleAtLeast, type Role, type User } from '@keel/shared';
import type { CoreClock } from '../deps';
import { writeTransaction, type Db } from '../store/database';
import type { PeopleService, Person } from '../catalog/types';
import { DEFAULT_LOCKOUT, LoginFailures, type FailureState, type LockoutPolicy } from './login-failures';
import { verifyPin } from './pin-hash';
import { requireRole } from './roles';

export interface PeopleOptions {
  lockout?: Partial<LockoutPolicy>;
}

/**
 * The login_failures key for the approval prompt, which names no user. User ids are
 * EntityIds (no spaces), so this key can never be a user's.
 */
export const APPROVAL_KEY = 'approval prompt';

/** Longer input is no PIN; refused without spending scrypt time on it. */
const MAX_PIN_LENGTH = 64;

interface UserRow {
  id: string;
  name: string;
  role: Role;
  pin_hash: string;
  data: string;
}

/**
 * Offline PIN authentication against the PIN hashes pulled with the users (DESIGN.md "Sync
 * protocol v1"). A PIN is only ever passed to scrypt: never logged, stored, or put into an
 * error message or its details.
 *
 * Lockout: `maxFailures` consecutive wrong PINs lock a user for `lockMs` (defaults 5 and 5
 * minutes), persisted so a restart does not reset it; a correct PIN resets the count. While
 * locked even the right PIN is refused, else the lock would not slow a guesser down. The
 * approval prompt, which names no user, has its own counter under APPROVAL_KEY, so it is no
 * unlimited side door for guessing a manager's PIN.
 */
export class People implements PeopleService {
  private readonly failures;
  private readonly activeStmt;
  private readonly userStmt;
  private readonly approversStmt;

  constructor(
    private readonly db: Db,
    private readonly clock: CoreClock,
    options: PeopleOptions = {},
  ) {
    this.failures = new LoginFailures(db, { ...DEFAULT_LOCKOUT, ...options.lockout });
    this.activeStmt = db.prepare<[], Pick<User, 'id' | 'name' | 'role'>>(
      'SELECT id, name, role FROM users WHERE active = 1 ORDER BY name COLLATE NOCASE, id',
    );
    this.userStmt = db.prepare<[string], UserRow>('SELECT id, name, role, pin_hash, data FROM users WHERE id = ? AND active = 1');
    this.approversStmt = db.prepare<[], UserRow>('SELECT id, name, role, pin_hash, data FROM users WHERE active = 1 ORDER BY id');
  }

  listActive(): Pick<User, 'id' | 'name' | 'role'>[] {
    return this.activeStmt.all();
  }

  login(userId: string, pin: string): Person {
    const now = this.clock.now();
    const user = this.userStmt.get(userId);
    // Unknown and inactive users get the same answer as a wrong PIN.
    if (!user) throw new KeelError('PIN_INVALID', 'Wrong PIN or unknown user.', { lockedUntil: null });
    if (pin.length === 0) throw new KeelError('PIN_INVALID', 'Enter your PIN.', { lockedUntil: null });
    const state = this.failures.state(user.id, now);
    if (state.lockedUntil) throw this.lockedError(state);
    if (pin.length <= MAX_PIN_LENGTH && verifyPin(pin, user.pin_hash)) {
      if (state.failures > 0) writeTransaction(this.db, () => this.failures.clear(user.id));
      return toPerson(user);
    }
    const after = writeTransaction(this.db, () => this.failures.fail(user.id, now));
    throw after.lockedUntil ? this.lockedError(after) : this.wrongPin(after, 'Wrong PIN.');
  }

  approve(pin: string | undefined, minRole: Role): Person {
    if (pin === undefined || pin.length === 0) {
      throw new KeelError('APPROVAL_REQUIRED', `A ${minRole} or higher must approve this action.`, { requiredRole: minRole });
    }
    const now = this.clock.now();
    const prompt = this.failures.state(APPROVAL_KEY, now);
    if (prompt.lockedUntil) throw this.lockedError(prompt);
    if (pin.length <= MAX_PIN_LENGTH) {
      for (const user of this.approversStmt.all()) {
        if (!roleAtLeast(user.role, minRole)) continue;
        // A user locked out of login may not approve either: the lock is on guessing their PIN.
        if (this.failures.state(user.id, now).lockedUntil) continue;
        if (verifyPin(pin, user.pin_hash)) {
          if (prompt.failures > 0) writeTransaction(this.db, () => this.failures.clear(APPROVAL_KEY));
          return toPerson(user);
        }
      }
    }
    const after = writeTransaction(this.db, () => this.failures.fail(APPROVAL_KEY, now));
    // The same message whether the PIN is nobody's or a cashier's: the prompt reveals no roles.
    throw after.lockedUntil ? this.lockedError(after) : this.wrongPin(after, `No ${minRole} or higher has this PIN.`);
  }

  /**
   * An action that needs `minRole`: done by `actor` if their role suffices, else with a
   * supervisor's approval by PIN. Returns who approved (null when none was needed), for the
   * document's approvedBy.
   */
  authorize(actor: Person | null | undefined, minRole: Role, approvalPin?: string): { actor: Person; approvedBy: Person | null } {
    try {
      return { actor: requireRole(actor, minRole), approvedBy: null };
    } catch (error) {
      if (!(error instanceof KeelError) || error.code !== 'APPROVAL_REQUIRED' || !actor) throw error;
      return { actor, approvedBy: this.approve(approvalPin, minRole) };
    }
  }

  private wrongPin(state: FailureState, message: string): KeelError {
    return new KeelError('PIN_INVALID', message, { lockedUntil: null, attemptsLeft: this.failures.attemptsLeft(state) });
  }

  private lockedError(state: FailureState): KeelError {
    const lockedUntil = state.lockedUntil?.toISOString() ?? null;
    return new KeelError('PIN_INVALID', 'Too many wrong PINs: locked for a few minutes.', { lockedUntil, attemptsLeft: 0 });
  }
}

function toPerson(row: UserRow): Person {
  const data = JSON.parse(row.data) as Partial<User>;
  return { id: row.id, name: row.name, role: row.role, maxDiscountBasisPoints: data.maxDiscountBasisPoints ?? null };
}
