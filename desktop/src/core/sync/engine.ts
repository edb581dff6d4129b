import { KeelError, takePushBatch, type SyncStatus } from '@keel/shared';
import type { CoreClock } from '../deps';
import type { Meta } from '../store/meta';
import { backoffDelayMs } from './backoff';
import { CircuitBreaker } from './breaker';
import type { RecoveryOutcome, RestoredMark, SyncConflict } from './journal-recovery';
import type { Outbox } from './outbox';
import { deriveStatus } from './status';
import { TransportError, type PullPage, type SyncTransport } from './transport';

/**
 * Where pulled catalog pages go (the catalog replica), applied with their cursor atomically.
 * The sink validates every change (the transport checked only the page's envelope).
 */
export interface CatalogSink {
  applyPage(page: PullPage): void;
  cursor(): string | null;
}

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface SyncEngineOptions {
  pullLimit: number;
  intervalMs: number;
  backoff: { baseMs: number; capMs: number };
  breaker: { threshold: number; cooldownMs: number };
  random: () => number;
  timers: Timers;
}

export const DEFAULT_SYNC_OPTIONS: Omit<SyncEngineOptions, 'timers' | 'random'> = {
  // Big pages: a first sync of 100k products is ~200k changes, and each page costs a round trip.
  pullLimit: 2000,
  intervalMs: 15_000,
  backoff: { baseMs: 1_000, capMs: 60_000 },
  breaker: { threshold: 5, cooldownMs: 30_000 },
};

type Conflict = SyncConflict;

/** Brings a ledger restored from a backup level with the server before anything is pushed (journal-recovery.ts). */
export interface LedgerRecovery {
  needed(): boolean;
  run(transport: SyncTransport): Promise<RecoveryOutcome>;
}

/**
 * The terminal's sync engine (DESIGN.md "Sync protocol v1"). One cycle pushes the outbox in
 * bounded batches, then pulls catalog pages until there are no more. Cycles are single-flight:
 * "sync now" while a cycle runs joins it. Failures back off with full jitter (honouring
 * Retry-After) behind a circuit breaker that probes /readyz before traffic resumes. A sale
 * never waits for any of this: checkout only writes the journal and calls `wake()`.
 */
export class SyncEngine {
  private running: Promise<void> | null = null;
  private timer: unknown = null;
  private attempt = 0;
  private nextAttemptAt: Date | null = null;
  /** The wait that nextAttemptAt was set to, from the moment it was set (see nextAttempt). */
  private waitMs = 0;
  private lastError: SyncStatus['lastError'] = null;
  private lastFailureWasNetwork = false;
  private readonly breaker: CircuitBreaker;
  private readonly listeners = new Set<(status: SyncStatus) => void>();
  private stopped = true;

  constructor(
    private readonly transport: SyncTransport | null,
    private readonly outbox: Outbox,
    private readonly catalog: CatalogSink,
    private readonly meta: Meta,
    private readonly clock: CoreClock,
    private readonly options: SyncEngineOptions,
    private readonly recovery: LedgerRecovery | null = null,
  ) {
    this.breaker = new CircuitBreaker(options.breaker);
  }

  onStatus(listener: (status: SyncStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  status(): SyncStatus {
    const now = this.clock.now();
    const progress = this.meta.get<{ phase: 'snapshot' | 'log'; done: number; total: number }>('pull.progress');
    const conflict = this.meta.get<Conflict>('sync.conflict');
    const restored = this.meta.get<RestoredMark>('sync.restored');
    return deriveStatus({
      enrolled: this.transport !== null,
      running: this.running !== null,
      pendingCount: this.outbox.pendingCount(),
      oldestPendingAt: this.outbox.oldestPendingAt(),
      lastSuccessAt: this.meta.get<string>('sync.lastSuccessAt'),
      breaker: this.breaker.state(now),
      nextAttemptAt: this.nextAttempt(now)?.toISOString() ?? null,
      rejected: this.outbox.rejected(),
      // A conflict is the one thing a person must act on: its message is what the status shows
      // (a conflict found by a pull page is no failed request, so lastError alone would be empty).
      lastError: conflict
        ? { code: conflict.code, message: conflict.message }
        : restored
          ? { code: 'LEDGER_RESTORED', message: 'This terminal was restored from a backup; selling resumes once it has synced with the server.' }
          : this.lastError,
      lastFailureWasNetwork: this.lastFailureWasNetwork,
      conflict: conflict !== null || restored !== null,
      catalog: progress ? { phase: progress.phase, done: progress.done, total: progress.total } : null,
    });
  }

  /** Starts the periodic loop; cycles also run on `wake()` and `syncNow()`. */
  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== null) this.options.timers.clearTimeout(this.timer);
    this.timer = null;
  }

