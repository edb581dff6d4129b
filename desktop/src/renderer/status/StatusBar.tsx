import { useEffect, useState } from 'react';
import type { SyncStatus } from '@keel/shared';
import { call } from '../api/keel-client';
import { friendlyError } from '../api/error-text';
import { clockTime } from '../format/display';
import { useTerminal } from '../state/terminal-state';
import { deviceText, pendingText, syncText, updateText, type StatusText } from './status-text';

const NOT_ENROLLED: SyncStatus = {
  state: 'notEnrolled',
  pendingCount: 0,
  oldestPendingAt: null,
  lastSuccessAt: null,
  breaker: 'closed',
  nextAttemptAt: null,
  rejected: [],
  lastError: null,
  catalog: null,
};

function Item({ text, testId }: { text: StatusText; testId: string }) {
  return (
    <span className={`status-item tone-${text.tone}`} title={text.detail} data-testid={testId}>
      <span className="status-dot" aria-hidden="true" />
      {text.label}
    </span>
  );
}

/**
 * Always on screen, on every screen: sync state, what is waiting to be sent and since when,
 * printer, card terminal and a pending update. Each degraded state says what it means.
 */
export function StatusBar() {
  const { sync, devices, update, notify, refreshSync, info } = useTerminal();
  const [now, setNow] = useState(() => new Date());
  const [syncing, setSyncing] = useState(false);
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), 15_000);
    return () => clearInterval(timer);
  }, []);

  const enrolledNow = info?.enrolled ?? false;
  const state = enrolledNow ? syncText(sync, now) : syncText({ ...NOT_ENROLLED }, now);
  const pending = enrolledNow ? pendingText(sync, now) : { label: '', detail: '' };
  const upd = updateText(update);
  const enrolled = enrolledNow;

  const syncNow = async () => {
    setSyncing(true);
    const result = await call('sync.now', {});
    setSyncing(false);
    if (!result.ok) notify('error', friendlyError(result.error));
    else if (result.value.state === 'offline' || result.value.state === 'serverError') notify('warn', syncText(result.value).detail);
    await refreshSync();
  };

  return (
    <footer className="statusbar" aria-label="Terminal status">
      <div className="status-group status-sync" aria-live="polite">
        <Item text={state} testId="sync-state" />
        {pending.label ? (
          <span className={`status-item status-pending${sync && sync.pendingCount > 0 ? ' has-pending' : ''}`} title={pending.detail} data-testid="sync-pending">
            {pending.label}
          </span>
        ) : null}
        {enrolled ? (
          <button type="button" className="btn btn-bar" onClick={() => void syncNow()} disabled={syncing || sync?.state === 'syncing'}>
            {syncing ? 'Syncing…' : 'Sync now'}
          </button>
        ) : null}
      </div>
      <div className="status-group status-explain" data-testid="sync-detail" title={state.detail}>
        {state.hint ?? null}
      </div>
      <div className="status-group status-devices">
        <Item text={deviceText('printer', devices)} testId="printer-state" />
        <Item text={deviceText('cardTerminal', devices)} testId="card-state" />
        {upd ? <Item text={upd} testId="update-state" /> : null}
        <span className="status-clock">{clockTime(now.toISOString(), now)}</span>
      </div>
    </footer>
  );
}
