import type { ReactNode } from 'react';
import { useTerminal } from '../state/terminal-state';

/** Who and where: the store, this till, the person logged in; plus the screen's actions. */
export function Header({ children }: { children?: ReactNode }) {
  const { info, user } = useTerminal();
  return (
    <header className="topbar">
      <div className="brand">
        <span className="logo" aria-hidden="true">
          K
        </span>
        <span className="brand-text">
          <strong>{info?.storeName ?? 'Keel'}</strong>
          {info?.terminalCode ? <span className="muted"> · Till {info.terminalCode}</span> : null}
        </span>
      </div>
      <nav className="topbar-actions">{children}</nav>
      {user ? (
        <div className="who" data-testid="who">
          <span className="avatar-small" aria-hidden="true">
            {user.name.slice(0, 1).toUpperCase()}
          </span>
          <span>
            <strong>{user.name}</strong>
            <span className="muted"> · {user.role}</span>
          </span>
        </div>
      ) : null}
    </header>
  );
}