  /** Called after every journal write: sync soon, without waiting for the interval. */
  wake(): void {
    if (!this.stopped && this.running === null && this.breaker.state(this.clock.now()) === 'closed') this.schedule(0);
  }

  /** "Sync now": runs a cycle at once (joining one in progress) and resolves with the status after it. */
  syncNow(manual = true): Promise<SyncStatus> {
    this.running ??= this.cycle(manual).finally(() => {
      this.running = null;
      this.emit();
    });
    this.emit();
    return this.running.then(() => this.status());
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    if (this.timer !== null) this.options.timers.clearTimeout(this.timer);
    this.timer = this.options.timers.setTimeout(() => {
      this.timer = null;
      void this.syncNow(false).then(() => this.scheduleNext());
    }, ms);
  }

  private scheduleNext(): void {
    if (this.stopped) return;
    const now = this.clock.now();
    const next = this.nextAttempt(now);
    const wait = next ? Math.max(0, next.getTime() - now.getTime()) : this.options.intervalMs;
    this.schedule(wait);
  }

  private emit(): void {
    const status = this.status();
    for (const listener of this.listeners) listener(status);
  }

  /**
   * One push-then-pull cycle. A scheduled cycle respects the backoff and the open breaker; a
   * manual one (the cashier pressed "sync now") skips the wait but still probes /readyz first
   * when the breaker is not closed.
   */
  private async cycle(manual: boolean): Promise<void> {
    const transport = this.transport;
    if (!transport) return;
    const now = this.clock.now();
    const state = this.breaker.state(now);
    const next = this.nextAttempt(now);
    if (!manual && next && now < next) return;
    if (!manual && !this.breaker.tryAcquire(now)) return;
    try {
      if (state !== 'closed' && !(await transport.ready())) {
        throw new TransportError('UNAVAILABLE', 'The server is not ready yet.', undefined, 503, null);
      }
      // A restored ledger first fetches what the server holds beyond it; a fork found there is
      // recorded as the conflict, and pushAll then leaves the journal alone.
      if (this.recovery?.needed()) await this.recovery.run(transport);
      await this.pushAll(transport);
      await this.pullAll(transport);
      this.meta.set('sync.lastSuccessAt', this.clock.now().toISOString());
      this.breaker.recordSuccess();
      this.attempt = 0;
      this.nextAttemptAt = null;
      this.lastError = null;
    } catch (error) {
      this.fail(error);
    }
  }

  private async pushAll(transport: SyncTransport): Promise<void> {
    if (this.meta.get<Conflict>('sync.conflict')) return; // a person must look at it first
    for (;;) {
      const batch = takePushBatch(this.outbox.pending(500));
      if (batch.length === 0) return;
      try {
        const response = await transport.push(batch);
        this.outbox.acknowledge(response.ackedSeq, response.results, this.clock.now());
      } catch (error) {
        if (error instanceof TransportError && this.resolveConflict(error)) continue;
        throw error;
      }
    }
  }

  /**
   * A 409 says where the server stands (expectedSeq − 1 with its hash). If that point is in our
   * journal with the same hash, the disagreement is only about the acknowledgement (a lost
   * response, or a server restored from backup) and is fixed by moving ours there. Anything
   * else is a real conflict: kept, shown, and never "fixed" by renumbering or dropping.
   */
  private resolveConflict(error: TransportError): boolean {
    if (error.code !== 'SEQ_GAP' && error.code !== 'CHAIN_FORK' && error.code !== 'IDEMPOTENCY_MISMATCH') return false;
    const details = error.details as { expectedSeq?: number; lastHash?: string } | undefined;
    const serverSeq = (details?.expectedSeq ?? 0) - 1;
    if (error.code === 'SEQ_GAP' && serverSeq >= 0 && details?.lastHash) {
      const ours = serverSeq === 0 ? '0'.repeat(64) : this.outbox.hashAt(serverSeq);
      if (ours === details.lastHash && serverSeq !== this.outbox.ackedSeq()) {
        this.outbox.rewindTo(serverSeq);
        return true;
      }
    }
    this.meta.set('sync.conflict', { code: error.code, message: error.message, details: error.details, at: this.clock.now().toISOString() } satisfies Conflict);
    return false;
  }

