import type { Db } from '../store/database';

/** One key's state: consecutive failures, and the instant a lockout ends (if locked). */
export interface FailureState {
  failures: number;
  lockedUntil: Date | null;
}

export interface LockoutPolicy {
  /** Consecutive wrong PINs that lock (default 5). */
  maxFailures: number;
  /** How long a lock lasts (default 5 minutes). */
  lockMs: number;
}

export const DEFAULT_LOCKOUT: LockoutPolicy = { maxFailures: 5, lockMs: 5 * 60_000 };

/**
 * Failed PIN attempts, in the login_failures table so that restarting the terminal (or killing
 * core) does not hand a guesser five fresh attempts. Keys are user ids, plus reserved keys for
 * attempts that name no user (see APPROVAL_KEY in people.ts). Nothing about the PIN is stored.
 */
export class LoginFailures {
  private readonly getStmt;
  private readonly setStmt;
  private readonly clearStmt;

  constructor(
    db: Db,
    private readonly policy: LockoutPolicy,
  ) {
    this.getStmt = db.prepare<[string], { failures: number; locked_until: string | null }>(
      'SELECT failures, locked_until FROM login_failures WHERE user_id = ?',
    );
    this.setStmt = db.prepare<[string, number, string | null]>(
      `INSERT INTO login_failures (user_id, failures, locked_until) VALUES (?, ?, ?)
       ON CONFLICT (user_id) DO UPDATE SET failures = excluded.failures, locked_until = excluded.locked_until`,
    );
    this.clearStmt = db.prepare<[string]>('DELETE FROM login_failures WHERE user_id = ?');
  }

  /**
   * The state at `now`. A lock that has run out counts as no failures: after waiting out the
   * lock the person gets the full number of attempts again.
   */
  state(key: string, now: Date): FailureState {
    const row = this.getStmt.get(key);
    if (!row) return { failures: 0, lockedUntil: null };
    const lockedUntil = row.locked_until === null ? null : new Date(row.locked_until);
    if (lockedUntil && lockedUntil.getTime() <= now.getTime()) return { failures: 0, lockedUntil: null };
    return { failures: row.failures, lockedUntil };
  }

  /** Records one more failure; locks when it is the policy's last allowed one. Call in a write transaction. */
  fail(key: string, now: Date): FailureState {
    const failures = this.state(key, now).failures + 1;
    const lockedUntil = failures >= this.policy.maxFailures ? new Date(now.getTime() + this.policy.lockMs) : null;
    this.setStmt.run(key, failures, lockedUntil?.toISOString() ?? null);
    return { failures, lockedUntil };
  }

  clear(key: string): void {
    this.clearStmt.run(key);
  }

  attemptsLeft(state: FailureState): number {
    return Math.max(0, this.policy.maxFailures - state.failures);
  }
}
