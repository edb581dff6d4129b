import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';
import type { SyncStatus } from '@keel/shared';
import type { CoreClock } from '../../src/core/deps';
import type { TerminalCore } from '../../src/core/terminal-core';

/**
 * Wall time plus an offset the test moves: the engine's backoff and breaker read this clock,
 * so a test jumps it to the engine's nextAttemptAt instead of sleeping (STYLE.md habit 10),
 * and the clock tests move it by days.
 */
export class JumpClock implements CoreClock {
  offsetMs = 0;
  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
  /** Moves forward to `at` if it is later than now. */
  advanceTo(at: Date): void {
    const ahead = at.getTime() - this.now().getTime();
    if (ahead > 0) this.offsetMs += ahead;
  }
  jump(ms: number): void {
    this.offsetMs += ms;
  }
}

export interface DrainResult {
  cycles: number;
  status: SyncStatus;
  /** Cycles that ended with an error (what the faults cost). */
  failedCycles: number;
}

/**
 * Runs the engine's scheduled cycle (syncNow(false): backoff and breaker apply) until the
 * outbox is empty and the last cycle succeeded, jumping the clock to nextAttemptAt whenever
 * the engine asks to wait. Bounded: throws after `maxCycles`.
 */
export async function drain(core: TerminalCore, clock: JumpClock, options: { maxCycles?: number } = {}): Promise<DrainResult> {
  const engine = core.syncEngine();
  let failedCycles = 0;
  const maxCycles = options.maxCycles ?? 200;
  for (let cycles = 1; cycles <= maxCycles; cycles++) {
    const before = engine.status();
    if (before.nextAttemptAt) clock.advanceTo(new Date(before.nextAttemptAt));
    const status = await engine.syncNow(false);
    if (status.lastError) failedCycles++;
    if (status.state === 'online' && status.pendingCount === 0) return { cycles, status, failedCycles };
    if (status.state === 'conflict') throw new Error(`sync conflict: ${JSON.stringify(status.lastError)}`);
  }
  throw new Error(`not drained after ${maxCycles} cycles: ${JSON.stringify(engine.status())}`);
}

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/**
 * A temp directory on tmpfs (/dev/shm) where there is one, for tests that make thousands of
 * operations and check sync, not the disk: the ledger keeps WAL and synchronous=FULL, the
 * fsyncs are just free. The durability tests use real files (support/temp.ts).
 */
export function fastDir(): string {
  const base = fs.existsSync('/dev/shm') ? '/dev/shm' : os.tmpdir();
  const dir = fs.mkdtempSync(path.join(base, 'keel-sync-'));
  dirs.push(dir);
  return dir;
}
