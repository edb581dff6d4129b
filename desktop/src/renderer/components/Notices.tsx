import { useTerminal } from '../state/terminal-state';

/** Messages about what just happened (a scan not found, a restart); errors stay until dismissed. */
export function Notices() {
  const { notices, dismiss } = useTerminal();
  // Always rendered (possibly empty): it is a row of the app grid.
  return (
    <div className="notices" aria-live="assertive">
      {notices.map((n) => (
        <div key={n.id} className={`notice notice-${n.tone}`} role={n.tone === 'error' ? 'alert' : 'status'}>
          <span>{n.text}</span>
          <button type="button" className="btn btn-ghost btn-small" onClick={() => dismiss(n.id)} aria-label="Dismiss">
            ✕
          </button>
        </div>
      ))}
    </div>
  );
}
