import { useCallback, useEffect, useRef, useState } from 'react';
import type { SyncStatus } from '@keel/shared';
import { call } from '../api/keel-client';
import { friendlyError } from '../api/error-text';
import { catalogProgress } from '../status/status-text';
import { useTerminal } from '../state/terminal-state';

/**
 * The first catalog download after enrolling: products, prices and the people who may log in.
 * Progress comes from SyncStatus.catalog (events, plus a quick poll while it runs, because the
 * sync engine reports between cycles and a big snapshot is many pages within one cycle).
 */
export function FirstSyncScreen() {
  const { boot, info } = useTerminal();
  const [status, setStatus] = useState<SyncStatus | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [running, setRunning] = useState(false);
  const started = useRef(false);

  const run = useCallback(async () => {
    setError(null);
    setRunning(true);
    const poll = setInterval(() => {
      void call('sync.status', {}).then((r) => r.ok && setStatus(r.value));
    }, 250);
    const result = await call('sync.now', {});
    clearInterval(poll);
    setRunning(false);
    if (!result.ok) return setError(friendlyError(result.error));
    setStatus(result.value);
    if (result.value.lastSuccessAt && result.value.state !== 'offline' && result.value.state !== 'serverError') {
      await boot();
      return;
    }
    const last = result.value.lastError;
    setError(last ? friendlyError({ code: last.code, message: last.message }) : 'The catalog could not be loaded yet.');
  }, [boot]);

  useEffect(() => {
    if (started.current) return;
    started.current = true;
    void run();
  }, [run]);

  const progress = catalogProgress(status);
  return (
    <main className="center-screen">
      <section className="card card-form" aria-labelledby="sync-title">
        <h1 id="sync-title">Loading the catalog</h1>
        <p className="muted">
          {info?.storeName ? `Connected to ${info.storeName}. ` : 'Connected. '}Downloading products, prices and staff so this terminal can sell even
          without a network.
        </p>
        <div className="progress-block" aria-live="polite">
          <progress className="progress" max={100} value={progress.percent ?? undefined} aria-label="Catalog download" data-testid="sync-progress" />
          <div className="progress-label" data-testid="sync-progress-label">
            {progress.label || (running ? 'Contacting the server…' : error ? 'Stopped.' : 'Starting…')}
          </div>
        </div>
        {error ? (
          <>
            <p className="inline-error" role="alert">
              {error}
            </p>
            <button type="button" className="btn btn-primary btn-lg btn-block" onClick={() => void run()} disabled={running}>
              Try again
            </button>
          </>
        ) : null}
      </section>
    </main>
  );
}