  /**
   * Pulls until the feed is drained. The next page is requested before the current one is
   * applied (applying blocks this process while the server prepares the next), so a first sync
   * costs about the slower of the two sides rather than their sum. The request is made from
   * the page's cursor; when applying yields another cursor (an interrupted snapshot restarts),
   * the early answer is dropped and the page is asked for again from the replica's cursor.
   */
  private async pullAll(transport: SyncTransport): Promise<void> {
    const request = (cursor: string | null) => settled(transport.pull(cursor, this.options.pullLimit));
    let next = request(this.catalog.cursor());
    for (let pages = 0; pages < 10_000; pages++) {
      const page = unwrap(await next);
      if (page.hasMore) next = request(page.cursor);
      this.catalog.applyPage(page);
      this.noteServerAck(page.ackedSeq);
      if (!page.hasMore) return;
      const cursor = this.catalog.cursor();
      if (cursor !== page.cursor) next = request(cursor);
    }
  }

  /**
   * The pull page's ackedSeq (fenced like its data) may be ahead of ours when a push response
   * was lost. Beyond our journal's head it means the server holds operations this ledger no
   * longer has: the database was restored from an old backup. That is shown, never papered over.
   */
  private noteServerAck(serverAcked: number): void {
    const head = this.outbox.headSeq();
    if (serverAcked > head) {
      if (!this.meta.get<Conflict>('sync.conflict')) {
        this.meta.set('sync.conflict', {
          code: 'SEQ_GAP',
          message: `The server holds operations up to ${serverAcked} but this terminal's journal ends at ${head}: it was restored from an older backup.`,
          details: { serverAckedSeq: serverAcked, journalHeadSeq: head },
          at: this.clock.now().toISOString(),
          recoverable: true,
        } satisfies Conflict);
      }
      // Every sale made now would reuse a seq and a receipt number the server already holds:
      // refuse business writes until the next cycle's recovery has fetched what is missing.
      if (!this.meta.get<RestoredMark>('sync.restored')) this.meta.set('sync.restored', { at: this.clock.now().toISOString(), reason: 'serverAhead' } satisfies RestoredMark);
      return;
    }
    if (serverAcked > this.outbox.ackedSeq()) this.outbox.acknowledge(serverAcked, [], this.clock.now());
  }

  private fail(error: unknown): void {
    const now = this.clock.now();
    const keel = error instanceof KeelError ? error : new KeelError('INTERNAL', 'Sync failed unexpectedly.');
    this.lastError = { code: keel.code, message: keel.message };
    this.lastFailureWasNetwork = keel.code === 'NETWORK_UNREACHABLE' || keel.code === 'REQUEST_TIMEOUT';
    this.breaker.recordFailure(now);
    this.attempt += 1;
    const retryAfterMs = error instanceof TransportError ? error.retryAfterMs : null;
    const delay = backoffDelayMs(this.attempt, { ...this.options.backoff, retryAfterMs }, this.options.random);
    const reopens = this.breaker.reopensAt();
    const next = Math.max(now.getTime() + delay, reopens?.getTime() ?? 0);
    this.nextAttemptAt = new Date(next);
    this.waitMs = next - now.getTime();
  }

  /**
   * When the next attempt may run. The terminal's wall clock can jump (set by hand, corrected
   * by NTP, a dead RTC battery): a wait never lasts longer than it was when it was set, so a
   * clock moved back by days does not stop sync for days. (A jump forward only shortens it.)
   */
  private nextAttempt(now: Date): Date | null {
    if (this.nextAttemptAt && this.nextAttemptAt.getTime() - now.getTime() > this.waitMs) {
      this.breaker.state(now); // restarts its cooldown the same way
      this.nextAttemptAt = new Date(Math.max(now.getTime() + this.waitMs, this.breaker.reopensAt()?.getTime() ?? 0));
    }
    return this.nextAttemptAt;
  }
}

type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

/** A promise that never rejects, so a request made ahead and then dropped cannot go unhandled. */
function settled<T>(promise: Promise<T>): Promise<Settled<T>> {
  return promise.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
}

function unwrap<T>(result: Settled<T>): T {
  if (!result.ok) throw result.error;
  return result.value;
}
