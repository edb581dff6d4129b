import type { SyncStatus } from '@keel/shared';
import type { BreakerState } from './breaker';

/** Facts the status is derived from; the status bar never shows a state these do not support. */
export interface SyncFacts {
  enrolled: boolean;
  running: boolean;
  pendingCount: number;
  oldestPendingAt: string | null;
  lastSuccessAt: string | null;
  breaker: BreakerState;
  nextAttemptAt: string | null;
  rejected: SyncStatus['rejected'];
  lastError: SyncStatus['lastError'];
  /** Whether the last failure was the network (offline) rather than the server answering badly. */
  lastFailureWasNetwork: boolean;
  conflict: boolean;
  catalog: SyncStatus['catalog'];
}

/**
 * The one state the status bar shows, by precedence: a problem a person must act on first
 * (not enrolled, a chain conflict), then what is happening now, then what went wrong last,
 * then rejected operations awaiting review. "online" only after a success with nothing failing
 * since (DESIGN.md invariant 7: no misleading sync icon).
 */
export function deriveStatus(f: SyncFacts): SyncStatus {
  const state: SyncStatus['state'] = !f.enrolled
    ? 'notEnrolled'
    : f.conflict
      ? 'conflict'
      : f.running
        ? 'syncing'
        : f.lastError
          ? f.lastFailureWasNetwork
            ? 'offline'
            : 'serverError'
          : f.rejected.length > 0
            ? 'rejectedOps'
            : f.lastSuccessAt
              ? 'online'
              : 'offline';
  return {
    state,
    pendingCount: f.pendingCount,
    oldestPendingAt: f.oldestPendingAt,
    lastSuccessAt: f.lastSuccessAt,
    breaker: f.breaker,
    nextAttemptAt: f.nextAttemptAt,
    rejected: f.rejected,
    lastError: f.lastError,
    catalog: f.catalog,
  };
}
